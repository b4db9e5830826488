"""Context of the graduate's certificate PDF (templates/pelatihan/pdf/sertifikat.html). No queries
beyond the one that loads the enrolment with its joins (pinned by a test)."""

from __future__ import annotations

from pelatihan.models import Pendaftaran


def sertifikat_queryset():
    return Pendaftaran.objects.select_related("pegawai__unit_kerja", "angkatan__program")


def sertifikat_context(p: Pendaftaran) -> dict:
    a, prog = p.angkatan, p.angkatan.program
    return {
        "nama": p.pegawai.nama_lengkap,
        "nip": p.pegawai.nip,
        "unit": p.pegawai.unit_kerja.nama,
        "program": prog.nama,
        "penyelenggara": prog.penyelenggara,
        "angkatan": a.nama,
        "mulai": a.tanggal_mulai,
        "selesai": a.tanggal_selesai,
        "jp": prog.jp,
        "nilai": p.nilai,
        # deterministic and unique per enrolment: the same graduate always has the same number
        "nomor": f"{prog.pk:04d}/{a.pk:04d}/{p.pk:06d}",
    }
