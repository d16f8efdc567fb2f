"""Staff report pages, mounted at /rapporter/."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("synpunkter/", views.feedback_table, name="feedback_table"),
    path("synpunkter/csv/", views.feedback_table_csv, name="feedback_table_csv"),
    path("indikatorer/", views.indicator_list, name="indicator_list"),
    path("indikatorer/ny/", views.indicator_create, name="indicator_create"),
    path("indikatorer/csv/", views.indicator_csv, name="indicator_csv"),
    path("indikatorer/<int:pk>/andra/", views.indicator_edit, name="indicator_edit"),
    path("indikatorer/<int:pk>/varden/", views.indicator_value, name="indicator_value"),
    path("indikatorer/kolada/", views.kolada_import, name="kolada_import"),
    path("mal/", views.goal_list, name="goal_list"),
    path("mal/nytt/", views.goal_create, name="goal_create"),
    path("mal/kopiera/", views.goal_copy, name="goal_copy"),
    path("mal/<int:pk>/andra/", views.goal_edit, name="goal_edit"),
    path("mal/<int:pk>/aktiviteter/ny/", views.goal_activity, name="goal_activity_create"),
    path(
        "mal/<int:pk>/aktiviteter/<int:activity_pk>/",
        views.goal_activity,
        name="goal_activity_edit",
    ),
    path("mal/<int:pk>/bekrafta/", views.goal_confirm, name="goal_confirm"),
    path("mal/<int:pk>/foresla-status/", views.goal_propose, name="goal_propose"),
    path("arsrapport/", views.annual_report, name="annual_report"),
    path("arsrapport/pdf/", views.annual_report_pdf, name="annual_report_pdf"),
    path("arsrapport/xlsx/", views.annual_report_xlsx, name="annual_report_xlsx"),
    path("egen-och-privat-regi/", views.regi_comparison, name="regi_comparison"),
    path("egen-och-privat-regi/xlsx/", views.regi_comparison_xlsx, name="regi_comparison_xlsx"),
    path("strategiska-avtal/", views.council_report, name="council_report"),
    path("strategiska-avtal/pdf/", views.council_report_pdf, name="council_report_pdf"),
]
