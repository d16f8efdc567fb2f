"""Permissions for supplier checks. Municipal staff see every provider's checks; changing them
is for those who edit the register. Provider users never see checks (not even their own: the
organised-crime check and warning signs are the municipality's assessment)."""

import rules

from insyn.accounts.predicates import can_edit_register, is_municipal, is_provider_user
from insyn.core.permission_docs import describe_predicates

rules.add_perm("suppliers.view_checks", is_municipal)
rules.add_perm("suppliers.record_check", can_edit_register)

# A provider's own staff send in their organisation's annual report (the portal); the figures
# are stored for the municipality, the checks themselves stay hidden from them.
rules.add_perm("suppliers.upload_own_report", is_provider_user)


@rules.predicate
def is_own_provider(user, provider):
    """The user works for this provider (the object is a registry Provider)."""
    return provider is not None and getattr(user, "provider_id", None) == provider.pk


# Provider documents (annual report, quality report, insurance certificate …): municipal
# staff read every provider's, a provider's own users their own organisation's only;
# register editors and the provider's own users upload and remove them.
rules.add_perm("suppliers.view_documents", is_municipal | (is_provider_user & is_own_provider))
rules.add_perm(
    "suppliers.change_documents", can_edit_register | (is_provider_user & is_own_provider)
)

describe_predicates(
    {
        "is_own_provider": "utförarens egna användare",
    }
)
