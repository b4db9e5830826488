"""API plumbing shared by every app: domain errors and ValidationError become HTTP 400."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class DomainError(Exception):
    """Base for business-rule violations (state errors and the like): answered as HTTP 400."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            data = {
                field: [str(m) for m in errs for m in getattr(m, "messages", [m])]
                for field, errs in exc.error_dict.items()
            }
        else:
            data = {"detail": exc.messages}
        return Response(data, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DomainError):
        key = exc.field or "detail"
        return Response({key: [exc.message]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied):
        return Response({"detail": _("Anda tidak berhak melakukan tindakan ini.")}, status=status.HTTP_403_FORBIDDEN)
    return drf_exception_handler(exc, context)
