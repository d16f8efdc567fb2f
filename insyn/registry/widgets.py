"""A unit picker for forms that may point at any unit in the region (50,000 in a big one).

The select renders only the chosen unit; a search box above it asks `registry:unit_search`
(htmx) for matching units. Validation still runs against the field's whole queryset. Where
a form has already narrowed the queryset (e.g. to one provider's units), the small list is
rendered in full, so nothing changes for those pages.
"""

from django import forms
from django.urls import reverse

FULL_LIST_UP_TO = 200


class UnitPicker(forms.Select):
    template_name = "registry/widgets/unit_picker.html"

    def _searchable(self) -> bool:
        queryset = getattr(self.choices, "queryset", None)
        return queryset is not None and queryset.count() > FULL_LIST_UP_TO

    def get_context(self, name, value, attrs):
        self.searchable = self._searchable()
        context = super().get_context(name, value, attrs)
        context["searchable"] = self.searchable
        context["search_url"] = reverse("registry:unit_search")
        return context

    def optgroups(self, name, value, attrs=None):
        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        if not getattr(self, "searchable", self._searchable()):
            return super().optgroups(name, value, attrs)
        chosen = [v for v in value if v not in ("", None)]
        options = [("", "– sök och välj verksamhet –")]
        if chosen:
            units = queryset.filter(pk__in=[v for v in chosen if str(v).isdigit()])
            options += [(unit.pk, iterator.field.label_from_instance(unit)) for unit in units]
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
