"""Scale data for rekrutmen benchmarks: a seleksi with M formasi and N applicants with SKD scores.

Set-based: on PostgreSQL three INSERT ... SELECT FROM generate_series statements (3,000,000
applications in well under a few minutes on 2 cores); elsewhere bulk_create (small N only).
Scores are pseudo-random but deterministic (setseed), on the CAT's steps: TWK/TIU multiples of 5,
TKP any integer, so passing grades, ties and the SKB cut all occur.
"""

from __future__ import annotations

import time

from django.db import connection, transaction

from pegawai.models import Instansi
from rekrutmen.models import Formasi, Lamaran, ParameterSeleksi, Pelamar, Seleksi

SCALE_NAMA = "Seleksi skala {n} pelamar / {m} formasi"


@transaction.atomic
def generate_rekrutmen(*, instansi: Instansi, pelamar: int, formasi: int, seed: float = 0.42, stdout=None) -> Seleksi:
    if pelamar < 1 or formasi < 1:
        raise ValueError("pelamar dan formasi harus positif")
    t0 = time.perf_counter()
    seleksi = Seleksi.objects.create(
        nama=SCALE_NAMA.format(n=pelamar, m=formasi),
        tahun=2024,
        parameter=ParameterSeleksi.objects.get(tahun=2024),
        status=Seleksi.Status.SKD,
    )
    if connection.vendor != "postgresql":
        _generate_orm(seleksi, instansi, pelamar, formasi)
        return seleksi
    with connection.cursor() as cur:
        cur.execute("SELECT setseed(%s)", [seed])
        cur.execute(
            """INSERT INTO rekrutmen_formasi (seleksi_id, instansi_id, kode, jabatan, jenis_formasi,
                                              kualifikasi_pendidikan, kuota, usia_maks_40)
               SELECT %s, %s, 'F' || lpad(g::text, 7, '0'), 'Jabatan ' || (g %% 97),
                      CASE g %% 20 WHEN 1 THEN 'lulusan_terbaik' WHEN 2 THEN 'disabilitas'
                                   WHEN 3 THEN 'putra_putri_papua' WHEN 4 THEN 'diaspora'
                                   WHEN 5 THEN 'putra_putri_kalimantan' ELSE 'umum' END,
                      '[]'::jsonb, 1 + (g %% 3), FALSE
               FROM generate_series(1, %s) g""",
            [seleksi.pk, instansi.pk, formasi],
        )
        cur.execute("SELECT min(id) FROM rekrutmen_formasi WHERE seleksi_id = %s", [seleksi.pk])
        first_formasi = cur.fetchone()[0]
        cur.execute(
            """INSERT INTO rekrutmen_pelamar (nik, nama, tempat_lahir, tanggal_lahir, jenis_kelamin, email,
                                              nomor_hp, created_at)
               SELECT '9' || lpad(%s::text, 3, '0') || lpad(g::text, 12, '0'), 'Pelamar ' || g, '',
                      DATE '1989-01-01' + (g %% 4000), CASE WHEN g %% 2 = 0 THEN 'L' ELSE 'P' END,
                      'p' || g || '@skala.invalid', '', now()
               FROM generate_series(1, %s) g""",
            [seleksi.pk % 1000, pelamar],
        )
        cur.execute(
            """INSERT INTO rekrutmen_lamaran (seleksi_id, formasi_id, pelamar_id, nomor_peserta, status,
                                              pendidikan, ipk, submitted_at, twk, tiu, tkp, hasil,
                                              alasan_tms, sanggah_status, sanggah_alasan, sanggah_jawaban)
               SELECT %s, %s + ((rn - 1) %% %s), id, lpad(rn::text, 10, '0'), 'ms', 'S1',
                      round((2.75 + random() * 1.25)::numeric, 2), now(),
                      5 * (8 + floor(random() * 23))::int, 5 * (8 + floor(random() * 28))::int,
                      120 + floor(random() * 106)::int, '', '', '', '', ''
               FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM rekrutmen_pelamar
                     WHERE nik LIKE %s) p""",
            [seleksi.pk, first_formasi, formasi, "9" + str(seleksi.pk % 1000).zfill(3) + "%"],
        )
        cur.execute("ANALYZE rekrutmen_lamaran")
        cur.execute("ANALYZE rekrutmen_formasi")
    if stdout is not None:
        stdout.write(f"  rekrutmen: {pelamar} pelamar di {formasi} formasi dalam {time.perf_counter() - t0:.1f} s")
    return seleksi


def _generate_orm(seleksi: Seleksi, instansi: Instansi, pelamar: int, formasi: int) -> None:
    import random

    rnd = random.Random(42)
    jenis = ["umum"] * 15 + [
        "lulusan_terbaik",
        "disabilitas",
        "putra_putri_papua",
        "diaspora",
        "putra_putri_kalimantan",
    ]
    fs = Formasi.objects.bulk_create(
        Formasi(
            seleksi=seleksi,
            instansi=instansi,
            kode=f"F{g:07d}",
            jabatan=f"Jabatan {g % 97}",
            jenis_formasi=jenis[g % 20],
            kuota=1 + g % 3,
        )
        for g in range(1, formasi + 1)
    )
    ps = Pelamar.objects.bulk_create(
        Pelamar(
            nik=f"9{seleksi.pk % 1000:03d}{g:012d}",
            nama=f"Pelamar {g}",
            tanggal_lahir="1995-01-01",
            jenis_kelamin="L",
            email=f"p{g}@skala.invalid",
        )
        for g in range(1, pelamar + 1)
    )
    Lamaran.objects.bulk_create(
        Lamaran(
            seleksi=seleksi,
            formasi=fs[i % formasi],
            pelamar=p,
            status=Lamaran.Status.MS,
            twk=5 * rnd.randint(8, 30),
            tiu=5 * rnd.randint(8, 35),
            tkp=rnd.randint(120, 225),
        )
        for i, p in enumerate(ps)
    )
