"""Edits that are never silently lost: an optimistic lock for every editable record.

A versioned record carries `version`, raised by one on every save. An editor's form (and an
API write) carries the version it was read at; `save_if_current` writes only when the row
still has that version — a conditional UPDATE, so two saves at the same moment cannot both
win — and otherwise raises `StaleEditError`, changing nothing.

The page then tells the second person what the first one changed and keeps what they typed:
`VersionedFormMixin` renders, beside each field, the value the editor saw
(`show_hidden_initial`); `report_conflict` compares those with the row as it is now and
names each field changed in between, e.g. "Antal platser: 10 → 12". The form's version and seen
values are moved to the current ones, so saving again is a conscious overwrite.

Worked example: Anna and Bo open unit 7 at version 3. Bo saves places 12 (version 4). Anna
saves vacancies 1 with version 3: nothing is written, and she reads "Någon annan har sparat
ändringar … Antal platser: 10 → 12". Her "1" is still in the form; she saves again at version 4.
"""

from django import forms
from django.db import models, transaction
from django.db.models import F
from django.forms.models import model_to_dict

from insyn.core.errors import DomainError

STALE_EDIT_MESSAGE = (
    "Någon annan har sparat ändringar medan du redigerade, så inget av det du skrev har "
    "sparats ännu."
)


class StaleEditError(DomainError):
    """The record was saved by someone else after the editor read it."""

    def __init__(self, message: str = STALE_EDIT_MESSAGE):
        super().__init__(message)


class VersionedModel(models.Model):
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        abstract = True


def save_if_current(instance, expected_version: int, save=None):
    """Save `instance` only if its row still has `expected_version`; raise the version by
    one. `save` (default `instance.save`) does the actual write, inside the same
    transaction, after the conditional UPDATE has taken the row."""
    model = type(instance)
    with transaction.atomic():
        taken = model._base_manager.filter(pk=instance.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if not taken:
            raise StaleEditError()
        instance.version = expected_version + 1
        return (save or instance.save)()


class HiddenInitialBoundField(forms.BoundField):
    """Django copies a field's `aria-describedby` onto its hidden "initial-" copy, which is
    invalid HTML (no aria-* on a hidden input) and points a hidden input at a visible help
    text. Only the visible widget is described."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if (widget or self.field.widget).is_hidden:
            attrs.pop("aria-describedby", None)
        return attrs


class VersionedFormMixin:
    """A ModelForm that carries the version and the values its editor saw.

    Use before `forms.ModelForm` in the bases. A new record (no pk) has no version check.
    """

    conflict = False
    bound_field_class = HiddenInitialBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, initial=self.instance.version, required=False
        )
        for name, field in self.fields.items():
            if name != "version":
                field.show_hidden_initial = True

    @property
    def expected_version(self) -> int | None:
        """The version the editor read; None for a new record. A form posted without one
        (an old page, a script) counts as having read the current version."""
        if self.instance.pk is None:
            return None
        version = self.cleaned_data.get("version")
        return self.instance.version if version is None else version

    def changed_by_others(self, current) -> list[str]:
        """Swedish lines "Fält: före → nu" for each field whose value in the database
        differs from the one this editor saw."""
        now = model_to_dict(current, [n for n in self.fields if n != "version"])
        lines = []
        for name, field in self.fields.items():
            if name == "version" or name not in now:
                continue
            seen_raw = field.hidden_widget().value_from_datadict(
                self.data, self.files, self.add_initial_prefix(name)
            )
            if not field.has_changed(now[name], seen_raw):
                continue
            try:
                seen = field.clean(seen_raw)
            except forms.ValidationError:
                seen = seen_raw
            lines.append(f"{field.label}: {_shown(field, seen)} → {_shown(field, now[name])}")
        return lines

    def report_conflict(self, current) -> None:
        """Add the conflict to the form's errors and move its version and seen values to
        `current`, keeping everything the editor typed."""
        lines = self.changed_by_others(current)
        detail = " Ändrat sedan du öppnade sidan: " + "; ".join(lines) + "." if lines else ""
        self.add_error(
            None,
            f"{STALE_EDIT_MESSAGE}{detail} Det du skrev finns kvar nedan – kontrollera och "
            "spara igen.",
        )
        data = self.data.copy()
        data[self.add_prefix("version")] = str(current.version)
        for name, value in model_to_dict(current, list(self.fields)).items():
            field = self.fields[name]
            key = self.add_initial_prefix(name)
            data.pop(key, None)
            prepared = field.prepare_value(value)
            if isinstance(prepared, list | tuple):
                data.setlist(key, [str(v) for v in prepared])
            elif prepared is not None:
                data[key] = str(prepared)
        self.data = data
        self.instance = current
        self.conflict = True


def _shown(field, value) -> str:
    if value in (None, ""):
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(value, list | tuple | models.QuerySet):
        for key, label in choices:
            if str(getattr(key, "value", key)) == str(getattr(value, "pk", value)):
                return str(label)
    if isinstance(value, list | tuple | models.QuerySet):
        return ", ".join(str(v) for v in value) or "–"
    return str(value)


def save_form_if_current(form, save) -> object:
    """For services: run `save()` (which saves the form's instance) under the version the
    editor read. New records save directly."""
    instance = form.instance
    if instance.pk is None or form.expected_version is None:
        return save()
    return save_if_current(instance, form.expected_version, save=save)


def saved_or_conflict(form, save) -> bool:
    """For views: True when `save()` stored the form; False after a stale edit, with the
    conflict reported on the form (re-render it with status 409)."""
    try:
        save()
    except StaleEditError:
        current = type(form.instance)._base_manager.get(pk=form.instance.pk)
        form.report_conflict(current)
        return False
    return True


def form_status(form) -> int:
    """The page's status: 409 when the form shows a stale-edit conflict, else 200."""
    return 409 if getattr(form, "conflict", False) else 200
