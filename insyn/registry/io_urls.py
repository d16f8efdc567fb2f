"""Routes for bulk import and export of the register."""

urlpatterns: list = []
