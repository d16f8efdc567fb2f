"""Who may call an API operation, in words, from the `rules` permission the view names.

The API's documentation says per operation which role and scope it needs (issue 12 item 6)
without hand-written OpenAPI: `api_docs.PermissionSchema` reads the viewset's `perms` (and
`object_perms` for actions that check an object themselves), looks the permission up in
`rules`, and writes its predicate expression in Swedish, e.g.
`followup.change_plan` = "(can_edit_register & acts_for_plan_committee)" → "controller eller
administratör och controller för planens nämnd". Apps describe their predicates with
`describe_predicates({name: text})` (accounts does it for the role predicates); a predicate
without a text is shown by its name.

Kept apart from `api_docs` so that describing predicates imports nothing of drf-spectacular.
"""

import re

PREDICATE_TEXTS: dict[str, str] = {}

ANY_LOGGED_IN = (
    "inloggad användare; svaret och det som kan ändras begränsas till det användarens roller "
    "och medlemskap (nämnd, stadsdel) eller organisation omfattar"
)


def describe_predicates(texts: dict[str, str]) -> None:
    PREDICATE_TEXTS.update(texts)


def describe_permission(perm: str | None) -> str:
    """The Swedish text for a rules permission (None: any logged-in user, scoped)."""
    if perm is None:
        return ANY_LOGGED_IN
    from rules.permissions import permissions

    predicate = permissions.get(perm)
    if predicate is None:
        return f"`{perm}`"
    expression = predicate.name.strip("()") if predicate.name.count("(") == 1 else predicate.name
    text = re.sub(
        r"[A-Za-z_][A-Za-z0-9_]*",
        lambda m: PREDICATE_TEXTS.get(m.group(0), f"`{m.group(0)}`"),
        expression,
    )
    text = text.replace(" & ", " och ").replace(" | ", " eller ").replace("~", "inte ")
    return f"`{perm}`: {text}"


def who_may(perm: str) -> str:
    """Who may do what `perm` allows, in Swedish words only (no permission code), for the
    refusal a user sees: "controller eller administratör och controller för planens nämnd".
    Empty when the permission is unknown."""
    text = describe_permission(perm)
    if text.startswith(f"`{perm}`: "):
        return text.split(": ", 1)[1].strip("()")
    return ""
