"""Rekrutmen: CPNS/PPPK selection by the merit system.

Applicants are members of the public, not pegawai: a Pelamar has its own account (a User with no
Pegawai) and personal data (NIK, birth date, documents) kept apart from the pegawai records and scoped
to the seleksi. Scores live on the Lamaran (one application per seleksi), so a ranking is one window
query over one table (rekrutmen.ranking).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rekrutmen import scoring


class JenisFormasi(models.TextChoices):
    # The regulation's own vocabulary as values (STYLE §2), the same as rekrutmen.scoring.JENIS_FORMASI.
    UMUM = "umum", _("Umum")
    LULUSAN_TERBAIK = "lulusan_terbaik", _("Lulusan terbaik (cum laude)")
    DISABILITAS = "disabilitas", _("Penyandang disabilitas")
    PUTRA_PUTRI_PAPUA = "putra_putri_papua", _("Putra/putri Papua")
    PUTRA_PUTRI_KALIMANTAN = "putra_putri_kalimantan", _("Putra/putri Kalimantan")
    DIASPORA = "diaspora", _("Diaspora")


class JenisSeleksi(models.TextChoices):
    CPNS = "cpns", _("CPNS")
    PPPK = "pppk", _("PPPK")


class ParameterSeleksi(models.Model):
    """The yearly numbers of a selection cycle (items, maxima, passing grades, weights, SKB cut), which an
    admin edits for a new cycle; seeded with 2024 (migration 0002)."""

    tahun = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    twk_maks = models.PositiveSmallIntegerField(_("nilai maksimal TWK"), default=150)
    tiu_maks = models.PositiveSmallIntegerField(_("nilai maksimal TIU"), default=175)
    tkp_maks = models.PositiveSmallIntegerField(_("nilai maksimal TKP"), default=225)
    langkah_benar = models.PositiveSmallIntegerField(_("nilai per jawaban benar TWK/TIU"), default=5)
    bobot_skd_persen = models.PositiveSmallIntegerField(
        _("bobot SKD (%)"), default=40, validators=[MaxValueValidator(100)]
    )
    kelipatan_skb = models.PositiveSmallIntegerField(_("kelipatan formasi ke SKB"), default=3)
    # {"umum": {"twk": 65, "tiu": 80, "tkp": 166}, "disabilitas": {"total": 286, "tiu": 60}, ...}
    ambang = models.JSONField(_("nilai ambang batas per jenis formasi"), default=dict)

    class Meta:
        verbose_name = _("parameter seleksi")
        verbose_name_plural = _("parameter seleksi")
        ordering = ["-tahun"]
        constraints = [
            models.CheckConstraint(condition=Q(bobot_skd_persen__lte=100), name="parameter_bobot_skd_lte_100"),
        ]

    def __str__(self) -> str:
        return str(self.tahun)

    def as_rules(self) -> scoring.ParameterSkd:
        ambang: dict[str, scoring.AmbangSubtes | scoring.AmbangTotal] = {}
        for jenis, a in self.ambang.items():
            if "total" in a:
                ambang[jenis] = scoring.AmbangTotal(total=int(a["total"]), tiu=int(a["tiu"]))
            else:
                ambang[jenis] = scoring.AmbangSubtes(twk=int(a["twk"]), tiu=int(a["tiu"]), tkp=int(a["tkp"]))
        return scoring.ParameterSkd(
            tahun=self.tahun,
            twk_maks=self.twk_maks,
            tiu_maks=self.tiu_maks,
            tkp_maks=self.tkp_maks,
            langkah_benar=self.langkah_benar,
            ambang=ambang,
            bobot_skd=Fraction(self.bobot_skd_persen, 100),
            bobot_skb=Fraction(100 - self.bobot_skd_persen, 100),
            kelipatan_skb=self.kelipatan_skb,
        )


class Seleksi(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        REGISTRATION = "registration", _("Pendaftaran")
        ADMINISTRATION = "administration", _("Seleksi administrasi")
        SKD = "skd", _("SKD")
        SKB = "skb", _("SKB")
        FINISHED = "finished", _("Selesai")

    nama = models.CharField(_("nama"), max_length=200)
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    jenis = models.CharField(_("jenis"), max_length=10, choices=JenisSeleksi.choices, default=JenisSeleksi.CPNS)
    parameter = models.ForeignKey(ParameterSeleksi, on_delete=models.PROTECT, related_name="seleksi")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    pendaftaran_mulai = models.DateField(_("pendaftaran dibuka"), null=True, blank=True)
    pendaftaran_selesai = models.DateField(_("pendaftaran ditutup"), null=True, blank=True)
    tanggal_acuan_usia = models.DateField(_("tanggal acuan usia"), null=True, blank=True)
    skb_maks = models.DecimalField(_("nilai maksimal SKB"), max_digits=7, decimal_places=2, default=Decimal(100))
    # Publication of each stage: the administrasi announcement opens the 3-day sanggah window; once a
    # stage is published its results are immutable except by an audited correction with a reason.
    administrasi_published_at = models.DateTimeField(_("pengumuman seleksi administrasi"), null=True, blank=True)
    skd_published_at = models.DateTimeField(_("pengumuman hasil SKD"), null=True, blank=True)
    akhir_published_at = models.DateTimeField(_("pengumuman hasil akhir"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("seleksi")
        verbose_name_plural = _("seleksi")
        ordering = ["-tahun", "nama"]
        constraints = [models.CheckConstraint(condition=Q(skb_maks__gt=0), name="seleksi_skb_maks_positive")]

    def __str__(self) -> str:
        return self.nama


class Formasi(models.Model):
    seleksi = models.ForeignKey(Seleksi, on_delete=models.CASCADE, related_name="formasi")
    instansi = models.ForeignKey("pegawai.Instansi", on_delete=models.PROTECT, related_name="formasi")
    unit_kerja = models.ForeignKey(
        "pegawai.UnitKerja", null=True, blank=True, on_delete=models.PROTECT, related_name="formasi"
    )
    kode = models.CharField(_("kode formasi"), max_length=40)
    jabatan = models.CharField(_("jabatan"), max_length=255)
    jenis_formasi = models.CharField(
        _("jenis formasi"), max_length=30, choices=JenisFormasi.choices, default=JenisFormasi.UMUM
    )
    kualifikasi_pendidikan = models.JSONField(_("kualifikasi pendidikan"), default=list, blank=True)
    kuota = models.PositiveIntegerField(_("kuota"), validators=[MinValueValidator(1)])
    # Keppres 17/2019: jabatan set by the President (dokter spesialis, dosen, peneliti, ...) admit
    # applicants up to 40 years instead of 35 (rekrutmen.rules).
    usia_maks_40 = models.BooleanField(_("batas usia 40 tahun (Keppres 17/2019)"), default=False)

    class Meta:
        verbose_name = _("formasi")
        verbose_name_plural = _("formasi")
        ordering = ["seleksi", "kode"]
        constraints = [
            models.UniqueConstraint(fields=["seleksi", "kode"], name="formasi_kode_unique_per_seleksi"),
            models.CheckConstraint(condition=Q(kuota__gte=1), name="formasi_kuota_positive"),
        ]
        indexes = [models.Index(fields=["seleksi", "instansi"], name="formasi_seleksi_instansi_idx")]

    def __str__(self) -> str:
        return f"{self.kode} {self.jabatan}"


class Pelamar(models.Model):
    """An applicant's identity: personal data (UU 27/2022), shown masked outside the panitia."""

    # The applicant's own account (no Pegawai). Empty for applicants imported from the national
    # registration (SSCASN) until they claim their account.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="pelamar"
    )
    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    nama = models.CharField(_("nama"), max_length=200)
    tempat_lahir = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    tanggal_lahir = models.DateField(_("tanggal lahir"))
    jenis_kelamin = models.CharField(
        _("jenis kelamin"), max_length=1, choices=[("L", _("Laki-laki")), ("P", _("Perempuan"))]
    )
    email = models.EmailField(_("e-mail"))
    nomor_hp = models.CharField(_("nomor HP"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pelamar")
        verbose_name_plural = _("pelamar")
        constraints = [models.CheckConstraint(condition=Q(nik__regex=r"^[0-9]{16}$"), name="pelamar_nik_16_digits")]

    def __str__(self) -> str:
        return self.nama


class Lamaran(models.Model):
    """One application of a pelamar to one formasi of a seleksi, with its scores and ranks."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Dikirim")
        MS = "ms", _("Memenuhi syarat")
        TMS = "tms", _("Tidak memenuhi syarat")

    class Sanggah(models.TextChoices):
        PENDING = "pending", _("Diajukan")
        ACCEPTED = "accepted", _("Diterima")
        REJECTED = "rejected", _("Ditolak")

    class Hasil(models.TextChoices):
        LULUS = "lulus", _("Lulus")
        TIDAK_LULUS = "tidak_lulus", _("Tidak lulus")
        OPTIMALISASI = "optimalisasi", _("Optimalisasi")

    seleksi = models.ForeignKey(Seleksi, on_delete=models.CASCADE, related_name="lamaran")
    formasi = models.ForeignKey(Formasi, on_delete=models.PROTECT, related_name="lamaran")
    pelamar = models.ForeignKey(Pelamar, on_delete=models.PROTECT, related_name="lamaran")
    nomor_peserta = models.CharField(_("nomor peserta"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    pendidikan = models.CharField(_("pendidikan"), max_length=100, blank=True)
    ipk = models.DecimalField(_("IPK / rata-rata ijazah"), max_digits=5, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The browser's token of the submit: a repeated submit (double click, retry on the last-day rush)
    # returns the same application instead of failing or creating another.
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Seleksi administrasi and its sanggah (rekrutmen.md §3)
    alasan_tms = models.TextField(_("alasan TMS"), blank=True)
    diverifikasi_at = models.DateTimeField(null=True, blank=True, editable=False)
    sanggah_status = models.CharField(_("sanggah"), max_length=10, choices=Sanggah.choices, blank=True)
    sanggah_alasan = models.TextField(_("alasan sanggah"), blank=True)
    sanggah_at = models.DateTimeField(null=True, blank=True, editable=False)
    sanggah_jawaban = models.TextField(_("jawaban sanggah"), blank=True)
    # SKD (CAT) sub-scores, validated against the cycle's ranges and steps (rekrutmen.scoring)
    twk = models.PositiveSmallIntegerField(_("TWK"), null=True, blank=True)
    tiu = models.PositiveSmallIntegerField(_("TIU"), null=True, blank=True)
    tkp = models.PositiveSmallIntegerField(_("TKP"), null=True, blank=True)
    skb = models.DecimalField(_("nilai SKB"), max_digits=7, decimal_places=2, null=True, blank=True)
    # Written by the ranking run (rekrutmen.ranking), never by hand
    lulus_skd = models.BooleanField(_("lulus ambang batas SKD"), null=True, editable=False)
    peringkat_skd = models.PositiveIntegerField(_("peringkat SKD"), null=True, editable=False)
    ke_skb = models.BooleanField(_("lolos ke SKB"), null=True, editable=False)
    nilai_akhir = models.DecimalField(_("nilai akhir"), max_digits=12, decimal_places=8, null=True, editable=False)
    peringkat_akhir = models.PositiveIntegerField(_("peringkat akhir"), null=True, editable=False)
    hasil = models.CharField(_("hasil"), max_length=12, choices=Hasil.choices, blank=True, editable=False)

    class Meta:
        verbose_name = _("lamaran")
        verbose_name_plural = _("lamaran")
        constraints = [
            models.UniqueConstraint(fields=["seleksi", "pelamar"], name="lamaran_satu_per_seleksi"),
            models.CheckConstraint(
                condition=Q(twk__isnull=True) | (Q(twk__gte=0) & Q(tiu__isnull=False) & Q(tkp__isnull=False)),
                name="lamaran_skd_complete",
            ),
            models.CheckConstraint(condition=~Q(status="tms") | ~Q(alasan_tms=""), name="lamaran_tms_has_reason"),
            models.CheckConstraint(
                condition=Q(sanggah_status="") | Q(sanggah_at__isnull=False), name="lamaran_sanggah_dated"
            ),
        ]
        indexes = [
            models.Index(fields=["formasi", "status"], name="lamaran_formasi_status_idx"),
            models.Index(fields=["seleksi", "status"], name="lamaran_seleksi_status_idx"),
        ]

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.nomor_peserta or self.pk}"

    @property
    def skd_total(self) -> int | None:
        if self.twk is None or self.tiu is None or self.tkp is None:
            return None
        return self.twk + self.tiu + self.tkp
