"""The provider's own pages for this area, mounted under /portal/."""

app_name = "feedback_portal"

urlpatterns: list = []
