"""WeasyPrint context of the SKP document (PermenPANRB 6/2022 form), built from a selector."""

from __future__ import annotations

from django.utils import timezone

from kinerja import rules
from kinerja.selectors.skp import perilaku_rows, skp_detail_qs


def _orang(p, jabatan=None, unit=None) -> dict:
    if p is None:
        return {"nama": "-", "nip": "-", "pangkat": "-", "jabatan": "-", "unit": "-"}
    return {
        "nama": p.nama_lengkap,
        "nip": p.nip,
        "pangkat": p.pangkat_golongan or "-",
        "jabatan": str(jabatan or p.jabatan or "-"),
        "unit": str(unit or p.unit_kerja or "-"),
    }


def verification_subject(nama: str, nip: str) -> str:
    """Shown on the public verification page: the name and only the NIP's last 4 digits (the NIP
    starts with the birth date)."""
    return f"{nama} (NIP …{nip[-4:]})" if nip and nip != "-" else nama


def skp_pdf_context(skp_id: int) -> dict:
    """Everything the template prints, in plain values (5 queries)."""
    skp = skp_detail_qs().get(pk=skp_id)
    rhk = list(skp.rhk.all())
    utama = [r for r in rhk if r.jenis == rules.JenisRhk.UTAMA]
    tambahan = [r for r in rhk if r.jenis == rules.JenisRhk.TAMBAHAN]
    jpt = bool(skp.jabatan and skp.jabatan.jenis.startswith("jpt_"))
    return {
        "skp": skp,
        "jpt": jpt,
        "periode_label": f"1 Januari {skp.periode.tahun} s.d. 31 Desember {skp.periode.tahun}",
        "instansi": skp.periode.instansi.nama,
        "pegawai": _orang(skp.pegawai, skp.jabatan, skp.unit_kerja),
        "penilai": _orang(skp.pejabat_penilai),
        "utama": utama,
        "tambahan": tambahan,
        "perilaku": perilaku_rows(skp),
        "tanggal": timezone.localdate(),
    }
