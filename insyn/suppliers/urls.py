from django.urls import path

from . import views

app_name = "suppliers"

urlpatterns = [
    path("utforare/<int:pk>/", views.provider_checks, name="provider_checks"),
    path(
        "utforare/<int:pk>/organiserad-brottslighet/",
        views.organised_crime,
        name="provider_organised_crime",
    ),
    path("utforare/<int:pk>/ej-tillamplig/", views.not_applicable, name="provider_not_applicable"),
    path(
        "utforare/<int:pk>/arsredovisning/",
        views.annual_report_upload,
        name="provider_report_upload",
    ),
    path("utforare/<int:pk>/nyckeltal/", views.manual_figures, name="provider_manual_figures"),
    path("utforare/<int:pk>/dokument/", views.provider_documents, name="provider_documents"),
    path(
        "utforare/<int:pk>/dokument/<int:document_pk>/",
        views.provider_document_download,
        name="provider_document_download",
    ),
    path(
        "utforare/<int:pk>/dokument/<int:document_pk>/ta-bort/",
        views.provider_document_remove,
        name="provider_document_remove",
    ),
    path("import/", views.register_import, name="register_import"),
    path("import/arsredovisningar/", views.report_import, name="report_import"),
    path(
        "import/arsredovisningar/importera/",
        views.report_import_confirm,
        name="report_import_confirm",
    ),
]
