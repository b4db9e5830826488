"""Pelatihan part of `manage.py seed_demo`: a catalogue for Tangerang Selatan, a finished run with
certificates, a running run, an open run demo.asn can register for, and JP ledgers with some ASN under
the 20 JP target (demo.asn: 8 verified external JP; demo.atasan: a 24 JP run).

Idempotent: rows are matched on natural keys (instansi + programme name, programme + run name,
pegawai + run, pegawai + external activity name); certificates are rendered only once. Rows are
written directly rather than through the services, because the demo back-dates a finished run.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from pegawai.models import Instansi, Pegawai
from pelatihan.models import Angkatan, JpEksternal, Pendaftaran, Program

INSTANSI_KODE = "TANGSEL"
PENYELENGGARA = "BKPSDM Kota Tangerang Selatan"

# (nama, jenis, bidang, jp)
KATALOG = [
    ("Pelatihan Keamanan Informasi bagi Pengelola Aplikasi", "teknis", "teknis", 24),
    ("Pelayanan Publik Prima", "teknis", "sosial_kultural", 16),
    ("Pelatihan Kepemimpinan Pengawas (PKP)", "pkp", "manajerial", 100),
    ("Seminar Transformasi Digital Pemerintahan", "seminar", "teknis", 4),
    ("E-learning Penyusunan SKP", "e_learning", "manajerial", 6),
]
# A one-page PDF standing in for an external certificate (with its %%EOF trailer).
_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _demo(username: str) -> Pegawai | None:
    return Pegawai.objects.filter(user__username=username).first()


def _angkatan(program, nama, mulai, selesai, status, kuota=25) -> tuple[Angkatan, bool]:
    return Angkatan.objects.get_or_create(
        program=program,
        nama=nama,
        defaults={
            "tanggal_mulai": mulai, "tanggal_selesai": selesai, "status": status, "kuota": kuota,
            "tempat": "Aula BKPSDM, Pusat Pemerintahan Kota Tangerang Selatan",
            "pengajar": "Widyaiswara BPSDM Provinsi Banten",
        },
    )  # fmt: skip


def _enrol(angkatan, pegawai, status, *, lulus=None, nilai=None, approver=None) -> int:
    _p, created = Pendaftaran.objects.get_or_create(
        angkatan=angkatan,
        pegawai=pegawai,
        defaults={
            "status": status, "disetujui_oleh": approver, "disetujui_at": timezone.now() if approver else None,
            "lulus": lulus, "nilai": nilai, "selesai_at": timezone.now() if lulus is not None else None,
        },
    )  # fmt: skip
    return int(created)


def _recount(angkatan_ids) -> None:
    """terisi = the seats actually held (the counter the quota relies on)."""
    for row in (
        Angkatan.objects.filter(pk__in=angkatan_ids)
        .annotate(n=Count("pendaftaran", filter=Q(pendaftaran__status__in=Pendaftaran.SEAT_STATUSES)))
        .values("pk", "n")
    ):
        Angkatan.objects.filter(pk=row["pk"]).update(terisi=row["n"])


def seed_pelatihan_demo(today: dt.date | None = None) -> int:
    """Create what is missing of the pelatihan demo; returns how many rows of note were created."""
    from pelatihan.services import sertifikat_render

    instansi = Instansi.objects.filter(kode=INSTANSI_KODE).first()
    asn, atasan, asn2 = _demo("demo.asn"), _demo("demo.atasan"), _demo("demo.asn2")
    if instansi is None or asn is None or atasan is None:
        return 0
    today = today or timezone.localdate()
    created = 0
    with transaction.atomic():
        programs = []
        for nama, jenis, bidang, jp in KATALOG:
            prog, new = Program.objects.get_or_create(
                instansi=instansi, nama=nama,
                defaults={"jenis": jenis, "bidang": bidang, "jp": jp, "penyelenggara": PENYELENGGARA,
                          "deskripsi": nama, "biaya": Decimal(1_500_000) if jp >= 16 else Decimal(0)},
            )  # fmt: skip
            programs.append(prog)
            created += new
        keamanan, pelayanan, _pkp, seminar, _elearning = programs
        # a three-day run that finished about 60 days ago, but within this year so it counts toward
        # this year's ledger whenever the demo is seeded
        end = min(max(today - dt.timedelta(days=60), dt.date(today.year, 1, 3)), today)
        selesai, new = _angkatan(keamanan, "Angkatan I", end - dt.timedelta(days=2), end, Angkatan.Status.FINISHED)
        created += new
        berjalan, new = _angkatan(
            pelayanan, "Angkatan I", today - dt.timedelta(days=1), today + dt.timedelta(days=2), Angkatan.Status.RUNNING
        )
        created += new
        dibuka, new = _angkatan(
            seminar,
            "Angkatan I",
            today + dt.timedelta(days=14),
            today + dt.timedelta(days=14),
            Angkatan.Status.OPEN,
            kuota=30,
        )
        created += new
        # graduates of the finished run: demo.atasan and two colleagues of the bidang; one did not pass
        team = list(Pegawai.objects.filter(atasan=atasan).exclude(pk=asn.pk).order_by("nip")[:3])
        created += _enrol(selesai, atasan, Pendaftaran.Status.APPROVED, lulus=True, nilai=Decimal(88))
        for i, p in enumerate(team):
            passed = i < 2
            created += _enrol(selesai, p, Pendaftaran.Status.NOMINATED, lulus=passed,
                              nilai=Decimal(82 if passed else 55), approver=atasan)  # fmt: skip
        # the running run: demo.asn nominated by demo.atasan
        created += _enrol(berjalan, asn, Pendaftaran.Status.NOMINATED, approver=atasan)
        if asn2 is not None:
            created += _enrol(berjalan, asn2, Pendaftaran.Status.APPROVED)
        _recount([selesai.pk, berjalan.pk, dibuka.pk])
        # demo.asn's verified external webinar: 8 JP, under the 20 JP target
        if not JpEksternal.objects.filter(pegawai=asn, nama_kegiatan="Webinar Keamanan Siber Nasional").exists():
            obj = JpEksternal(
                pegawai=asn, nama_kegiatan="Webinar Keamanan Siber Nasional", penyelenggara="BSSN",
                jenis="seminar", bidang="teknis", tanggal_mulai=max(today - dt.timedelta(days=30), dt.date(today.year, 1, 1)),
                tanggal_selesai=max(today - dt.timedelta(days=30), dt.date(today.year, 1, 1)), jp=8,
                status=JpEksternal.Status.VERIFIED,
                berkas_nama="sertifikat-webinar.pdf", berkas_content_type="application/pdf",
                diverifikasi_at=timezone.now(),
            )  # fmt: skip
            obj.berkas.save("sertifikat-webinar.pdf", ContentFile(_PDF), save=False)
            obj.save()
            created += 1
    # certificates (outside the transaction above: each render is its own atomic step, and a rerun
    # skips the ones already issued)
    for pid in Pendaftaran.objects.filter(angkatan=selesai, lulus=True, sertifikat_kode="").values_list(
        "pk", flat=True
    ):
        if sertifikat_render(pendaftaran_id=pid) is not None:
            created += 1
    return created
