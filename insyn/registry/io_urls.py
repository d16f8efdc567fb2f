"""Routes for bulk import and export of the register."""

from django.urls import path

from . import views_io

urlpatterns: list = [
    path("import/", views_io.import_upload, name="import"),
    path("import/mall.xlsx", views_io.import_template, name="import_template"),
    path("import/mall.csv", views_io.import_template_csv, name="import_template_csv"),
    path("import/<int:pk>/", views_io.import_preview, name="import_preview"),
    path("import/<int:pk>/importera/", views_io.import_confirm, name="import_confirm"),
    path("utforare/export/", views_io.provider_export, name="provider_export"),
    path("verksamheter/export/", views_io.unit_export, name="unit_export"),
    path("avtal/export/", views_io.contract_export, name="contract_export"),
]
