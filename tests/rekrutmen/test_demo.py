"""rekrutmen.demo: formasi of several kinds, applicants at every stage, ties at the SKB cut, the two
demo accounts; idempotent."""

from django.urls import reverse

from rekrutmen import permissions
from rekrutmen.demo import NAMA_SELEKSI, seed_rekrutmen_demo
from rekrutmen.models import Lamaran, Pelamar, Seleksi
from rekrutmen.rules import validasi_nik
from tests.rekrutmen.factories import parameter_2024


def test_demo_seeds_once_with_ties_at_the_cut(unit_opd, client):
    parameter_2024()
    assert seed_rekrutmen_demo() > 300
    counts = (Seleksi.objects.count(), Pelamar.objects.count(), Lamaran.objects.count())
    assert seed_rekrutmen_demo() == 0
    assert (Seleksi.objects.count(), Pelamar.objects.count(), Lamaran.objects.count()) == counts == (1, 300, 300)
    seleksi = Seleksi.objects.get(nama=NAMA_SELEKSI)
    assert set(seleksi.formasi.values_list("jenis_formasi", flat=True)) == {"umum", "lulusan_terbaik", "disabilitas"}
    statuses = set(Lamaran.objects.values_list("status", flat=True))
    assert statuses == {"ms", "tms", "submitted"}
    assert Lamaran.objects.filter(sanggah_status="pending").exists()
    for p in Pelamar.objects.all():
        validasi_nik(p.nik, tanggal_lahir=p.tanggal_lahir, jenis_kelamin=p.jenis_kelamin)
    pertama = seleksi.formasi.get(kode="TSL-2024-001")
    at_cut = Lamaran.objects.filter(formasi=pertama, peringkat_skd=9)
    assert at_cut.count() == 5 and all(r.ke_skb for r in at_cut)  # 3 x 3 = 9, and everyone tied goes
    assert Lamaran.objects.filter(formasi=pertama, ke_skb=True).count() == 13

    from pegawai.models import User

    panitia = User.objects.get(username="demo.panitia")
    assert permissions.is_panitia(panitia)
    pelamar = User.objects.get(username="demo.pelamar")
    assert pelamar.pegawai_or_none is None
    own = Lamaran.objects.get(pelamar__user=pelamar)
    assert own.peringkat_skd == 9 and own.ke_skb
    client.force_login(panitia)
    assert client.get(reverse("rekrutmen:formasi_detail", args=[pertama.pk])).status_code == 200
