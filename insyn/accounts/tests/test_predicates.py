"""The one permissions vocabulary (`insyn.accounts.predicates`): who passes each role
predicate, and guards that no app grows its own copy or checks a role inline on a page."""

import ast
from pathlib import Path

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from insyn.accounts import predicates
from insyn.accounts.constants import Role
from insyn.accounts.models import User

INSYN = Path(__file__).resolve().parents[2]

ADMIN, CTRL, PLACE, CASE, COORD, MGR, PROV = (
    Role.ADMIN,
    Role.CONTROLLER,
    Role.PLACEMENT_OFFICER,
    Role.CASE_WORKER,
    Role.COORDINATOR,
    Role.MANAGER,
    Role.PROVIDER,
)
ROLES = (ADMIN, CTRL, PLACE, CASE, COORD, MGR, PROV)


def _user(role, *, active=True, superuser=False):
    # Unsaved: the predicates read only the user's own fields.
    return User(
        role=role,
        is_active=active,
        is_superuser=superuser,
        provider_id=1 if role == Role.PROVIDER else None,
    )


# Who passes, role by role (hand-written from the rules each app had before the move).
EXPECTED = {
    "is_municipal": {ADMIN, CTRL, PLACE, CASE, COORD, MGR},
    "is_provider_user": {PROV},
    "is_admin": {ADMIN},
    "can_edit_register": {ADMIN, CTRL},
    "is_controller": {ADMIN, CTRL},
    "has_controller_role": {CTRL},
    "is_approver": {ADMIN, CTRL, MGR},
    "is_coordinator": {COORD},
    "is_case_worker": {CASE},
    "is_manager": {MGR},
    "is_placement_officer": {PLACE},
    "is_feedback_handler": {ADMIN, CTRL, COORD, CASE},
    "sees_all_feedback": {ADMIN, CTRL, MGR},
    "is_district_staff": {COORD, CASE},
    "sees_all_reports": {ADMIN, CTRL, MGR},
    "can_recommend": {ADMIN, CTRL, PLACE},
    "sees_all_placements": {ADMIN, CTRL, PLACE, COORD, MGR},
    "can_register_placement": {ADMIN, CTRL, PLACE, CASE, COORD},
    "can_follow_answer_rates": {ADMIN, CTRL, COORD, MGR},
}

# Predicates a superuser passes whatever the role; the rest of the "or a superuser" ones ask
# for a municipal role as well, and the pure role facts admit no superuser exception.
SUPERUSER_ANY_ROLE = {"is_admin", "can_edit_register", "is_approver"}
SUPERUSER_MUNICIPAL_ONLY = {
    "is_controller",
    "is_feedback_handler",
    "sees_all_feedback",
    "sees_all_reports",
    "can_recommend",
    "sees_all_placements",
    "can_register_placement",
    "can_follow_answer_rates",
}


