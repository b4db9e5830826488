"""e-Kinerja data: periods, SKP (RHK, indikator, perilaku, lampiran), templates, daily logs with
evidence, realisasi, continuous feedback, approval delegation (Plt/Plh) and atasan-correction flags.

Workflow states are English values with Indonesian labels; regulation vocabulary keeps the
regulation's words (STYLE §2).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kinerja.rules import (
    POLA_DISTRIBUSI,
    Aspek,
    Berakhlak,
    JenisPeriodik,
    JenisRhk,
    Pendekatan,
    Predikat,
    PredikatOrganisasi,
    Rating,
    SyaratDistribusi,
)
from pegawai.models import Instansi, Jabatan, Pegawai, UnitKerja


class Periode(models.Model):
    """A performance year of an instansi, split into periodic windows (PeriodeEvaluasi)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Dibuka")
        CLOSED = "closed", _("Ditutup")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="periode_kinerja")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    jenis_periodik = models.CharField(
        _("periode evaluasi"), max_length=12, choices=JenisPeriodik.choices, default=JenisPeriodik.TRIWULANAN
    )
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("selesai"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        verbose_name = _("periode kinerja")
        verbose_name_plural = _("periode kinerja")
        ordering = ["-tahun"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "tahun"], name="periode_unik_per_instansi_tahun"),
            models.CheckConstraint(condition=Q(selesai__gte=F("mulai")), name="periode_selesai_setelah_mulai"),
        ]

    def __str__(self) -> str:
        return f"{self.tahun} · {self.instansi}"


class PeriodeEvaluasi(models.Model):
    """A periodic window (month or quarter) with its own open/closed state."""

    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="windows")
    nomor = models.PositiveSmallIntegerField(_("nomor"))
    label = models.CharField(_("label"), max_length=40)
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("selesai"))
    status = models.CharField(max_length=10, choices=Periode.Status.choices, default=Periode.Status.OPEN)

    class Meta:
        verbose_name = _("periode evaluasi")
        verbose_name_plural = _("periode evaluasi")
        ordering = ["periode", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["periode", "nomor"], name="periode_evaluasi_unik"),
            models.CheckConstraint(condition=Q(selesai__gte=F("mulai")), name="periode_evaluasi_selesai_setelah_mulai"),
        ]
        indexes = [models.Index(fields=["periode", "mulai", "selesai"], name="periode_eval_tanggal_idx")]

    def __str__(self) -> str:
        return self.label


