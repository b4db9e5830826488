"""SKP services: create/edit validation, workflow, versions, copy, template push, koreksi atasan."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.models import Notifikasi
from kinerja.models import (
    Indikator,
    KoreksiAtasan,
    PerilakuKerja,
    Rhk,
    Skp,
    SkpTemplate,
    TemplateIndikator,
    TemplateRhk,
)
from kinerja.selectors import skp as sel
from kinerja.services import periode as periode_service
from kinerja.services import skp as svc
from kinerja.services.errors import KinerjaError, StateError
from pegawai.models import RiwayatPegawai
from pegawai.rules import JenisJabatan
from tests.kinerja.factories import PeriodeFactory
from tests.kinerja.skp_helpers import approved, periode_for, rhk_item, skp_for
from tests.pegawai.factories import JabatanFactory, PegawaiFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_create_makes_draft_with_seven_berakhlak_rows_and_snapshots(pegawai, penilai, atasan_penilai):
    skp = skp_for(pegawai, dukungan_sumber_daya="Laptop")
    assert skp.status == Skp.Status.DRAFT and skp.version == 1 and skp.is_current
    assert skp.pejabat_penilai_id == penilai.pk and skp.atasan_pejabat_penilai_id == atasan_penilai.pk
    assert PerilakuKerja.objects.filter(skp=skp).count() == 7
    assert Rhk.objects.filter(skp=skp).count() == 1 and Indikator.objects.filter(rhk__skp=skp).count() == 2
    with pytest.raises(ValidationError):
        skp_for(pegawai, periode=skp.periode)  # one current SKP per periode


def test_rhk_atasan_must_belong_to_the_penilai_skp(pegawai, penilai, atasan_penilai):
    periode = periode_for(pegawai)
    skp_penilai = skp_for(penilai, periode)
    skp_lain = skp_for(atasan_penilai, periode)
    good = skp_penilai.rhk.get()
    skp = skp_for(pegawai, periode, rhk=[rhk_item(rhk_atasan=good.pk)])
    assert skp.rhk.get().rhk_atasan_id == good.pk
    for bad in (skp_lain.rhk.get().pk, 999999):
        with pytest.raises(ValidationError) as exc:
            svc.skp_update(skp=skp, actor=pegawai, rhk=[rhk_item(rhk_atasan=bad)])
        assert "RHK atasan tidak valid." in exc.value.message_dict["rhk_atasan"]
    assert skp.rhk.get().rhk_atasan_id == good.pk  # nothing half-saved


def test_jpt_uses_perspektif_not_rhk_atasan(instansi, unit_opd):
    jpt = PegawaiFactory(unit_kerja=unit_opd, jabatan=JabatanFactory(instansi=instansi, jenis=JenisJabatan.JPT_PRATAMA))
    skp = skp_for(jpt, rhk=[rhk_item(perspektif="Penerima Layanan")])
    assert skp.rhk.get().perspektif == "Penerima Layanan"
    with pytest.raises(ValidationError):
        svc.skp_update(skp=skp, actor=jpt, rhk=[rhk_item(rhk_atasan=skp.rhk.get().pk)])
    with pytest.raises(ValidationError):
        svc.skp_update(skp=skp, actor=jpt, rhk=[rhk_item(perspektif="Lainnya")])


@pytest.mark.parametrize(
    "bad",
    [
        {"target_angka": -1, "deskripsi": "x"},
        {"deskripsi": "x"},  # no target at all
        {"deskripsi": "", "target_angka": 1},
        {"deskripsi": "x", "target_angka": 1, "aspek": "gaya"},
    ],
)
def test_bad_indikator_is_refused(pegawai, bad):
    with pytest.raises(ValidationError):
        skp_for(pegawai, rhk=[{"jenis": "utama", "deskripsi": "RHK", "indikator": [bad]}])
    assert not Skp.objects.exists()


def test_workflow_submit_return_resubmit_approve_and_notify(pegawai, penilai, django_capture_on_commit_callbacks):
    skp = skp_for(pegawai)
    svc.skp_submit(skp=skp, actor=pegawai)
    assert Notifikasi.objects.filter(penerima=penilai.user, jenis="skp_diajukan").count() == 1
    with pytest.raises(StateError):
        svc.skp_update(skp=skp, actor=pegawai, konsekuensi="x")  # ASN edits only in draft/returned
    with pytest.raises(ValidationError):
        svc.skp_return(skp=skp, actor=penilai, catatan="")
    svc.skp_return(skp=skp, actor=penilai, catatan="Tambahkan target waktu")
    assert skp.status == Skp.Status.RETURNED and skp.catatan == "Tambahkan target waktu"
    assert Notifikasi.objects.filter(penerima=pegawai.user, jenis="skp_dikembalikan").exists()
    svc.skp_update(skp=skp, actor=pegawai, konsekuensi="Sanksi disiplin")
    svc.skp_submit(skp=skp, actor=pegawai)
    with django_capture_on_commit_callbacks(execute=True):
        svc.skp_approve(skp=skp, actor=penilai)
    assert skp.status == Skp.Status.APPROVED and skp.approved_by_id == penilai.pk
    assert Notifikasi.objects.filter(penerima=pegawai.user, jenis="skp_disetujui").count() == 1
    with pytest.raises(StateError):
        svc.skp_approve(skp=skp, actor=penilai)  # twice
    skp.refresh_from_db()
    assert skp.pdf_file and skp.pdf_version == skp.version  # rendered by the (eager) task on commit


def test_only_the_penilai_or_their_plt_may_approve(pegawai, penilai, atasan_penilai):
    from kinerja.models import DelegasiPersetujuan

    skp = skp_for(pegawai)
    svc.skp_submit(skp=skp, actor=pegawai)
    with pytest.raises(StateError):
        svc.skp_approve(skp=skp, actor=atasan_penilai)
    plh = PegawaiFactory(unit_kerja=penilai.unit_kerja)
    import datetime as dt

    DelegasiPersetujuan.objects.create(
        atasan=penilai, penerima=plh, mulai=dt.date(2000, 1, 1), selesai=dt.date(2100, 1, 1)
    )
    from kinerja.selectors.delegasi import atasan_ids_for

    subs = atasan_ids_for(plh, dt.date.today())
    assert subs == {penilai.pk}
    svc.skp_approve(skp=skp, actor=plh, substitute_for=subs)
    assert skp.status == Skp.Status.APPROVED and skp.approved_by_id == plh.pk


def test_submit_needs_an_rhk_utama(pegawai):
    skp = skp_for(pegawai, rhk=[rhk_item(jenis="tambahan")])
    with pytest.raises(KinerjaError):
        svc.skp_submit(skp=skp, actor=pegawai)


def test_ekspektasi_khusus_is_written_by_the_penilai(pegawai, penilai):
    skp = skp_for(pegawai)
    svc.skp_set_ekspektasi(skp=skp, actor=penilai, ekspektasi={"akuntabel": "Laporan tepat waktu"})
    assert PerilakuKerja.objects.get(skp=skp, kode="akuntabel").ekspektasi_khusus == "Laporan tepat waktu"
    with pytest.raises(StateError):
        svc.skp_set_ekspektasi(skp=skp, actor=pegawai, ekspektasi={"akuntabel": "x"})
    with pytest.raises(ValidationError):
        svc.skp_set_ekspektasi(skp=skp, actor=penilai, ekspektasi={"galak": "x"})


def test_revise_copies_everything_and_repoints_subordinates(pegawai, penilai, atasan_penilai):
    periode = periode_for(pegawai)
    skp_penilai = approved(skp_for(penilai, periode, rhk=[rhk_item("A"), rhk_item("B")]), atasan_penilai)
    rhk_a = skp_penilai.rhk.get(deskripsi="A")
    skp_staf = skp_for(pegawai, periode, rhk=[rhk_item(rhk_atasan=rhk_a.pk)])
    new = svc.skp_revise(skp=skp_penilai, actor=penilai)
    skp_penilai.refresh_from_db()
    assert not skp_penilai.is_current and skp_penilai.status == Skp.Status.APPROVED
    assert new.version == 2 and new.is_current and new.status == Skp.Status.DRAFT and new.previous_id == skp_penilai.pk
    assert new.rhk.count() == 2 and Indikator.objects.filter(rhk__skp=new).count() == 4
    assert PerilakuKerja.objects.filter(skp=new).count() == 7
    staf_rhk = skp_staf.rhk.get()
    assert staf_rhk.rhk_atasan.skp_id == new.pk and staf_rhk.rhk_atasan.deskripsi == "A"
    assert rhk_a.skp.rhk.count() == 2  # old version kept intact
    assert [s.version for s in sel.skp_versions(new)] == [2, 1]
    with pytest.raises(StateError):
        svc.skp_revise(skp=skp_penilai, actor=penilai)  # not current any more


def test_copy_previous_year(pegawai, penilai):
    old = skp_for(pegawai, periode_for(pegawai, 2025), rhk=[rhk_item("Lama 1"), rhk_item("Lama 2")])
    new = svc.skp_copy_previous(pegawai=pegawai, periode=periode_for(pegawai, 2026))
    assert new.periode.tahun == 2026 and new.status == Skp.Status.DRAFT
    assert sorted(new.rhk.values_list("deskripsi", flat=True)) == ["Lama 1", "Lama 2"]
    assert Indikator.objects.filter(rhk__skp=new).count() == 4 and old.rhk.count() == 2
    with pytest.raises(KinerjaError):
        svc.skp_copy_previous(pegawai=pegawai, periode=periode_for(pegawai, 2030))


def _template(jabatan, n_rhk=3):
    t = SkpTemplate.objects.create(jabatan=jabatan, nama="Templat analis")
    for i in range(n_rhk):
        tr = TemplateRhk.objects.create(template=t, urutan=i + 1, deskripsi=f"RHK templat {i}")
        TemplateIndikator.objects.create(template_rhk=tr, deskripsi="Jumlah", target_angka=10, satuan="dokumen")
        TemplateIndikator.objects.create(template_rhk=tr, deskripsi="Mutu", target_teks="Baik", aspek="kualitas")
    return t


def test_template_push_to_70_holders_in_constant_queries(instansi, unit_bidang, penilai):
    jab = JabatanFactory(instansi=instansi, nama="Analis Data")
    holders = [PegawaiFactory(unit_kerja=unit_bidang, atasan=penilai, jabatan=jab) for _ in range(70)]
    periode = PeriodeFactory(instansi=instansi)
    draft_one = skp_for(holders[0], periode)
    done_one = approved(skp_for(holders[1], periode), penilai)
    t = _template(jab)
    with CaptureQueriesContext(connection) as big:
        r = svc.template_push(template=t, periode=periode)
    assert (r.dibuat, r.ditambah, r.dilewati) == (68, 1, 1)
    assert Skp.objects.filter(periode=periode, pegawai__jabatan=jab).count() == 70
    assert Rhk.objects.filter(skp__periode=periode, skp__pegawai__jabatan=jab).count() == 68 * 3 + (1 + 3) + 1
    assert Indikator.objects.filter(rhk__skp__pegawai__jabatan=jab).count() == (68 * 3 + 3) * 2 + 2 + 2
    assert list(draft_one.rhk.order_by("urutan").values_list("urutan", flat=True)) == [1, 2, 3, 4]
    assert done_one.rhk.count() == 1
    assert PerilakuKerja.objects.filter(skp__pegawai__jabatan=jab).count() == 70 * 7
    # The same statements for 5 holders as for 70: nothing runs per holder.
    jab2 = JabatanFactory(instansi=instansi, nama="Pranata Komputer")
    small_holders = [PegawaiFactory(unit_kerja=unit_bidang, atasan=penilai, jabatan=jab2) for _ in range(5)]
    skp_for(small_holders[0], periode)
    approved(skp_for(small_holders[1], periode), penilai)
    t2 = _template(jab2)
    with CaptureQueriesContext(connection) as small:
        svc.template_push(template=t2, periode=periode)
    if connection.vendor == "postgresql":  # one statement per bulk insert whatever the row count
        assert len(big.captured_queries) == len(small.captured_queries) <= 13  # 13th: the history rows of the new SKP
    else:  # SQLite caps bound parameters per statement, so inserts come in a few batches
        assert len(small.captured_queries) <= len(big.captured_queries) <= 24


def test_template_save_validates(instansi):
    jab = JabatanFactory(instansi=instansi)
    t = svc.template_save(
        jabatan=jab, nama="T", rhk=[rhk_item("X", rhk_atasan=5, perspektif="Anggaran")]
    )  # links are dropped in templates
    assert t.rhk.get().indikator.count() == 2
    with pytest.raises(ValidationError):
        svc.template_save(jabatan=jab, nama="", rhk=[rhk_item()])
    with pytest.raises(ValidationError):
        svc.template_save(jabatan=jab, nama="T", rhk=[])


def test_koreksi_flag_resolve_audited_and_notified(pegawai, penilai, atasan_penilai, admin_bkd):
    skp = skp_for(pegawai)
    k = svc.koreksi_create(pegawai=pegawai, alasan="Atasan saya sudah pindah", usulan_atasan=atasan_penilai, skp=skp)
    with pytest.raises(KinerjaError):
        svc.koreksi_create(pegawai=pegawai, alasan="lagi")  # one open flag at a time
    assert list(sel.koreksi_list_for(user=admin_bkd.user)) == [k]
    svc.koreksi_resolve(koreksi=k, user=admin_bkd.user, atasan=atasan_penilai, catatan="Diperbaiki")
    pegawai.refresh_from_db()
    skp.refresh_from_db()
    assert pegawai.atasan_id == atasan_penilai.pk and skp.pejabat_penilai_id == atasan_penilai.pk
    assert RiwayatPegawai.objects.filter(pegawai=pegawai, jenis="atasan", changed_by=admin_bkd.user).exists()
    assert Notifikasi.objects.filter(penerima=pegawai.user, jenis="koreksi_atasan").count() == 1
    with pytest.raises(StateError):
        svc.koreksi_reject(koreksi=k, user=admin_bkd.user, catatan="x")


def test_koreksi_reject_needs_a_note_and_foreign_admin_sees_nothing(pegawai, admin_bkd):
    k = svc.koreksi_create(pegawai=pegawai, alasan="Salah")
    with pytest.raises(ValidationError):
        svc.koreksi_reject(koreksi=k, user=admin_bkd.user, catatan="")
    svc.koreksi_reject(koreksi=k, user=admin_bkd.user, catatan="Data sudah benar")
    assert KoreksiAtasan.objects.get().status == KoreksiAtasan.Status.REJECTED
    from pegawai.permissions import Peran

    other = PegawaiFactory(user=UserFactory(peran=[Peran.ADMIN_INSTANSI]))
    assert not sel.koreksi_list_for(user=other.user, status="").exists()


def test_periode_create_and_window_status_gate_logs(instansi):
    p = periode_service.periode_create(instansi=instansi, tahun=2027, jenis_periodik="bulanan")
    assert p.windows.count() == 12
    with pytest.raises(ValidationError):
        periode_service.periode_create(instansi=instansi, tahun=2027, jenis_periodik="bulanan")
    import datetime as dt

    day = dt.date(2027, 3, 15)
    w, is_open = sel.window_for(instansi.pk, day)
    assert w.label == "Maret 2027" and is_open
    periode_service.window_set_status(window=w, status="closed")
    assert sel.window_for(instansi.pk, day) == (w, False)
    periode_service.window_set_status(window=w, status="open")
    periode_service.periode_set_status(periode=p, status="closed")
    assert sel.window_for(instansi.pk, day)[1] is False
    with pytest.raises(StateError):
        periode_service.periode_set_status(periode=p, status="closed")
    assert sel.window_for(instansi.pk, dt.date(2031, 1, 1)) == (None, False)


def test_matriks_tree_and_flags_in_constant_queries(
    unit_opd, unit_bidang, pegawai, penilai, atasan_penilai, django_assert_num_queries
):
    periode = periode_for(pegawai)
    head = skp_for(atasan_penilai, periode, rhk=[rhk_item("Visi")])
    mid = skp_for(penilai, periode, rhk=[rhk_item("Misi", rhk_atasan=head.rhk.get().pk)])
    skp_for(pegawai, periode, rhk=[rhk_item("Tugas", rhk_atasan=mid.rhk.get().pk), rhk_item("Lepas")])
    extra = [PegawaiFactory(unit_kerja=unit_bidang, atasan=penilai) for _ in range(4)]
    for p in extra[:2]:
        skp_for(p, periode, rhk=[rhk_item("Dukung", rhk_atasan=mid.rhk.get().pk)])
    with django_assert_num_queries(2):
        m = sel.matriks_for(unit=unit_opd, periode=periode)
    assert [n.rhk.deskripsi for n in m.roots] == ["Visi"]
    misi = m.roots[0].children[0]
    assert misi.rhk.deskripsi == "Misi" and len(misi.children) == 3
    assert [n.rhk.deskripsi for n in m.flagged] == ["Lepas"]
    assert {p.pk for p in m.tanpa_skp} == {extra[2].pk, extra[3].pk}


def test_edit_matches_rows_by_id_so_logs_stay_attached(pegawai, penilai):
    from tests.kinerja.factories import LogHarianFactory

    skp = skp_for(pegawai, rhk=[rhk_item("Dengan log"), rhk_item("Tanpa log")])
    with_log, without = skp.rhk.order_by("urutan")
    log = LogHarianFactory(rhk=with_log, pegawai=pegawai)
    ind = with_log.indikator.order_by("urutan").first()
    edited = rhk_item("Dengan log (diperbaiki)", target=20)
    edited["id"] = with_log.pk
    edited["indikator"][0]["id"] = ind.pk
    svc.skp_update(skp=skp, actor=pegawai, rhk=[edited, rhk_item("Baru")])
    log.refresh_from_db()
    assert log.rhk.deskripsi == "Dengan log (diperbaiki)"
    assert Indikator.objects.get(pk=ind.pk).target_angka == 20
    assert not Rhk.objects.filter(pk=without.pk).exists()
    assert sorted(skp.rhk.values_list("deskripsi", flat=True)) == ["Baru", "Dengan log (diperbaiki)"]
    with pytest.raises(KinerjaError):
        svc.skp_update(skp=skp, actor=pegawai, rhk=[rhk_item("Lain")])  # would delete the RHK with a log
    assert Rhk.objects.filter(pk=with_log.pk).exists()
