"""Permissions for supplier checks. Municipal staff see every provider's checks; changing them
is for those who edit the register. Provider users never see checks (not even their own: the
organised-crime check and warning signs are the municipality's assessment)."""

import rules

from insyn.accounts.predicates import can_edit_register, is_municipal, is_provider_user

rules.add_perm("suppliers.view_checks", is_municipal)
rules.add_perm("suppliers.record_check", can_edit_register)

# A provider's own staff send in their organisation's annual report (the portal); the figures
# are stored for the municipality, the checks themselves stay hidden from them.
rules.add_perm("suppliers.upload_own_report", is_provider_user)
