"""kinerja's background job kinds (autodiscovered by common.apps): the annual evaluation run."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from common.jobs import JobError, JobResult, Progress, job_kind
from common.models import Job
from kinerja.services.evaluasi_batch import JOB_KIND


@job_kind(JOB_KIND, label=_("Evaluasi kinerja tahunan"))
def evaluasi_tahunan(job: Job, progress: Progress) -> JobResult | None:
    from kinerja.models import EvaluasiRun, Periode
    from kinerja.services.evaluasi_batch import evaluasi_tahunan_run

    run = EvaluasiRun.objects.filter(pk=job.params.get("run_id")).first()
    periode = Periode.objects.filter(pk=job.params.get("periode_id")).first()
    if run is None or periode is None:
        raise JobError(_("Periode atau proses evaluasi tidak ditemukan (mungkin sudah dihapus)."))
    rows = evaluasi_tahunan_run(run=run, periode=periode, progress=progress)
    job.result_data = {"baris": rows}
    Job.objects.filter(pk=job.pk).update(result_data={"baris": rows})
    return None
