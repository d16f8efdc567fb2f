"""Forms of the public part: the search of the unit list, and the controller's publish form."""

from django import forms

from insyn.registry.models import Category

from .constants import Regi
from .models import PublishedFollowUp


class UnitSearchForm(forms.Form):
    q = forms.CharField(label="Sök på namn eller inriktning", required=False, max_length=100)
    category = forms.ModelChoiceField(
        label="Kategori",
        queryset=Category.objects.filter(active=True),
        required=False,
        empty_label="Alla kategorier",
    )
    regi = forms.ChoiceField(
        label="Vem driver verksamheten",
        choices=[("", "Alla"), *Regi.choices],
        required=False,
    )


class FollowUpPublishForm(forms.ModelForm):
    class Meta:
        model = PublishedFollowUp
        fields = ["public_text"]
        widgets = {"public_text": forms.Textarea(attrs={"rows": 2, "cols": 60})}
