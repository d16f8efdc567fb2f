"""Forms for choosing a report's year and org unit, and for the controller's texts."""

import datetime as dt

from django import forms

from . import tertial

MIN_YEAR = 2000


def _year_choices():
    this_year = dt.date.today().year
    return [(y, str(y)) for y in range(this_year + 1, this_year - 11, -1)]


class ScopeForm(forms.Form):
    """Year and org unit of a report (GET). Org units are limited to those the user may see;
    an org unit outside is not offered, and the view answers 404 if it is asked for."""

    year = forms.IntegerField(label="År", min_value=MIN_YEAR, max_value=2100)
    org_unit = forms.IntegerField(label="Organisationsenhet", required=False)

    def __init__(self, *args, org_units=None, allow_municipality=True, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Hela kommunen")] if allow_municipality else []
        choices += [(str(u.pk), u.name) for u in (org_units or [])]
        self.fields["org_unit"].widget = forms.Select(choices=choices)
        self.fields["year"].widget = forms.Select(choices=_year_choices())


class TableNotesForm(forms.Form):
    """One text per row of the tertial table, named `note_<row key>`."""

    def __init__(self, *args, notes=None, **kwargs):
        super().__init__(*args, **kwargs)
        notes = notes or {}
        for row in tertial.ROWS:
            self.fields[f"note_{row.key}"] = forms.CharField(
                label=f"{tertial.NOTE_HEADER}: {row.group} – {row.label}",
                required=False,
                max_length=4000,
                initial=notes.get(row.key, ""),
                widget=forms.Textarea(attrs={"rows": 2, "cols": 30}),
            )

    def texts(self) -> dict[str, str]:
        return {row.key: self.cleaned_data.get(f"note_{row.key}", "") for row in tertial.ROWS}

    def field_for(self, key):
        return self[f"note_{key}"]
