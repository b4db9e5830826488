"""Pelatihan: the catalogue (Program), its runs (Angkatan), enrolment and attendance, external JP the
ASN submits, and training needs (KebutuhanPelatihan) that kinerja and survei record through
`pelatihan.services.kebutuhan_catat`. pelatihan imports only pegawai (STYLE §1)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pegawai.models import Instansi, Jabatan, Pegawai, UnitKerja
from pelatihan.rules import MAX_JP_PER_KEGIATAN, BidangKompetensi, JenisProgram


class Program(models.Model):
    """A training programme of the catalogue, owned by one instansi (its pengelola pelatihan)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="program_pelatihan")
    nama = models.CharField(_("nama program"), max_length=255)
    jenis = models.CharField(_("jenis"), max_length=20, choices=JenisProgram.choices)
    bidang = models.CharField(_("bidang kompetensi"), max_length=20, choices=BidangKompetensi.choices)
    jp = models.PositiveSmallIntegerField(_("JP"))
    penyelenggara = models.CharField(_("penyelenggara"), max_length=255)
    target_jabatan = models.ForeignKey(
        Jabatan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("sasaran jabatan")
    )
    target_unit = models.ForeignKey(
        UnitKerja, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("sasaran unit")
    )
    deskripsi = models.TextField(_("deskripsi"), blank=True)
    biaya = models.DecimalField(_("biaya per peserta (Rp)"), max_digits=14, decimal_places=0, default=0)
    aktif = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("program pelatihan")
        ordering = ["nama"]
        constraints = [
            models.CheckConstraint(condition=Q(jp__gte=1, jp__lte=MAX_JP_PER_KEGIATAN), name="program_jp_masuk_akal"),
            models.CheckConstraint(condition=Q(biaya__gte=0), name="program_biaya_tidak_negatif"),
        ]
        indexes = [models.Index(fields=["instansi", "aktif", "nama"], name="program_instansi_aktif_idx")]

    def __str__(self) -> str:
        return self.nama


