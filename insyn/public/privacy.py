"""What counts as personal data in what we publish, and the checks before publication.

Decisions (also in docs/open-data.md):

- Identity numbers: whatever insyn.core.identity finds (personnummer and samordningsnummer in
  any written form) is personal data. Every public text is checked before publication, and
  every published or exported field is masked again on output (`public_value`), in case it
  was edited later.
- Organisationsnummer: only a legal entity's number is published. A number that stdnum
  accepts as a personnummer, or whose third digit is below 2 (legal entities have a "month"
  of 20 or more), belongs to a sole trader (enskild näringsidkare): it is a personnummer,
  and a sole trader's business name by law contains the owner's surname, so neither the
  number nor the name is published; the public sees "Enskild näringsidkare".
- Person names: the full names Insyn knows in connection with a unit (the provider's contact
  person and user accounts, the staff responsible for its follow-ups and contracts, and the
  persons responsible in its action plans) must not appear in a published text.
- Published texts are few on purpose: the unit's name and focus, a legal entity's name, and
  an optional short text the controller writes for a follow-up result. Addresses, free text
  from feedback, follow-up answers, findings, deficiency texts and contract titles are never
  published.
"""

import re

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr

from insyn.core import identity

MASK = "[borttaget]"


def identity_numbers_in(text: str) -> list[str]:
    return identity.find_identity_numbers(text)


def mask_identity_numbers(text: str) -> str:
    """Published texts lose the whole number, birth date included."""
    return identity.mask_identity_numbers(text or "", MASK)


def public_value(value):
    """The publication filter on output, for every field of a page row or open-data file:
    text loses its identity numbers; dicts and lists are filtered item by item; numbers,
    dates and None pass unchanged."""
    if isinstance(value, str):
        return mask_identity_numbers(value)
    if isinstance(value, dict):
        return {key: public_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [public_value(item) for item in value]
    return value


def is_legal_entity_number(org_number: str) -> bool:
    """A company's/association's/authority's number, never a person's."""
    try:
        digits = orgnr.compact(org_number or "")
        orgnr.validate(digits)
    except StdnumError:
        return False
    if int(digits[2]) < 2:
        return False
    return not identity_numbers_in(digits)


def is_sole_trader(provider) -> bool:
    return not is_legal_entity_number(provider.org_number)


def public_provider_name(provider) -> str:
    from .constants import SOLE_TRADER_LABEL

    return SOLE_TRADER_LABEL if is_sole_trader(provider) else provider.name


def public_org_number(provider) -> str:
    return "" if is_sole_trader(provider) else provider.org_number


def _full_name(first: str, last: str) -> str:
    return " ".join(part for part in (first.strip(), last.strip()) if part)


def known_person_names(unit) -> set[str]:
    """Full names (two words or more) of the people Insyn links to this unit."""
    from insyn.accounts.models import User
    from insyn.followup.models import ActionPlan, FollowUp

    names = {unit.provider.contact_name.strip()}
    users = User.objects.filter(provider_id=unit.provider_id).values_list("first_name", "last_name")
    names.update(_full_name(f, la) for f, la in users)
    staff = User.objects.filter(pk__in=FollowUp.objects.filter(unit=unit).values("responsible"))
    names.update(_full_name(f, la) for f, la in staff.values_list("first_name", "last_name"))
    owners = User.objects.filter(owned_contracts__units=unit).values_list("first_name", "last_name")
    names.update(_full_name(f, la) for f, la in owners)
    names.update(
        ActionPlan.objects.filter(deficiency__unit=unit).values_list(
            "responsible_person", flat=True
        )
    )
    return {n for n in names if n and len(n.split()) >= 2}


def names_in(text: str, names) -> list[str]:
    found = []
    for name in names:
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(p) for p in name.split()) + r"(?!\w)"
        if re.search(pattern, text or "", flags=re.IGNORECASE):
            found.append(name)
    return sorted(found)


def problems_in(label: str, text: str, names) -> list[str]:
    """Swedish descriptions of the personal data found in one text (empty when clean)."""
    problems = []
    if identity_numbers_in(text):
        problems.append(f"{label} innehåller ett personnummer eller samordningsnummer.")
    if names_in(text, names):
        problems.append(f"{label} innehåller namnet på en person.")
    return problems


def unit_problems(unit) -> list[str]:
    """Unresolved personal data that stops the unit from being published."""
    names = known_person_names(unit)
    problems = problems_in("Verksamhetens namn", unit.name, names)
    problems += problems_in("Verksamhetens inriktning", unit.focus, names)
    if not is_sole_trader(unit.provider):
        problems += problems_in("Utförarens namn", unit.provider.name, names)
    return problems


# A unit's own texts that appear on /insyn/ and in open data, with the label of unit_problems.
PUBLISHED_UNIT_FIELDS = {"name": "Verksamhetens namn", "focus": "Verksamhetens inriktning"}


def published_unit_edit_problems(unit, texts: dict[str, str]) -> dict[str, list[str]]:
    """Personal data in new texts ({field: text}) for a published unit, by field (empty when
    the unit is not published or the texts are clean). A published text reaches the public at
    once, so an edit is checked like the first publication (unit_problems)."""
    from .models import PublishedUnit

    texts = {f: t for f, t in texts.items() if f in PUBLISHED_UNIT_FIELDS}
    if not texts or unit.pk is None or not PublishedUnit.objects.filter(unit=unit).exists():
        return {}
    names = known_person_names(unit)
    found = {}
    for name, text in texts.items():
        problems = problems_in(PUBLISHED_UNIT_FIELDS[name], text or "", names)
        if problems:
            found[name] = problems
    return found


def provider_problems(provider) -> list[str]:
    if is_sole_trader(provider):
        return []  # name and number are replaced by SOLE_TRADER_LABEL, nothing to resolve
    names = {provider.contact_name.strip()} if len(provider.contact_name.split()) >= 2 else set()
    names.update(
        _full_name(f, la)
        for f, la in provider.users.values_list("first_name", "last_name")
        if f and la
    )
    return problems_in("Utförarens namn", provider.name, names)


def followup_text_problems(followup, text: str) -> list[str]:
    return problems_in("Texten för allmänheten", text, known_person_names(followup.unit))


def published_unit_edit_receiver(sender, unit, texts, **kwargs) -> dict[str, list[str]]:
    """Receives registry's `checking_published_unit_edit`: the provider's edit of a
    published unit is checked like the first publication."""
    return published_unit_edit_problems(unit, texts)
