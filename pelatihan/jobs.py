"""Job kinds of pelatihan (common.jobs): certificates of a whole run, with progress."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.jobs import JobError, JobResult, job_kind


@job_kind("pelatihan.sertifikat_angkatan", label=gettext_lazy("Sertifikat angkatan"))
def sertifikat_angkatan_job(job, progress) -> JobResult | None:
    from pelatihan.models import Angkatan
    from pelatihan.permissions import can_manage_pelatihan
    from pelatihan.services import sertifikat_angkatan

    angkatan = Angkatan.objects.select_related("program").filter(pk=int(job.params["angkatan_id"])).first()
    # re-checked in the worker: the owner may have lost the role since the job was queued
    if angkatan is None or not can_manage_pelatihan(job.owner, angkatan.program.instansi_id):
        raise JobError(_("Angkatan tidak ditemukan."))
    if angkatan.status != Angkatan.Status.FINISHED:
        raise JobError(_("Sertifikat hanya dibuat untuk angkatan yang sudah selesai."))
    # No result file: the certificates are stored on the enrolments, where participants fetch them.
    sertifikat_angkatan(angkatan_id=angkatan.pk, actor=job.owner, progress=progress)
    return None
