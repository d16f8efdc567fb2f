"""Forms for the register; the portal forms expose only what a provider may complete."""

from django import forms
from django.core.validators import MinValueValidator
from django.forms import inlineformset_factory
from django.urls import reverse

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.models import OrgUnit
from insyn.accounts.predicates import CONTRACT_OWNER_ROLES, CONTROLLER_ROLES, acts_for_committee
from insyn.core.concurrency import VersionedFormMixin
from insyn.core.files import DOCUMENT, validate_upload
from insyn.core.forms import SwedishDecimalField, SwedishIntegerField

from . import services, signals
from .models import (
    Category,
    Contract,
    ContractCommittee,
    ContractDocument,
    ContractRequirement,
    Provider,
    Unit,
)
from .queries import running_framework_contracts
from .validators import normalize_org_number, validate_org_number

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_negative(field):
    field.validators.append(
        MinValueValidator(0, message="Beloppet kan inte vara negativt. Ange 0 eller mer.")
    )
    # `min` is only valid HTML on a number input; amounts are text inputs (Swedish decimal
    # comma), where the validator above alone keeps the rule.
    if getattr(field.widget, "input_type", None) == "number":
        field.widget.attrs["min"] = 0


class ProviderForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Provider
        fields = [
            "org_number",
            "name",
            "operation_form",
            "street_address",
            "postal_code",
            "city",
            "contact_name",
            "email",
            "phone",
            "website",
            "active",
        ]

    def clean_org_number(self):
        value = self.cleaned_data["org_number"].strip()
        validate_org_number(value)
        value = normalize_org_number(value)
        clash = Provider.all_objects.filter(org_number=value).exclude(pk=self.instance.pk).first()
        if clash:
            raise forms.ValidationError(
                f"Organisationsnumret {value} finns redan i registret ({clash.name}). "
                "Sök fram den utföraren och ändra den i stället."
            )
        return value


class UnitForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "provider",
            "name",
            "category",
            "focus",
            "description",
            "target_age_min",
            "target_age_max",
            "target_gender",
            "target_needs",
            "ivo_permit_number",
            "ivo_permit_date",
            "ivo_permit_scope",
            "places",
            "vacancies",
            "vacancies_confirmed_on",
            "price_per_day_framework",
            "price_indication",
            "street_address",
            "postal_code",
            "city",
            "municipality",
            "district",
            "active",
        ]
        # Swedish users type decimal commas and spaces between the thousands ("3 500,50").
        field_classes = {
            "target_age_min": SwedishIntegerField,
            "target_age_max": SwedishIntegerField,
            "places": SwedishIntegerField,
            "vacancies": SwedishIntegerField,
            "price_per_day_framework": SwedishDecimalField,
            "price_indication": SwedishDecimalField,
        }
        widgets = {
            "ivo_permit_date": DATE_WIDGET,
            "vacancies_confirmed_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(active=True)
        self.fields["district"].queryset = OrgUnit.objects.filter(kind=OrgUnitKind.DISTRICT)
        if self.instance.pk:
            # Moving a unit to another organisation is a new registration, not an edit.
            self.fields["provider"].disabled = True
        for name in ("price_per_day_framework", "price_indication"):
            _not_negative(self.fields[name])

    def clean(self):
        """A framework price is the price agreed in a framework agreement: refused unless one
        covers the unit. Checked only when changed, so an old price on a unit whose agreement
        has ended does not block other edits."""
        cleaned = super().clean()
        # (the saved value, not changed_data: the API sends every field as text)
        if services.framework_price_refused(
            cleaned.get("price_per_day_framework"),
            self.instance.price_per_day_framework,
            lambda: self._framework_covers(cleaned.get("provider")),
        ):
            self.add_error("price_per_day_framework", FRAMEWORK_PRICE_WITHOUT_AGREEMENT)
        return cleaned

    def _framework_covers(self, provider) -> bool:
        """A running framework agreement covers the unit; a new unit cannot be on one yet (the
        contract picks its units), so there it is enough that its provider has one to join."""
        running = running_framework_contracts()
        if self.instance.pk:
            return running.filter(units=self.instance).exists()
        return provider is not None and running.filter(provider=provider).exists()


FRAMEWORK_PRICE_WITHOUT_AGREEMENT = services.FRAMEWORK_PRICE_WITHOUT_AGREEMENT


class PortalProviderForm(VersionedFormMixin, forms.ModelForm):
    """What a provider may complete about its own organisation: contact data."""

    class Meta:
        model = Provider
        fields = [
            "street_address",
            "postal_code",
            "city",
            "contact_name",
            "email",
            "phone",
            "website",
        ]


PUBLISHED_EDIT_REFUSED = (
    " Verksamheten är publicerad och texten visas direkt för allmänheten, så ändringen "
    "sparades inte. Ta bort personuppgifterna och spara igen."
)


class PortalUnitForm(VersionedFormMixin, forms.ModelForm):
    """What a provider may complete about its own unit: vacancies and the description."""

    class Meta:
        model = Unit
        fields = [
            "vacancies",
            "focus",
            "description",
            "target_needs",
            "street_address",
            "postal_code",
            "city",
        ]
        field_classes = {"vacancies": SwedishIntegerField}
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def clean_vacancies(self):
        vacancies = self.cleaned_data["vacancies"]
        places = self.instance.places
        if vacancies is not None and places is not None and vacancies > places:
            raise forms.ValidationError(
                f"Lediga platser ({vacancies}) kan inte vara fler än antal platser ({places}). "
                "Kontakta kommunen om antalet platser har ändrats."
            )
        return vacancies

    def clean(self):
        """A published unit's focus is on /insyn/ and in open data the moment it is saved, so
        the provider's edit gets the publication check and is refused when it fails."""
        cleaned = super().clean()
        changed = {name: cleaned[name] for name in self.changed_data if name in cleaned}
        for _receiver, problems in signals.checking_published_unit_edit.send(
            sender=Unit, unit=self.instance, texts=changed
        ):
            for name, found in (problems or {}).items():
                self.add_error(name, " ".join(found) + PUBLISHED_EDIT_REFUSED)
        return cleaned


COMMITTEE_NOT_YOURS = (
    "Ansvarig nämnd: du kan inte lägga avtalet på {committee}, eftersom du inte är controller "
    "eller systemförvaltare där. Välj en nämnd du arbetar för, eller be en controller i "
    "{committee} att göra ändringen."
)
NO_COMMITTEE_NOT_YOURS = (
    "Ansvarig nämnd: ett avtal utan ansvarig nämnd hör till hela kommunen, och det kan bara "
    "en controller eller systemförvaltare för hela kommunen ange. Välj en nämnd du arbetar för."
)


class ContractForm(VersionedFormMixin, forms.ModelForm):
    """A contract's own fields. With `user`, a changed responsible committee must be one the
    user acts for (issue 12): a controller of Socialnämnden Centrum cannot hand a contract to
    Socialnämnden Nordost, nor take one over from it (`registry.change_contract` already
    refuses them Nordost's contracts). Emptying the field makes the contract the whole
    municipality's, which needs a central membership."""

    class Meta:
        model = Contract
        fields = [
            "contract_type",
            "title",
            "provider",
            "units",
            "committee",
            "owner",
            "start_date",
            "end_date",
            "extension_options",
            "annual_value",
            "diary_number",
            "description",
        ]
        field_classes = {"annual_value": SwedishDecimalField}
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "units": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = OrgUnit.objects.filter(kind=OrgUnitKind.COMMITTEE)
        _not_negative(self.fields["annual_value"])
        provider_id = (
            self.data.get("provider")
            or self.initial.get("provider")
            or (self.instance.provider_id if self.instance.pk else None)
        )
        units = Unit.objects.select_related("provider")
        self.fields["units"].queryset = (
            units.filter(provider_id=provider_id) if provider_id else units.none()
        )
        self.fields["units"].help_text = "Välj utförare först; listan visar dess verksamheter."
        # htmx refreshes the unit choices when the provider changes (no page reload).
        # data-hx-*: htmx reads both forms, only the data- one is valid HTML.
        self.fields["provider"].widget.attrs.update(
            {
                "data-hx-get": reverse("registry:contract_unit_options"),
                "data-hx-target": "#id_units",
                "data-hx-trigger": "change",
            }
        )
        from django.contrib.auth import get_user_model

        self.fields["owner"].queryset = get_user_model().objects.filter(
            role__in=CONTRACT_OWNER_ROLES, is_active=True
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "Slutdatum kan inte vara före startdatum.")
        provider = data.get("provider")
        for unit in data.get("units") or []:
            if provider and unit.provider_id != provider.pk:
                self.add_error("units", f"Verksamheten {unit} tillhör inte vald utförare.")
        self._check_committee(data)
        return data

    def _check_committee(self, data):
        if self.user is None or "committee" not in data:
            return
        committee = data["committee"]
        new_id = committee.pk if committee is not None else None
        if new_id == self.instance.committee_id:
            return
        if not acts_for_committee(self.user, new_id, CONTROLLER_ROLES):
            message = (
                COMMITTEE_NOT_YOURS.format(committee=committee.name)
                if committee is not None
                else NO_COMMITTEE_NOT_YOURS
            )
            self.add_error("committee", message)


class BaseRequirementFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """A contract that has ended cannot get a new essential requirement (väsentligt
        kvalitetskrav): the council report of its years is already settled."""
        super().clean()
        import datetime as dt

        end = self.instance.end_date if self.instance else None
        if end is None or end >= dt.date.today():
            return
        for number, form in enumerate(self.forms, start=1):
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not data.get("essential"):
                continue
            if form.instance.pk is None or "essential" in form.changed_data:
                form.add_error(
                    "essential",
                    f"Rad {number}: avtalet upphörde {end:%Y-%m-%d} och kan inte få nya "
                    "väsentliga kvalitetskrav.",
                )


RequirementFormSet = inlineformset_factory(
    Contract,
    ContractRequirement,
    formset=BaseRequirementFormSet,
    fields=["clause", "text", "essential"],
    # The table's column heading explains the box; a help text per row would need an id.
    help_texts={"essential": ""},
    extra=2,
    can_delete=True,
)


class ContractDocumentForm(forms.ModelForm):
    class Meta:
        model = ContractDocument
        fields = ["title", "file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, DOCUMENT)
        return upload


class ContractPartForm(forms.ModelForm):
    """A committee's part of a contract. The committee is chosen when the part is added and
    stays (remove the part and add another instead); the rules are
    `services.part_problems`, shown on the field they concern."""

    class Meta:
        model = ContractCommittee
        fields = ["committee", "part", "categories"]
        widgets = {"categories": forms.CheckboxSelectMultiple}

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.contract = contract
        self.is_new = self.instance.pk is None
        if self.is_new:
            self.instance.contract = contract
            committee = self.fields["committee"]
            committee.queryset = services.part_committees()
            committee.error_messages["invalid_choice"] = (
                "Välj en nämnd i listan. Bara aktiva organisationsenheter av typen nämnd kan "
                "ha en del av ett avtal."
            )
        else:
            del self.fields["committee"]
        categories = self.fields["categories"]
        editing = None if self.is_new else self.instance
        categories.queryset = services.part_categories(contract, editing)
        categories.error_messages["invalid_choice"] = (
            "Kategorin %(value)s finns inte bland avtalets verksamheters kategorier. Välj bland "
            "dem, eller ingen kategori om delen gäller hela avtalet."
        )
        categories.help_text = (
            "Välj de kategorier av avtalets verksamheter som nämndens del omfattar. "
            "Ingen vald: hela avtalet."
            if categories.queryset.exists()
            else "Avtalet har inga verksamheter ännu, så delen gäller hela avtalet."
        )

    def clean(self):
        data = super().clean()
        committee = data.get("committee") if self.is_new else self.instance.committee
        if committee is None:
            return data
        editing = None if self.is_new else self.instance
        problems = services.part_problems(
            self.contract, committee, data.get("categories") or [], editing
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return data
