"""Administration pages for the systemförvaltare: the organisational tree and the users.

Every page first requires the permission (403 for everyone but administrators), then loads
objects through the scoped queries; writes go through `services`.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from insyn.core.access import get_for_user, require_perm
from insyn.core.errors import DomainError, act
from insyn.core.history import activity_of, describe, history_for
from insyn.core.ids import parse_id
from insyn.core.links import site_url
from insyn.core.pagination import paginate

from . import queries, services, sso
from .forms import GroupMappingForm, MembershipForm, OrgUnitForm, UserFilterForm, UserForm
from .models import GroupMapping, Membership

MANAGE_USERS = "accounts.manage_users"
MANAGE_ORGUNITS = "accounts.manage_orgunits"


def _site_url(request) -> str:
    # The configured address, never the request's Host header (a client controls that).
    return site_url()


def _save(request, form, save, *args):
    """Run a service; a rule broken after the form validated becomes a form error."""
    try:
        return save(form, request.user, *args)
    except ValidationError as error:
        form.add_error(None, error)
    except DomainError as error:
        form.add_error(None, error.message)
    return None


# --- Organisational units -------------------------------------------------------------------


@login_required
def orgunit_list(request):
    require_perm(request.user, MANAGE_ORGUNITS)
    tree = queries.orgunit_tree(queries.orgunits_for(request.user))
    return render(request, "accounts/orgunit_list.html", {"tree": tree})


@login_required
def orgunit_create(request):
    require_perm(request.user, MANAGE_ORGUNITS)
    parent = parse_id(request.GET.get("parent"))
    initial = {"parent": str(parent)} if parent else {}
    form = OrgUnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        unit = _save(request, form, services.save_orgunit)
        if unit:
            messages.success(request, f"Enheten {unit.name} är skapad.")
            return redirect("accounts:orgunit_list")
    return render(
        request,
        "accounts/orgunit_form.html",
        {"form": form, "title": "Ny organisationsenhet"},
    )


def _orgunit(request, pk):
    require_perm(request.user, MANAGE_ORGUNITS)
    return get_for_user(request.user, queries.orgunits_for(request.user), MANAGE_ORGUNITS, pk=pk)


@login_required
def orgunit_edit(request, pk):
    unit = _orgunit(request, pk)
    form = OrgUnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, services.save_orgunit)
        if saved:
            messages.success(request, f"Ändringarna av {saved.name} är sparade.")
            return redirect("accounts:orgunit_list")
    return render(
        request,
        "accounts/orgunit_form.html",
        {"form": form, "title": f"Ändra {unit.name}", "unit": unit},
    )


@login_required
@require_POST
def orgunit_deactivate(request, pk):
    unit = _orgunit(request, pk)
    deactivate = partial(services.deactivate_orgunit, unit, request.user)
    success = f"Enheten {unit.name} är inaktiverad (finns kvar i historiken)."
    return act(request, deactivate, success, "accounts:orgunit_list", refused_then=unit)


@login_required
def orgunit_history(request, pk):
    unit = _orgunit(request, pk)
    return render(
        request,
        "core/history.html",
        {"object": unit, "title": f"Historik för {unit.name}", "entries": history_for(unit)},
    )


# --- Users ------------------------------------------------------------------------------------


@login_required
def user_list(request):
    require_perm(request.user, MANAGE_USERS)
    form = UserFilterForm(request.GET or None)
    users = queries.users_for(request.user)
    if form.is_valid():
        users = queries.search_users(users, **form.cleaned_data)
    elif form.is_bound:
        users = users.none()
    else:
        users = queries.search_users(users)
    page = paginate(request, users)
    return render(request, "accounts/user_list.html", {"filter": {"form": form}, "page": page})


@login_required
def user_create(request):
    require_perm(request.user, MANAGE_USERS)
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = _save(request, form, services.create_user, _site_url(request))
        if user:
            messages.success(
                request,
                f"Användaren {user} är skapad. En länk för att välja lösenord har skickats "
                f"till {user.email}.",
            )
            return redirect(user)
    return render(request, "accounts/user_form.html", {"form": form, "title": "Ny användare"})


def _user(request, pk):
    require_perm(request.user, MANAGE_USERS)
    return get_for_user(request.user, queries.users_for(request.user), MANAGE_USERS, pk=pk)


@login_required
def user_edit(request, pk):
    account = _user(request, pk)
    form = UserForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, services.update_user)
        if saved:
            messages.success(request, f"Ändringarna av {saved} är sparade.")
            return redirect(saved)
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "title": f"Ändra {account}", "account": account},
    )


def _user_action(request, pk, action, done: str):
    account = _user(request, pk)
    return act(request, partial(action, account, request.user), done.format(user=account), account)


@login_required
@require_POST
def user_deactivate(request, pk):
    return _user_action(
        request,
        pk,
        services.deactivate_user,
        "{user} är inaktiverad och kan inte längre logga in. Historiken finns kvar.",
    )


@login_required
@require_POST
def user_reactivate(request, pk):
    return _user_action(request, pk, services.reactivate_user, "{user} är aktiv igen.")


@login_required
@require_POST
def user_send_password_link(request, pk):
    site_url = _site_url(request)
    return _user_action(
        request,
        pk,
        lambda account, actor: services.send_password_link(account, site_url),
        "En länk för att välja nytt lösenord har skickats till {user.email}.",
    )


@login_required
def user_memberships(request, pk):
    """The user's memberships (roles per org unit); add one, or remove one that is not the
    primary (which the user form changes). Every change is logged with who and when."""
    account = _user(request, pk)
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_membership(
                account, data["role"], data["org_unit"], request.user, data["delegation"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Medlemskapet är tillagt för {account}.")
            return redirect("accounts:user_memberships", pk=account.pk)
    memberships = account.memberships.select_related("org_unit").order_by("role", "pk")
    return render(
        request,
        "accounts/user_memberships.html",
        {
            "account": account,
            "memberships": memberships,
            "form": form,
            "primary": (account.role, account.org_unit_id),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def user_membership_remove(request, pk, membership_pk):
    account = _user(request, pk)
    membership = get_object_or_404(Membership, pk=membership_pk, user=account)
    page = reverse("accounts:user_memberships", args=[account.pk])
    remove = partial(services.remove_membership, membership, request.user)
    return act(request, remove, f"Medlemskapet {membership} är borttaget.", page)


@login_required
def user_history(request, pk):
    account = _user(request, pk)
    return render(
        request,
        "core/history.html",
        {"object": account, "title": f"Historik för {account}", "entries": history_for(account)},
    )


@login_required
def user_activity(request, pk):
    """What the user did, as domain events in words, newest first (administrators only)."""
    account = _user(request, pk)
    page = paginate(request, activity_of(account))
    return render(
        request,
        "accounts/user_activity.html",
        {"account": account, "page": page, "entries": describe(page.object_list)},
    )


# --- Choosing a password from the e-mailed link (no login: the token is the credential) -----


class PasswordSetView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_set_form.html"
    success_url = reverse_lazy("accounts:password_set_done")


class PasswordSetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_set_done.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "login_url": reverse("login")}


# --- Group mapping for single sign-on -----------------------------------------------------------


@login_required
def groupmapping_list(request):
    """The administrator's list of identity-provider groups and the role and unit each gives
    at single sign-on; add one here. Changes are logged (auditlog) with who and when."""
    require_perm(request.user, MANAGE_USERS)
    form = GroupMappingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        mapping = _save(request, form, lambda f, actor: sso.save_group_mapping(f.instance, actor))
        if mapping:
            messages.success(request, f"Kopplingen {mapping} är sparad.")
            return redirect("accounts:groupmapping_list")
    mappings = GroupMapping.objects.select_related("org_unit")
    return render(
        request,
        "accounts/groupmapping_list.html",
        {"mappings": mappings, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def groupmapping_delete(request, pk):
    require_perm(request.user, MANAGE_USERS)
    mapping = get_object_or_404(GroupMapping, pk=pk)
    page = reverse("accounts:groupmapping_list")
    remove = partial(sso.delete_group_mapping, mapping, request.user)
    return act(
        request,
        remove,
        f"Kopplingen {mapping} är borttagen. Den som fick sitt medlemskap genom den förlorar "
        "det vid nästa inloggning.",
        page,
    )
