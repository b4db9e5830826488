"""In-app notifications, shared by every app (cross-app plumbing, STYLE §5)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Notifikasi(models.Model):
    class EmailStatus(models.TextChoices):
        NONE = "none", _("Tidak dikirim")
        PENDING = "pending", _("Menunggu")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")

    penerima = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifikasi")
    jenis = models.CharField(max_length=50)
    judul = models.CharField(_("judul"), max_length=200)
    pesan = models.TextField(_("pesan"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    # Tasks that may run twice pass a key ("reminder-log:<pegawai>:<date>"): a duplicate is not stored
    # and not e-mailed again.
    dedup_key = models.CharField(max_length=200, blank=True)
    dibaca_at = models.DateTimeField(null=True, blank=True)
    # The row is the e-mail outbox: notify() records it as pending, common.notify.send_emails claims it
    # (email_claimed_until, a lease so a dead worker's claim expires), sends it and only then marks it
    # sent with emailed_at; each failed try counts in email_attempts with its email_error.
    email_status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.TextField(blank=True)
    email_claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["penerima", "dedup_key"], condition=~Q(dedup_key=""), name="notifikasi_dedup"
            ),
        ]
        indexes = [
            models.Index(fields=["penerima", "dibaca_at", "-created_at"], name="notifikasi_penerima_idx"),
            # The e-mail sweeper's scan: only the (few) pending rows, oldest first.
            models.Index(
                fields=["created_at"], condition=Q(email_status="pending"), name="notifikasi_email_pending_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.judul


class Job(models.Model):
    """One piece of long work (export, import check, bulk PDFs) run by `common.tasks.job_run_task`.

    The row is also the outbox: it is written in the caller's transaction and a beat sweeper
    re-queues it if the broker publish after commit was lost (common.jobs.job_sweep)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        DONE = "done", pgettext_lazy("status pekerjaan", "Selesai")  # not the end date of a range
        FAILED = "failed", _("Gagal")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(_("jenis"), max_length=100)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(_("selesai"), default=0)
    progress_total = models.PositiveIntegerField(_("jumlah"), default=0)
    result_file = models.FileField(_("berkas hasil"), upload_to="jobs/%Y/%m/", blank=True, max_length=255)
    result_content_type = models.CharField(max_length=120, blank=True)
    result_filename = models.CharField(_("nama berkas"), max_length=255, blank=True)
    # Small structured output a kind wants to show (counts, preview rows); files go in result_file.
    result_data = models.JSONField(_("ringkasan hasil"), default=dict, blank=True)
    error = models.TextField(_("kesalahan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # Last sign of life: set when queued or re-queued and by every progress write. The sweeper
    # re-queues old QUEUED jobs and fails RUNNING ones whose worker stopped writing.
    heartbeat_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pekerjaan latar")
        verbose_name_plural = _("pekerjaan latar")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="job_owner_waktu_idx"),
            models.Index(
                fields=["status", "heartbeat_at"],
                condition=Q(status__in=["queued", "running"]),
                name="job_aktif_heartbeat_idx",
            ),
            models.Index(fields=["expires_at"], condition=~Q(result_file=""), name="job_berkas_kedaluwarsa_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, int(self.progress_done * 100 / self.progress_total))

    @property
    def has_result(self) -> bool:
        return self.status == self.Status.DONE and bool(self.result_file)

    @property
    def label(self) -> str:
        from common.jobs import job_label  # local: common.jobs imports this module

        return job_label(self)


class DokumenTerverifikasi(models.Model):
    """A PDF that left the system, checkable by anyone at /v/<code>/ (common.verification).

    Public: the page shows kind, title, subject and date, so `subject` holds as little as identifies
    the document (a name and the last digits of a NIP), never a full NIP or birth date."""

    code = models.CharField(_("kode"), max_length=16, unique=True)
    kind = models.CharField(_("jenis"), max_length=50)
    title = models.CharField(_("judul"), max_length=200)
    subject = models.CharField(_("subjek"), max_length=200, blank=True)
    # sha256 (hex) of the final PDF bytes; blank until sealed (between issue and seal).
    sha256 = models.CharField(max_length=64, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("dokumen terverifikasi")
        verbose_name_plural = _("dokumen terverifikasi")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class TaskOutbox(models.Model):
    """A Celery task to send, written in the caller's transaction (common.queue.enqueue): a saved write
    never loses its task when the broker is down, the sweeper sends what is left pending."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        DISPATCHED = "dispatched", _("Terkirim ke antrean")

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("antrean tugas")
        verbose_name_plural = _("antrean tugas")
        indexes = [
            models.Index(fields=["created_at"], condition=Q(status="pending"), name="taskoutbox_pending_idx"),
            models.Index(fields=["dispatched_at"], condition=Q(status="dispatched"), name="taskoutbox_dispatched_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task_name} #{self.pk} ({self.status})"
