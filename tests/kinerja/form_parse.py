"""Read a rendered HTML form the way a browser submits it: every input, select and textarea with
the value as rendered (checked boxes only; a select's selected option, else its first)."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.forms: list[list[tuple[str, str]]] = []
        self.fields: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.attrs_by_name: dict[str, dict] = {}
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "form":
            self.fields = []
            self.forms.append(self.fields)
            self.inside = True
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            self.attrs_by_name[name] = a
            kind = a.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and name:
            self.attrs_by_name[name] = a
            self._select = {"name": name, "first": None, "selected": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value")
            self._select["_pending"] = value
            self._select["_text"] = ""
            if "selected" in a:
                self._select["selected_pending"] = True
        elif tag == "textarea" and name:
            self.attrs_by_name[name] = a
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data
        elif self._select is not None and "_pending" in self._select:
            self._select["_text"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "option" and self._select is not None and "_pending" in self._select:
            value = self._select.pop("_pending")
            text = self._select.pop("_text")
            value = text.strip() if value is None else value
            if self._select["first"] is None:
                self._select["first"] = value
            if self._select.pop("selected_pending", False) and self._select["selected"] is None:
                self._select["selected"] = value
        elif tag == "select" and self._select is not None:
            s = self._select
            value = s["selected"] if s["selected"] is not None else s["first"]
            if value is not None:
                self.fields.append((s["name"], value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            # the HTML spec drops one leading newline of a textarea's content
            self.fields.append((self._textarea["name"], text[1:] if text.startswith("\n") else text))
            self._textarea = None


class RenderedForm:
    """The first form of the page that has a field named `containing`."""

    def __init__(self, html: str, containing: str = "rhk-total"):
        p = _FormParser()
        p.feed(html)
        self.fields = next(f for f in p.forms if any(n == containing for n, _v in f))
        self.ids = p.ids
        self.attrs = p.attrs_by_name

    def data(self, over: dict | None = None) -> dict:
        """The submission as a dict of lists (for the test client), some fields overridden."""
        out: dict[str, list[str]] = {}
        for name, value in self.fields:
            out.setdefault(name, []).append(value)
        for k, v in (over or {}).items():
            out[k] = v if isinstance(v, list) else [v]
        return out

    def value(self, name: str) -> str | None:
        return next((v for n, v in self.fields if n == name), None)
