"""Job kinds of rekrutmen (common.jobs): the SKD CAT import, checked (dry run) or applied.

The uploaded file is kept in the default storage under ``params["path"]`` by the view that starts
the job; the row errors of a failed check or import become the job's message."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy

from common.jobs import JobError, job_kind


def _run(job, progress, *, dry_run: bool) -> None:
    from pegawai.models import User
    from rekrutmen.models import Seleksi
    from rekrutmen.services import RekrutmenError, skd_import

    seleksi = Seleksi.objects.select_related("parameter").filter(pk=int(job.params["seleksi_id"])).first()
    actor = User.objects.filter(pk=job.owner_id).first()
    if seleksi is None or actor is None:
        raise JobError("Seleksi atau akun tidak ditemukan.")
    with default_storage.open(job.params["path"], "rb") as f:
        content = f.read()
    try:
        hasil = skd_import(
            seleksi=seleksi, actor=actor, content=content, nama_berkas=job.params["path"], dry_run=dry_run
        )
    except RekrutmenError as e:
        raise JobError(e.message) from None
    progress(hasil.rows, hasil.rows)
    if hasil.errors:
        head = "; ".join(f"baris {e.baris} {e.kolom}: {e.pesan}" for e in hasil.errors[:20])
        more = f" (dan {len(hasil.errors) - 20} kesalahan lain)" if len(hasil.errors) > 20 else ""
        raise JobError(f"{len(hasil.errors)} baris salah, tidak ada yang disimpan: {head}{more}")


@job_kind("rekrutmen.skd_import_check", label=gettext_lazy("Pemeriksaan berkas nilai SKD"))
def skd_import_check(job, progress) -> None:
    _run(job, progress, dry_run=True)


@job_kind("rekrutmen.skd_import_run", label=gettext_lazy("Impor nilai SKD"))
def skd_import_run(job, progress) -> None:
    _run(job, progress, dry_run=False)


@job_kind("rekrutmen.pengumuman_pdf", label=gettext_lazy("PDF pengumuman seleksi"))
def pengumuman_pdf_job(job, progress):
    """The announcement PDF of a published stage, built in the background (large selections)."""
    from common.jobs import JobResult
    from rekrutmen import selectors
    from rekrutmen.pdf import pengumuman_pdf

    tahap = job.params.get("tahap", "")
    seleksi = selectors.seleksi_published(tahap=tahap).filter(pk=int(job.params["seleksi_id"])).first()
    if seleksi is None:
        raise JobError("Hasil tahap ini belum diumumkan.")
    pdf = pengumuman_pdf(seleksi=seleksi, tahap=tahap, issued_by=job.owner)
    progress(1, 1)
    return JobResult(f"pengumuman-{tahap}-{seleksi.pk}.pdf", "application/pdf", pdf)
