"""The schema class that writes into every API operation which permission (role and scope)
it needs (`permission_docs`), so the OpenAPI document says it without hand-written OpenAPI."""

from drf_spectacular.openapi import AutoSchema

from .permission_docs import describe_permission

MISSING = object()


class PermissionSchema(AutoSchema):
    """Appends "Behörighet: …" to each operation's description from the view's `perms`
    (`RulesObjectPermission`) and `object_perms` (actions checking an object themselves);
    views without `perms` (token, reports documents) say so in their own docstring."""

    def get_description(self):
        description = super().get_description() or ""
        view = self.view
        action = getattr(view, "action", None)
        perms = getattr(view, "perms", None)
        if perms is None and getattr(view, "required_perm", None):
            perms = {action: view.required_perm}
        if perms is None:
            if "Behörighet" in description:
                return description
            return f"{description}\n\n**Behörighet:** {describe_permission(None)}.".strip()
        perm = getattr(view, "object_perms", {}).get(action, perms.get(action, MISSING))
        text = "ingen (åtgärden är stängd)" if perm is MISSING else describe_permission(perm)
        return f"{description}\n\n**Behörighet:** {text}.".strip()
