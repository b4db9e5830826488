"""Job pages (status, htmx progress partial, download) and the read-only jobs API. Owner only:
someone else's job does not exist for the viewer (404)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from common.jobs import jobs_for
from common.models import Job

PAGE_SIZE = 30


@login_required
def job_list(request):
    """The user's own jobs, newest first (job_owner_waktu_idx): one COUNT and one page SELECT."""
    from django.core.paginator import Paginator

    page = Paginator(jobs_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "common/job_list.html", {"page": page})


@login_required
def job_detail(request, pk: int):
    job = get_object_or_404(jobs_for(request.user), pk=pk)
    return render(request, "common/job.html", {"job": job})


@login_required
def job_progress(request, pk: int):
    """The partial alone: htmx polls it every second while the job is queued or running."""
    job = get_object_or_404(jobs_for(request.user), pk=pk)
    return render(request, "common/_job_progress.html", {"job": job})


@login_required
def job_download(request, pk: int):
    job = get_object_or_404(jobs_for(request.user), pk=pk)
    if not job.has_result:
        raise Http404(_("Berkas hasil tidak tersedia (belum selesai atau sudah kedaluwarsa)."))
    try:
        fh = job.result_file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Berkas hasil tidak tersedia (belum selesai atau sudah kedaluwarsa).")) from None
    return FileResponse(
        fh,
        as_attachment=True,
        filename=job.result_filename or job.result_file.name.rsplit("/", 1)[-1],
        content_type=job.result_content_type or "application/octet-stream",
    )


class JobSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    label = serializers.CharField(read_only=True)
    percent = serializers.IntegerField(read_only=True)
    download_url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id", "kind", "label", "params", "status", "status_label", "progress_done", "progress_total", "percent",
            "result_filename", "result_content_type", "result_data", "error", "download_url", "page_url",
            "created_at", "started_at", "finished_at", "expires_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_download_url(self, job: Job) -> str | None:
        from django.urls import reverse

        return reverse("jobs:download", args=[job.pk]) if job.has_result else None

    def get_page_url(self, job: Job) -> str:
        from django.urls import reverse

        return reverse("jobs:detail", args=[job.pk])


@extend_schema(summary="Daftar pekerjaan latar milik saya", tags=["jobs"])
class JobListApi(generics.ListAPIView):
    serializer_class = JobSerializer
    filter_backends: list = []

    def get_queryset(self):
        return jobs_for(self.request.user)


@extend_schema(summary="Status satu pekerjaan latar (milik sendiri)", tags=["jobs"])
class JobDetailApi(generics.RetrieveAPIView):
    serializer_class = JobSerializer

    def get_queryset(self):
        return jobs_for(self.request.user)


urlpatterns = [
    path("", job_list, name="list"),
    path("<int:pk>/", job_detail, name="detail"),
    path("<int:pk>/progres/", job_progress, name="progress"),
    path("<int:pk>/unduh/", job_download, name="download"),
]

api_urlpatterns = [
    path("", JobListApi.as_view(), name="api_jobs"),
    path("<int:pk>/", JobDetailApi.as_view(), name="api_job"),
]
