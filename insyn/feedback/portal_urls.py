"""The provider's own pages for this area, mounted under /portal/."""

from django.urls import path

from . import portal_views

app_name = "feedback_portal"

urlpatterns = [
    path("", portal_views.item_list, name="list"),
    path("<int:pk>/", portal_views.item_detail, name="detail"),
    path("<int:pk>/svara/", portal_views.item_answer, name="answer"),
]
