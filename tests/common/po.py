"""A small reader for gettext .po files (no polib): enough for the catalog tests and the docs' workflow.

Each entry: msgctxt, msgid, msgid_plural, msgstr (list: one item, or one per plural form), flags
(e.g. {"fuzzy", "python-format"}). Obsolete entries (#~) and the header (msgid "") are skipped."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr) and "fuzzy" not in self.flags

    def label(self) -> str:
        return f"{self.msgctxt}|{self.msgid}" if self.msgctxt else self.msgid


def _unquote(text: str) -> str:
    return ast.literal_eval(text)  # PO strings use C escapes, which Python reads the same way


def parse_po(path: Path | str) -> list[Entry]:
    entries: list[Entry] = []
    for block in Path(path).read_text(encoding="utf-8").split("\n\n"):
        entry = Entry()
        target: tuple[str, int | None] | None = None
        seen = False
        for line in block.splitlines():
            line = line.strip()
            if not line or line.startswith("#~"):
                continue
            if line.startswith("#,"):
                entry.flags |= {f.strip() for f in line[2:].split(",")}
                continue
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                value = _unquote(line)
            else:
                keyword, _sep, rest = line.partition(" ")
                value = _unquote(rest)
                if keyword.startswith("msgstr["):
                    target = ("msgstr", int(keyword[7:-1]))
                    entry.msgstr.append("")
                elif keyword == "msgstr":
                    target = ("msgstr", 0)
                    entry.msgstr.append("")
                else:
                    target = (keyword, None)
                    setattr(entry, keyword, "")
                seen = True
            if target is None:
                continue
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += value
            else:
                setattr(entry, name, (getattr(entry, name) or "") + value)
        if seen and entry.msgid:
            entries.append(entry)
    return entries
