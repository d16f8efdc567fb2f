"""Forms for administering users and the organisational tree (Swedish labels and errors)."""

from django import forms
from django.core.exceptions import ValidationError

from . import services
from .constants import Role
from .models import OrgUnit, User
from .predicates import MUNICIPAL_ROLES


def orgunit_paths(units) -> dict[int, str]:
    """'Kommun › Nämnd › Förvaltning' for each unit, from one query, so a select shows where in
    the tree a unit sits (several districts may share a name across administrations)."""
    rows = {u.pk: u for u in OrgUnit.objects.only("pk", "name", "parent_id")}
    paths = {}
    for unit in units:
        names, node, seen = [], rows.get(unit.pk), set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            names.append(node.name)
            node = rows.get(node.parent_id)
        paths[unit.pk] = " › ".join(reversed(names))
    return paths


def name_required_fields(form) -> None:
    """Say which field is missing and what to do, instead of Django's generic message."""
    for field in form.fields.values():
        label = str(field.label or "").lower()
        verb = "Välj" if isinstance(field, forms.ChoiceField | forms.ModelChoiceField) else "Fyll i"
        field.error_messages["required"] = f"{verb} {label}."


class OrgUnitChoiceField(forms.ModelChoiceField):
    paths: dict[int, str] = {}

    def label_from_instance(self, obj):
        label = self.paths.get(obj.pk, obj.name)
        return label if obj.active else f"{label} (inaktiv)"


def _orgunit_field(field: OrgUnitChoiceField, current=None):
    """Active units, plus the one already chosen so an edit never silently drops it."""
    queryset = OrgUnit.objects.filter(active=True)
    if current is not None:
        queryset = OrgUnit.objects.filter(active=True) | OrgUnit.objects.filter(pk=current)
    field.queryset = queryset.order_by("name")
    field.paths = orgunit_paths(field.queryset)


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
        self.fields["org_unit"].queryset = OrgUnit.objects.order_by("name")
        self.fields["org_unit"].paths = orgunit_paths(self.fields["org_unit"].queryset)
