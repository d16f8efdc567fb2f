"""Object permissions for the register: municipal staff read everything, editors write,
a provider's own users read and complete only their own organisation."""

import rules

from insyn.accounts.predicates import (
    CONTROLLER_ROLES,
    acts_for_committee,
    can_edit_register,
    is_municipal,
    is_provider_user,
)
from insyn.core.permission_docs import describe_predicates


@rules.predicate
def owns_provider(user, provider):
    return provider is not None and is_provider_user(user) and provider.pk == user.provider_id


@rules.predicate
def owns_unit(user, unit):
    return unit is not None and is_provider_user(user) and unit.provider_id == user.provider_id


@rules.predicate
def owns_contract(user, contract):
    return (
        contract is not None and is_provider_user(user) and contract.provider_id == user.provider_id
    )


@rules.predicate
def acts_for_contract_committee(user, contract):
    """A controller or admin whose membership covers the contract's responsible committee (a
    contract without one: a central membership). Without an object the role alone answers.
    Example: a controller of Socialnämnden Nordost changes Nordost's contracts and their
    committees' parts, not a contract that Socialnämnden Centrum is responsible for."""
    return contract is None or acts_for_committee(user, contract.committee_id, CONTROLLER_ROLES)


rules.add_perm("registry.view_provider", is_municipal | owns_provider)
rules.add_perm("registry.add_provider", can_edit_register)
rules.add_perm("registry.change_provider", can_edit_register | owns_provider)
rules.add_perm("registry.delete_provider", can_edit_register)

rules.add_perm("registry.view_unit", is_municipal | owns_unit)
rules.add_perm("registry.add_unit", can_edit_register)
rules.add_perm("registry.change_unit", can_edit_register | owns_unit)
rules.add_perm("registry.delete_unit", can_edit_register)

rules.add_perm("registry.view_contract", is_municipal | owns_contract)
rules.add_perm("registry.add_contract", can_edit_register)
# Issue 12: a committee's contracts are its own. The page and API check the object; moving a
# contract to another committee also needs that committee (`ContractForm`, field committee).
rules.add_perm("registry.change_contract", can_edit_register & acts_for_contract_committee)
rules.add_perm("registry.delete_contract", can_edit_register)
# The committees' parts of a contract (ContractCommittee): whoever changes the contract, and
# only for a contract of a committee their membership covers.
rules.add_perm("registry.change_contract_parts", can_edit_register & acts_for_contract_committee)

rules.add_perm("registry.import_register", can_edit_register)
rules.add_perm("registry.export_register", is_municipal)
rules.add_perm("registry.view_history", is_municipal)
rules.add_perm("registry.manage_categories", can_edit_register)

describe_predicates(
    {
        "acts_for_contract_committee": "med medlemskap i avtalets ansvariga nämnd",
        "owns_provider": "utförarens egna användare",
        "owns_unit": "utförarens egna användare",
        "owns_contract": "utförarens egna användare",
    }
)
