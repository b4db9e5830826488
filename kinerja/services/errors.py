"""Domain errors of e-Kinerja: answered as HTTP 400 by common.api.exception_handler."""

from common.api import DomainError


class KinerjaError(DomainError):
    """A business rule of e-Kinerja refused the action."""


class StateError(KinerjaError):
    """The object is not in a state that allows the action (e.g. approving an approved log)."""
