"""The provider's own pages for this area, mounted under /portal/uppfoljning/."""

from django.urls import path

from . import portal_views

app_name = "followup_portal"

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("egenrapport/<int:pk>/", portal_views.self_report, name="self_report"),
    path(
        "egenrapport/<int:pk>/bilaga/<int:answer_pk>/",
        portal_views.answer_file,
        name="answer_file",
    ),
    path(
        "egenrapport/<int:pk>/skicka-in/",
        portal_views.self_report_submit,
        name="self_report_submit",
    ),
    path("brist/<int:pk>/", portal_views.deficiency, name="deficiency"),
    path("rapport/<int:pk>/", portal_views.report, name="report"),
    path("rapport/<int:pk>.pdf", portal_views.report_pdf, name="report_pdf"),
]
