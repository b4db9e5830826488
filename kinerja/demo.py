"""Kinerja part of `manage.py seed_demo`: this year's periode for Tangerang Selatan (quarterly
windows), approved SKPs for demo.atasan and demo.asn (demo.asn's RHK intervene demo.atasan's), and a
few submitted, approved and rejected logs so every dashboard shows something.

Idempotent: rows are matched on natural keys (instansi+tahun, pegawai+periode current SKP, pegawai +
a deterministic client_token per demo log); a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from common.notify import Pesan, notify
from kinerja import rules
from kinerja.models import Indikator, LogHarian, PerilakuKerja, Periode, PeriodeEvaluasi, Rhk, Skp
from pegawai import kalender
from pegawai.models import Instansi, Pegawai

INSTANSI_KODE = "TANGSEL"
_TOKEN_NS = uuid.UUID("6f1f8a52-7d1e-4b0e-9a43-2b8a5d0c9e11")

RHK_ATASAN = [
    (
        "Meningkatnya kualitas layanan aplikasi pemerintahan berbasis elektronik",
        [("Persentase aplikasi layanan publik yang terintegrasi", Decimal("80"), "persen")],
    ),
    (
        "Tersusunnya kebijakan tata kelola aplikasi daerah",
        [("Jumlah dokumen kebijakan tata kelola aplikasi", Decimal("4"), "dokumen")],
    ),
]
# (description, index of the atasan's RHK it intervenes, [(indikator, target, satuan)])
RHK_ASN = [
    (
        "Terselenggaranya pemeliharaan aplikasi layanan publik",
        0,
        [("Jumlah laporan pemeliharaan aplikasi", Decimal("24"), "laporan")],
    ),
    (
        "Tersusunnya rancangan standar operasional aplikasi",
        1,
        [("Jumlah rancangan SOP aplikasi", Decimal("6"), "dokumen")],
    ),
]
# (working days ago, RHK index, kegiatan, output, status)
LOGS_ASN = [
    (1, 0, "Memperbarui modul pengaduan pada aplikasi layanan", 1, "submitted"),
    (1, 1, "Menyusun draf SOP pencadangan data aplikasi", 1, "submitted"),
    (2, 0, "Memeriksa log galat server aplikasi perizinan", 1, "approved"),
    (3, 0, "Menyusun laporan pemeliharaan mingguan", 1, "approved"),
    (4, 1, "Rapat pembahasan SOP dengan bidang infrastruktur", 1, "rejected"),
    (6, 0, "Memperbaiki formulir daring layanan kependudukan", 1, "approved"),
]


def _user_pegawai(username: str) -> Pegawai | None:
    return Pegawai.objects.select_related("atasan").filter(user__username=username).first()


def _ensure_periode(instansi: Instansi, tahun: int) -> Periode:
    periode, _created = Periode.objects.get_or_create(
        instansi=instansi,
        tahun=tahun,
        defaults={
            "jenis_periodik": rules.JenisPeriodik.TRIWULANAN,
            "mulai": dt.date(tahun, 1, 1),
            "selesai": dt.date(tahun, 12, 31),
        },
    )
    have = set(periode.windows.values_list("nomor", flat=True))
    PeriodeEvaluasi.objects.bulk_create(
        PeriodeEvaluasi(periode=periode, nomor=w.nomor, label=w.label, mulai=w.mulai, selesai=w.selesai)
        for w in rules.periodic_windows(tahun, periode.jenis_periodik)
        if w.nomor not in have
    )
    return periode


def _ensure_skp(pegawai: Pegawai, periode: Periode, rhk_plan, atasan_rhk: list[Rhk] | None) -> tuple[Skp, bool]:
    skp = Skp.objects.filter(pegawai=pegawai, periode=periode, is_current=True).first()
    if skp is not None:
        return skp, False
    now = timezone.now()
    skp = Skp.objects.create(
        pegawai=pegawai,
        periode=periode,
        pejabat_penilai=pegawai.atasan,
        atasan_pejabat_penilai=pegawai.atasan.atasan if pegawai.atasan else None,
        jabatan_id=pegawai.jabatan_id,
        unit_kerja_id=pegawai.unit_kerja_id,
        status=Skp.Status.APPROVED,
        submitted_at=now,
        approved_at=now,
        approved_by=pegawai.atasan,
        dukungan_sumber_daya="Server, jaringan, dan anggaran pemeliharaan aplikasi.",
        skema_pertanggungjawaban="Laporan triwulanan kepada pejabat penilai.",
        konsekuensi="Capaian menjadi dasar penilaian kinerja dan tunjangan.",
    )
    PerilakuKerja.objects.bulk_create(PerilakuKerja(skp=skp, kode=k) for k in rules.Berakhlak.values)
    for urutan, item in enumerate(rhk_plan, start=1):
        if atasan_rhk is None:
            deskripsi, indikator = item
            parent = None
        else:
            deskripsi, parent_idx, indikator = item
            parent = atasan_rhk[parent_idx] if parent_idx < len(atasan_rhk) else None
        rhk = Rhk.objects.create(skp=skp, urutan=urutan, deskripsi=deskripsi, rhk_atasan=parent)
        Indikator.objects.bulk_create(
            Indikator(rhk=rhk, urutan=i, deskripsi=d, target_angka=t, satuan=s, aspek=rules.Aspek.KUANTITAS)
            for i, (d, t, s) in enumerate(indikator, start=1)
        )
    return skp, True


@transaction.atomic
def seed_kinerja_demo(today: dt.date | None = None) -> int:
    """Create what is missing of the kinerja demo; returns how many rows of note were created."""
    from kinerja.services.realisasi import realisasi_refresh

    instansi = Instansi.objects.filter(kode=INSTANSI_KODE).first()
    atasan = _user_pegawai("demo.atasan")
    asn = _user_pegawai("demo.asn")
    if instansi is None or atasan is None or asn is None:
        return 0
    today = today or timezone.localdate()
    created = 0
    periode = _ensure_periode(instansi, today.year)
    skp_atasan, new = _ensure_skp(atasan, periode, RHK_ATASAN, None)
    created += new
    atasan_rhk = list(skp_atasan.rhk.order_by("urutan", "id"))
    skp_asn, new = _ensure_skp(asn, periode, RHK_ASN, atasan_rhk)
    created += new
    asn_rhk = list(skp_asn.rhk.prefetch_related("indikator").order_by("urutan", "id"))
    now = timezone.now()
    rows = []
    # Demo logs fall on working days of the real calendar, as the dashboards count them.
    libur = kalender.hari_libur(today - dt.timedelta(days=120), today, instansi)
    for i, (ago, rhk_idx, kegiatan, output, status) in enumerate(LOGS_ASN):
        tanggal = kalender.kurangi_hari_kerja_pada(today, ago, libur)
        if tanggal < periode.mulai or rhk_idx >= len(asn_rhk):
            continue
        rhk = asn_rhk[rhk_idx]
        indikator = rhk.indikator.all()[0] if rhk.indikator.all() else None
        reviewed = status != "submitted"
        rows.append(
            LogHarian(
                pegawai=asn,
                rhk=rhk,
                tanggal=tanggal,
                kegiatan=kegiatan,
                output_jumlah=Decimal(output),
                output_satuan=indikator.satuan if indikator else "",
                jam_mulai=dt.time(8 + i % 3, 0),
                jam_selesai=dt.time(10 + i % 3, 30),
                status=status,
                client_token=uuid.uuid5(_TOKEN_NS, f"{asn.nip}:{i}"),
                submitted_at=now - dt.timedelta(days=ago),
                reviewed_by=atasan if reviewed else None,
                reviewed_at=now if reviewed else None,
                catatan_atasan="Lampirkan notulen rapat sebagai bukti dukung." if status == "rejected" else "",
            )
        )
    tokens = [r.client_token for r in rows]
    existing = set(
        LogHarian.objects.filter(pegawai=asn, client_token__in=tokens).values_list("client_token", flat=True)
    )
    new_rows = [r for r in rows if r.client_token not in existing]
    if new_rows:
        LogHarian.objects.bulk_create(new_rows)
        created += len(new_rows)
        windows = {
            w.pk: w
            for w in periode.windows.all()
            if any(w.mulai <= r.tanggal <= w.selesai for r in new_rows if r.status == "approved")
        }
        for w in windows.values():
            realisasi_refresh(skp_ids=[skp_asn.pk], window=w)
    _demo_notifications(asn, atasan)
    return created


def _demo_notifications(asn: Pegawai, atasan: Pegawai) -> None:
    """A few in-app notifications so /notifikasi/ and the nav badge show something. Stable dedup keys
    make it idempotent; no e-mail for demo data."""
    waiting = LogHarian.objects.filter(pegawai=asn, status=LogHarian.Status.SUBMITTED).count()
    rejected = LogHarian.objects.filter(pegawai=asn, status=LogHarian.Status.REJECTED).first()
    messages = [
        Pesan(
            user_id=asn.user_id,
            jenis="skp_disetujui",
            judul=f"SKP Anda tahun {timezone.localdate().year} disetujui oleh {atasan.nama}",
            url=reverse("kinerja:index"),
            dedup_key="demo:skp-disetujui",
        )
    ]
    if rejected is not None:
        messages.append(
            Pesan(
                user_id=asn.user_id,
                jenis="log_ditolak",
                judul=f"Log harian {rejected.tanggal:%d/%m/%Y} dikembalikan oleh {atasan.nama}",
                pesan=rejected.catatan_atasan,
                url=reverse("kinerja:log_detail", args=[rejected.pk]),
                dedup_key="demo:log-ditolak",
            )
        )
    if waiting:
        messages.append(
            Pesan(
                user_id=atasan.user_id,
                jenis="log_diajukan",
                judul=f"{asn.nama} mengirim {waiting} log harian untuk disetujui",
                url=reverse("kinerja:log_queue"),
                dedup_key="demo:log-diajukan",
            )
        )
    notify(messages, email=False)
