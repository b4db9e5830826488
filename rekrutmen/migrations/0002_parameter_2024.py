"""Seed the 2024 cycle's parameters (KepmenPANRB 321/2024; ../shared/domain/rekrutmen.md §2)."""

from django.db import migrations


def seed(apps, schema_editor):
    from rekrutmen.scoring import PARAMETER_2024, AmbangSubtes

    ParameterSeleksi = apps.get_model("rekrutmen", "ParameterSeleksi")
    ambang = {}
    for jenis, a in PARAMETER_2024.ambang.items():
        if isinstance(a, AmbangSubtes):
            ambang[jenis] = {"twk": a.twk, "tiu": a.tiu, "tkp": a.tkp}
        else:
            ambang[jenis] = {"total": a.total, "tiu": a.tiu}
    ParameterSeleksi.objects.get_or_create(
        tahun=2024,
        defaults={
            "twk_maks": PARAMETER_2024.twk_maks,
            "tiu_maks": PARAMETER_2024.tiu_maks,
            "tkp_maks": PARAMETER_2024.tkp_maks,
            "langkah_benar": PARAMETER_2024.langkah_benar,
            "bobot_skd_persen": int(PARAMETER_2024.bobot_skd * 100),
            "kelipatan_skb": PARAMETER_2024.kelipatan_skb,
            "ambang": ambang,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("rekrutmen", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
