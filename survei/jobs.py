"""Job kinds of survei (common.jobs): the SKM report PDF of one unit and period.

The report is rendered in a task (WeasyPrint takes a second or two), carries a verification code and
QR (common.verification: issued before rendering, sealed with the final bytes) and is downloaded from
the job page. Each run issues its own code: a re-rendered report is a new document."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import verification
from common.jobs import JobError, JobResult, job_kind
from common.pdf import render_pdf
from survei import pdf as survei_pdf
from survei.models import PeriodeSurvei
from survei.selectors import unit_list_for

KIND_LAPORAN = "survei.laporan_skm"
STEPS = 4


@job_kind(KIND_LAPORAN, label=gettext_lazy("Laporan survei kepuasan masyarakat (PDF)"))
def laporan_skm(job, progress) -> JobResult:
    # Scope re-checked as the owner is now (a role may have been withdrawn since the job was queued).
    periode = (
        PeriodeSurvei.objects.select_related("unit__instansi")
        .filter(pk=job.params.get("periode_id"), unit__in=unit_list_for(user=job.owner))
        .first()
    )
    if periode is None:
        raise JobError(_("Periode survei tidak ditemukan atau Anda tidak lagi berhak melihatnya."))
    progress(0, STEPS)
    context = survei_pdf.laporan_context(periode)
    progress(1, STEPS)
    doc = verification.issue(
        kind="survei.laporan_skm",
        title=_("Laporan SKM %(periode)s") % {"periode": periode.nama},
        subject=periode.unit.nama,
        issued_by=job.owner,
    )
    context["verifikasi"] = verification.pdf_context(doc)
    progress(2, STEPS)
    pdf = render_pdf("survei/pdf/laporan.html", context)
    progress(3, STEPS)
    verification.seal(doc.code, pdf)
    progress(STEPS, STEPS)
    return JobResult(
        f"laporan-skm-{periode.unit.kode}-{periode.pk}.pdf",
        "application/pdf",
        pdf,
        data={"kode_verifikasi": verification.display_code(doc.code)},
    )
