"""Signals the register sends; other apps receive them (the register imports none of them).

`checking_published_unit_edit(sender=Unit, unit, texts)` is sent while a provider's edit of
its own unit is validated, with the changed texts {field: text}. A receiver returns
{field: [Swedish problem, …]} (empty when fine); each problem refuses the edit on that
field. The public part receives it: a published unit's texts reach /insyn/ and open data the
moment they are saved, so the edit gets the same personal-data check as the first
publication.
"""

from django.dispatch import Signal

checking_published_unit_edit = Signal()
