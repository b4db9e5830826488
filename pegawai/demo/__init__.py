"""Demo data: the demo instansi Pemerintah Kota Tangerang Selatan (`manage.py seed_demo`).

About 200 pegawai in a realistic unit tree (Sekretariat Daerah, dinas, badan, a kecamatan), valid
NIPs agreeing with birth date and sex, PNS/PPPK/CPNS with golongan fitting the jabatan, atasan =
head of the parent unit (heads of OPD report to the Sekretaris Daerah), an account for everyone
(username = NIP) and the named demo accounts demo.admin, demo.atasan, demo.asn, demo.asn2, demo.bkn.

- `spec`: the data (names, units, jabatan, golongan ranges, named accounts, demo TOTP secret);
- `plan`: spec -> the list of units and people to exist (pure, deterministic: seeded random, fixed
  reference date);
- `write`: the plan -> the database, idempotent (natural keys; missing rows bulk-inserted, drifted
  rows put back through pegawai.services so the change is audited; a second run writes nothing),
  then each other app's `<app>/demo.py` hook (`seed_<app>_demo()`), looked up at run time.
"""

from pegawai.demo.plan import Plan, build_plan, check_plan
from pegawai.demo.spec import DEFAULT_PASSWORD, DEMO_TOTP_SECRET, SEED
from pegawai.demo.write import Stats, seed_demo

__all__ = [
    "DEFAULT_PASSWORD",
    "DEMO_TOTP_SECRET",
    "SEED",
    "Plan",
    "Stats",
    "build_plan",
    "check_plan",
    "seed_demo",
]
