from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("kontaktuppgifter/", views.provider_edit, name="provider_edit"),
    path("verksamheter/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("verksamheter/<int:pk>/andra/", views.unit_edit, name="unit_edit"),
    path("avtal/<int:pk>/", views.contract_detail, name="contract_detail"),
]
