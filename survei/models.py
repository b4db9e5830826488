"""Survei Kepuasan Masyarakat (PermenPANRB 14/2017): service units, survey periods, responses.

A response is anonymous (UU 27/2022): no account, no IP address, no device id. The nine answers are
columns u1..u9 keyed by unsur code (survei.ikm.KODE_UNSUR), so an index is one SUM/COUNT per column;
the order a unit asks them in is the unit's display setting (`urutan_unsur`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from survei.ikm import JAWABAN_MAKS, JAWABAN_MIN, KODE_UNSUR


class UnitLayanan(models.Model):
    instansi = models.ForeignKey("pegawai.Instansi", on_delete=models.PROTECT, related_name="unit_layanan")
    unit_kerja = models.ForeignKey(
        "pegawai.UnitKerja", null=True, blank=True, on_delete=models.PROTECT, related_name="unit_layanan"
    )
    # The short public code of the form's URL (/s/<kode>/): lowercase letters, digits and dashes.
    kode = models.SlugField(_("kode"), max_length=40, unique=True)
    nama = models.CharField(_("nama unit layanan"), max_length=200)
    urutan_unsur = models.JSONField(_("urutan unsur di kuesioner"), default=list, blank=True)
    pengelola = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="unit_layanan_dikelola", verbose_name=_("pengelola")
    )
    aktif = models.BooleanField(_("aktif"), default=True)
    # Below this NRR (1-4 scale) of U6 (kompetensi) or U7 (perilaku) at period close, a training need
    # is recorded for the unit (KebutuhanPelatihanSurvei), for the Pelatihan app to consume.
    ambang_pelatihan = models.DecimalField(
        _("ambang NRR kebutuhan pelatihan"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("3.00"),
        validators=[MinValueValidator(Decimal("1.00")), MaxValueValidator(Decimal("4.00"))],
    )

    class Meta:
        verbose_name = _("unit layanan")
        verbose_name_plural = _("unit layanan")
        ordering = ["nama"]
        indexes = [models.Index(fields=["instansi", "nama"], name="unit_layanan_instansi_idx")]

    def __str__(self) -> str:
        return self.nama

    def unsur_berurutan(self) -> list[str]:
        """Unsur codes in the order this unit asks them; unknown or missing codes fall back to U1..U9."""
        chosen = [k for k in self.urutan_unsur if k in KODE_UNSUR]
        if sorted(chosen) != sorted(KODE_UNSUR):
            return list(KODE_UNSUR)
        return chosen


class JenisLayanan(models.Model):
    unit = models.ForeignKey(UnitLayanan, on_delete=models.CASCADE, related_name="jenis_layanan")
    nama = models.CharField(_("jenis layanan"), max_length=200)

    class Meta:
        verbose_name = _("jenis layanan")
        verbose_name_plural = _("jenis layanan")
        ordering = ["unit", "nama"]
        constraints = [models.UniqueConstraint(fields=["unit", "nama"], name="jenis_layanan_unik_per_unit")]

    def __str__(self) -> str:
        return self.nama


class PeriodeSurvei(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Dibuka")
        CLOSED = "closed", _("Ditutup")

    unit = models.ForeignKey(UnitLayanan, on_delete=models.CASCADE, related_name="periode")
    nama = models.CharField(_("nama periode"), max_length=100)
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("selesai"))
    populasi = models.PositiveIntegerField(_("populasi pengguna layanan"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        verbose_name = _("periode survei")
        verbose_name_plural = _("periode survei")
        ordering = ["unit", "-mulai"]
        constraints = [
            models.CheckConstraint(condition=Q(selesai__gte=models.F("mulai")), name="periode_survei_urut"),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "mulai"], name="periode_survei_unit_idx"),
            models.Index(fields=["status", "selesai"], name="periode_survei_tutup_idx"),  # the daily close
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.nama}"


def _answer_field(kode: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(kode, null=True, blank=True)


class Respon(models.Model):
    class Usia(models.TextChoices):
        U_17_25 = "17-25", _("17–25 tahun")
        U_26_35 = "26-35", _("26–35 tahun")
        U_36_45 = "36-45", _("36–45 tahun")
        U_46_55 = "46-55", _("46–55 tahun")
        U_56 = "56+", _("56 tahun ke atas")

    class Pendidikan(models.TextChoices):
        SD = "sd", _("SD")
        SMP = "smp", _("SMP")
        SMA = "sma", _("SMA/SMK")
        DIPLOMA = "diploma", _("D1–D4")
        S1 = "s1", _("S1")
        S2 = "s2", _("S2")
        S3 = "s3", _("S3")
        LAINNYA = "lainnya", _("Lainnya")

    class Pekerjaan(models.TextChoices):
        PNS = "pns", _("PNS")
        TNI_POLRI = "tni_polri", _("TNI/POLRI")
        SWASTA = "swasta", _("Pegawai swasta")
        WIRAUSAHA = "wirausaha", _("Wirausaha")
        PELAJAR = "pelajar", _("Pelajar/mahasiswa")
        LAINNYA = "lainnya", _("Lainnya")

    periode = models.ForeignKey(PeriodeSurvei, on_delete=models.PROTECT, related_name="respon")
    unit = models.ForeignKey(UnitLayanan, on_delete=models.PROTECT, related_name="respon")
    jenis_layanan = models.ForeignKey(
        JenisLayanan, null=True, blank=True, on_delete=models.SET_NULL, related_name="respon"
    )
    u1 = _answer_field("U1")
    u2 = _answer_field("U2")
    u3 = _answer_field("U3")
    u4 = _answer_field("U4")
    u5 = _answer_field("U5")
    u6 = _answer_field("U6")
    u7 = _answer_field("U7")
    u8 = _answer_field("U8")
    u9 = _answer_field("U9")
    usia = models.CharField(_("usia"), max_length=5, choices=Usia.choices, blank=True)
    jenis_kelamin = models.CharField(
        _("jenis kelamin"), max_length=1, choices=[("L", _("Laki-laki")), ("P", _("Perempuan"))], blank=True
    )
    pendidikan = models.CharField(_("pendidikan"), max_length=10, choices=Pendidikan.choices, blank=True)
    pekerjaan = models.CharField(_("pekerjaan"), max_length=12, choices=Pekerjaan.choices, blank=True)
    saran = models.TextField(_("saran"), blank=True, max_length=2000)
    saran_disembunyikan = models.BooleanField(_("saran disembunyikan"), default=False)
    # The client's own id of this response: a retry after a dropped connection is the same response.
    client_token = models.UUIDField(null=True, blank=True, editable=False)
    token_terverifikasi = models.BooleanField(_("dengan token layanan"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("respon survei")
        verbose_name_plural = _("respon survei")
        constraints = [
            *[
                models.CheckConstraint(
                    condition=Q(**{f"u{i}__isnull": True})
                    | Q(**{f"u{i}__gte": JAWABAN_MIN, f"u{i}__lte": JAWABAN_MAKS}),
                    name=f"respon_u{i}_1_4",
                )
                for i in range(1, 10)
            ],
            models.UniqueConstraint(fields=["unit", "client_token"], name="respon_client_token_unik"),
        ]
        indexes = [
            models.Index(fields=["periode", "jenis_layanan"], name="respon_periode_layanan_idx"),
            models.Index(fields=["unit", "created_at"], name="respon_unit_waktu_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.pk}"

    def jawaban(self) -> list[int | None]:
        return [getattr(self, f"u{i}") for i in range(1, 10)]


class KebutuhanPelatihanSurvei(models.Model):
    """A training need found by the survey: at the close of `periode`, the NRR of unsur U6 (kompetensi
    petugas) or U7 (perilaku petugas) was below the unit's threshold. Written once per period and
    unsur (set-based, idempotent) by survei.services.kebutuhan_pelatihan_record; the Pelatihan app
    reads these rows (docs/survei-kebutuhan-pelatihan.md) and marks them handled on its side."""

    UNSUR_PELATIHAN = ("U6", "U7")

    unit = models.ForeignKey(UnitLayanan, on_delete=models.CASCADE, related_name="kebutuhan_pelatihan")
    periode = models.ForeignKey(PeriodeSurvei, on_delete=models.CASCADE, related_name="kebutuhan_pelatihan")
    unsur = models.CharField(
        _("unsur"), max_length=2, choices=[("U6", _("Kompetensi pelaksana")), ("U7", _("Perilaku pelaksana"))]
    )
    nrr = models.DecimalField(_("NRR"), max_digits=3, decimal_places=2)
    ambang = models.DecimalField(_("ambang"), max_digits=3, decimal_places=2)
    jumlah_responden = models.PositiveIntegerField(_("jumlah responden"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kebutuhan pelatihan dari survei")
        verbose_name_plural = _("kebutuhan pelatihan dari survei")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["periode", "unsur"], name="kebutuhan_pelatihan_unik_per_periode"),
            models.CheckConstraint(condition=Q(nrr__lt=models.F("ambang")), name="kebutuhan_pelatihan_di_bawah_ambang"),
        ]
        indexes = [models.Index(fields=["unit", "created_at"], name="kebutuhan_pelatihan_unit_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.periode_id}/{self.unsur}"
