"""Job kinds of the pegawai app (common.jobs): the SIASN import's background check and run.

Both wrap the ImportJob services, which stay safe to run twice; a failed import becomes a failed
job with the import's own message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from common.jobs import JobError, job_kind
from pegawai.imports import import_job_preview_run, import_job_run
from pegawai.models import ImportJob


def _failed_message(import_id: int) -> str | None:
    row = ImportJob.objects.filter(pk=import_id).values("status", "pesan", "errors").first()
    if row is None or row["status"] != ImportJob.Status.FAILED:
        return None
    return row["pesan"] or (row["errors"][0]["pesan"] if row["errors"] else "") or "Impor gagal."


@job_kind("pegawai.import_check", label=gettext_lazy("Pemeriksaan berkas impor SIASN"))
def import_check(job, progress) -> None:
    """Dry run of a large upload; the preview (counts, errors) is stored on the ImportJob."""
    import_job_preview_run(job_id=int(job.params["import_id"]), progress=progress)
    if message := _failed_message(int(job.params["import_id"])):
        raise JobError(message)


@job_kind("pegawai.import_run", label=gettext_lazy("Impor data pegawai SIASN"))
def import_run(job, progress) -> None:
    """The confirmed import, all or nothing."""
    import_job_run(job_id=int(job.params["import_id"]), progress=progress)
    if message := _failed_message(int(job.params["import_id"])):
        raise JobError(message)
