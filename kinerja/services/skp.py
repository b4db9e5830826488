"""The SKP services in one namespace, for callers that write `from kinerja.services import skp`.

The code lives by concern: skp_edit (create/edit, ekspektasi), skp_workflow (submit/return/approve,
new version), skp_copy (last year, bulk, templates per jabatan), skp_koreksi (koreksi atasan),
skp_pdf (the stored PDF); skp_common holds the limits and helpers they share.
"""

from kinerja.services.skp_common import (
    EDITABLE,
    LAMPIRAN_FIELDS,
    MAX_INDIKATOR,
    MAX_RHK,
    PERSPEKTIF_JPT,
    is_jpt,
)
from kinerja.services.skp_copy import (
    PushResult,
    skp_copy_previous,
    skp_copy_previous_bulk,
    template_push,
    template_save,
)
from kinerja.services.skp_edit import skp_create, skp_set_ekspektasi, skp_update
from kinerja.services.skp_koreksi import koreksi_create, koreksi_reject, koreksi_resolve
from kinerja.services.skp_pdf import skp_pdf_render
from kinerja.services.skp_workflow import skp_approve, skp_return, skp_revise, skp_submit

__all__ = [
    "EDITABLE",
    "LAMPIRAN_FIELDS",
    "MAX_INDIKATOR",
    "MAX_RHK",
    "PERSPEKTIF_JPT",
    "PushResult",
    "is_jpt",
    "koreksi_create",
    "koreksi_reject",
    "koreksi_resolve",
    "skp_approve",
    "skp_copy_previous",
    "skp_copy_previous_bulk",
    "skp_create",
    "skp_pdf_render",
    "skp_return",
    "skp_revise",
    "skp_set_ekspektasi",
    "skp_submit",
    "skp_update",
    "template_push",
    "template_save",
]
