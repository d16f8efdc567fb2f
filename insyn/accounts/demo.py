"""Demo organisation and users: a city with four area committees and one login per role.

Publishes in `ctx.shared` (documented in docs/demo.md): "municipality", "committees",
"administrations", "districts", "org_units_by_code", "users_by_role", "controllers",
"case_workers", "coordinators", "placement_officers", "managers",
"case_workers_by_district", "coordinators_by_district", "demo_password", "logins".
"""

from django.contrib.auth.hashers import make_password

from insyn.core.demo import DemoContext

from .constants import OrgUnitKind, Role
from .models import GroupMapping, Membership, OrgUnit, User

# For the demo only: printed by seed_demo and shared by every demo user.
DEMO_PASSWORD = "insyn-demo-2026"

# The username printed for each role; the provider login is made by the registry demo,
# because the provider it belongs to does not exist yet when this module runs.
LOGIN_USERNAMES = {
    Role.ADMIN: "admin",
    Role.CONTROLLER: "controller",
    Role.PLACEMENT_OFFICER: "placering",
    Role.CASE_WORKER: "handlaggare",
    Role.COORDINATOR: "samordnare",
    Role.MANAGER: "chef",
    Role.PROVIDER: "utforare",
}

# (code, committee, administration, [districts]); the four area committees mirror a large
# Swedish city's social committees, each with the districts (stadsdelar) it serves.
ORGANISATION = [
    (
        "snc",
        "Socialnämnden Centrum",
        "Socialförvaltningen Centrum",
        ["Centrum", "Majorna-Linné", "Örgryte-Härlanda"],
    ),
    (
        "snno",
        "Socialnämnden Nordost",
        "Socialförvaltningen Nordost",
        ["Angered", "Östra Göteborg"],
    ),
    (
        "snh",
        "Socialnämnden Hisingen",
        "Socialförvaltningen Hisingen",
        ["Lundby", "Norra Hisingen", "Västra Hisingen"],
    ),
    (
        "snsv",
        "Socialnämnden Sydväst",
        "Socialförvaltningen Sydväst",
        ["Askim-Frölunda-Högsbo", "Västra Göteborg"],
    ),
    ("nff", "Nämnden för funktionsstöd", "Förvaltningen för funktionsstöd", []),
    (
        "avo",
        "Äldre samt vård- och omsorgsnämnden",
        "Äldre samt vård- och omsorgsförvaltningen",
        [],
    ),
    ("niu", "Nämnden för inköp och upphandling", "Inköp och upphandling", []),
]
SOCIAL_COMMITTEES = ("snc", "snno", "snh", "snsv")


def seed(ctx: DemoContext) -> None:
    org = _seed_organisation(ctx)
    users = _seed_users(ctx, org)
    _seed_group_mappings(org["org_units_by_code"])
    ctx.log(
        f"  {len(org['org_units_by_code'])} organisationsenheter, {len(org['districts'])} "
        f"stadsdelar, {len(users)} användare"
    )


def _seed_organisation(ctx: DemoContext) -> dict:
    from django.conf import settings

    name = settings.INSYN["MUNICIPALITY_NAME"]
    municipality = OrgUnit.objects.create(name=name, kind=OrgUnitKind.MUNICIPALITY, code="kommun")
    committees = OrgUnit.objects.bulk_create(
        OrgUnit(name=c, kind=OrgUnitKind.COMMITTEE, code=code, parent=municipality)
        for code, c, _a, _d in ORGANISATION
    )
    administrations = OrgUnit.objects.bulk_create(
        OrgUnit(name=a, kind=OrgUnitKind.ADMINISTRATION, code=f"{code}-forv", parent=committee)
        for (code, _c, a, _d), committee in zip(ORGANISATION, committees, strict=True)
    )
    districts = OrgUnit.objects.bulk_create(
        OrgUnit(name=d, kind=OrgUnitKind.DISTRICT, code=f"sd{n:02d}", parent=administration)
        for n, (administration, d) in enumerate(
            (
                (administration, d)
                for (_c, _n, _a, ds), administration in zip(
                    ORGANISATION, administrations, strict=True
                )
                for d in ds
            ),
            start=1,
        )
    )
    by_code = {"kommun": municipality}
    by_code.update({u.code: u for u in [*committees, *administrations, *districts]})
    # Placement officers sit in one city-wide placement section (SPINK in seed 000).
    placement = OrgUnit.objects.create(
        name="Placeringsenheten",
        kind=OrgUnitKind.SECTION,
        code="placering",
        parent=by_code["snc-forv"],
    )
    by_code["placering"] = placement
    ctx.shared.update(
        municipality=municipality,
        committees=committees,
        administrations=administrations,
        districts=districts,
        org_units_by_code=by_code,
    )
    return ctx.shared


