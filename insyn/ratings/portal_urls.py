"""The provider's own pages for this area, mounted under /portal/."""

app_name = "ratings_portal"

urlpatterns: list = []
