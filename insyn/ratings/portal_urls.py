"""The provider's own pages for this area, mounted under /portal/rating/."""

from django.urls import path

from . import portal_views

app_name = "ratings_portal"

urlpatterns = [path("", portal_views.summary, name="summary")]
