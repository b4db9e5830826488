"""In-app notifications, shared by every app (cross-app plumbing, STYLE §5)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notifikasi(models.Model):
    penerima = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifikasi")
    jenis = models.CharField(max_length=50)
    judul = models.CharField(_("judul"), max_length=200)
    pesan = models.TextField(_("pesan"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    # Tasks that may run twice pass a key ("reminder-log:<pegawai>:<date>"): a duplicate is not stored
    # and not e-mailed again.
    dedup_key = models.CharField(max_length=200, blank=True)
    dibaca_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
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
        indexes = [models.Index(fields=["penerima", "dibaca_at", "-created_at"], name="notifikasi_penerima_idx")]

    def __str__(self) -> str:
        return self.judul
