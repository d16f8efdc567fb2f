"""Permissions for every route: staff pages refuse providers, change routes refuse
non-controllers, and a provider never reaches another provider's rows (404)."""

import datetime as dt

import pytest
from django.urls import reverse

from insyn.followup.constants import FollowUpStatus
from insyn.followup.models import ActionPlan, ReportDispatch
from insyn.questionnaires.constants import Method
from insyn.questionnaires.models import Template
from insyn.registry.tests.factories import ContractFactory

from .factories import DeficiencyFactory, FollowUpFactory, PlanFactory, PlannedFollowUpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(unit):
    plan = PlanFactory()
    row = PlannedFollowUpFactory(plan=plan, unit=unit)
    followup = FollowUpFactory(unit=unit, status=FollowUpStatus.DONE, diary_number="UPF-1")
    deficiency = DeficiencyFactory(followup=followup)
    action_plan = ActionPlan.objects.create(
        deficiency=deficiency, measures="x", responsible_person="y", due_date=dt.date(2026, 5, 1)
    )
    contract = ContractFactory(provider=unit.provider, units=[unit])
    template = Template.objects.filter(is_current=True).first()
    return {
        "plan": plan.pk,
        "row": row.pk,
        "followup": followup.pk,
        "deficiency": deficiency.pk,
        "action_plan": action_plan.pk,
        "unit": unit.pk,
        "contract": contract.pk,
        "template": template.pk,
        "question": template.questions.first().pk,
    }


# (url name, argument key, method) — GET pages any municipal user may read.
READ_ROUTES = [
    ("followup:plan_list", None),
    ("followup:plan_detail", "plan"),
    ("followup:followup_list", None),
    ("followup:dossier", "unit"),
    ("followup:followup_detail", "followup"),
    ("followup:report", "followup"),
    ("followup:deficiency_list", None),
    ("followup:deficiency_detail", "deficiency"),
    ("followup:strategic_contracts", None),
    ("followup:coverage", "contract"),
    ("questionnaires:template_list", None),
    ("questionnaires:template_detail", "template"),
]
# Routes that change something: controllers and admins only.
CHANGE_ROUTES = [
    ("followup:plan_row_add", "plan", "get"),
    ("followup:plan_row_edit", "row", "get"),
    ("followup:plan_row_remove", "row", "post"),
    ("followup:plan_row_start", "row", "post"),
    ("followup:followup_new", "unit", "get"),
    ("followup:risk_flag", "unit", "post"),
    ("followup:followup_finish", "followup", "post"),
    ("followup:followup_send", "followup", "post"),
    ("followup:followup_return", "followup", "post"),
    ("followup:deficiency_add", "followup", "get"),
    ("followup:report_send", "followup", "post"),
    ("followup:deficiency_remedied", "deficiency", "post"),
    ("followup:action_plan_accept", "action_plan", "post"),
    ("followup:action_plan_return", "action_plan", "post"),
    ("questionnaires:template_create", None, "get"),
    ("questionnaires:question_add", "template", "get"),
    ("questionnaires:question_edit", "question", "get"),
    ("questionnaires:question_delete", "question", "post"),
]


def _url(name, key, objects):
    return reverse(name, args=[objects[key]] if key else [])


@pytest.mark.parametrize(("name", "key"), READ_ROUTES)
def test_read_routes_need_login_and_a_municipal_role(
    client, objects, case_worker, provider_user, name, key
):
    url = _url(name, key, objects)
    assert client.get(url).status_code == 302  # to login
    client.force_login(provider_user)
    assert client.get(url).status_code in (403, 404)
    client.force_login(case_worker)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(("name", "key", "method"), CHANGE_ROUTES)
def test_change_routes_are_for_controllers_only(
    client, objects, case_worker, provider_user, controller, name, key, method
):
    url = _url(name, key, objects)
    for user in (case_worker, provider_user):
        client.force_login(user)
        assert getattr(client, method)(url).status_code in (403, 404)
    client.force_login(controller)
    assert getattr(client, method)(url).status_code in (200, 302)


def test_plan_approval_is_for_the_committees_managers_not_controllers(
    client, case_worker, controller, manager
):
    plan = PlanFactory()
    for user in (case_worker, controller):
        client.force_login(user)
        assert (
            client.post(
                reverse("followup:plan_approve", args=[plan.pk]), {"confirmed": "1"}
            ).status_code
            == 403
        )
    client.force_login(manager)
    assert (
        client.post(
            reverse("followup:plan_approve", args=[plan.pk]), {"confirmed": "1"}
        ).status_code
        == 302
    )


@pytest.fixture
def other_providers_rows(other_unit):
    template = Template.objects.get(code="egenrapportering")
    self_report = FollowUpFactory(
        unit=other_unit,
        template=template,
        method=Method.SELF_REPORT,
        status=FollowUpStatus.SENT,
        deadline=dt.date(2099, 1, 1),
    )
    done = FollowUpFactory(unit=other_unit, status=FollowUpStatus.DONE, diary_number="UPF-9")
    ReportDispatch.objects.create(followup=done)
    deficiency = DeficiencyFactory(followup=done)
    return {"self_report": self_report, "done": done, "deficiency": deficiency}


def test_provider_never_reaches_another_providers_follow_up_rows(
    client, provider_user, other_providers_rows
):
    rows = other_providers_rows
    client.force_login(provider_user)
    urls = [
        reverse("followup_portal:self_report", args=[rows["self_report"].pk]),
        reverse("followup_portal:self_report_submit", args=[rows["self_report"].pk]),
        reverse("followup_portal:deficiency", args=[rows["deficiency"].pk]),
        reverse("followup_portal:report", args=[rows["done"].pk]),
        reverse("followup_portal:report_pdf", args=[rows["done"].pk]),
    ]
    for url in urls:
        assert client.get(url).status_code in (404, 405), url
    response = client.post(
        reverse("followup_portal:deficiency", args=[rows["deficiency"].pk]),
        {"measures": "x", "responsible_person": "y", "due_date": "2099-01-01"},
    )
    assert response.status_code == 404
    assert not ActionPlan.objects.exists()
    home = client.get(reverse("followup_portal:home")).content.decode()
    assert rows["deficiency"].description not in home


def test_provider_sees_own_report_only_after_it_is_sent(client, provider_user, unit):
    done = FollowUpFactory(unit=unit, status=FollowUpStatus.DONE, diary_number="UPF-7")
    client.force_login(provider_user)
    assert client.get(reverse("followup_portal:report", args=[done.pk])).status_code == 404
    ReportDispatch.objects.create(followup=done)
    response = client.get(reverse("followup_portal:report", args=[done.pk]))
    assert response.status_code == 200 and "UPF-7" in response.content.decode()


def test_provider_does_not_see_deficiencies_of_an_unfinished_follow_up(client, provider_user, unit):
    deficiency = DeficiencyFactory(followup__unit=unit, followup__status=FollowUpStatus.DRAFT)
    client.force_login(provider_user)
    assert (
        client.get(reverse("followup_portal:deficiency", args=[deficiency.pk])).status_code == 404
    )


def test_portal_pages_refuse_municipal_users(client, controller):
    client.force_login(controller)
    assert client.get(reverse("followup_portal:home")).status_code == 403
