from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("export/", views.item_export, name="export"),
    path("ny/", views.item_create, name="create"),
    path("regler/", views.rules_page, name="rules"),
    path("atkomstlogg/", views.access_log, name="access_log"),
    path("larm/<int:pk>/", views.alert_handle, name="alert_handle"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/historik/", views.item_history, name="history"),
    path("<int:pk>/visa-personnummer/", views.item_unmasked, name="unmasked"),
    path("<int:pk>/skicka/", views.item_send, name="send"),
    path("<int:pk>/aterkoppling/", views.item_feedback_given, name="feedback_given"),
    path("<int:pk>/avsluta/", views.item_close, name="close"),
    path("<int:pk>/ateroppna/", views.item_reopen, name="reopen"),
    path("<int:pk>/vidarebefordra/", views.item_forward, name="forward"),
    path("<int:pk>/bilagor/", views.attachment_upload, name="attachment_upload"),
    path(
        "<int:pk>/bilagor/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
]
