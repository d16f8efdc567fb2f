"""The provider's own pages for this area, mounted under /portal/."""

app_name = "followup_portal"

urlpatterns: list = []