class Angkatan(models.Model):
    """One run of a programme. `terisi` counts the seats held (requested, nominated, approved): the
    quota is enforced by a conditional UPDATE of this counter, so two registrations racing for the
    last seat cannot both get it (services.pendaftaran_daftar)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Pendaftaran dibuka")
        CLOSED = "closed", _("Pendaftaran ditutup")
        RUNNING = "running", _("Berlangsung")
        FINISHED = "finished", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="angkatan")
    nama = models.CharField(_("nama angkatan"), max_length=100)
    tanggal_mulai = models.DateField(_("tanggal mulai"))
    tanggal_selesai = models.DateField(_("tanggal selesai"))
    tempat = models.CharField(_("tempat"), max_length=255, blank=True)
    tautan_daring = models.URLField(_("tautan daring"), blank=True)
    pengajar = models.TextField(_("pengajar"), blank=True)
    kuota = models.PositiveIntegerField(_("kuota"))
    terisi = models.PositiveIntegerField(_("kursi terisi"), default=0, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at", "terisi"])

    class Meta:
        verbose_name = _("angkatan")
        verbose_name_plural = _("angkatan")
        ordering = ["-tanggal_mulai", "nama"]
        constraints = [
            models.UniqueConstraint(fields=["program", "nama"], name="angkatan_nama_unik_per_program"),
            models.CheckConstraint(
                condition=Q(tanggal_selesai__gte=F("tanggal_mulai")), name="angkatan_selesai_setelah_mulai"
            ),
            # The last line of defence for the quota: even a buggy writer cannot overfill a run.
            models.CheckConstraint(condition=Q(terisi__lte=F("kuota")), name="angkatan_terisi_maks_kuota"),
        ]
        indexes = [models.Index(fields=["status", "tanggal_mulai"], name="angkatan_status_mulai_idx")]

    def __str__(self) -> str:
        return f"{self.program} — {self.nama}"


class Pendaftaran(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Menunggu persetujuan atasan")
        NOMINATED = "nominated", _("Diusulkan atasan")
        APPROVED = "approved", _("Disetujui")
        WAITLISTED = "waitlisted", _("Daftar tunggu")
        REJECTED = "rejected", _("Ditolak")
        CANCELLED = "cancelled", _("Dibatalkan")

    # The states that hold a seat of the run (counted in Angkatan.terisi).
    SEAT_STATUSES = (Status.REQUESTED, Status.NOMINATED, Status.APPROVED)
    # The states of a participant (attendance, scores, completion).
    PESERTA_STATUSES = (Status.NOMINATED, Status.APPROVED)

    angkatan = models.ForeignKey(Angkatan, on_delete=models.PROTECT, related_name="pendaftaran")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="pendaftaran_pelatihan")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    diajukan_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    disetujui_oleh = models.ForeignKey(
        Pegawai, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("disetujui oleh")
    )
    disetujui_at = models.DateTimeField(null=True, blank=True)
    catatan = models.TextField(_("catatan"), blank=True)
    nilai = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2, null=True, blank=True)
    lulus = models.BooleanField(_("lulus"), null=True, blank=True)
    selesai_at = models.DateTimeField(_("dinyatakan selesai"), null=True, blank=True)
    # The graduate's certificate: rendered once (services.sertifikat_render), sealed under this code.
    sertifikat_file = models.FileField(_("sertifikat"), upload_to="pelatihan/sertifikat/%Y/", blank=True)
    sertifikat_kode = models.CharField(_("kode verifikasi sertifikat"), max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at", "sertifikat_file"])

    class Meta:
        verbose_name = _("pendaftaran pelatihan")
        verbose_name_plural = _("pendaftaran pelatihan")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "angkatan"], name="pendaftaran_unik_per_pegawai_angkatan"),
            models.CheckConstraint(
                condition=Q(nilai__isnull=True) | Q(nilai__gte=0, nilai__lte=100), name="pendaftaran_nilai_0_100"
            ),
        ]
        indexes = [
            models.Index(fields=["angkatan", "status"], name="pendaftaran_angkatan_st_idx"),
            # the JP ledger: a pegawai's graduated enrolments
            models.Index(fields=["pegawai", "lulus"], name="pendaftaran_pegawai_lulus_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pegawai} — {self.angkatan}"


class Kehadiran(models.Model):
    pendaftaran = models.ForeignKey(Pendaftaran, on_delete=models.CASCADE, related_name="kehadiran")
    tanggal = models.DateField(_("tanggal"))
    hadir = models.BooleanField(_("hadir"), default=True)
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        ordering = ["tanggal"]
        constraints = [
            models.UniqueConstraint(fields=["pendaftaran", "tanggal"], name="kehadiran_unik_per_hari"),
        ]

    def __str__(self) -> str:
        return f"{self.pendaftaran_id} {self.tanggal}"


class JpEksternal(models.Model):
    """Training outside the catalogue the ASN reports with a certificate; counts once verified."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Diajukan")
        VERIFIED = "verified", _("Terverifikasi")
        REJECTED = "rejected", _("Ditolak")

    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="jp_eksternal")
    nama_kegiatan = models.CharField(_("nama kegiatan"), max_length=255)
    penyelenggara = models.CharField(_("penyelenggara"), max_length=255)
    jenis = models.CharField(_("jenis"), max_length=20, choices=JenisProgram.choices)
    bidang = models.CharField(_("bidang kompetensi"), max_length=20, choices=BidangKompetensi.choices)
    tanggal_mulai = models.DateField(_("tanggal mulai"))
    tanggal_selesai = models.DateField(_("tanggal selesai"))
    jp = models.PositiveSmallIntegerField(_("JP"))
    berkas = models.FileField(_("sertifikat"), upload_to="pelatihan/sertifikat-eksternal/%Y/")
    berkas_nama = models.CharField(max_length=255, blank=True)
    berkas_content_type = models.CharField(max_length=100, blank=True)
    berkas_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    diverifikasi_oleh = models.ForeignKey(Pegawai, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    diverifikasi_at = models.DateTimeField(null=True, blank=True)
    catatan = models.TextField(_("catatan verifikator"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at", "berkas"])

    class Meta:
        verbose_name = _("JP pelatihan eksternal")
        verbose_name_plural = _("JP pelatihan eksternal")
        ordering = ["-tanggal_selesai", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(jp__gte=1, jp__lte=MAX_JP_PER_KEGIATAN), name="jp_eksternal_masuk_akal"),
            models.CheckConstraint(
                condition=Q(tanggal_selesai__gte=F("tanggal_mulai")), name="jp_eksternal_selesai_setelah_mulai"
            ),
        ]
        indexes = [models.Index(fields=["pegawai", "status", "tanggal_selesai"], name="jp_eksternal_ledger_idx")]

    def __str__(self) -> str:
        return self.nama_kegiatan


class KebutuhanPelatihan(models.Model):
    """A training need of one pegawai or one unit. The link point of other apps: e-Kinerja II's tindak
    lanjut and Survei's weak elements call `services.kebutuhan_catat(sumber=..., sumber_ref=...)`;
    (sumber, sumber_ref) is unique, so recording the same finding twice keeps one row."""

    class Sumber(models.TextChoices):
        EVALUASI = "evaluasi", _("Evaluasi kinerja")
        SURVEI = "survei", _("Survei kepuasan masyarakat")
        MANUAL = "manual", _("Dicatat manual")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="kebutuhan_pelatihan")
    pegawai = models.ForeignKey(
        Pegawai, null=True, blank=True, on_delete=models.CASCADE, related_name="kebutuhan_pelatihan"
    )
    unit_kerja = models.ForeignKey(
        UnitKerja, null=True, blank=True, on_delete=models.CASCADE, related_name="kebutuhan_pelatihan"
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    sumber = models.CharField(_("sumber"), max_length=10, choices=Sumber.choices)
    # The other app's reference ("kinerja.evaluasi:123", "survei.unsur:7:2026"): opaque text, so
    # pelatihan needs no foreign key into apps that import it.
    sumber_ref = models.CharField(_("rujukan sumber"), max_length=100, blank=True)
    bidang = models.CharField(_("bidang kompetensi"), max_length=20, choices=BidangKompetensi.choices)
    catatan = models.TextField(_("catatan"), blank=True)
    program = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kebutuhan",
        verbose_name=_("program yang direncanakan"),
    )
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kebutuhan pelatihan")
        verbose_name_plural = _("kebutuhan pelatihan")
        ordering = ["-tahun", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pegawai__isnull=False) | Q(unit_kerja__isnull=False), name="kebutuhan_pegawai_atau_unit"
            ),
            models.UniqueConstraint(
                fields=["sumber", "sumber_ref"], condition=~Q(sumber_ref=""), name="kebutuhan_sumber_ref_unik"
            ),
        ]
        indexes = [models.Index(fields=["instansi", "tahun", "unit_kerja"], name="kebutuhan_instansi_tahun_idx")]

    def __str__(self) -> str:
        return f"{self.get_sumber_display()} {self.tahun}: {self.get_bidang_display()}"
