from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("antal/", views.unread, name="unread"),
    path("installningar/", views.preferences, name="preferences"),
    path("las-alla/", views.mark_all_read, name="mark_all_read"),
    path("arshjul/", views.year_calendar, name="calendar"),
    path("arshjul/ny-adress/", views.renew_feed, name="calendar_renew"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("utskick/", views.outbox, name="outbox"),
    path("utskick/<int:pk>/skicka-igen/", views.outbox_resend, name="outbox_resend"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("<int:pk>/las/", views.mark_read, name="mark_read"),
]
