"""Step 4, write: a plan without problems stored with bulk operations in one transaction.

Since bulk operations send no signals, the auditlog entries are written here in bulk with the
same shape auditlog itself writes (its own `model_instance_diff`), with the importing user as
actor and one correlation id. Unchanged records are not touched.
"""

import datetime as dt
import functools

from auditlog.cid import get_cid
from auditlog.context import disable_auditlog
from auditlog.diff import model_instance_diff, track_field
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import DateTimeField, F
from django.utils import timezone
from django.utils.encoding import smart_str

from ...models import Contract, ContractRequirement, Provider, Unit
from .match import Plan, Planned

BATCH = 500


def write(plan: Plan, user) -> None:
    """Store everything `plan` creates or changes, with its history, in one transaction."""
    _Writer(plan, user).write()


class _Writer:
    def __init__(self, plan: Plan, user):
        self.plan = plan
        self.user = user
        self.existing_providers = plan.existing.providers
        self.existing_units_by_id = plan.existing.units_by_id
        self.contract_units = plan.existing.contract_units
        self.contract_requirements = plan.existing.contract_requirements
        self.providers = plan.providers
        self.units = plan.units
        self.contracts = plan.contracts

    @transaction.atomic
    def write(self):
        now = timezone.now()
        self.log_entries: list[LogEntry] = []
        self.cid = get_cid()
        with disable_auditlog():
            self._write_providers(now)
            self._write_units(now)
            self._write_contracts(now)
            LogEntry.objects.bulk_create(self.log_entries, batch_size=BATCH)

    def _log(self, action, obj, changes):
        if not changes:
            return
        pk = obj.pk
        self.log_entries.append(
            LogEntry(
                content_type=ContentType.objects.get_for_model(obj.__class__),
                object_pk=str(pk),
                object_id=pk,
                object_repr=smart_str(obj),
                action=action,
                changes=changes,
                actor=self.user,
                actor_email=getattr(self.user, "email", None) if self.user else None,
                cid=self.cid,
            )
        )

    def _diff(self, old, new):
        return model_instance_diff(
            old, new, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
        )

    def _update_diff(self, planned):
        # Only the fields we changed can differ; auditlog compares the same concrete fields.
        fields = [f for f in planned.changed if f not in {"units", "requirements"}]
        return model_instance_diff(
            planned.old,
            planned.obj,
            fields_to_check=[*fields, "updated_at"],
            use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES,
        )

    def _write_model(self, model, planned_items, now):
        created = [p.obj for p in planned_items if p.is_new]
        updated = [p for p in planned_items if not p.is_new and p.changed]
        model.objects.bulk_create(created, batch_size=BATCH)
        for obj in created:
            self._log(LogEntry.Action.CREATE, obj, create_diff(obj))
        fields = sorted(
            {f for p in updated for f in p.changed if f not in {"units", "requirements"}}
        )
        if updated and fields:
            changed_rows = [p for p in updated if set(p.changed) - {"units", "requirements"}]
            for p in changed_rows:
                p.obj.updated_at = now
                # An editor with the record open gets a stale-edit conflict, not a silent undo.
                p.obj.version = F("version") + 1
            model.objects.bulk_update(
                [p.obj for p in changed_rows],
                [*fields, "updated_at", "version"],
                batch_size=BATCH,
            )
            for p in changed_rows:
                self._log(LogEntry.Action.UPDATE, p.obj, self._update_diff(p))

    def _write_providers(self, now):
        self._write_model(Provider, list(self.providers.values()), now)

    def _write_units(self, now):
        for planned in self.units.values():
            if planned.is_new:
                org = planned.org
                provider = self.providers.get(org)
                planned.obj.provider = provider.obj if provider else self.existing_providers[org]
        self._write_model(Unit, list(self.units.values()), now)

    def _write_contracts(self, now):
        for planned in self.contracts:
            if planned.is_new:
                provider = self.providers.get(planned.org)
                planned.obj.provider = (
                    provider.obj if provider else self.existing_providers[planned.org]
                )
        self._write_model(Contract, self.contracts, now)
        through = Contract.units.through
        add_rows, remove_pairs, new_reqs, old_reqs = [], [], [], []
        for planned in self.contracts:
            contract = planned.obj
            wanted = {}
            for ref in planned.unit_refs:
                unit = ref.obj if isinstance(ref, Planned) else ref
                wanted[unit.pk] = unit
            current = set() if planned.is_new else self.contract_units.get(contract.pk, set())
            added = [u for pk, u in wanted.items() if pk not in current]
            removed = current - wanted.keys()
            if added:
                add_rows.extend(through(contract_id=contract.pk, unit_id=u.pk) for u in added)
                self._log(LogEntry.Action.UPDATE, contract, _m2m("add", added))
            if removed:
                remove_pairs.append((contract.pk, removed))
                gone = [
                    self.existing_units_by_id.get(pk) or Unit.all_objects.get(pk=pk)
                    for pk in removed
                ]
                self._log(LogEntry.Action.UPDATE, contract, _m2m("delete", gone))
            current_reqs = [] if planned.is_new else self.contract_requirements.get(contract.pk, [])
            wanted_reqs = list(planned.requirements)
            for requirement in current_reqs:
                pair = (requirement.clause, requirement.text, requirement.essential)
                if pair in wanted_reqs:
                    wanted_reqs.remove(pair)
                else:
                    old_reqs.append(requirement)
            new_reqs.extend(
                ContractRequirement(
                    contract=contract, clause=clause, text=text, essential=essential
                )
                for clause, text, essential in wanted_reqs
            )
        for contract_id, unit_ids in remove_pairs:
            through.objects.filter(contract_id=contract_id, unit_id__in=unit_ids).delete()
        through.objects.bulk_create(add_rows, batch_size=BATCH)
        for requirement in old_reqs:
            self._log(LogEntry.Action.DELETE, requirement, self._diff(requirement, None))
        if old_reqs:
            ContractRequirement.objects.filter(pk__in=[r.pk for r in old_reqs]).delete()
        ContractRequirement.objects.bulk_create(new_reqs, batch_size=BATCH)
        for requirement in new_reqs:
            self._log(LogEntry.Action.CREATE, requirement, create_diff(requirement))


