"""Helpers every SKP page module shares: the signed-in pegawai, messages of a domain error, the SKP
looked up through the viewer's scope (404 outside it)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from kinerja.models import Skp
from kinerja.selectors import skp as sel
from pegawai.models import Pegawai

MAX_ID = 2**63 - 1


def current_pegawai(request) -> Pegawai:
    me = request.user.pegawai_or_none
    if me is None:
        raise PermissionDenied
    return me


def error_messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return [m for msgs in exc.message_dict.values() for m in msgs]
        return list(exc.messages)
    return [getattr(exc, "message", str(exc))]


def skp_or_404(request, pk: int) -> Skp:
    if pk > MAX_ID:
        raise Http404
    skp = sel.skp_detail_for(user=request.user, pk=pk)
    if skp is None:
        raise Http404
    return skp
