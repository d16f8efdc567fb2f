from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("plan/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plan/<int:pk>/historik/", views.plan_history, name="plan_history"),
    path("plan/<int:pk>/besluta/", views.plan_approve, name="plan_approve"),
    path("plan/<int:pk>/ny-rad/", views.plan_row_add, name="plan_row_add"),
    path("planrad/<int:pk>/andra/", views.plan_row_edit, name="plan_row_edit"),
    path("planrad/<int:pk>/ta-bort/", views.plan_row_remove, name="plan_row_remove"),
    path("planrad/<int:pk>/starta/", views.plan_row_start, name="plan_row_start"),
    path("uppfoljningar/", views.followup_list, name="followup_list"),
    path("verksamhet/<int:pk>/", views.dossier, name="dossier"),
    path("verksamhet/<int:pk>/ny/", views.followup_new, name="followup_new"),
    path("verksamhet/<int:pk>/flagga/", views.risk_flag, name="risk_flag"),
    path(
        "rod-flagga/<int:pk>/verksamhet/<int:unit_pk>/",
        views.red_flag_followup,
        name="red_flag_followup",
    ),
    path("<int:pk>/", views.followup_detail, name="followup_detail"),
    path("<int:pk>/bilaga/<int:answer_pk>/", views.answer_file, name="answer_file"),
    path("<int:pk>/historik/", views.followup_history, name="followup_history"),
    path("<int:pk>/avsluta/", views.followup_finish, name="followup_finish"),
    path("<int:pk>/skicka/", views.followup_send, name="followup_send"),
    path("<int:pk>/aterforvisa/", views.followup_return, name="followup_return"),
    path("<int:pk>/ny-brist/", views.deficiency_add, name="deficiency_add"),
    path("<int:pk>/rapport/", views.report, name="report"),
    path("<int:pk>/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/rapport/skicka/", views.report_send, name="report_send"),
    path("brister/", views.deficiency_list, name="deficiency_list"),
    path("brist/<int:pk>/", views.deficiency_detail, name="deficiency_detail"),
    path("brist/<int:pk>/andra/", views.deficiency_edit, name="deficiency_edit"),
    path("brist/<int:pk>/historik/", views.deficiency_history, name="deficiency_history"),
    path("brist/<int:pk>/atgardad/", views.deficiency_remedied, name="deficiency_remedied"),
    path("handlingsplan/<int:pk>/godkann/", views.action_plan_accept, name="action_plan_accept"),
    path(
        "handlingsplan/<int:pk>/aterforvisa/", views.action_plan_return, name="action_plan_return"
    ),
    path("strategiska-avtal/", views.strategic_contracts, name="strategic_contracts"),
    path("avtal/<int:pk>/kravtackning/", views.coverage, name="coverage"),
    path("avtal/<int:pk>/strategisk-bedomning/", views.strategic_judge, name="strategic_judge"),
]
