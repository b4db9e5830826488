"""Celery wrappers of the pegawai app: load by id, call one service."""

from celery import shared_task


@shared_task
def pegawai_import_task(job_id: int) -> None:
    # Not acks_late: an import is all-or-nothing and claimed QUEUED -> RUNNING, so a redelivery
    # after a worker crash would find it RUNNING and do nothing; the admin re-uploads instead.
    from pegawai.imports import import_job_run  # local: imports queues this task

    import_job_run(job_id=job_id)


@shared_task
def pegawai_import_preview_task(job_id: int) -> None:
    # The dry run of a large upload; a second run finds the job checked and does nothing.
    from pegawai.imports import import_job_preview_run  # local: imports queues this task

    import_job_preview_run(job_id=job_id)
