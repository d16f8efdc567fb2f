"""Forms for administering users and the organisational tree (Swedish labels and errors)."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator

from . import services
from .constants import Role
from .models import GroupMapping, OrgUnit, User
from .predicates import MUNICIPAL_ROLES

# Swedish alphabetical order: å, ä, ö come after z, in that order (code points put ä first).
_SWEDISH_ORDER = str.maketrans({"å": "z\x01", "ä": "z\x02", "ö": "z\x03"})


def orgunit_tree() -> dict[int, tuple[tuple[str, ...], int]]:
    """Each unit's place in the tree, from one query: a sort key that lists every unit right
    after its parent (depth first, siblings alphabetical) and its depth (0 for the kommun)."""
    rows = {u.pk: u for u in OrgUnit.objects.only("pk", "name", "parent_id")}
    places = {}
    for unit in rows.values():
        names, node, seen = [], unit, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            names.append((node.name.casefold().translate(_SWEDISH_ORDER), node.pk))
            node = rows.get(node.parent_id)
        places[unit.pk] = (tuple(reversed(names)), len(names) - 1)
    return places


def name_required_fields(form) -> None:
    """Say which field is missing and what to do, instead of Django's generic message."""
    for field in form.fields.values():
        label = str(field.label or "").lower()
        verb = "Välj" if isinstance(field, forms.ChoiceField | forms.ModelChoiceField) else "Fyll i"
        field.error_messages["required"] = f"{verb} {label}."


