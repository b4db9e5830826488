"""Employee records: instansi, unit kerja tree, jabatan, pegawai, history, accounts.

Trees (unit kerja, and who supervises whom) are stored as materialized paths ("/1/7/42/") so a
subtree is one indexed prefix query at national scale; services keep the paths right.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from pegawai import rules
from pegawai.rules import (
    JenisJabatan,
    JenisKelamin,
    JenjangFungsional,
    Kedudukan,
    StatusPegawai,
    TingkatPendidikan,
)


class User(AbstractUser):
    """Login account. A pegawai logs in with their NIP (username) or with a named account."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("akun")
        verbose_name_plural = _("akun")

    @cached_property
    def peran_set(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    @cached_property
    def pegawai_or_none(self) -> Pegawai | None:
        try:
            return self.pegawai
        except Pegawai.DoesNotExist:
            return None


class Instansi(models.Model):
    class Jenis(models.TextChoices):
        PUSAT = "pusat", _("Instansi pusat")
        PROVINSI = "provinsi", _("Pemerintah provinsi")
        KABUPATEN_KOTA = "kabupaten_kota", _("Pemerintah kabupaten/kota")

    kode = models.CharField(_("kode"), max_length=40, unique=True)
    nama = models.CharField(_("nama"), max_length=200, unique=True)
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices, default=Jenis.KABUPATEN_KOTA)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama


