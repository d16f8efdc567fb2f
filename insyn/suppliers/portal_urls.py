"""The provider's own pages for this area, mounted under /portal/arsredovisning/."""

from django.urls import path

from . import portal_views

app_name = "suppliers_portal"

urlpatterns = [path("", portal_views.report_upload, name="report_upload")]
