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

from kinerja.rules import Aspek, Berakhlak, JenisPeriodik, JenisRhk, Pendekatan
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
