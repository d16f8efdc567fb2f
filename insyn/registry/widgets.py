"""Pickers for forms that may point at any unit or provider in the region (50,000 units and
20,000 providers in a big one).

The select renders only the chosen object; a search box above it asks a search view (htmx)
for matching ones. Validation still runs against the field's whole queryset. Where a form
has already narrowed the queryset (e.g. to one provider's units), the small list is rendered
in full, so nothing changes for those pages.
"""

from django import forms
from django.urls import reverse

FULL_LIST_UP_TO = 200


class SearchPicker(forms.Select):
    template_name = "registry/widgets/search_picker.html"
    search_url_name = ""  # the htmx view answering `?<search_param>=term` with <option>s
    search_param = ""
    search_label = ""
    placeholder = ""
    empty_label = ""

    def _searchable(self) -> bool:
        queryset = getattr(self.choices, "queryset", None)
        return queryset is not None and queryset.count() > FULL_LIST_UP_TO

    def get_context(self, name, value, attrs):
        self.searchable = self._searchable()
        context = super().get_context(name, value, attrs)
        context.update(
            searchable=self.searchable,
            search_url=reverse(self.search_url_name),
            search_param=self.search_param,
            search_label=self.search_label,
            placeholder=self.placeholder,
        )
        return context

    def optgroups(self, name, value, attrs=None):
        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        if not getattr(self, "searchable", self._searchable()):
            return super().optgroups(name, value, attrs)
        chosen = [v for v in value if v not in ("", None)]
        options = [("", self.empty_label)]
        if chosen:
            objects = queryset.filter(pk__in=[v for v in chosen if str(v).isdigit()])
            options += [(obj.pk, iterator.field.label_from_instance(obj)) for obj in objects]
        return [
            (
                None,
                [
                    self.create_option(
                        name, option, label, str(option) in map(str, value), index, attrs=attrs
                    )
                ],
                index,
            )
            for index, (option, label) in enumerate(options)
        ]


class UnitPicker(SearchPicker):
    search_url_name = "registry:unit_search"
    search_param = "unit_search"
    search_label = "Sök verksamhet"
    placeholder = "Sök på verksamhet eller utförare"
    empty_label = "– sök och välj verksamhet –"


class ProviderPicker(SearchPicker):
    search_url_name = "registry:provider_search"
    search_param = "provider_search"
    search_label = "Sök utförare"
    placeholder = "Sök på namn eller organisationsnummer"
    empty_label = "– sök och välj utförare –"
