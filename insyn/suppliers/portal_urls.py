"""The provider's own pages for this area, mounted under /portal/arsredovisning/
(the annual report, and under dokument/ every document the follow-up asks for)."""

from django.urls import path

from . import portal_views

app_name = "suppliers_portal"

urlpatterns = [
    path("", portal_views.report_upload, name="report_upload"),
    path("dokument/", portal_views.documents, name="documents"),
    path("dokument/<int:document_pk>/", portal_views.document_download, name="document_download"),
    path(
        "dokument/<int:document_pk>/ta-bort/",
        portal_views.document_remove,
        name="document_remove",
    ),
]
