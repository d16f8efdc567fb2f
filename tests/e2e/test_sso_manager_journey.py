"""A committee's manager signs on through the municipality's identity provider (issue 12):
the real OpenID Provider (npm oidc-provider, `live_oidc_idp`) in the browser, its login and
consent pages, back to Insyn with a membership from the group mapping; the manager decides
the own committee's plan with date, § and diary number, and cannot decide another
committee's plan: no button, and a direct POST is refused in Swedish and changes nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from insyn.accounts.constants import OrgUnitKind, Role
from insyn.accounts.models import GroupMapping, Membership, OrgUnit, User
from insyn.followup.constants import PlanStatus
from insyn.followup.tests.factories import PlanFactory, PlannedFollowUpFactory

pytestmark = pytest.mark.e2e

KARIN = {
    "name": "Karin Berg",
    "email": "karin.berg@kommun.example",
    "email_verified": True,
    "employee_id": "E3003",
    "groups": ["insyn-chef-sn-centrum", "okand-grupp"],
}


@pytest.fixture
def committees(page):
    kommun = OrgUnit.objects.create(name="Demokommunen", kind=OrgUnitKind.MUNICIPALITY)
    centrum = OrgUnit.objects.create(
        name="Socialnämnden Centrum", kind=OrgUnitKind.COMMITTEE, parent=kommun
    )
    nordost = OrgUnit.objects.create(
        name="Socialnämnden Nordost", kind=OrgUnitKind.COMMITTEE, parent=kommun
    )
    GroupMapping.objects.create(
        idp_group="insyn-chef-sn-centrum", role=Role.MANAGER, org_unit=centrum
    )
    return centrum, nordost


def _sign_on_at_the_idp(page, live_server, idp, login_name):
    page.goto(live_server.url + reverse("login"))
    page.get_by_role("button", name="Logga in med kommunens inloggning").click()
    page.wait_for_url(f"{idp.url}/**")
    # The provider's own development pages: any password, then consent.
    page.locator("input[name=login]").fill(login_name)
    page.locator("input[name=password]").fill("valfritt")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(live_server.url + reverse("home"))


def test_manager_signs_on_and_decides_only_the_own_committees_plan(
    page, live_server, live_oidc_idp, live_oidc_settings, committees, axe_violations
):
    centrum, nordost = committees
    year = timezone.localdate().year
    own_plan = PlanFactory(committee=centrum, year=year)
    PlannedFollowUpFactory(plan=own_plan)
    others_plan = PlanFactory(committee=nordost, year=year)
    live_oidc_idp.set_accounts({"karin": KARIN})

    _sign_on_at_the_idp(page, live_server, live_oidc_idp, "karin")
    karin = User.objects.get(email="karin.berg@kommun.example")
    assert list(Membership.objects.filter(user=karin).values_list("role", "org_unit")) == [
        (Role.MANAGER, centrum.pk)
    ]
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()

    # The own committee's plan: the decision as the minutes record it.
    page.goto(live_server.url + own_plan.get_absolute_url())
    expect(page.get_by_role("group", name="Nämndens beslut")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Beslutsdatum").fill("2026-12-10")
    page.get_by_label("Paragraf (§)").fill("87")
    page.get_by_label("Diarienummer").fill("SN-2026/412")
    page.get_by_role("button", name="Besluta planen").click()
    expect(page.get_by_role("heading", name=f"Besluta uppföljningsplanen {year}?")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Ja, besluta planen").click()
    expect(page.get_by_text(f"Uppföljningsplanen för {year} är beslutad.")).to_be_visible()
    expect(
        page.get_by_text("Nämndens beslut 2026-12-10, § 87, diarienummer SN-2026/412.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Besluta planen")).to_have_count(0)
    own_plan.refresh_from_db()
    assert (own_plan.status, own_plan.approved_by, own_plan.decision_date) == (
        PlanStatus.APPROVED,
        karin,
        dt.date(2026, 12, 10),
    )
    assert (own_plan.decision_paragraph, own_plan.decision_diary_number) == ("87", "SN-2026/412")

    # Another committee's plan: readable, but no decision form.
    page.goto(live_server.url + others_plan.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(year))
    expect(page.get_by_role("button", name="Besluta planen")).to_have_count(0)
    expect(page.get_by_role("group", name="Nämndens beslut")).to_have_count(0)

    # A POST made by hand, confirmed and with a full decision, is refused and changes nothing.
    refused = page.evaluate(
        """async (url) => {
            const body = new FormData();
            body.append('csrfmiddlewaretoken',
                        document.querySelector('input[name=csrfmiddlewaretoken]').value);
            body.append('date', '2026-12-10');
            body.append('paragraph', '88');
            body.append('diary_number', 'SN-2026/413');
            body.append('confirmed', '1');
            const response = await fetch(url, {method: 'POST', body, redirect: 'manual'});
            return {status: response.status, text: await response.text()};
        }""",
        reverse("followup:plan_approve", args=[others_plan.pk]),
    )
    assert refused["status"] == 403
    assert "Ingen behörighet" in refused["text"]
    assert "Du har inte behörighet till den här sidan." in refused["text"]
    others_plan.refresh_from_db()
    assert others_plan.status == PlanStatus.DRAFT
    assert others_plan.approved_by is None and others_plan.decision_paragraph == ""