class Skp(models.Model):
    """Sasaran Kinerja Pegawai for one pegawai and one year. Revisions after approval are new rows
    (version + 1, `previous` pointing back); exactly one row per pegawai and periode is current."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        APPROVED = "approved", _("Disetujui")
        RETURNED = "returned", _("Dikembalikan")

    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="skp")
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="skp")
    pejabat_penilai = models.ForeignKey(
        Pegawai, null=True, blank=True, on_delete=models.SET_NULL, related_name="skp_dinilai"
    )
    atasan_pejabat_penilai = models.ForeignKey(
        Pegawai, null=True, blank=True, on_delete=models.SET_NULL, related_name="skp_atasan_penilai"
    )
    # Snapshot of the pegawai's position when the SKP was made (printed on the document).
    jabatan = models.ForeignKey(Jabatan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    unit_kerja = models.ForeignKey(UnitKerja, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    pendekatan = models.CharField(max_length=12, choices=Pendekatan.choices, default=Pendekatan.KUANTITATIF)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_version"
    )
    catatan = models.TextField(_("catatan pejabat penilai"), blank=True)
    # Lampiran SKP
    dukungan_sumber_daya = models.TextField(_("dukungan sumber daya"), blank=True)
    skema_pertanggungjawaban = models.TextField(_("skema pertanggungjawaban"), blank=True)
    konsekuensi = models.TextField(_("konsekuensi"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(Pegawai, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    pdf_file = models.FileField(upload_to="skp/pdf/", blank=True)
    pdf_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Who submitted, returned (with which note), approved, made a new version, and when: `catatan`
    # is overwritten by the next review, its history row keeps it (docs/history.md). The PDF
    # bookkeeping and timestamps are noise.
    history = HistoricalRecords(excluded_fields=["pdf_file", "pdf_version", "created_at", "updated_at"])

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        ordering = ["-periode__tahun", "pegawai__nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "periode"], condition=Q(is_current=True), name="skp_satu_aktif_per_periode"
            ),
            models.UniqueConstraint(fields=["pegawai", "periode", "version"], name="skp_versi_unik"),
        ]
        indexes = [
            models.Index(fields=["pejabat_penilai", "status"], name="skp_penilai_status_idx"),
            models.Index(fields=["periode", "status"], name="skp_periode_status_idx"),
        ]

    def __str__(self) -> str:
        return f"SKP {self.periode.tahun} · {self.pegawai.nama} (v{self.version})"


class Rhk(models.Model):
    """Rencana Hasil Kerja; below the top it cascades from (intervensi) one RHK of the atasan."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="rhk")
    jenis = models.CharField(max_length=10, choices=JenisRhk.choices, default=JenisRhk.UTAMA)
    urutan = models.PositiveSmallIntegerField(default=1)
    deskripsi = models.TextField(_("rencana hasil kerja"))
    rhk_atasan = models.ForeignKey(
        "self",
        verbose_name=_("RHK atasan yang diintervensi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intervensi",
    )
    perspektif = models.CharField(_("perspektif (JPT)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("RHK")
        verbose_name_plural = _("RHK")
        ordering = ["skp", "jenis", "urutan", "id"]
        indexes = [models.Index(fields=["rhk_atasan"], name="rhk_atasan_idx")]

    def __str__(self) -> str:
        return self.deskripsi[:80]


class Indikator(models.Model):
    """Indikator Kinerja Individu of an RHK, with aspek and a numeric or qualitative target."""

    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="indikator")
    aspek = models.CharField(max_length=10, choices=Aspek.choices, default=Aspek.KUANTITAS)
    deskripsi = models.TextField(_("indikator kinerja individu"))
    target_angka = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    satuan = models.CharField(_("satuan"), max_length=50, blank=True)
    target_teks = models.CharField(_("target kualitatif"), max_length=255, blank=True)
    urutan = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("indikator kinerja individu")
        verbose_name_plural = _("indikator kinerja individu")
        ordering = ["rhk", "urutan", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_angka__isnull=True) | Q(target_angka__gte=0), name="indikator_target_tidak_negatif"
            ),
            models.CheckConstraint(
                condition=Q(target_angka__isnull=False) | ~Q(target_teks=""), name="indikator_punya_target"
            ),
        ]

    def __str__(self) -> str:
        return self.deskripsi[:80]


