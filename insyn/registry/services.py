"""Writes to the register. Each entry point is one transaction; history is kept by auditlog."""

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone

from insyn.core.concurrency import save_form_if_current

from .models import Contract, Provider, Unit


@transaction.atomic
def save_provider(form, user) -> Provider:
    """Raises StaleEditError (nothing saved) when someone saved since the form was read."""
    with set_actor(user):
        return save_form_if_current(form, form.save)


@transaction.atomic
def save_unit(form, user) -> Unit:
    unit = form.save(commit=False)
    if "vacancies" in form.changed_data and unit.vacancies is not None:
        unit.vacancies_confirmed_on = timezone.localdate()

    def save():
        unit.full_clean()
        unit.save()
        form.save_m2m()

    with set_actor(user):
        save_form_if_current(form, save)
    return unit


@transaction.atomic
def save_contract(form, requirements, user) -> Contract:
    with set_actor(user):
        contract = save_form_if_current(form, form.save)
        requirements.instance = contract
        requirements.save()
    return contract


@transaction.atomic
def add_contract_document(form, contract, user):
    with set_actor(user):
        document = form.save(commit=False)
        document.contract = contract
        document.uploaded_by = user
        document.save()
    return document


@transaction.atomic
def soft_delete(obj, user):
    with set_actor(user):
        obj.soft_delete()