class _TreeOrder(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        places = orgunit_tree()
        units = sorted(self.queryset, key=lambda u: places.get(u.pk, ((), 0))[0])
        self.field.depths = {pk: depth for pk, (_key, depth) in places.items()}
        for unit in units:
            yield self.choice(unit)


class OrgUnitChoiceField(forms.ModelChoiceField):
    """Organisational units as the tree reads: each right after its parent, indented by one
    dash per level ("Demokommunen", "— Socialnämnden", "— — Socialförvaltningen")."""

    iterator = _TreeOrder
    depths: dict[int, int] = {}

    def label_from_instance(self, obj):
        label = "— " * self.depths.get(obj.pk, 0) + obj.name
        return label if obj.active else f"{label} (inaktiv)"


def _orgunit_field(field: OrgUnitChoiceField, current=None):
    """Active units, plus the one already chosen so an edit never silently drops it."""
    queryset = OrgUnit.objects.filter(active=True)
    if current is not None:
        queryset = OrgUnit.objects.filter(active=True) | OrgUnit.objects.filter(pk=current)
    field.queryset = queryset


class OrgUnitForm(forms.ModelForm):
    parent = OrgUnitChoiceField(
        label="Överordnad enhet",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="– Ingen (högst upp i trädet) –",
    )

    class Meta:
        model = OrgUnit
        fields = ["name", "kind", "code", "parent", "active"]
        labels = {"name": "Namn", "kind": "Typ", "code": "Kod", "active": "Aktiv"}
        help_texts = {
            "code": "Valfri kod, t.ex. enhetens kod i ekonomisystemet.",
            "active": "En enhet som inaktiveras finns kvar i historiken. Den kan inte inaktiveras "
            "så länge aktiva användare eller underenheter hör till den.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _orgunit_field(self.fields["parent"], self.instance.parent_id)
        name_required_fields(self)

    def clean(self):
        cleaned = super().clean()
        name, kind, parent = cleaned.get("name"), cleaned.get("kind"), cleaned.get("parent")
        if kind:
            try:
                services.check_parent(self.instance, parent, kind, bool(cleaned.get("active")))
            except ValidationError as error:
                self.add_error("parent", error)
        if name and "parent" not in self.errors:
            clash = OrgUnit.objects.filter(parent=parent, name__iexact=name).exclude(
                pk=self.instance.pk
            )
            if clash.exists():
                where = f"under {parent.name}" if parent else "högst upp i trädet"
                self.add_error(
                    "name",
                    f"Det finns redan en enhet som heter {name} {where}. Välj ett annat namn.",
                )
        if self.instance.pk and cleaned.get("active") is False:
            for reason in services.deactivation_blockers(self.instance):
                self.add_error("active", f"Enheten kan inte inaktiveras: {reason}")
        return cleaned


class UserForm(forms.ModelForm):
    org_unit = OrgUnitChoiceField(
        label="Organisationsenhet", queryset=OrgUnit.objects.none(), required=False
    )

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "phone",
            "role",
            "org_unit",
            "provider",
        ]
        labels = {
            "username": "Användarnamn",
            "first_name": "Förnamn",
            "last_name": "Efternamn",
            "email": "E-postadress",
            "phone": "Telefon",
            "role": "Roll",
            "provider": "Utförare",
        }
        help_texts = {
            "username": "Högst 150 tecken: bokstäver, siffror och @ . + - _",
            "email": "Hit skickas länken där användaren väljer sitt lösenord.",
            "provider": "Endast för användare med rollen Utförare: den organisation användaren "
            "arbetar för. Användaren ser bara den organisationens uppgifter.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        _orgunit_field(self.fields["org_unit"], self.instance.org_unit_id)
        self.fields["org_unit"].help_text = (
            "Krävs för kommunens användare: enheten styr vad användaren ser. "
            "Lämnas tom för utförarens användare."
        )
        # The model's own field knows registry's Provider: accounts sits below registry.
        self.fields["provider"].queryset = self.fields["provider"].queryset.order_by("name")
        self.fields["username"].widget.attrs["autocomplete"] = "off"
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        name_required_fields(self)

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        clash = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).first()
        if clash:
            raise ValidationError(
                f"E-postadressen används redan av {clash} ({clash.username}). "
                "Ange en annan e-postadress."
            )
        return email

    def clean(self):
        cleaned = super().clean()
        role, provider, org_unit = (
            cleaned.get("role"),
            cleaned.get("provider"),
            cleaned.get("org_unit"),
        )
        if role == Role.PROVIDER:
            if provider is None:
                self.add_error(
                    "provider",
                    "Välj vilken utförare användaren arbetar för: det krävs för rollen Utförare.",
                )
            if org_unit is not None:
                self.add_error(
                    "org_unit",
                    "Utförarens användare tillhör ingen av kommunens enheter. "
                    "Lämna Organisationsenhet tom.",
                )
        elif role in MUNICIPAL_ROLES:
            if provider is not None:
                self.add_error(
                    "provider",
                    "Utförare anges bara för användare med rollen Utförare. "
                    "Lämna fältet tomt eller byt roll.",
                )
            if org_unit is None:
                self.add_error(
                    "org_unit",
                    "Välj vilken organisationsenhet användaren tillhör: "
                    "det krävs för kommunens användare.",
                )
        return cleaned


class UserFilterForm(forms.Form):
    q = forms.CharField(label="Sök namn, användarnamn eller e-post", required=False)
    role = forms.ChoiceField(label="Roll", required=False, choices=[("", "Alla roller")])
    org_unit = OrgUnitChoiceField(
        label="Organisationsenhet (med underenheter)",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="Alla enheter",
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Alla"), ("active", "Aktiva"), ("inactive", "Inaktiverade")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "Alla roller"), *Role.choices]
        self.fields["org_unit"].queryset = OrgUnit.objects.all()


class MembershipForm(forms.Form):
    """A further role in an org unit for a user (the primary one is on the user form)."""

    role = forms.ChoiceField(
        label="Roll",
        choices=[(r.value, r.label) for r in Role if r in MUNICIPAL_ROLES],
        error_messages={"required": "Välj en roll.", "invalid_choice": "Välj en roll i listan."},
    )
    org_unit = OrgUnitChoiceField(
        label="Organisationsenhet",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="– Hela kommunen –",
        error_messages={"invalid_choice": "Välj en aktiv organisationsenhet i listan."},
    )
    delegation = forms.CharField(
        label="Delegationsbeslut",
        max_length=200,
        required=False,
        help_text="Fyll i bara om nämnden har delegerat beslut till personen, t.ex. "
        '"SN Centrum 2026-01-20 § 4, dnr SN-2026/12".',
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _orgunit_field(self.fields["org_unit"])


class GroupMappingForm(forms.ModelForm):
    """A group in the municipality's identity provider → a role in an org unit."""

    role = forms.ChoiceField(
        label="Roll",
        choices=[(r.value, r.label) for r in Role if r in MUNICIPAL_ROLES],
        error_messages={"required": "Välj en roll.", "invalid_choice": "Välj en roll i listan."},
    )
    org_unit = OrgUnitChoiceField(
        label="Organisationsenhet",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="– Hela kommunen –",
        help_text="Rollen gäller enheten och allt under den; tom betyder hela kommunen.",
        error_messages={"invalid_choice": "Välj en aktiv organisationsenhet i listan."},
    )

    class Meta:
        model = GroupMapping
        fields = ["idp_group", "role", "org_unit"]
        labels = {"idp_group": "Grupp i kommunens inloggning"}
        error_messages = {
            "idp_group": {
                "required": "Fyll i gruppens namn eller id.",
                "max_length": "Gruppens namn får vara högst 200 tecken.",
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _orgunit_field(self.fields["org_unit"])

    def clean_idp_group(self):
        return self.cleaned_data["idp_group"].strip()
