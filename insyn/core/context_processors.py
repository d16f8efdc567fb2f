"""Values every template needs: the municipality's name and the user's menu."""

import rules
from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

# The main menu: (label, [(url name, permission the page checks), …]). An entry shows with
# the first target the user may open, and not at all when there is none, so no link in the
# menu answers 403. The permissions are asked through `rules` directly: a `rules` permission
# that user.has_perm denies falls through to Django's ModelBackend, a query per link.
STAFF_MENU = (
    ("Start", [("home", None)]),
    ("Utförare", [("registry:provider_list", "registry.export_register")]),
    ("Verksamheter", [("registry:unit_list", "registry.export_register")]),
    ("Avtal", [("registry:contract_list", "registry.export_register")]),
    ("Uppföljning", [("followup:plan_list", "followup.view_plan")]),
    ("Rating", [("ratings:tasks", "ratings.view_placement")]),
    ("Synpunkter", [("feedback:list", "feedback.export_items")]),
    (
        "Placering",
        [
            ("placement:search", "placement.search"),
            ("placement:recommendation_list", "placement.view_recommendation"),
        ],
    ),
    ("Rapporter", [("reports:index", "reports.view_feedback_table")]),
    ("Egen och privat regi", [("reports:regi_comparison", "reports.view_regi_comparison")]),
    ("Import", [("registry:import", "registry.import_register")]),
    ("Publicering", [("public:manage", "public.publish")]),
    ("Administration", [("accounts:user_list", "accounts.manage_users")]),
    ("Utskick", [("notifications:outbox", "notifications.manage_outbox")]),
)
# The portal's pages check that the user is a provider user (the audience split below);
# the rating summary also asks for a permission.
PORTAL_MENU = (
    ("Min organisation", [("portal:home", None)]),
    ("Uppföljningar", [("followup_portal:home", None)]),
    ("Synpunkter", [("feedback_portal:list", None)]),
    ("Rating", [("ratings_portal:summary", "ratings.view_own_ratings")]),
)


def menu_for(user, path: str = "") -> list[dict]:
    """The menu entries `user` may open: [{"label", "url", "current"}]. Provider users get
    the portal's menu, municipal users the staff menu, anyone else none."""
    if getattr(user, "is_provider_user", False):
        menu = PORTAL_MENU
    elif getattr(user, "is_municipal", False):
        menu = STAFF_MENU
    else:
        return []
    home = reverse("home")
    entries = []
    for label, targets in menu:
        for url_name, perm in targets:
            if perm is None or rules.has_perm(perm, user):
                url = reverse(url_name)
                current = path == url if url == home else path.startswith(url)
                entries.append({"label": label, "url": url, "current": current})
                break
    # One current entry: the longest url that matches (/rapporter/egen-och-privat-regi/ is
    # its own entry, not "Rapporter").
    current = [e for e in entries if e["current"]]
    if len(current) > 1:
        best = max(current, key=lambda e: len(e["url"]))
        for entry in current:
            entry["current"] = entry is best
    return entries


def insyn(request):
    user = getattr(request, "user", None)
    return {
        "MUNICIPALITY_NAME": settings.INSYN["MUNICIPALITY_NAME"],
        # Lazy: built only when a page renders the menu (not for htmx fragments).
        "menu": SimpleLazyObject(lambda: menu_for(user, request.path)),
    }
