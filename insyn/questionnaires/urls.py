from django.urls import path

from . import views

app_name = "questionnaires"

urlpatterns = [
    path("", views.template_list, name="template_list"),
    path("ny/", views.template_create, name="template_create"),
    path("<int:pk>/", views.template_detail, name="template_detail"),
    path("<int:pk>/ny-fraga/", views.question_add, name="question_add"),
    path("fraga/<int:pk>/andra/", views.question_edit, name="question_edit"),
    path("fraga/<int:pk>/ta-bort/", views.question_delete, name="question_delete"),
]
