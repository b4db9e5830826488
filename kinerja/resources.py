"""XLSX exports: the compliance board and a pegawai's logs and realisasi for one window. Data comes
from kinerja.selectors.dashboard; this module only formats. Cells go through common.spreadsheet, so
text typed by people (kegiatan, catatan, names) is written inert. The exporters that serve them are
in kinerja/exporters.py."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from common.spreadsheet import CONTENT_TYPES, Spreadsheet
from kinerja.selectors.dashboard import KepatuhanBoard, PegawaiKinerjaExport

XLSX_CONTENT_TYPE = CONTENT_TYPES["xlsx"]


def _num(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def kepatuhan_xlsx(board: KepatuhanBoard, *, instansi_nama: str) -> bytes:
    wb = Spreadsheet("xlsx")
    ws = wb.sheet(_("Kepatuhan"))
    ws.append([_("Papan kepatuhan kinerja"), instansi_nama, board.window.label if board.window else ""])
    ws.append([])
    header = [
        _("Unit kerja"),
        _("Pegawai aktif"),
        _("Dikecualikan (cuti/berhenti)"),
        _("Tanpa SKP"),
        _("SKP belum disetujui"),
        _("Tanpa log"),
        _("Pegawai dengan log menunggu"),
        _("Log menunggu"),
    ]
    ws.append(header)
    for r in [*board.rows, board.total]:
        ws.append(
            [
                r.unit_kerja,
                r.pegawai_aktif,
                r.dikecualikan,
                r.tanpa_skp,
                r.skp_belum_disetujui,
                r.tanpa_log,
                r.pegawai_log_menunggu,
                r.log_menunggu,
            ]
        )
    return wb.getvalue()


def pegawai_kinerja_xlsx(data: PegawaiKinerjaExport) -> bytes:
    p = data.pegawai
    wb = Spreadsheet("xlsx")
    ws = wb.sheet(_("Realisasi"))
    ws.append([_("Nama"), p.nama_lengkap])
    ws.append([_("NIP"), p.nip])
    ws.append([_("Periode"), data.window.label if data.window else ""])
    ws.append([])
    ws.append([_("RHK"), _("Indikator"), _("Target"), _("Satuan"), _("Realisasi"), _("Capaian (%)")])
    for t in data.targets:
        ws.append(
            [
                t.rhk,
                t.indikator,
                _num(t.target_angka) if t.target_angka is not None else t.target_teks,
                t.satuan,
                _num(t.realisasi),
                _num(t.persen),
            ]
        )
    logs = wb.sheet(_("Log harian"))
    logs.append(
        [
            _("Tanggal"),
            _("Jam mulai"),
            _("Jam selesai"),
            _("RHK"),
            _("Kegiatan"),
            _("Output"),
            _("Satuan"),
            _("Status"),
            _("Catatan atasan"),
        ]
    )
    for log in data.logs:
        logs.append(
            [
                log.tanggal,
                log.jam_mulai.strftime("%H:%M"),
                log.jam_selesai.strftime("%H:%M"),
                log.rhk.deskripsi,
                log.kegiatan,
                _num(log.output_jumlah),
                log.output_satuan,
                str(log.get_status_display()),
                log.catatan_atasan,
            ]
        )
    return wb.getvalue()