class PerilakuKerja(models.Model):
    """One BerAKHLAK core value on an SKP with the atasan's ekspektasi khusus."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="perilaku")
    kode = models.CharField(max_length=30, choices=Berakhlak.choices)
    ekspektasi_khusus = models.TextField(_("ekspektasi khusus pimpinan"), blank=True)

    class Meta:
        verbose_name = _("perilaku kerja")
        verbose_name_plural = _("perilaku kerja")
        constraints = [models.UniqueConstraint(fields=["skp", "kode"], name="perilaku_unik_per_skp")]

    def __str__(self) -> str:
        return self.get_kode_display()


class SkpTemplate(models.Model):
    """RHK and indicators an admin keeps per jabatan and pushes to every holder of that jabatan."""

    jabatan = models.ForeignKey(Jabatan, on_delete=models.CASCADE, related_name="skp_templates")
    nama = models.CharField(_("nama templat"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("templat SKP")
        verbose_name_plural = _("templat SKP")
        ordering = ["jabatan__nama", "nama"]

    def __str__(self) -> str:
        return self.nama


class TemplateRhk(models.Model):
    template = models.ForeignKey(SkpTemplate, on_delete=models.CASCADE, related_name="rhk")
    jenis = models.CharField(max_length=10, choices=JenisRhk.choices, default=JenisRhk.UTAMA)
    urutan = models.PositiveSmallIntegerField(default=1)
    deskripsi = models.TextField(_("rencana hasil kerja"))

    class Meta:
        ordering = ["template", "jenis", "urutan", "id"]

    def __str__(self) -> str:
        return self.deskripsi[:80]


class TemplateIndikator(models.Model):
    template_rhk = models.ForeignKey(TemplateRhk, on_delete=models.CASCADE, related_name="indikator")
    aspek = models.CharField(max_length=10, choices=Aspek.choices, default=Aspek.KUANTITAS)
    deskripsi = models.TextField(_("indikator kinerja individu"))
    target_angka = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    satuan = models.CharField(max_length=50, blank=True)
    target_teks = models.CharField(max_length=255, blank=True)
    urutan = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["template_rhk", "urutan", "id"]

    def __str__(self) -> str:
        return self.deskripsi[:80]


class KoreksiAtasan(models.Model):
    """An ASN's flag that the atasan on record is wrong; admins resolve it (audited in RiwayatPegawai)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Menunggu")
        RESOLVED = "resolved", _("Diperbaiki")
        REJECTED = "rejected", _("Ditolak")

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="koreksi_atasan")
    skp = models.ForeignKey(Skp, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    atasan_tercatat = models.ForeignKey(Pegawai, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    usulan_atasan = models.ForeignKey(Pegawai, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    alasan = models.TextField(_("alasan"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    catatan_admin = models.TextField(_("catatan admin"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Who flagged, who resolved or rejected and with which note (docs/history.md).
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("koreksi atasan")
        verbose_name_plural = _("koreksi atasan")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["pegawai"], condition=Q(status="open"), name="koreksi_atasan_satu_terbuka"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="koreksi_status_idx")]

    def __str__(self) -> str:
        return f"Koreksi atasan {self.pegawai}"


class LogHarian(models.Model):
    """A day's work toward one RHK. `client_token` makes submission idempotent (double click, retry)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Dikirim")
        APPROVED = "approved", _("Disetujui")
        # One term for this state everywhere (pages, notifications, exports): the log goes back to
        # its owner to be fixed, as an SKP is "dikembalikan".
        REJECTED = "rejected", _("Dikembalikan")

    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="log_harian")
    rhk = models.ForeignKey(Rhk, on_delete=models.PROTECT, related_name="log_harian")
    tanggal = models.DateField(_("tanggal"))
    kegiatan = models.TextField(_("uraian kegiatan"))
    output_jumlah = models.DecimalField(_("jumlah output"), max_digits=12, decimal_places=2, default=0)
    output_satuan = models.CharField(_("satuan output"), max_length=50, blank=True)
    jam_mulai = models.TimeField(_("jam mulai"))
    jam_selesai = models.TimeField(_("jam selesai"))
    link_bukti = models.URLField(_("tautan bukti dukung"), blank=True, max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    client_token = models.UUIDField(default=uuid.uuid4, editable=False)
    catatan_atasan = models.TextField(_("catatan atasan"), blank=True)
    reviewed_by = models.ForeignKey(Pegawai, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Every submit / approve / reject with its actor and note: a later review overwrites
    # catatan_atasan, the history row keeps the earlier one (docs/history.md). The history row's own
    # date stands in for the noisy timestamps.
    history = HistoricalRecords(excluded_fields=["client_token", "created_at", "updated_at"])

    class Meta:
        verbose_name = _("log harian")
        verbose_name_plural = _("log harian")
        ordering = ["-tanggal", "-jam_mulai", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "client_token"], name="log_idempoten_per_pegawai"),
            models.CheckConstraint(condition=Q(output_jumlah__gte=0), name="log_output_tidak_negatif"),
            models.CheckConstraint(condition=Q(jam_selesai__gt=F("jam_mulai")), name="log_selesai_setelah_mulai"),
        ]
        indexes = [
            models.Index(fields=["pegawai", "-tanggal"], name="log_pegawai_tanggal_idx"),
            models.Index(fields=["rhk", "status", "tanggal"], name="log_rhk_status_tanggal_idx"),
            models.Index(fields=["status", "submitted_at"], name="log_status_submitted_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.tanggal} · {self.kegiatan[:60]}"


class Realisasi(models.Model):
    """Realisation of one indikator in one periodic window: summed from approved logs or entered."""

    class Sumber(models.TextChoices):
        LOG = "log", _("Dari log harian")
        MANUAL = "manual", _("Diisi manual")

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="realisasi")
    periode_evaluasi = models.ForeignKey(PeriodeEvaluasi, on_delete=models.PROTECT, related_name="realisasi")
    realisasi_angka = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    realisasi_teks = models.TextField(blank=True)
    sumber = models.CharField(max_length=10, choices=Sumber.choices, default=Sumber.LOG)
    updated_by = models.ForeignKey(Pegawai, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    # Manual entries, switches back to logs and recomputations after approvals (docs/history.md).
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        constraints = [
            models.UniqueConstraint(fields=["indikator", "periode_evaluasi"], name="realisasi_unik"),
            models.CheckConstraint(
                condition=Q(realisasi_angka__isnull=True) | Q(realisasi_angka__gte=0),
                name="realisasi_tidak_negatif",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indikator} · {self.periode_evaluasi}"


def _bukti_path(instance: BuktiDukung, filename: str) -> str:
    return f"bukti/{instance.uploaded_by_id or 0}/{uuid.uuid4().hex}/{filename}"


class BuktiDukung(models.Model):
    """Evidence file (PDF, JPG, PNG, XLSX, DOCX; max 10 MB; type checked by content) or a link."""

    log = models.ForeignKey(LogHarian, null=True, blank=True, on_delete=models.CASCADE, related_name="bukti")
    realisasi = models.ForeignKey(Realisasi, null=True, blank=True, on_delete=models.CASCADE, related_name="bukti")
    file = models.FileField(upload_to=_bukti_path, blank=True)
    link = models.URLField(blank=True, max_length=500)
    nama_asli = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    ukuran = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(Pegawai, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")
        constraints = [
            models.CheckConstraint(
                condition=Q(log__isnull=False) | Q(realisasi__isnull=False), name="bukti_punya_induk"
            ),
            models.CheckConstraint(condition=~Q(file="") | ~Q(link=""), name="bukti_file_atau_link"),
        ]

    def __str__(self) -> str:
        return self.nama_asli or self.link


class UmpanBalik(models.Model):
    """Continuous feedback: a thread per (SKP, window, RHK) or (SKP, window, BerAKHLAK value)."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="umpan_balik")
    periode_evaluasi = models.ForeignKey(PeriodeEvaluasi, on_delete=models.PROTECT, related_name="umpan_balik")
    rhk = models.ForeignKey(Rhk, null=True, blank=True, on_delete=models.CASCADE, related_name="umpan_balik")
    perilaku = models.CharField(max_length=30, choices=Berakhlak.choices, blank=True)
    author = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+")
    isi = models.TextField(_("umpan balik"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("umpan balik")
        verbose_name_plural = _("umpan balik")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(rhk__isnull=False) & Q(perilaku="")) | (Q(rhk__isnull=True) & ~Q(perilaku="")),
                name="umpan_balik_satu_item",
            ),
        ]
        indexes = [models.Index(fields=["skp", "periode_evaluasi"], name="umpan_balik_skp_periode_idx")]

    def __str__(self) -> str:
        return self.isi[:60]


class DelegasiPersetujuan(models.Model):
    """Plt/Plh: an admin delegates an atasan's approvals to another pegawai for a date range."""

    class Jenis(models.TextChoices):
        PLT = "plt", _("Pelaksana Tugas (Plt)")
        PLH = "plh", _("Pelaksana Harian (Plh)")

    atasan = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="delegasi_keluar")
    penerima = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="delegasi_masuk")
    jenis = models.CharField(max_length=3, choices=Jenis.choices, default=Jenis.PLH)
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("selesai"))
    alasan = models.CharField(_("alasan"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    # Who granted and who removed a Plt/Plh (a deleted delegation survives as its "-" history row).
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("delegasi persetujuan (Plt/Plh)")
        verbose_name_plural = _("delegasi persetujuan (Plt/Plh)")
        ordering = ["-mulai"]
        constraints = [
            models.CheckConstraint(condition=Q(selesai__gte=F("mulai")), name="delegasi_selesai_setelah_mulai"),
            models.CheckConstraint(condition=~Q(atasan=F("penerima")), name="delegasi_bukan_diri_sendiri"),
        ]
        indexes = [models.Index(fields=["penerima", "mulai", "selesai"], name="delegasi_penerima_idx")]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.penerima} untuk {self.atasan}"


# --- e-Kinerja II: evaluasi periodik dan tahunan ---------------------------------------------------
# Ratings and predikat keep the regulation's values (kinerja.rules Rating / Predikat). Both
# evaluation records keep their history (who rated, calibrated, finalised, reopened, with the reason).


class EvaluasiPeriodik(models.Model):
    """The atasan's rating of one pegawai in one periodic window, against the SKP in force."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        FINAL = "final", _("Final")

    skp = models.ForeignKey(Skp, on_delete=models.PROTECT, related_name="evaluasi_periodik")
    periode_evaluasi = models.ForeignKey(PeriodeEvaluasi, on_delete=models.PROTECT, related_name="evaluasi")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="evaluasi_periodik")
    penilai = models.ForeignKey(Pegawai, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rating_hasil = models.CharField(_("rating hasil kerja"), max_length=10, choices=Rating.choices)
    rating_perilaku = models.CharField(_("rating perilaku kerja"), max_length=10, choices=Rating.choices)
    predikat = models.CharField(_("predikat kinerja"), max_length=20, choices=Predikat.choices)
    umpan_balik = models.TextField(_("umpan balik"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    rated_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("evaluasi periodik")
        verbose_name_plural = _("evaluasi periodik")
        ordering = ["periode_evaluasi__mulai", "pegawai__nama"]
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "periode_evaluasi"], name="evaluasi_periodik_unik"),
        ]
        indexes = [models.Index(fields=["periode_evaluasi", "penilai"], name="evaluasi_periodik_penilai_idx")]

    def __str__(self) -> str:
        return f"{self.periode_evaluasi} · {self.pegawai}"


class RatingRhk(models.Model):
    """The rating of one RHK inside a periodic evaluation (the overall rating is the atasan's call)."""

    evaluasi = models.ForeignKey(EvaluasiPeriodik, on_delete=models.CASCADE, related_name="rating_rhk")
    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="+")
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices)

    class Meta:
        verbose_name = _("rating RHK")
        verbose_name_plural = _("rating RHK")
        constraints = [models.UniqueConstraint(fields=["evaluasi", "rhk"], name="rating_rhk_unik")]

    def __str__(self) -> str:
        return f"{self.rhk_id}: {self.get_rating_display()}"


class RatingPerilaku(models.Model):
    """The rating of one BerAKHLAK value inside a periodic evaluation."""

    evaluasi = models.ForeignKey(EvaluasiPeriodik, on_delete=models.CASCADE, related_name="rating_perilaku_set")
    kode = models.CharField(max_length=30, choices=Berakhlak.choices)
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices)

    class Meta:
        verbose_name = _("rating perilaku")
        verbose_name_plural = _("rating perilaku")
        constraints = [models.UniqueConstraint(fields=["evaluasi", "kode"], name="rating_perilaku_unik")]

    def __str__(self) -> str:
        return f"{self.get_kode_display()}: {self.get_rating_display()}"


