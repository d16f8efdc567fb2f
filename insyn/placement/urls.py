from django.urls import path

from . import views

app_name = "placement"

urlpatterns = [
    path("", views.search, name="search"),
    path("rekommendera/", views.recommend, name="recommend"),
    path("rekommendationer/", views.recommendation_list, name="recommendation_list"),
    path("rekommendationer/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path(
        "rekommendationer/<int:pk>/pdf/",
        views.recommendation_download,
        name="recommendation_pdf",
    ),
]