def test_every_shared_predicate_has_an_expectation():
    shared = {
        name for name, value in vars(predicates).items() if isinstance(value, rules.Predicate)
    }
    assert shared == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_predicate_admits_exactly_its_roles(name, role):
    predicate = getattr(predicates, name)
    assert predicate(_user(role)) is (role in EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_inactive_users_and_anonymous_pass_no_predicate(name):
    predicate = getattr(predicates, name)
    for role in ROLES:
        assert not predicate(_user(role, active=False)), role
        assert not predicate(_user(role, active=False, superuser=True)), role
    assert not predicate(AnonymousUser())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_superuser_passes_only_where_the_predicate_says_so(name):
    predicate = getattr(predicates, name)
    case_worker_superuser = _user(CASE, superuser=True)
    provider_superuser = _user(PROV, superuser=True)
    if name in SUPERUSER_ANY_ROLE:
        assert predicate(case_worker_superuser) and predicate(provider_superuser)
    elif name in SUPERUSER_MUNICIPAL_ONLY:
        assert predicate(case_worker_superuser) and not predicate(provider_superuser)
    else:
        # A role fact: the superuser counts as whatever its role is.
        assert predicate(case_worker_superuser) is (CASE in EXPECTED[name])
        assert predicate(provider_superuser) is (PROV in EXPECTED[name])


def test_placement_officer_reads_no_feedback_and_not_all_reports():
    # Issue 12 item 3 (OSL 26 kap.): counts, categories and statuses, not the texts.
    officer = _user(PLACE)
    assert not predicates.sees_all_feedback(officer)
    assert not predicates.sees_all_reports(officer)
    assert predicates.FEEDBACK_SEE_ALL_ROLES == predicates.REPORT_SEE_ALL_ROLES


# --- Guards against a second vocabulary ----------------------------------------------------

SHARED_NAMES = {name for name in vars(predicates) if not name.startswith("__")} - {
    "rules",
    "Role",
}
# Modules that render or answer pages: they ask a named permission or a shared predicate.
PAGE_MODULES = ("views.py", "portal_views.py", "api.py", "panels.py", "forms.py")
USER_FLAGS = {"is_municipal", "is_provider_user", "is_admin_role", "can_edit_register"}


def _modules(names):
    return sorted(p for p in INSYN.rglob("*.py") if p.name in names and "tests" not in p.parts)


def _defined_names(tree):
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            yield node.name, node.lineno
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    yield target.id, node.lineno


def _role_checks(tree):
    """Inline role checks: `x.is_municipal` (and the other user flags), `getattr(x,
    "is_municipal")`, comparisons with `x.role`, and role string literals in `role=` or
    `role__in=` filters."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in USER_FLAGS
            and not (isinstance(node.value, ast.Name) and node.value.id == "predicates")
        ):
            yield node.lineno, f".{node.attr}"
        elif isinstance(node, ast.Call):
            if (
                isinstance(node.func, ast.Name)
                and node.func.id == "getattr"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value in USER_FLAGS | {"role"}
            ):
                yield node.lineno, f'getattr(…, "{node.args[1].value}")'
            for keyword in node.keywords:
                if keyword.arg in {"role", "role__in"} and any(
                    isinstance(n, ast.Constant) and n.value in Role.values
                    for n in ast.walk(keyword.value)
                ):
                    yield node.lineno, f"{keyword.arg}= with a role literal"
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Attribute) and s.attr == "role" for s in sides):
                yield node.lineno, "comparison with .role"


def test_no_rules_module_defines_its_own_role_predicate_or_role_set():
    rules_modules = _modules({"rules.py"})
    assert len(rules_modules) >= 8
    found = []
    for path in rules_modules:
        tree = ast.parse(path.read_text())
        for name, line in _defined_names(tree):
            if name in SHARED_NAMES:
                found.append(f"{path.relative_to(INSYN)}:{line} defines {name}")
        for line, what in _role_checks(tree):
            found.append(f"{path.relative_to(INSYN)}:{line} checks a role inline ({what})")
    assert not found, "use insyn.accounts.predicates instead:\n" + "\n".join(found)


def test_no_page_module_checks_a_role_inline():
    found = []
    for path in _modules(set(PAGE_MODULES)):
        for line, what in _role_checks(ast.parse(path.read_text())):
            found.append(f"{path.relative_to(INSYN)}:{line} {what}")
    assert not found, (
        "ask user.has_perm('app.perm') or a predicate from insyn.accounts.predicates:\n"
        + "\n".join(found)
    )


def test_no_template_compares_a_role():
    # Templates read the User flags (`user.is_municipal`, `user.can_edit_register`,
    # `user.is_admin_role`), which are the shared predicates' own source; `{% if perms.… %}`
    # would cost every page a permissions query (ModelBackend) whenever the rule says no.
    found = [
        str(path.relative_to(INSYN))
        for path in sorted(INSYN.rglob("*.html"))
        if "user.role" in path.read_text()
    ]
    assert not found, "compare no role in a template; use a User flag:\n" + "\n".join(found)


def test_guard_catches_an_inline_check():
    # The guard itself must see the patterns it forbids.
    source = (
        "def view(request):\n"
        "    if not request.user.is_municipal:\n"
        "        pass\n"
        "    if request.user.role == 'controller':\n"
        "        pass\n"
        "    getattr(request.user, 'is_provider_user', False)\n"
        "    User.objects.filter(role__in=['admin'])\n"
    )
    assert sorted(line for line, _ in _role_checks(ast.parse(source))) == [2, 4, 6, 7]
