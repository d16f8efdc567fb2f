from django.urls import path

from . import views
from .io_urls import urlpatterns as io_urlpatterns

app_name = "registry"

urlpatterns = [
    path("utforare/", views.provider_list, name="provider_list"),
    path("utforare/ny/", views.provider_create, name="provider_create"),
    path("utforare/<int:pk>/", views.provider_detail, name="provider_detail"),
    path("utforare/<int:pk>/andra/", views.provider_edit, name="provider_edit"),
    path("utforare/<int:pk>/ta-bort/", views.provider_delete, name="provider_delete"),
    path("utforare/<int:pk>/historik/", views.provider_history, name="provider_history"),
    path("verksamheter/", views.unit_list, name="unit_list"),
    path("verksamheter/ny/", views.unit_create, name="unit_create"),
    path("verksamheter/sok/", views.unit_search, name="unit_search"),
    path("utforare/sok/", views.provider_search, name="provider_search"),
    path("verksamheter/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("verksamheter/<int:pk>/andra/", views.unit_edit, name="unit_edit"),
    path("verksamheter/<int:pk>/historik/", views.unit_history, name="unit_history"),
    path("avtal/", views.contract_list, name="contract_list"),
    path("avtal/nytt/", views.contract_create, name="contract_create"),
    path("avtal/verksamhetsval/", views.contract_unit_options, name="contract_unit_options"),
    path("avtal/<int:pk>/", views.contract_detail, name="contract_detail"),
    path("avtal/<int:pk>/andra/", views.contract_edit, name="contract_edit"),
    path("avtal/<int:pk>/historik/", views.contract_history, name="contract_history"),
    path("avtal/<int:pk>/delar/ny/", views.contract_part_add, name="contract_part_add"),
    path(
        "avtal/<int:pk>/delar/<int:part_pk>/andra/",
        views.contract_part_edit,
        name="contract_part_edit",
    ),
    path(
        "avtal/<int:pk>/delar/<int:part_pk>/ta-bort/",
        views.contract_part_remove,
        name="contract_part_remove",
    ),
    path(
        "avtal/<int:pk>/dokument/", views.contract_document_upload, name="contract_document_upload"
    ),
    path(
        "avtal/<int:pk>/dokument/<int:document_pk>/",
        views.contract_document_download,
        name="contract_document_download",
    ),
    *io_urlpatterns,
]