def _seed_users(ctx: DemoContext, org: dict) -> list[User]:
    faker, rng = ctx.faker, ctx.rng
    by_code, districts = org["org_units_by_code"], org["districts"]
    # One hash for every demo user: hashing each password would take most of the seeding time.
    password = make_password(DEMO_PASSWORD)
    taken = set(LOGIN_USERNAMES.values())
    users: list[User] = []

    def add(role, org_unit, username=None, **extra):
        first, last = faker.first_name(), faker.last_name()
        if username is None:
            username = _username(first, last, taken)
        taken.add(username)
        users.append(
            User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@demokommunen.example.se",
                phone=f"031-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                role=role,
                org_unit=org_unit,
                password=password,
                **extra,
            )
        )

    add(Role.ADMIN, by_code["kommun"], LOGIN_USERNAMES[Role.ADMIN], is_staff=True)
    # Controllers: the printed one plus one per committee, spread over the administrations.
    add(Role.CONTROLLER, by_code["niu-forv"], LOGIN_USERNAMES[Role.CONTROLLER])
    for code, *_ in ORGANISATION:
        add(Role.CONTROLLER, by_code[f"{code}-forv"])
    add(Role.PLACEMENT_OFFICER, by_code["placering"], LOGIN_USERNAMES[Role.PLACEMENT_OFFICER])
    for _ in range(3):
        add(Role.PLACEMENT_OFFICER, by_code["placering"])
    add(Role.CASE_WORKER, districts[0], LOGIN_USERNAMES[Role.CASE_WORKER])
    add(Role.COORDINATOR, districts[0], LOGIN_USERNAMES[Role.COORDINATOR])
    for n, district in enumerate(districts):
        for _ in range(3 if n else 2):
            add(Role.CASE_WORKER, district)
        if n:
            add(Role.COORDINATOR, district)
    add(Role.MANAGER, by_code["snc"], LOGIN_USERNAMES[Role.MANAGER])
    for code, *_ in ORGANISATION[1:]:
        add(Role.MANAGER, by_code[code])

    users = User.objects.bulk_create(users)
    _seed_memberships(users, by_code, districts)
    by_role: dict[str, list[User]] = {role: [] for role in Role.values}
    for user in users:
        by_role[user.role].append(user)
    by_district: dict[str, dict[int, list[User]]] = {"case_worker": {}, "coordinator": {}}
    for user in by_role[Role.CASE_WORKER] + by_role[Role.COORDINATOR]:
        by_district[user.role].setdefault(user.org_unit_id, []).append(user)
    ctx.shared.update(
        users_by_role=by_role,
        controllers=by_role[Role.CONTROLLER],
        case_workers=by_role[Role.CASE_WORKER],
        coordinators=by_role[Role.COORDINATOR],
        placement_officers=by_role[Role.PLACEMENT_OFFICER],
        managers=by_role[Role.MANAGER],
        case_workers_by_district=by_district["case_worker"],
        coordinators_by_district=by_district["coordinator"],
        demo_password=DEMO_PASSWORD,
        logins=dict(LOGIN_USERNAMES),
    )
    return users


def _seed_memberships(users: list[User], by_code: dict, districts: list[OrgUnit]) -> None:
    """Each user's primary membership (bulk_create skips `User.save`), and the two people
    docs/memberships.md shows: the printed controller also follows up Socialnämnden Centrum
    and Nordost (a controller for two committees), and the printed case worker is also the
    coordinator of a second district. The administrator is central (the whole municipality).
    The printed manager may decide for Socialnämnden Centrum as its manager; the manager of
    Nordost has a recorded delegation too, to show one."""
    memberships = [Membership(user=u, role=u.role, org_unit=u.org_unit) for u in users]
    by_username = {u.username: u for u in users}
    controller = by_username[LOGIN_USERNAMES[Role.CONTROLLER]]
    memberships += [
        Membership(user=controller, role=Role.CONTROLLER, org_unit=by_code["snc"]),
        Membership(user=controller, role=Role.CONTROLLER, org_unit=by_code["snno"]),
    ]
    case_worker = by_username[LOGIN_USERNAMES[Role.CASE_WORKER]]
    memberships.append(Membership(user=case_worker, role=Role.COORDINATOR, org_unit=districts[1]))
    Membership.objects.bulk_create(memberships)


def _seed_group_mappings(by_code: dict) -> None:
    """The groups in the municipality's identity provider (e.g. Entra ID security groups) that
    give roles at single sign-on; an administrator keeps them at Administration →
    Gruppkopplingar (docs/sign-in.md)."""
    GroupMapping.objects.bulk_create(
        [
            GroupMapping(idp_group="insyn-systemforvaltare", role=Role.ADMIN),
            GroupMapping(
                idp_group="insyn-controller-sn-centrum",
                role=Role.CONTROLLER,
                org_unit=by_code["snc"],
            ),
            GroupMapping(
                idp_group="insyn-controller-sn-nordost",
                role=Role.CONTROLLER,
                org_unit=by_code["snno"],
            ),
            GroupMapping(
                idp_group="insyn-chef-sn-centrum", role=Role.MANAGER, org_unit=by_code["snc"]
            ),
            GroupMapping(
                idp_group="insyn-placering",
                role=Role.PLACEMENT_OFFICER,
                org_unit=by_code["placering"],
            ),
        ]
    )


def _username(first: str, last: str, taken: set[str]) -> str:
    base = _ascii(f"{first}.{last}")
    username, n = base, 1
    while username in taken:
        n += 1
        username = f"{base}{n}"
    return username


def _ascii(text: str) -> str:
    table = str.maketrans("åäöéüÅÄÖÉÜ ", "aaoeuAAOEU-")
    return "".join(c for c in text.translate(table).lower() if c.isalnum() or c in ".-")


def demo_logins() -> list[tuple[str, str, str]]:
    """(role label, username, name and unit) for every role whose demo login exists."""
    found = {
        u.username: u
        for u in User.objects.filter(username__in=LOGIN_USERNAMES.values()).select_related(
            "org_unit", "provider"
        )
    }
    rows = []
    for role, username in LOGIN_USERNAMES.items():
        user = found.get(username)
        if user is not None and user.role == role:
            where = user.provider or user.org_unit
            name = user.get_full_name() + (f" ({where.name})" if where else "")
            rows.append((role.label, username, name))
    return rows
