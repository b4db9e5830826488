"""In-app notifications: the list page, mark one / all as read, and the same as an API."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, re_path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from common.models import Notifikasi

PAGE_SIZE = 30


def notifikasi_for(user):
    """A user's own notifications only (the penerima_idx index), newest first."""
    return Notifikasi.objects.filter(penerima=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    return Notifikasi.objects.filter(penerima=user, dibaca_at__isnull=True).count()


def mark_read(user, ids=None) -> int:
    """Mark the user's notifications (all, or `ids`) read; one UPDATE; returns how many changed."""
    qs = Notifikasi.objects.filter(penerima=user, dibaca_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(dibaca_at=timezone.now())


@login_required
def notifikasi_list(request):
    page = Paginator(notifikasi_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "common/notifikasi.html", {"page": page})


@login_required
@require_POST
def notifikasi_read(request, pk: int):
    n = get_object_or_404(notifikasi_for(request.user), pk=pk)
    mark_read(request.user, [n.pk])
    target = n.url if n.url and url_has_allowed_host_and_scheme(n.url, allowed_hosts={request.get_host()}) else None
    if request.POST.get("buka") and target:
        return redirect(target)
    return redirect("notifikasi:list")


@login_required
@require_POST
def notifikasi_read_all(request):
    mark_read(request.user)
    return redirect("notifikasi:list")


class NotifikasiSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notifikasi
        fields = ["id", "jenis", "judul", "pesan", "url", "dibaca_at", "created_at"]


class NotifikasiListOutput(serializers.Serializer):
    """What GET /api/notifikasi/ answers: the unread count and the newest 100 notifications."""

    belum_dibaca = serializers.IntegerField()
    results = NotifikasiSerializer(many=True)


class NotifikasiReadOutput(serializers.Serializer):
    ditandai = serializers.IntegerField()
    belum_dibaca = serializers.IntegerField()


class NotifikasiApi(APIView):
    class ReadInput(serializers.Serializer):
        ids = serializers.ListField(
            child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), required=False, max_length=1000
        )

    @extend_schema(
        responses={200: NotifikasiListOutput},
        parameters=[OpenApiParameter("belum_dibaca", bool, description="Isi apa saja: hanya yang belum dibaca.")],
    )
    def get(self, request):
        rows = notifikasi_for(request.user)
        if request.query_params.get("belum_dibaca"):
            rows = rows.filter(dibaca_at__isnull=True)
        out = NotifikasiListOutput({"belum_dibaca": unread_count(request.user), "results": rows[:100]})
        return Response(out.data)

    @extend_schema(request=ReadInput, responses={200: NotifikasiReadOutput})
    def post(self, request):
        """Mark read: the given ids, or every unread notification when no ids are sent."""
        data = self.ReadInput(data=request.data)
        data.is_valid(raise_exception=True)
        changed = mark_read(request.user, data.validated_data.get("ids"))
        return Response(NotifikasiReadOutput({"ditandai": changed, "belum_dibaca": unread_count(request.user)}).data)


urlpatterns = [
    path("", notifikasi_list, name="list"),
    path("<int:pk>/baca/", notifikasi_read, name="read"),
    path("baca-semua/", notifikasi_read_all, name="read_all"),
]

api_urlpatterns = [re_path(r"^$", NotifikasiApi.as_view(), name="api_notifikasi")]
