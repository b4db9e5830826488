"""The SKP plan form of the pages (create, edit, templates): pendekatan and lampiran, RHK rows and
the indikator rows nested in each RHK, each a Django form with its own prefix, so a row renders
what it parses (localized targets) and an error sits on its row and field.

Wire format (works without JavaScript): `rhk-total` rows; row i posts `rhk-<i>-<field>` and
`rhk-<i>-ind-total` indikator rows posting `rhk-<i>-ind-<j>-<field>`. A row left empty is ignored,
so the blank rows the page offers cost nothing. The services check the same rules again (the API
calls them directly); this form only parses and says where the problem is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from common.forms import LocalizedDecimalField
from kinerja import rules
from kinerja.services.skp_common import LAMPIRAN_FIELDS, MAX_INDIKATOR, MAX_RHK, PERSPEKTIF_JPT

MAX_ID = 2**63 - 1
BLANK_INDIKATOR = 2  # indikator rows a new RHK row offers
UNREADABLE = _lazy("Formulir RHK tidak dapat dibaca. Muat ulang halaman dan coba lagi.")


def _count(data, key: str, limit: int) -> int | None:
    """A posted row count, capped so a forged form cannot make the server loop; None when it is
    missing or not a small non-negative number."""
    raw = data.get(key, "")
    if not isinstance(raw, str) or not raw.isdigit() or len(raw) > 6:
        return None
    return min(int(raw), limit)


class _RowForm(forms.Form):
    """Ids are the names (no "id_" prefix): labels, error ids and the browser tests use them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)


