"""Seed the admin-editable distribution pattern from kinerja.rules.POLA_DISTRIBUSI (SE MenPANRB 3/2023
as summarised in the domain reference). The values are copied here, not imported, so a later change
of the rule module does not change what this migration wrote."""

from django.db import migrations

POLA = {
    "istimewa": [("maks", "sangat_baik", 70)],
    "baik": [("maks", "baik", 70), ("ada", "butuh_perbaikan,kurang", 0)],
    "butuh_perbaikan": [("min", "butuh_perbaikan", 60), ("maks", "sangat_baik", 10)],
    "kurang": [("min", "kurang", 60), ("min", "butuh_perbaikan", 10), ("maks", "sangat_baik", 10)],
    "sangat_kurang": [
        ("min", "sangat_kurang", 60),
        ("min", "kurang,butuh_perbaikan", 10),
        ("maks", "sangat_baik", 0),
    ],
}


def seed(apps, schema_editor):
    PolaDistribusi = apps.get_model("kinerja", "PolaDistribusi")
    if PolaDistribusi.objects.exists():
        return
    PolaDistribusi.objects.bulk_create(
        PolaDistribusi(predikat_organisasi=org, urutan=i, jenis=jenis, predikat=predikat, persen=persen)
        for org, rows in POLA.items()
        for i, (jenis, predikat, persen) in enumerate(rows)
    )


def unseed(apps, schema_editor):
    apps.get_model("kinerja", "PolaDistribusi").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("kinerja", "0008_evaluasi_periodik_tahunan")]
    operations = [migrations.RunPython(seed, unseed)]
