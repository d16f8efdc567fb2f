"""Public pages and open data (no login), and the controllers' publication pages."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.start, name="start"),
    path("verksamheter/", views.unit_list, name="unit_list"),
    path("verksamheter/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("utforare/", views.provider_list, name="provider_list"),
    path("utforare/<int:pk>/", views.provider_detail, name="provider_detail"),
    path("arssammanstallningar/", views.year_list, name="year_list"),
    path("arssammanstallningar/<int:year>/", views.year_detail, name="year_detail"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    # Stable addresses of the open data: documented in docs/open-data.md, never rename.
    path("oppna-data/", views.open_data, name="open_data"),
    path("oppna-data/verksamheter.csv", views.units_csv, name="units_csv"),
    path("oppna-data/verksamheter.json", views.units_json, name="units_json"),
    path("oppna-data/uppfoljningar.csv", views.followups_csv, name="followups_csv"),
    path("oppna-data/uppfoljningar.json", views.followups_json, name="followups_json"),
    path("oppna-data/avtal-ocds.json", views.contracts_ocds, name="contracts_ocds"),
    # Staff: publish and unpublish (controllers and administrators).
    path("hantera/", views.manage, name="manage"),
    path("hantera/verksamhet/<int:pk>/publicera/", views.unit_publish, name="unit_publish"),
    path("hantera/verksamhet/<int:pk>/avpublicera/", views.unit_unpublish, name="unit_unpublish"),
    path("hantera/utforare/<int:pk>/publicera/", views.provider_publish, name="provider_publish"),
    path(
        "hantera/utforare/<int:pk>/avpublicera/",
        views.provider_unpublish,
        name="provider_unpublish",
    ),
    path(
        "hantera/uppfoljning/<int:pk>/publicera/", views.followup_publish, name="followup_publish"
    ),
    path(
        "hantera/uppfoljning/<int:pk>/avpublicera/",
        views.followup_unpublish,
        name="followup_unpublish",
    ),
    path("hantera/ar/<int:year>/publicera/", views.year_publish, name="year_publish"),
    path("hantera/ar/<int:year>/avpublicera/", views.year_unpublish, name="year_unpublish"),
]
