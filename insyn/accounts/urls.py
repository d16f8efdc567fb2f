"""Administration of users and the organisational tree, mounted at /administration/."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("anvandare/", views.user_list, name="user_list"),
    path("anvandare/ny/", views.user_create, name="user_create"),
    path("anvandare/<int:pk>/", views.user_edit, name="user_edit"),
    path("anvandare/<int:pk>/inaktivera/", views.user_deactivate, name="user_deactivate"),
    path("anvandare/<int:pk>/aktivera/", views.user_reactivate, name="user_reactivate"),
    path(
        "anvandare/<int:pk>/losenordslank/",
        views.user_send_password_link,
        name="user_send_password_link",
    ),
    path("anvandare/<int:pk>/medlemskap/", views.user_memberships, name="user_memberships"),
    path(
        "anvandare/<int:pk>/medlemskap/<int:membership_pk>/ta-bort/",
        views.user_membership_remove,
        name="user_membership_remove",
    ),
    path("anvandare/<int:pk>/historik/", views.user_history, name="user_history"),
    path("anvandare/<int:pk>/aktivitet/", views.user_activity, name="user_activity"),
    path("organisation/", views.orgunit_list, name="orgunit_list"),
    path("organisation/ny/", views.orgunit_create, name="orgunit_create"),
    path("organisation/<int:pk>/", views.orgunit_edit, name="orgunit_edit"),
    path("organisation/<int:pk>/inaktivera/", views.orgunit_deactivate, name="orgunit_deactivate"),
    path("organisation/<int:pk>/historik/", views.orgunit_history, name="orgunit_history"),
    path("gruppkopplingar/", views.groupmapping_list, name="groupmapping_list"),
    path(
        "gruppkopplingar/<int:pk>/ta-bort/",
        views.groupmapping_delete,
        name="groupmapping_delete",
    ),
    # Reached from the e-mailed link without logging in; the one-time token is the credential.
    path("valj-losenord/<uidb64>/<token>/", views.PasswordSetView.as_view(), name="password_set"),
    path("valj-losenord/klart/", views.PasswordSetDoneView.as_view(), name="password_set_done"),
]
