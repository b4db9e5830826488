"""The SKM questionnaire of PermenPANRB 14/2017: one question per unsur and its four labelled answers
(../shared/domain/survei.md §1.1, tables.json ikm_unsur), keyed by unsur code."""

from django.utils.translation import gettext_lazy as _

PERTANYAAN = {
    "U1": _("Bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
    "U2": _("Bagaimana kemudahan prosedur pelayanan di unit ini?"),
    "U3": _("Bagaimana kecepatan waktu dalam memberikan pelayanan?"),
    "U4": _("Bagaimana kewajaran biaya/tarif dalam pelayanan?"),
    "U5": _("Bagaimana kesesuaian produk pelayanan dengan standar pelayanan yang ditetapkan?"),
    "U6": _("Bagaimana kompetensi/kemampuan petugas dalam pelayanan?"),
    "U7": _("Bagaimana perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?"),
    "U8": _("Bagaimana penanganan pengaduan, saran dan masukan pengguna layanan?"),
    "U9": _("Bagaimana kualitas sarana dan prasarana pelayanan?"),
}

JAWABAN = {
    "U1": (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    "U2": (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
    "U3": (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
    "U4": (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
    "U5": (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    "U6": (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")),
    "U7": (_("Tidak sopan dan ramah"), _("Kurang sopan dan ramah"), _("Sopan dan ramah"), _("Sangat sopan dan ramah")),
    "U8": (_("Tidak ada"), _("Ada tetapi tidak berfungsi"), _("Berfungsi kurang maksimal"), _("Dikelola dengan baik")),
    "U9": (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")),
}