class UnitKerja(models.Model):
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="unit_kerja")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("unit induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    nama = models.CharField(_("nama"), max_length=255)
    kode = models.CharField(_("kode (UNOR ID SIASN)"), max_length=64, blank=True)
    # "/<root id>/.../<own id>/": maintained by pegawai.services; subtree = path LIKE 'prefix%'.
    path = models.CharField(max_length=1024, db_index=False, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "kode"], condition=~Q(kode=""), name="unitkerja_kode_unik_per_instansi"
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="unitkerja_bukan_induk_sendiri"),
        ]
        indexes = [
            models.Index(fields=["path"], name="unitkerja_path_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["instansi", "parent"], name="unitkerja_instansi_parent_idx"),
        ]

    def __str__(self) -> str:
        return self.nama

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.parent_id is None:
            return
        if self.parent.instansi_id != self.instansi_id:
            raise ValidationError({"parent": _("Unit induk harus berada di instansi yang sama.")})
        if self.pk and (
            self.parent_id == self.pk or rules.would_create_cycle(node_id=self.pk, new_parent_path=self.parent.path)
        ):
            raise ValidationError(
                {"parent": _("Unit tidak dapat dipindah ke bawah dirinya sendiri atau unit turunannya.")}
            )


class Jabatan(models.Model):
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="jabatan")
    nama = models.CharField(_("nama jabatan"), max_length=255)
    jenis = models.CharField(_("jenis jabatan"), max_length=20, choices=JenisJabatan.choices)
    jenjang = models.CharField(_("jenjang fungsional"), max_length=20, choices=JenjangFungsional.choices, blank=True)
    kode = models.CharField(_("kode (JABATAN ID SIASN)"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "nama", "jenis"], name="jabatan_unik_per_instansi"),
            models.CheckConstraint(
                condition=Q(jenis=JenisJabatan.FUNGSIONAL) | Q(jenjang=""),
                name="jabatan_jenjang_hanya_fungsional",
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    @property
    def is_manajerial(self) -> bool:
        return self.jenis in rules.MANAJERIAL


class PegawaiQuerySet(models.QuerySet):
    def aktif(self):
        return self.filter(kedudukan__in=rules.KEDUDUKAN_AKTIF)


class Pegawai(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="pegawai"
    )
    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    nama = models.CharField(_("nama"), max_length=200)
    gelar_depan = models.CharField(_("gelar depan"), max_length=50, blank=True)
    gelar_belakang = models.CharField(_("gelar belakang"), max_length=100, blank=True)
    tanggal_lahir = models.DateField(_("tanggal lahir"))
    tempat_lahir = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, choices=JenisKelamin.choices)
    status = models.CharField(_("status kepegawaian"), max_length=10, choices=StatusPegawai.choices)
    kedudukan = models.CharField(
        _("kedudukan hukum"), max_length=30, choices=Kedudukan.choices, default=Kedudukan.AKTIF
    )
    golongan = models.CharField(_("golongan/ruang"), max_length=8, choices=rules.GOLONGAN_CHOICES, blank=True)
    tmt_golongan = models.DateField(_("TMT golongan"), null=True, blank=True)
    tmt_cpns = models.DateField(_("TMT CPNS"), null=True, blank=True)
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="pegawai")
    unit_kerja = models.ForeignKey(UnitKerja, on_delete=models.PROTECT, related_name="pegawai")
    jabatan = models.ForeignKey(Jabatan, null=True, blank=True, on_delete=models.PROTECT, related_name="pegawai")
    tmt_jabatan = models.DateField(_("TMT jabatan"), null=True, blank=True)
    atasan = models.ForeignKey(
        "self",
        verbose_name=_("atasan langsung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bawahan",
    )
    # "/<top id>/.../<own id>/" along the atasan chain; subordinates = hirarki LIKE 'mine%'.
    hirarki = models.CharField(max_length=1024, editable=False, default="")
    pendidikan_terakhir = models.CharField(
        _("pendidikan terakhir"), max_length=2, choices=TingkatPendidikan.choices, blank=True
    )
    jurusan = models.CharField(_("jurusan/program studi"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    nomor_hp = models.CharField(_("nomor HP"), max_length=20, blank=True)
    batas_usia_pensiun = models.PositiveSmallIntegerField(_("batas usia pensiun"), default=58)
    siasn_id = models.CharField(_("PNS ID SIASN"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PegawaiQuerySet.as_manager()
    # Every saved change of the record (RiwayatPegawai keeps the curated career steps). `hirarki` is
    # derived from the atasan chain and rewritten for whole subtrees: not worth a row per move.
    history = HistoricalRecords(excluded_fields=["hirarki", "created_at", "updated_at"])

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["nama"]
        constraints = [
            models.CheckConstraint(condition=~Q(atasan=models.F("pk")), name="pegawai_bukan_atasan_sendiri"),
            models.CheckConstraint(condition=Q(nip__regex=r"^[0-9]{18}$"), name="pegawai_nip_18_digit"),
        ]
        indexes = [
            models.Index(fields=["instansi", "nama"], name="pegawai_instansi_nama_idx"),
            models.Index(fields=["unit_kerja", "nama"], name="pegawai_unit_nama_idx"),
            models.Index(fields=["golongan"], name="pegawai_golongan_idx"),
            models.Index(fields=["status"], name="pegawai_status_idx"),
            models.Index(fields=["kedudukan"], name="pegawai_kedudukan_idx"),
            models.Index(fields=["atasan"], name="pegawai_atasan_idx"),
            models.Index(fields=["hirarki"], name="pegawai_hirarki_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["nip"], name="pegawai_nip_prefix_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.nama_lengkap} ({self.nip})"

    def clean(self) -> None:
        """Record-level rules shared by forms, admin, API and import (messages in Bahasa Indonesia)."""
        from django.core.exceptions import ValidationError

        errors: dict[str, list] = {}
        try:
            parts = rules.parse_nip(self.nip)
        except ValidationError as exc:
            errors["nip"] = exc.messages
        else:
            self.nip = parts.nip
            for field, message in rules.nip_conflicts(
                parts, tanggal_lahir=self.tanggal_lahir, jenis_kelamin=self.jenis_kelamin
            ).items():
                errors.setdefault(field, []).append(message)
        if self.golongan and not rules.golongan_valid_for(self.status, self.golongan):
            errors.setdefault("golongan", []).append(
                _("Golongan %(gol)s tidak berlaku untuk status %(status)s.")
                % {"gol": self.golongan, "status": self.get_status_display()}
            )
        if self.unit_kerja_id and self.instansi_id and self.unit_kerja.instansi_id != self.instansi_id:
            errors.setdefault("unit_kerja", []).append(_("Unit kerja bukan bagian dari instansi pegawai."))
        if self.jabatan_id and self.instansi_id and self.jabatan.instansi_id != self.instansi_id:
            errors.setdefault("jabatan", []).append(_("Jabatan bukan milik instansi pegawai."))
        if self.atasan_id:
            if self.pk and self.atasan_id == self.pk:
                errors.setdefault("atasan", []).append(_("Pegawai tidak dapat menjadi atasan dirinya sendiri."))
            elif self.pk and rules.would_create_cycle(node_id=self.pk, new_parent_path=self.atasan.hirarki):
                errors.setdefault("atasan", []).append(
                    _("Atasan ini adalah bawahan (langsung atau tidak langsung) dari pegawai ini: terjadi lingkaran.")
                )
        if errors:
            raise ValidationError(errors)

    @property
    def nama_lengkap(self) -> str:
        return rules.nama_lengkap(self.nama, self.gelar_depan, self.gelar_belakang)

    @property
    def nip_format(self) -> str:
        return rules.format_nip(self.nip)

    @property
    def pangkat(self) -> str:
        return rules.pangkat_for(self.golongan)

    @property
    def pangkat_golongan(self) -> str:
        return f"{self.pangkat} ({self.golongan})" if self.pangkat else self.golongan

    @property
    def is_aktif(self) -> bool:
        return self.kedudukan in rules.KEDUDUKAN_AKTIF

    @property
    def tanggal_pensiun(self):
        return rules.tanggal_pensiun(self.tanggal_lahir, self.batas_usia_pensiun)


class RiwayatPegawai(models.Model):
    """One change of jabatan, pangkat, unit or atasan: who, when, before, after."""

    class Jenis(models.TextChoices):
        JABATAN = "jabatan", _("Jabatan")
        GOLONGAN = "golongan", _("Pangkat/golongan")
        UNIT_KERJA = "unit_kerja", _("Unit kerja")
        ATASAN = "atasan", _("Atasan langsung")
        STATUS = "status", _("Status kepegawaian")
        KEDUDUKAN = "kedudukan", _("Kedudukan hukum")

    class Sumber(models.TextChoices):
        FORM = "form", _("Formulir")
        IMPORT = "import", _("Impor SIASN")
        API = "api", _("API")
        ADMIN = "admin", _("Admin Django")
        SISTEM = "sistem", _("Sistem")

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="riwayat")
    jenis = models.CharField(max_length=20, choices=Jenis.choices)
    sebelum = models.CharField(_("sebelum"), max_length=255, blank=True)
    sesudah = models.CharField(_("sesudah"), max_length=255, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    sumber = models.CharField(max_length=10, choices=Sumber.choices, default=Sumber.FORM)

    class Meta:
        verbose_name = _("riwayat pegawai")
        verbose_name_plural = _("riwayat pegawai")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["pegawai", "-changed_at"], name="riwayat_pegawai_waktu_idx")]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()}: {self.sebelum} -> {self.sesudah}"


class ImportJob(models.Model):
    """One SIASN file upload: previewed (dry run), then imported by a Celery task with progress."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Pratinjau")  # uploaded and dry-run; waits for the admin's confirmation
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        DONE = "done", pgettext_lazy("status pekerjaan", "Selesai")  # not the end date of a range
        FAILED = "failed", _("Gagal")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW)
    file = models.FileField(_("berkas"), upload_to="impor-siasn/%Y/%m/")
    nama_berkas = models.CharField(_("nama berkas"), max_length=255, blank=True)
    total = models.PositiveIntegerField(_("jumlah baris"), default=0)
    processed = models.PositiveIntegerField(_("baris diproses"), default=0)
    counts = models.JSONField(_("ringkasan"), default=dict, blank=True)
    errors = models.JSONField(_("kesalahan"), default=list, blank=True)
    pesan = models.TextField(_("pesan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The background run (check of a large file, then the import) as a common.Job: its progress
    # partial is what the page shows while it runs.
    job = models.ForeignKey("common.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("impor SIASN")
        verbose_name_plural = _("impor SIASN")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="importjob_user_waktu_idx")]

    def __str__(self) -> str:
        return f"{self.nama_berkas} ({self.get_status_display()})"

    @property
    def persen(self) -> int:
        return int(self.processed * 100 / self.total) if self.total else 0


class HariLibur(models.Model):
    """A day off that the `holidays` package does not know (pegawai/kalender.py): a regional holiday of
    one instansi, or a national date (instansi empty), e.g. a cuti bersama decided after the release."""

    tanggal = models.DateField(_("tanggal"))
    nama = models.CharField(_("nama"), max_length=200)
    instansi = models.ForeignKey(
        Instansi,
        verbose_name=_("instansi"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="hari_libur",
        help_text=_("Kosongkan untuk libur nasional (berlaku di semua instansi)."),
    )

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ["tanggal"]
        constraints = [
            # Also the indexes of the range lookup (tanggal BETWEEN … AND instansi IS NULL / = X).
            models.UniqueConstraint(
                fields=["tanggal", "instansi"],
                condition=models.Q(instansi__isnull=False),
                name="hari_libur_unik_instansi",
                violation_error_message=_("Tanggal ini sudah tercatat sebagai hari libur instansi tersebut."),
            ),
            models.UniqueConstraint(
                fields=["tanggal"],
                condition=models.Q(instansi__isnull=True),
                name="hari_libur_unik_nasional",
                violation_error_message=_("Tanggal ini sudah tercatat sebagai hari libur nasional."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tanggal:%d-%m-%Y} {self.nama}"