@functools.cache
def _concrete_fields(model) -> tuple:
    """(name, attribute, kind) per concrete field, as auditlog's diff reads them."""
    return tuple(
        (
            f.name,
            f.attname,
            "datetime"
            if isinstance(f, DateTimeField)
            else "fk"
            if f.many_to_one or f.one_to_one
            else "",
        )
        for f in model._meta.concrete_fields
        if track_field(f)
    )


_reverse_entries: dict = {}


def create_diff(obj) -> dict | None:
    """What `auditlog.diff.model_instance_diff(None, obj)` returns, at a fraction of its cost.

    auditlog also lists reverse relations on creation (their text is the same for every new
    object of a model), so those are taken once per model from auditlog itself and reused;
    the concrete fields are read directly. A test compares the result with auditlog's own.
    """
    if settings.AUDITLOG_STORE_JSON_CHANGES or settings.AUDITLOG_USE_FK_STRING_REPRESENTATION:
        return model_instance_diff(None, obj, use_json_for_changes=True)
    model = obj.__class__
    fields = _concrete_fields(model)
    if model not in _reverse_entries:
        full = model_instance_diff(None, obj) or {}
        names = {name for name, _, _ in fields}
        _reverse_entries[model] = {k: v for k, v in full.items() if k not in names}
    diff = {}
    for name, attname, kind in fields:
        value = getattr(obj, attname)
        if kind and value is None:
            # auditlog compares the text "None" with None for these, so it lists them empty.
            diff[name] = ("None", "None")
            continue
        if kind == "datetime" and not timezone.is_naive(value):
            value = timezone.make_naive(value, timezone=dt.UTC)
        text = smart_str(value)
        if text != "None":
            diff[name] = ("None", text)
    diff.update(_reverse_entries[model])
    return diff or None


def _m2m(operation, units) -> dict:
    """The shape auditlog's own m2m receiver writes for a changed `units` relation."""
    return {
        "units": {"type": "m2m", "operation": operation, "objects": [smart_str(u) for u in units]}
    }
