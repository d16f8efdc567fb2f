from django.urls import path

from . import views

app_name = "ratings"

urlpatterns = [
    path("", views.tasks, name="tasks"),
    path("placeringar/ny/", views.placement_create, name="placement_create"),
    path("placeringar/<int:pk>/", views.placement_detail, name="placement_detail"),
    path("placeringar/<int:pk>/rating/", views.rate, name="rate"),
    path("placeringar/<int:pk>/avsluta/", views.placement_end, name="placement_end"),
    path("svarsfrekvens/", views.answer_rates, name="answer_rates"),
]