class SkpMetaForm(_RowForm):
    pendekatan = forms.ChoiceField(
        label=_lazy("Pendekatan"),
        choices=rules.Pendekatan.choices,
        required=False,
        initial=rules.Pendekatan.KUANTITATIF,
    )
    dukungan_sumber_daya = forms.CharField(
        label=_lazy("Dukungan sumber daya"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    skema_pertanggungjawaban = forms.CharField(
        label=_lazy("Skema pertanggungjawaban"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    konsekuensi = forms.CharField(label=_lazy("Konsekuensi"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_pendekatan(self) -> str:
        return self.cleaned_data["pendekatan"] or self.initial.get("pendekatan") or rules.Pendekatan.KUANTITATIF


class RhkForm(_RowForm):
    id = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    jenis = forms.ChoiceField(label=_lazy("Jenis"), choices=rules.JenisRhk.choices, required=False)
    deskripsi = forms.CharField(
        label=_lazy("Rencana hasil kerja"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    rhk_atasan = forms.TypedChoiceField(
        label=_lazy("RHK atasan yang diintervensi"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _lazy("RHK atasan tidak valid.")},
    )
    perspektif = forms.ChoiceField(
        label=_lazy("Perspektif"),
        required=False,
        choices=[("", "—"), *[(p, p) for p in PERSPEKTIF_JPT]],
        error_messages={"invalid_choice": _lazy("Perspektif tidak dikenal.")},
    )
    hapus = forms.BooleanField(label=_lazy("Hapus RHK ini"), required=False)

    def __init__(self, *args, rhk_atasan_options=(), jpt: bool = False, is_template: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rhk_atasan"].choices = [
            ("", _("— tidak ada —")),
            *[(o.pk, o.deskripsi[:120]) for o in rhk_atasan_options],
        ]
        # Only the fields the page shows for this kind of SKP are read back.
        if is_template:
            del self.fields["id"], self.fields["rhk_atasan"], self.fields["perspektif"]
        elif jpt:
            del self.fields["rhk_atasan"]
        else:
            del self.fields["perspektif"]

    def clean_jenis(self) -> str:
        return self.cleaned_data["jenis"] or rules.JenisRhk.UTAMA


class IndikatorForm(_RowForm):
    id = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    aspek = forms.ChoiceField(label=_lazy("Aspek"), choices=rules.Aspek.choices, required=False)
    deskripsi = forms.CharField(label=_lazy("Indikator kinerja individu"), required=False, max_length=4000)
    target_angka = LocalizedDecimalField(
        label=_lazy("Target (angka)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages={"min_value": _lazy("Target tidak boleh negatif.")},
    )
    satuan = forms.CharField(label=_lazy("Satuan"), required=False, max_length=50)
    target_teks = forms.CharField(label=_lazy("Target kualitatif"), required=False, max_length=255)

    def __init__(self, *args, is_template: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if is_template:
            del self.fields["id"]

    def is_blank(self) -> bool:
        """Nothing typed (the aspek select always has a value)."""
        return not any(
            (self.data.get(self.add_prefix(f)) or "").strip()
            for f in ("deskripsi", "target_angka", "satuan", "target_teks")
        )

    def clean(self):
        data = super().clean()
        data["aspek"] = data.get("aspek") or rules.Aspek.KUANTITAS
        if self.is_blank():
            return data
        if not (data.get("deskripsi") or "").strip() and "deskripsi" not in self.errors:
            self.add_error("deskripsi", _("Indikator kinerja individu wajib diisi."))
        has_target = data.get("target_angka") is not None or (data.get("target_teks") or "").strip()
        if not has_target and "target_angka" not in self.errors:
            self.add_error("target_angka", _("Isi target berupa angka dan satuan, atau pernyataan kualitatif."))
        return data


@dataclass
class RhkRow:
    number: int  # 1-based, as the page labels it ("RHK 2")
    form: RhkForm
    indikator: list[IndikatorForm] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        return self.form.prefix


@dataclass
class FieldError:
    where: str  # "RHK 2, indikator 1"
    label: str
    message: str
    field_id: str

    def __str__(self) -> str:
        return f"{self.where}: {self.label}: {self.message}"


class SkpPlanForm:
    """The whole plan: a meta form and RHK rows with nested indikator rows.

    Unbound: built from `rows` (dicts as the services take them) plus `extra` blank RHK rows. Bound:
    parsed from `data`; `extra` blank rows are appended after the posted ones (the "Tambah baris"
    button). `rows_cleaned()` gives the list for skp_create/skp_update/template_save."""

    def __init__(
        self,
        data=None,
        *,
        rows: list[dict] | None = None,
        meta: dict | None = None,
        extra: int = 0,
        rhk_atasan_options=(),
        jpt: bool = False,
        is_template: bool = False,
    ):
        self.data = data
        self.is_bound = data is not None
        self.unreadable = False
        self._kw = {"rhk_atasan_options": list(rhk_atasan_options), "jpt": jpt, "is_template": is_template}
        self.is_template = is_template
        self.meta = SkpMetaForm(data, initial=meta or {})
        self.rows: list[RhkRow] = []
        self.errors: list[FieldError | str] = []
        if self.is_bound:
            self._bind(data)
        else:
            for r in rows or []:
                self._add_row(initial=r, indikator=r.get("indikator") or [], extra_ind=1)
        for _i in range(extra):
            self._add_row(initial={"jenis": rules.JenisRhk.UTAMA}, indikator=[], extra_ind=BLANK_INDIKATOR)

    # --- building ----------------------------------------------------------------------------

    def _add_row(self, *, initial: dict, indikator: list[dict], extra_ind: int) -> None:
        i = len(self.rows)
        prefix = f"rhk-{i}"
        form = RhkForm(prefix=prefix, initial={**initial, "rhk_atasan": initial.get("rhk_atasan")}, **self._kw)
        row = RhkRow(number=i + 1, form=form)
        for j, ind in enumerate([*indikator, *[{"aspek": rules.Aspek.KUANTITAS}] * extra_ind]):
            row.indikator.append(IndikatorForm(prefix=f"{prefix}-ind-{j}", initial=ind, is_template=self.is_template))
        self.rows.append(row)

    def _bind(self, data) -> None:
        total = _count(data, "rhk-total", MAX_RHK + 1)
        if total is None:  # without a readable count the rows cannot be trusted: save nothing
            self.unreadable = True
            return
        for i in range(total):
            prefix = f"rhk-{i}"
            row = RhkRow(number=i + 1, form=RhkForm(data, prefix=prefix, **self._kw))
            n_ind = _count(data, f"{prefix}-ind-total", MAX_INDIKATOR + 1) or 0
            for j in range(n_ind):
                row.indikator.append(IndikatorForm(data, prefix=f"{prefix}-ind-{j}", is_template=self.is_template))
            if not row.indikator:
                row.indikator.append(IndikatorForm(prefix=f"{prefix}-ind-0", is_template=self.is_template))
            self.rows.append(row)

    def add_blank_indikator(self) -> None:
        """One more empty indikator row under every RHK that has none left (the "Tambah baris" button)."""
        for row in self.rows:
            if any(not ind.is_bound or ind.is_blank() for ind in row.indikator):
                continue
            j = len(row.indikator)
            row.indikator.append(IndikatorForm(prefix=f"{row.prefix}-ind-{j}", initial={"aspek": rules.Aspek.KUANTITAS},
                                               is_template=self.is_template))  # fmt: skip

    # --- validation --------------------------------------------------------------------------

    @staticmethod
    def _is_blank_row(row: RhkRow) -> bool:
        deskripsi = (row.form.data.get(row.form.add_prefix("deskripsi")) or "").strip() if row.form.is_bound else ""
        return not deskripsi and all(ind.is_blank() for ind in row.indikator if ind.is_bound)

    def _deleted(self, row: RhkRow) -> bool:
        return row.form.is_bound and row.form.is_valid() and row.form.cleaned_data.get("hapus")

    def is_valid(self) -> bool:
        if not self.is_bound:
            return False
        self.errors = []
        if self.unreadable:
            self.errors.append(str(UNREADABLE))
            return False
        if not self.meta.is_valid():
            for name, msgs in self.meta.errors.items():
                label = self.meta.fields[name].label if name in self.meta.fields else name
                self.errors += [FieldError(_("Formulir"), str(label), m, name) for m in msgs]
        for row in self.rows:
            if self._is_blank_row(row) or self._deleted(row):
                continue
            self._validate_row(row)
        if len(self.rows_cleaned(strict=False)) > MAX_RHK:
            self.errors.append(_("Terlalu banyak RHK."))
        return not self.errors

    def _validate_row(self, row: RhkRow) -> None:
        where = _("RHK %(n)d") % {"n": row.number}
        form = row.form
        form.is_valid()
        if not (form.cleaned_data.get("deskripsi") or "").strip() and "deskripsi" not in form.errors:
            form.add_error("deskripsi", _("Rencana hasil kerja wajib diisi."))
        self._collect(where, form)
        filled = [ind for ind in row.indikator if ind.is_bound and not ind.is_blank()]
        if not filled:
            first = row.indikator[0]
            if not first.is_bound:  # the placeholder row: bind it empty so the error can be shown on it
                first = row.indikator[0] = IndikatorForm({}, prefix=first.prefix, is_template=self.is_template)
            first.is_valid()
            first.add_error("deskripsi", _("Setiap RHK memerlukan minimal satu indikator."))
            self._collect(where + ", " + _("indikator %(n)d") % {"n": 1}, first)
        if len(filled) > MAX_INDIKATOR:
            self.errors.append(where + ": " + _("Terlalu banyak indikator dalam satu RHK."))
        for j, ind in enumerate(row.indikator, start=1):
            if ind in filled:
                ind.is_valid()
                self._collect(where + ", " + _("indikator %(n)d") % {"n": j}, ind)

    def _collect(self, where: str, form: forms.Form) -> None:
        for name, msgs in form.errors.items():
            if name == "__all__":
                self.errors += [f"{where}: {m}" for m in msgs]
                continue
            label = form.fields[name].label or name
            self.errors += [FieldError(where, str(label), m, form.add_prefix(name)) for m in msgs]

    # --- output ------------------------------------------------------------------------------

    def rows_cleaned(self, strict: bool = True) -> list[dict]:
        """The RHK list for the services (only after is_valid())."""
        out = []
        for row in self.rows:
            if self._is_blank_row(row) or self._deleted(row):
                continue
            d = getattr(row.form, "cleaned_data", {})
            indikator = [
                {
                    k: ind.cleaned_data.get(k)
                    for k in ("id", "aspek", "deskripsi", "target_angka", "satuan", "target_teks")
                }
                for ind in row.indikator
                if ind.is_bound and not ind.is_blank() and hasattr(ind, "cleaned_data")
            ]
            out.append(
                {
                    "id": d.get("id"),
                    "jenis": d.get("jenis") or rules.JenisRhk.UTAMA,
                    "deskripsi": (d.get("deskripsi") or "").strip(),
                    "rhk_atasan": d.get("rhk_atasan"),
                    "perspektif": d.get("perspektif") or "",
                    "indikator": indikator,
                }
            )
        return out

    def meta_cleaned(self) -> dict:
        d = self.meta.cleaned_data
        return {"pendekatan": d["pendekatan"], **{f: d.get(f) or "" for f in LAMPIRAN_FIELDS}}

    def add_service_error(self, exc: Exception) -> None:
        """A rule the services enforce that the form does not know (RHK with logs cannot be deleted,
        closed periode, an id that is not this SKP's): shown above the form, nothing was saved."""
        if isinstance(exc, ValidationError):
            if hasattr(exc, "error_dict"):
                self.errors += [m for msgs in exc.message_dict.values() for m in msgs]
            else:
                self.errors += list(exc.messages)
        else:
            self.errors.append(getattr(exc, "message", str(exc)))


class EkspektasiForm(_RowForm):
    """The pejabat penilai's ekspektasi khusus, one text per BerAKHLAK value, posted as
    `ekspektasi-<kode>`. Only the values present in the POST are changed (the page may show a few)."""

    MAX_LENGTH = 4000

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "ekspektasi")
        super().__init__(*args, **kwargs)
        for kode, label in rules.Berakhlak.choices:
            self.fields[kode] = forms.CharField(label=label, required=False, max_length=self.MAX_LENGTH)

    def changed_values(self) -> dict[str, str]:
        """{kode: text} of the values posted (after is_valid())."""
        return {k: v.strip() for k, v in self.cleaned_data.items() if self.add_prefix(k) in self.data}

    def error_messages(self) -> list[str]:
        """ "Ekspektasi khusus <nilai>: <pesan>" for each invalid value."""
        return [
            _("Ekspektasi khusus %(nilai)s: %(pesan)s") % {"nilai": self.fields[k].label, "pesan": m}
            for k, msgs in self.errors.items()
            for m in msgs
        ]
