"""makemessages that also finds strings marked with the project's gettext aliases.

xgettext knows only the standard names (gettext, gettext_lazy, ngettext, pgettext, ...) and `_`:
`from django.utils.translation import gettext_lazy as _lazy` (kinerja/skp_forms.py) hid every
label of the SKP form from the catalog, so English showed them in Indonesian. Each alias in
ALIASES is passed to xgettext; tests/common/test_i18n_catalog.py fails on an alias missing here."""

from django.core.management.commands import makemessages

# alias -> xgettext keyword spec (argument positions as for the function it stands for)
ALIASES = {"_lazy": "_lazy"}


class Command(makemessages.Command):
    xgettext_options = makemessages.Command.xgettext_options + [f"--keyword={spec}" for spec in ALIASES.values()]
