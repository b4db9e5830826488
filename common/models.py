"""In-app notifications, shared by every app (cross-app plumbing, STYLE §5)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
            models.Index(fields=["created_at"], condition=Q(email_status="pending"), name="notifikasi_email_pending_idx"),
        ]

    def __str__(self) -> str:
        return self.judul


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
