"""Staff report pages, mounted at /rapporter/."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("synpunkter/", views.feedback_table, name="feedback_table"),
    path("synpunkter/csv/", views.feedback_table_csv, name="feedback_table_csv"),
]
