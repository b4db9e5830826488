"""The regulation tables of ../shared/domain/tables.json, which rules are pinned against.

The reference beside the repository is read when present (CI, developers); a fresh clone without
it uses the snapshot in tests/fixtures/, refreshed by copying the reference file there.
"""

import json
from pathlib import Path

_REPO = Path(__file__).resolve().parents[1]
_CANDIDATES = [_REPO.parent / "shared" / "domain" / "tables.json", _REPO / "tests" / "fixtures" / "domain_tables.json"]


def domain_tables() -> dict:
    for path in _CANDIDATES:
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
    raise FileNotFoundError("tables.json tidak ditemukan di ../shared/domain/ maupun tests/fixtures/")