class EvaluasiTahunan(models.Model):
    """The annual evaluation: its own ratings (periodic ones are evidence, not averaged), the predikat,
    and the keberatan (PP 30/2019 Pasal 59) recorded on the same row. Rows are created and their
    predikat recomputed by the annual batch (kinerja.services.evaluasi_batch)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        FINAL = "final", _("Final")
        REOPENED = "reopened", _("Dibuka kembali")

    class Keberatan(models.TextChoices):
        NONE = "", _("Tidak ada")
        FILED = "filed", _("Diajukan")
        ACCEPTED = "accepted", _("Diterima")
        REJECTED = "rejected", _("Ditolak")

    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="evaluasi_tahunan")
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="evaluasi_tahunan")
    unit_kerja = models.ForeignKey(UnitKerja, on_delete=models.PROTECT, related_name="+")
    penilai = models.ForeignKey(Pegawai, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Decides a keberatan (PP 30/2019 Pasal 59): the pejabat penilai's own atasan when the row was made.
    atasan_penilai = models.ForeignKey(Pegawai, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_kepala_unit = models.BooleanField(_("kepala unit"), default=False)
    rating_hasil = models.CharField(_("rating hasil kerja"), max_length=10, choices=Rating.choices, blank=True)
    rating_perilaku = models.CharField(_("rating perilaku kerja"), max_length=10, choices=Rating.choices, blank=True)
    predikat = models.CharField(_("predikat kinerja"), max_length=20, choices=Predikat.choices, blank=True)
    catatan = models.TextField(_("catatan/rekomendasi"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    rated_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(_("hasil ditetapkan"), null=True, blank=True)
    keberatan_status = models.CharField(
        _("keberatan"), max_length=10, choices=Keberatan.choices, default=Keberatan.NONE, blank=True
    )
    keberatan_alasan = models.TextField(_("alasan keberatan"), blank=True)
    keberatan_at = models.DateTimeField(null=True, blank=True)
    keberatan_keputusan = models.TextField(_("keputusan atas keberatan"), blank=True)
    keberatan_diputus_oleh = models.ForeignKey(
        Pegawai, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    keberatan_diputus_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("evaluasi tahunan")
        verbose_name_plural = _("evaluasi tahunan")
        ordering = ["periode", "pegawai__nama"]
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "periode"], name="evaluasi_tahunan_unik"),
        ]
        indexes = [
            models.Index(fields=["periode", "unit_kerja"], name="evaluasi_tahunan_unit_idx"),
            models.Index(fields=["penilai", "periode"], name="evaluasi_tahunan_penilai_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.periode.tahun} · {self.pegawai}"


class PredikatUnit(models.Model):
    """Predikat kinerja organisasi of a unit in a year (entered, or taken from the unit's capaian),
    and its finalisation: a distribution that departs from the pattern needs a written justification."""

    class Sumber(models.TextChoices):
        ENTERED = "entered", _("Ditetapkan")
        CAPAIAN = "capaian", _("Dari capaian unit")

    unit_kerja = models.ForeignKey(UnitKerja, on_delete=models.PROTECT, related_name="predikat_kinerja")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    predikat = models.CharField(_("predikat organisasi"), max_length=20, choices=PredikatOrganisasi.choices)
    sumber = models.CharField(_("sumber"), max_length=10, choices=Sumber.choices, default=Sumber.ENTERED)
    justifikasi = models.TextField(_("justifikasi penyimpangan"), blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("predikat kinerja organisasi")
        verbose_name_plural = _("predikat kinerja organisasi")
        constraints = [models.UniqueConstraint(fields=["unit_kerja", "tahun"], name="predikat_unit_unik")]

    def __str__(self) -> str:
        return f"{self.unit_kerja} {self.tahun}: {self.get_predikat_display()}"


class PolaDistribusi(models.Model):
    """One condition of the distribution pattern (SE MenPANRB 3/2023), admin-editable because the
    percentages come from one secondary source; seeded from kinerja.rules.POLA_DISTRIBUSI.
    `predikat` lists employee predikat codes separated by commas (summed by the condition)."""

    class Jenis(models.TextChoices):
        MAKS = "maks", _("Paling banyak")
        MIN = "min", _("Paling sedikit")
        ADA = "ada", _("Harus ada")

    predikat_organisasi = models.CharField(_("predikat organisasi"), max_length=20, choices=PredikatOrganisasi.choices)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    jenis = models.CharField(_("jenis"), max_length=4, choices=Jenis.choices)
    predikat = models.CharField(_("predikat pegawai"), max_length=120)
    persen = models.PositiveSmallIntegerField(_("persen"), default=0)

    class Meta:
        verbose_name = _("pola distribusi")
        verbose_name_plural = _("pola distribusi")
        ordering = ["predikat_organisasi", "urutan"]
        constraints = [
            models.CheckConstraint(condition=Q(persen__lte=100), name="pola_distribusi_persen_maks_100"),
        ]

    def __str__(self) -> str:
        return f"{self.get_predikat_organisasi_display()}: {self.get_jenis_display()} {self.predikat} {self.persen}%"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        kode = [k.strip() for k in self.predikat.split(",") if k.strip()]
        salah = [k for k in kode if k not in Predikat.values]
        if not kode or salah:
            raise ValidationError(
                {"predikat": _("Predikat pegawai tidak dikenal: %(kode)s.") % {"kode": ", ".join(salah) or "-"}}
            )
        self.predikat = ",".join(kode)


def pola_distribusi() -> dict[str, tuple[SyaratDistribusi, ...]]:
    """The `pola=` argument of rules.cek_distribusi from the admin's table (one query); a predikat
    organisasi with no row in the table keeps the seeded rule's conditions."""
    pola: dict[str, list[SyaratDistribusi]] = {}
    for row in PolaDistribusi.objects.order_by("predikat_organisasi", "urutan", "id"):
        pola.setdefault(row.predikat_organisasi, []).append(
            SyaratDistribusi(row.jenis, tuple(k for k in row.predikat.split(",") if k), row.persen)
        )
    hasil = dict(POLA_DISTRIBUSI)
    hasil.update({k: tuple(v) for k, v in pola.items()})
    return hasil


class EvaluasiRun(models.Model):
    """One annual batch run of a scope (instansi, tahun). At most one RUNNING per scope (a partial
    unique constraint): a second start while one runs is refused by the database, not by a check."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    job = models.ForeignKey("common.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proses evaluasi tahunan")
        verbose_name_plural = _("proses evaluasi tahunan")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "tahun"], condition=Q(status="running"), name="evaluasi_run_satu_berjalan"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instansi_id} {self.tahun} ({self.get_status_display()})"
