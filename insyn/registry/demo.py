"""Demo provider register: providers, units in every category, contracts and provider logins.

`seed(ctx)` builds the demo size (about 800 providers, 1,500 units, 300 contracts);
`generate(ctx, providers=…, units=…, contracts=…)` is the same generator at any size
(bench/ fills a region-sized register with it). Everything is planned in memory from
`ctx.rng`/`ctx.faker` and stored with bulk_create, so no history entries are written.

Dates are offsets from `ctx.today` (the demo stays current); the random draws never
depend on the date, so with the same seed every name, number and count is the same.
"""

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from insyn.accounts.constants import Role
from insyn.core.demo import DemoContext

from .constants import (
    DEFAULT_CATEGORIES,
    IVO_PERMIT_CATEGORIES,
    ContractType,
    OperationForm,
    TargetGender,
)
from .models import Category, Contract, ContractRequirement, Provider, Unit
from .validators import org_number_with_check_digit

OWN_SHARE = 0.15
BATCH = 2000


@dataclass(frozen=True)
class Profile:
    """How units of one category look: names, target group, size, price, permit."""

    weight: float  # share among private units
    own_weight: float  # share among own units (egen regi)
    names: tuple[str, ...]  # "{s}" = stem, "{g}" = stem in genitive
    focus: tuple[str, ...]
    ages: tuple[tuple[int | None, int | None], ...]
    needs: tuple[str, ...]
    places: tuple[int, int] | None
    price: tuple[int, int] | None  # kr per dygn (per dag for daglig verksamhet)
    permit: float  # share of private units with an IVO permit
    gender: tuple[float, float, float] = (0.8, 0.1, 0.1)  # any, female, male
    committee: str = "social"  # the committee code, or "social" for an area committee


PROFILES: dict[str, Profile] = {
    "hvb-barn": Profile(
        0.16,
        0.06,
        ("{g} HVB", "HVB {s}", "{s} ungdomshem", "Villa {s}", "{g} behandlingshem för unga"),
        (
            "Behandling för ungdomar med psykosocial problematik",
            "Ungdomar med normbrytande beteende och kriminalitet",
            "Unga med neuropsykiatriska funktionsnedsättningar (NPF)",
            "Ensamkommande barn och unga",
            "Unga med självskadebeteende",
            "Akutplaceringar och utredning",
            "Unga utsatta för hedersrelaterat våld och förtryck",
        ),
        ((13, 17), (13, 17), (15, 20), (6, 12), (12, 18), (16, 20)),
        ("psykosocial problematik", "missbruk", "NPF", "självskadebeteende", "kriminalitet"),
        (4, 14),
        (3000, 6000),
        0.95,
        (0.6, 0.2, 0.2),
    ),
    "hvb-vuxna": Profile(
        0.08,
        0.04,
        ("{g} HVB", "{s} vårdhem", "HVB {s}", "{s}gården"),
        (
            "Missbruk och beroende",
            "Samsjuklighet (psykisk ohälsa och missbruk)",
            "Psykisk funktionsnedsättning",
            "Kvinnor med missbruk",
            "Män med missbruk och kriminalitet",
        ),
        ((18, None), (18, 65), (20, None), (25, None)),
        ("missbruk", "psykisk ohälsa", "samsjuklighet", "hemlöshet"),
        (6, 30),
        (1800, 3500),
        0.9,
    ),
    "sociala-boenden": Profile(
        0.06,
        0.12,
        ("{s} stödboende", "Boende {s}", "{g} sociala boende", "Träningsboende {s}"),
        (
            "Stödboende för unga vuxna",
            "Boende med stöd för personer i hemlöshet",
            "Lågtröskelboende",
            "Träningslägenheter med boendestöd",
        ),
        ((18, None), (16, 20), (18, 25), (20, None)),
        ("hemlöshet", "missbruk", "psykisk ohälsa"),
        (8, 40),
        (800, 1800),
        0.4,
    ),
    "familjehem": Profile(
        0.08,
        0.03,
        ("{s} familjehem", "{s} familjevård", "Familjehemsverksamheten {s}"),
        (
            "Konsulentstödda familjehem för barn och unga",
            "Jourhem och akuta placeringar",
            "Förstärkta familjehem för unga med särskilda behov",
            "Nätverkshem och släktingplaceringar",
        ),
        ((0, 17), (0, 20), (6, 17), (0, 12)),
        ("omsorgssvikt", "NPF", "psykosocial problematik"),
        (10, 60),
        (1500, 2500),
        0.9,
    ),
    "lss-boende": Profile(
        0.16,
        0.25,
        ("Gruppbostad {s}", "{g} gruppbostad", "Servicebostad {s}", "{s} LSS-boende"),
        (
            "Gruppbostad för personer med intellektuell funktionsnedsättning",
            "Servicebostad för personer med autism",
            "Boende för personer med förvärvad hjärnskada",
            "Bostad med särskild service för barn och unga",
            "Boende med omfattande omvårdnadsbehov",
        ),
        ((18, None), (18, 65), (20, None), (7, 17)),
        ("intellektuell funktionsnedsättning", "autism", "förvärvad hjärnskada"),
        (3, 8),
        (4000, 8000),
        0.95,
        committee="nff",
    ),
    "behandlingshem": Profile(
        0.06,
        0.01,
        ("{s} behandlingshem", "{g} behandlingscenter", "Kollektivet {s}"),
        (
            "Behandling av alkohol- och narkotikaberoende (12-steg)",
            "KBT-baserad missbruksbehandling",
            "Behandling för spelberoende",
            "Behandling för unga vuxna med missbruk",
        ),
        ((18, None), (18, 30), (20, None)),
        ("missbruk", "spelberoende", "samsjuklighet"),
        (8, 40),
        (2000, 4500),
        0.95,
    ),
    "skyddat-boende": Profile(
        0.03,
        0.02,
        ("Skyddat boende {s}", "{g} kvinnojour", "Tjejjouren {s}"),
        (
            "Kvinnor och barn utsatta för våld i nära relation",
            "Hedersrelaterat våld och förtryck",
            "Unga utsatta för våld, 16–20 år",
        ),
        ((18, None), (16, 20), (18, None)),
        ("våld i nära relation", "hedersrelaterat våld", "skyddsbehov"),
        (4, 16),
        (1500, 3500),
        0.85,
        (0.2, 0.7, 0.1),
    ),
    "hemtjanst": Profile(
        0.10,
        0.15,
        ("{s} hemtjänst", "Hemtjänst {s}", "{g} omsorg"),
        (
            "Hemtjänst enligt LOV",
            "Hemtjänst med språkkompetens (arabiska, persiska, finska)",
            "Hemtjänst för personer med demenssjukdom",
            "Hemtjänst dygnet runt",
        ),
        ((65, None), (None, None), (18, None)),
        ("äldreomsorg", "demenssjukdom", "funktionsnedsättning"),
        None,
        None,
        0.0,
        committee="avo",
    ),
    "daglig-verksamhet": Profile(
        0.10,
        0.15,
        ("Daglig verksamhet {s}", "{g} dagverksamhet", "{s} arbetsträning"),
        (
            "Daglig verksamhet med inriktning mot arbete",
            "Daglig verksamhet med sinnesstimulering",
            "Kreativ verksamhet: musik, konst och teater",
            "Trädgård och djurhållning",
        ),
        ((18, 67), (20, 67), (18, 65)),
        ("intellektuell funktionsnedsättning", "autism", "flerfunktionsnedsättning"),
        (10, 40),
        (700, 1200),
        0.8,
        committee="nff",
    ),
    "korttidsvistelse": Profile(
        0.05,
        0.09,
        ("Korttidshem {s}", "{g} korttidsboende", "Korttids {s}"),
        (
            "Korttidsvistelse för barn och unga",
            "Korttidsvistelse med helgverksamhet",
            "Korttidsvistelse för ungdomar med autism",
            "Lägerverksamhet under loven",
        ),
        ((7, 17), (0, 17), (13, 21)),
        ("intellektuell funktionsnedsättning", "autism", "medicinska behov"),
        (4, 12),
        (3000, 6000),
        0.9,
        committee="nff",
    ),
    "boendestod": Profile(
        0.05,
        0.06,
        ("{s} boendestöd", "Boendestöd {s}", "{g} stödteam"),
        (
            "Boendestöd för personer med psykisk funktionsnedsättning",
            "Boendestöd för unga vuxna med NPF",
            "Boendestöd för personer med missbruk",
        ),
        ((18, None), (18, 30)),
        ("psykisk funktionsnedsättning", "NPF", "missbruk"),
        None,
        (600, 1200),
        0.0,
        committee="nff",
    ),
    "personlig-assistans": Profile(
        0.07,
        0.02,
        ("{s} assistans", "Assistans {s}", "{g} personliga assistans"),
        (
            "Personlig assistans enligt LSS och SFB",
            "Assistans för barn med omfattande medicinska behov",
            "Assistans med teckenspråkskompetens",
        ),
        ((None, None), (0, 17), (18, None)),
        ("omfattande funktionsnedsättning", "medicinska behov"),
        None,
        None,
        0.95,
        committee="nff",
    ),
}

_STEM_WORDS = """
Solrosen Lönnen Eken Björken Linden Tallbacken Granen Hagen Ängen Bäcken Källan
Kompassen Fyren Ankaret Seglet Vågen Stranden Udden Holmen Viken Åsen Dalen Liden Berget
Lärkan Svalan Tranan Ugglan Bävern Vitsippan Blåklockan Prästkragen Liljan Vallmon
Kastanjen Rönnen Hasseln Almen Aspen Syrenen Lavendeln Mossen Gryningen Regnbågen
Horisonten Klövern Enen Sjöbotten Kvarnen Smedjan Gläntan Lyktan Bryggan Tornet Näset
Hamnen Ljungen Vinden Stjärnan Bron Ekbacken Solbacken Björkhagen Lindgården Fridhem
Sjöliden Myrstacken Humlan Mistelen Snäckan Pärlan Kotten Nyponet Hallonet Blåbäret
Skogsgläntan
"""
STEMS = _STEM_WORDS.split()
COMPANY_WORDS = (
    "Omsorg",
    "Vård & Omsorg",
    "Behandling",
    "Ungdomsvård",
    "Familjevård",
    "Stöd & Service",
    "Care",
    "Assistans",
    "Social Utveckling",
    "Boende & Stöd",
    "Vårdpartner",
)
MUNICIPALITIES = (
    (
        "Kungälv Lerum Alingsås Partille Mölndal Härryda Kungsbacka Stenungsund Ale Tjörn Orust "
        "Borås Uddevalla Trollhättan Vänersborg Varberg Falkenberg Halmstad Skövde Lidköping "
        "Jönköping Ulricehamn Mark Lilla_Edet Öckerö Orust Tranemo Vara Herrljunga Svenljunga"
    )
    .replace("_", " ")
    .split()
)

# Requirements that can be followed up: (text, clause). Texts say where the demand comes from.
REQUIREMENTS = (
    (
        "Verksamheten ska ha ett ledningssystem för systematiskt kvalitetsarbete (SOSFS 2011:9).",
        "6.1",
    ),
    ("Verksamheten ska ha gällande tillstånd från IVO för den bedrivna verksamheten.", "4.2"),
    (
        "Utföraren ska ha rutiner för att rapportera och utreda missförhållanden enligt "
        "lex Sarah (14 kap. SoL, 24 b–g §§ LSS).",
        "6.4",
    ),
    (
        "Utföraren ska begära utdrag ur belastningsregistret innan personal anställs i "
        "verksamhet med barn.",
        "7.3",
    ),
    (
        "Föreståndaren ska ha högskoleutbildning inom socialt arbete eller motsvarande och "
        "minst tre års erfarenhet.",
        "7.1",
    ),
    (
        "Minst 80 procent av personalen ska ha relevant utbildning enligt Socialstyrelsens "
        "allmänna råd om kompetens.",
        "7.2",
    ),
    (
        "En genomförandeplan ska upprättas tillsammans med den enskilde senast 14 dagar "
        "efter inflyttning.",
        "5.3",
    ),
    (
        "Utföraren ska lämna skriftlig rapport om insatsens utveckling till handläggaren "
        "varje månad.",
        "5.5",
    ),
    (
        "Avvikelser och synpunkter ska dokumenteras, analyseras och sammanställas varje tertial.",
        "6.3",
    ),
    ("Dokumentation ska föras enligt SOSFS 2014:5 och förvaras säkert.", "6.5"),
    (
        "Personalen ska omfattas av meddelarfrihet enligt lagen (2017:151) om "
        "meddelarskydd i vissa enskilda verksamheter.",
        "8.2",
    ),
    (
        "Utföraren ska på begäran lämna den information som behövs för allmänhetens insyn "
        "(10 kap. 9 § kommunallagen).",
        "8.1",
    ),
    ("Utföraren ska ha en aktuell brandskyddsdokumentation och genomföra årliga övningar.", "9.2"),
    (
        "Utföraren ska erbjuda personalen villkor i nivå med gällande kollektivavtal.",
        "10.1",
    ),
    (
        "Utföraren ska fullgöra sina skyldigheter avseende skatter och socialförsäkringsavgifter.",
        "10.3",
    ),
    (
        "Barnets bästa ska särskilt beaktas och barnet ska få relevant information och "
        "möjlighet att framföra sina åsikter (11 kap. 10 § SoL).",
        "5.2",
    ),
    (
        "Den enskilde ska erbjudas kontakt med hälso- och sjukvård och tandvård vid behov.",
        "5.7",
    ),
    ("Verksamheten ska ha en aktuell kris- och kontinuitetsplan.", "9.1"),
)

# The demands a contract usually names "väsentliga kvalitetskrav" (seed 004): a permit, the
# lex Sarah routine, the criminal record check and the implementation plan. Marked essential
# wherever a contract has them, so the council report has essential requirements to answer on.
ESSENTIAL_CLAUSES = frozenset({"4.2", "6.4", "7.3", "5.3"})

ASSIGNMENT_REQUIREMENTS = (
    (
        "Verksamheten ska följas upp på samma sätt som privata utförare enligt nämndens "
        "uppföljningsplan.",
        "3.1",
    ),
    (
        "Enhetschefen ska redovisa verksamhetens kvalitet och ekonomi i tertialrapporten.",
        "3.4",
    ),
)


@dataclass
class _Planned:
    contract: Contract
    units: list = field(default_factory=list)
    requirements: list = field(default_factory=list)


def seed(ctx: DemoContext) -> None:
    generate(
        ctx,
        providers=ctx.count(800),
        units=ctx.count(1500),
        contracts=ctx.count(300),
        provider_users=ctx.count(40),
    )


def generate(
    ctx: DemoContext,
    *,
    providers: int,
    units: int,
    contracts: int,
    provider_users: int = 0,
    own_share: float = OWN_SHARE,
) -> dict:
    """Plan and store a register of the given size; returns (and shares) what it made."""
    gen = _Generator(ctx)
    result = gen.run(providers, units, contracts, provider_users, own_share)
    ctx.log(
        f"  {len(result['providers'])} utförare, {len(result['units'])} verksamheter, "
        f"{len(result['contracts'])} avtal, {len(result['provider_users'])} utförarinloggningar"
    )
    return result


def ensure_categories() -> dict[str, Category]:
    """The default categories (a data migration loads them; `flush` empties that table)."""
    existing = {c.code: c for c in Category.objects.all()}
    missing = [
        Category(
            code=code,
            name=name,
            sort_order=n,
            requires_ivo_permit=code in IVO_PERMIT_CATEGORIES,
        )
        for n, (code, name) in enumerate(DEFAULT_CATEGORIES, start=1)
        if code not in existing
    ]
    for category in Category.objects.bulk_create(missing):
        existing[category.code] = category
    return existing


class _Generator:
    def __init__(self, ctx: DemoContext):
        self.ctx, self.rng, self.faker = ctx, ctx.rng, ctx.faker
        self.today = ctx.today
        self.shared = ctx.shared
        self.categories = ensure_categories()
        codes = [c for c, _ in DEFAULT_CATEGORIES if c in self.categories]
        self.codes = codes
        self.org = self.shared.get("org_units_by_code", {})
        self.districts = list(self.shared.get("districts", []))
        self.controllers = list(self.shared.get("controllers", []))
        self.municipality_name = getattr(self.shared.get("municipality"), "name", "Demokommunen")
        # Units in the city are spread over the districts of the committee that owns them.
        self.districts_by_admin: dict[int, list] = {}
        for district in self.districts:
            self.districts_by_admin.setdefault(district.parent_id, []).append(district)
        self.used_org_numbers = set(Provider.all_objects.values_list("org_number", flat=True))
        self.used_provider_names = set(Provider.all_objects.values_list("name", flat=True))
        self.used_unit_names: set[str] = set()

    # -- providers ---------------------------------------------------------------------------

    def run(self, n_providers, n_units, n_contracts, n_provider_users, own_share):
        own = self._own_providers()
        n_external = max(0, n_providers - sum(1 for p in own if p.pk is None))
        external = [self._provider() for _ in range(n_external)]
        new_providers = [p for p in own if p.pk is None] + external
        n_own_units = round(n_units * own_share) if own else 0
        own_units = self._own_units(own, n_own_units)
        ext_units = self._external_units(external, n_units - n_own_units)
        self._cover_every_category(ext_units or own_units)
        all_units = own_units + ext_units
        planned = self._assignments(own_units, cap=max(1, round(n_contracts * 0.4)))
        planned += self._external_contracts(external, ext_units, n_contracts - len(planned))
        self._prices(all_units, planned)

        Provider.objects.bulk_create(new_providers, batch_size=BATCH)
        for unit in all_units:
            unit.provider_id = unit.provider.pk
        Unit.objects.bulk_create(all_units, batch_size=BATCH)
        Contract.objects.bulk_create([p.contract for p in planned], batch_size=BATCH)
        through = Contract.units.through
        through.objects.bulk_create(
            [through(contract_id=p.contract.pk, unit_id=u.pk) for p in planned for u in p.units],
            batch_size=BATCH * 5,
        )
        ContractRequirement.objects.bulk_create(
            [
                ContractRequirement(
                    contract_id=p.contract.pk,
                    text=text,
                    clause=clause,
                    essential=clause in ESSENTIAL_CLAUSES,
                )
                for p in planned
                for text, clause in p.requirements
            ],
            batch_size=BATCH * 5,
        )
        users = self._provider_users(planned, all_units, n_provider_users)

        units_by_category: dict[str, list[Unit]] = {code: [] for code in self.codes}
        for unit in all_units:
            units_by_category[unit.category.code].append(unit)
        result = {
            "categories": [self.categories[c] for c in self.codes],
            "providers": new_providers,
            "own_providers": [p for p in own if p.operation_form == OperationForm.OWN],
            "units": all_units,
            "units_by_category": units_by_category,
            "contracts": [p.contract for p in planned],
            "provider_users": users,
        }
        self.shared.update(result)
        self.shared.setdefault("users_by_role", {}).setdefault(Role.PROVIDER, []).extend(users)
        return result

    def _org_number(self, prefix: str) -> str:
        while True:
            body = prefix + "".join(str(self.rng.randint(0, 9)) for _ in range(9 - len(prefix)))
            number = org_number_with_check_digit(body)
            if number not in self.used_org_numbers:
                self.used_org_numbers.add(number)
                return number

    def _unique(self, name: str, used: set[str], place: str) -> str:
        candidate, n = name, 1
        while candidate in used:
            n += 1
            candidate = f"{name} {place}" if n == 2 else f"{name} {place} {n - 1}"
        used.add(candidate)
        return candidate

    def _address(self) -> dict:
        postcode = f"{self.rng.randint(100, 989)} {self.rng.randint(0, 99):02d}"
        return {
            "street_address": f"{self.faker.street_name()} {self.rng.randint(1, 120)}",
            "postal_code": postcode,
        }

    def _own_providers(self) -> list[Provider]:
        """One provider per administration that runs own units, marked egen regi."""
        admin_codes = ["snc", "snno", "snh", "snsv", "nff", "avo"]
        admins = [self.org.get(f"{code}-forv") for code in admin_codes]
        own = []
        for n, (code, admin) in enumerate(zip(admin_codes, admins, strict=True)):
            if admin is None:
                continue
            number = org_number_with_check_digit(f"212000{n * 137 + 101:03d}")
            name = f"{self.municipality_name}, {admin.name}"
            existing = Provider.all_objects.filter(org_number=number).first()
            if existing is None:
                self.used_org_numbers.add(number)
                existing = Provider(
                    org_number=number,
                    name=name,
                    operation_form=OperationForm.OWN,
                    city=self.municipality_name,
                    contact_name=self.faker.name(),
                    email=f"{code}@demokommunen.example.se",
                    phone=f"031-{self.rng.randint(300, 399)} 00 00",
                    **self._address(),
                )
            existing.admin_code = code
            own.append(existing)
        return own

    def _provider(self) -> Provider:
        rng, faker = self.rng, self.faker
        roll = rng.random()
        city = faker.city()
        stem = rng.choice(STEMS)
        if roll < 0.06:
            form = OperationForm.NONPROFIT
            name = rng.choice(
                (
                    f"Stiftelsen {stem}",
                    f"Föreningen {stem}",
                    f"{stem} ideell förening",
                    f"{city} Stadsmission",
                    f"{stem} kooperativ ekonomisk förening",
                    f"Kvinnojouren i {city}",
                )
            )
            number = self._org_number(rng.choice(("802", "769", "817")))
        elif roll < 0.075:
            form = OperationForm.PUBLIC
            name = rng.choice(
                (
                    f"Region {city}",
                    f"{city} kommun",
                    f"Kommunalförbundet {stem}",
                    f"Samordningsförbundet {city}",
                )
            )
            number = self._org_number(rng.choice(("212", "222", "232")))
        else:
            form = OperationForm.PRIVATE
            word = rng.choice(COMPANY_WORDS)
            name = rng.choice(
                (
                    f"{stem} {word} AB",
                    f"{faker.last_name()} {word} AB",
                    faker.company(),
                    f"{stem}s {word} i {city} AB",
                )
            )
            number = self._org_number(rng.choice(("556", "559", "556", "559", "969")))
        name = self._unique(name, self.used_provider_names, city)
        slug = _slug(name)[:40].strip(".-") or "utforare"
        return Provider(
            org_number=number,
            name=name,
            operation_form=form,
            city=city,
            contact_name=faker.name(),
            email=f"info@{slug}.example.se",
            phone=faker.phone_number(),
            website=f"https://www.{slug}.example.se" if rng.random() < 0.6 else "",
            active=rng.random() < 0.97,
            **self._address(),
        )

    # -- units -------------------------------------------------------------------------------

    def _pick_category(self, weight_attr: str) -> str:
        weights = [getattr(PROFILES.get(code, _DEFAULT), weight_attr) for code in self.codes]
        return self.rng.choices(self.codes, weights=weights)[0]

    def _own_units(self, own: list[Provider], n: int) -> list[Unit]:
        if not own:
            return []
        by_code = {p.admin_code: p for p in own}
        social = [p for p in own if p.admin_code.startswith("sn")]
        units = []
        for _ in range(n):
            code = self._pick_category("own_weight")
            committee = PROFILES.get(code, _DEFAULT).committee
            provider = by_code.get(committee) or self.rng.choice(social or own)
            units.append(self._unit(provider, code, own=True))
        return units

    def _external_units(self, external: list[Provider], n: int) -> list[Unit]:
        if not external or n <= 0:
            return []
        # Every provider gets one unit; the rest go to a few larger groups (a long tail).
        counts = [1] * min(n, len(external))
        # Capped: even a national chain runs a few dozen units in one region, not a thousand.
        weights = [min(self.rng.paretovariate(1.6), 40.0) for _ in external]
        extra = n - len(counts)
        if extra > 0:
            counts += [0] * (len(external) - len(counts))
            for index in self.rng.choices(range(len(external)), weights=weights, k=extra):
                counts[index] += 1
        units = []
        for provider, count in zip(external, counts, strict=False):
            main = self._main_category(provider)
            for _ in range(count):
                code = main if self.rng.random() < 0.8 else self._pick_category("weight")
                units.append(self._unit(provider, code, own=False))
        return units

    def _main_category(self, provider: Provider) -> str:
        if provider.operation_form == OperationForm.NONPROFIT and self.rng.random() < 0.4:
            preferred = "skyddat-boende" if "jour" in provider.name.lower() else "sociala-boenden"
            if preferred in self.categories:
                return preferred
        return self._pick_category("weight")

    def _cover_every_category(self, units: list[Unit]) -> None:
        """Small demos still show every category: re-describe units of crowded categories."""
        counts: dict[str, int] = {}
        for unit in units:
            counts[unit.category.code] = counts.get(unit.category.code, 0) + 1
        for code in self.codes:
            if counts.get(code) or not units:
                continue
            crowded = [u for u in units if counts[u.category.code] > 1]
            if not crowded:
                return
            unit = self.rng.choice(crowded)
            counts[unit.category.code] -= 1
            counts[code] = 1
            self._describe(unit, code, own=unit.provider.operation_form == OperationForm.OWN)

    def _unit(self, provider: Provider, code: str, *, own: bool) -> Unit:
        unit = Unit(provider=provider)
        self._describe(unit, code, own=own)
        return unit

    def _describe(self, unit: Unit, code: str, *, own: bool) -> None:
        rng, profile = self.rng, PROFILES.get(code, _DEFAULT)
        unit.category = self.categories[code]
        stem = rng.choice(STEMS)
        pattern = rng.choice(profile.names)
        in_city = own or rng.random() < 0.6
        district = None
        if in_city and self.districts:
            admin = self.org.get(f"{getattr(unit.provider, 'admin_code', '')}-forv")
            choices = self.districts_by_admin.get(admin.pk) if admin else None
            district = rng.choice(choices or self.districts)
        place = district.name if district else rng.choice(MUNICIPALITIES)
        name = pattern.format(s=stem, g=_genitive(stem))
        unit.name = self._unique(name, self.used_unit_names, place)
        unit.focus = rng.choice(profile.focus)
        age_min, age_max = rng.choice(profile.ages)
        unit.target_age_min, unit.target_age_max = age_min, age_max
        unit.target_gender = rng.choices(
            [TargetGender.ANY, TargetGender.FEMALE, TargetGender.MALE], weights=profile.gender
        )[0]
        unit.target_needs = ", ".join(rng.sample(profile.needs, k=min(2, len(profile.needs))))
        places = rng.randint(*profile.places) if profile.places else None
        unit.places = places
        if places is None:
            unit.vacancies = None
        else:
            # Most units are full; a few have several places free.
            unit.vacancies = 0 if rng.random() < 0.55 else rng.randint(1, max(1, places // 3))
        unit.vacancies_confirmed_on = (
            self.today - dt.timedelta(days=rng.randint(0, 120)) if places else None
        )
        unit.description = (
            f"{unit.focus}. {profile.places and f'{places} platser. ' or ''}"
            f"Verksamheten ligger i {place}."
        )
        has_permit = not own and rng.random() < profile.permit
        permit_year = self.today.year - rng.randint(1, 15)
        permit_day = rng.randint(0, 364)
        permit_serial = rng.randint(1000, 99999)
        if has_permit:
            unit.ivo_permit_number = (
                f"{rng.choice(('3.5.1', '8.5.1', '3.5.2'))}-{permit_serial}/{permit_year}"
            )
            unit.ivo_permit_date = dt.date(permit_year, 1, 1) + dt.timedelta(days=permit_day)
            span = _age_span(age_min, age_max)
            unit.ivo_permit_scope = f"{unit.category.name}{span}" + (
                f", {places} platser" if places else ""
            )
        unit.street_address = f"{self.faker.street_name()} {rng.randint(1, 120)}"
        unit.postal_code = f"{rng.randint(100, 989)} {rng.randint(0, 99):02d}"
        unit.city = district.name if district else place
        unit.municipality = self.municipality_name if district else place
        unit.district = district
        unit.active = rng.random() < 0.96
        low, high = profile.price or (0, 0)
        unit.base_price = rng.randint(low // 10, high // 10) * 10 if profile.price else None
        unit.markup = rng.uniform(1.05, 1.25)

    # -- contracts ---------------------------------------------------------------------------

    def _assignments(self, own_units: list[Unit], cap: int) -> list[_Planned]:
        """Own units get an uppdragsbeskrivning per administration, category and district."""
        groups: dict[tuple, list[Unit]] = {}
        for unit in own_units:
            key = (unit.provider.org_number, unit.category.code)
            groups.setdefault(key, []).append(unit)
        planned = []
        for (_number, code), units in groups.items():
            for n, start in enumerate(range(0, len(units), 25), start=1):
                if len(planned) >= cap:
                    return planned
                chunk = units[start : start + 25]
                first = chunk[0]
                year = self.today.year - self.rng.randint(0, 3)
                part = f" del {n}" if len(units) > 25 else ""
                contract = self._contract(
                    ContractType.ASSIGNMENT,
                    f"Uppdragsbeskrivning {first.category.name}{part} {year}",
                    first.provider,
                    code,
                    dt.date(year, 1, 1),
                    None,
                    value_range=(5_000_000, 80_000_000),
                    committee=self.org.get(first.provider.admin_code),
                )
                reqs = self.rng.sample(REQUIREMENTS, k=self.rng.randint(0, 3))
                planned.append(_Planned(contract, chunk, [*ASSIGNMENT_REQUIREMENTS[:1], *reqs]))
        return planned

    def _external_contracts(self, external, ext_units, n: int) -> list[_Planned]:
        if n <= 0 or not ext_units:
            return []
        units_of: dict[int, list[Unit]] = {}
        for unit in ext_units:
            units_of.setdefault(id(unit.provider), []).append(unit)
        with_units = [p for p in external if id(p) in units_of]
        # Bigger providers are more likely to have agreements.
        order = sorted(
            with_units,
            key=lambda p: self.rng.random() / (1 + len(units_of[id(p)])),
        )
        forced = [
            ContractType.FRAMEWORK,
            ContractType.CHOICE_SYSTEM,
            ContractType.DIRECT_AWARD,
            ContractType.INDIVIDUAL,
            ContractType.CONCESSION,
        ]
        planned, rounds = [], {}
        i = 0
        while len(planned) < n:
            provider = order[i % len(order)]
            i += 1
            earlier = rounds.get(id(provider), 0)
            rounds[id(provider)] = earlier + 1
            units = units_of[id(provider)]
            code = units[0].category.code
            ctype = forced[len(planned)] if len(planned) < len(forced) else self._type_for(code)
            planned.append(self._external(ctype, provider, code, units, earlier))
        return planned

    def _type_for(self, code: str) -> str:
        lov = code in ("hemtjanst", "boendestod", "daglig-verksamhet", "personlig-assistans")
        weights = {
            ContractType.FRAMEWORK: 20 if lov else 60,
            ContractType.CHOICE_SYSTEM: 55 if lov else 2,
            ContractType.DIRECT_AWARD: 8,
            ContractType.INDIVIDUAL: 5 if lov else 22,
            ContractType.CONCESSION: 10 if code in ("lss-boende", "hemtjanst") else 1,
        }
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _external(self, ctype, provider, code, units, earlier: int) -> _Planned:
        rng, year = self.rng, self.today.year
        category = self.categories[code]
        in_category = [u for u in units if u.category.code == code]
        month = rng.choice((1, 1, 4, 7, 9, 10))
        # A provider's second agreement is usually the previous period's.
        back = 4 * earlier
        if ctype == ContractType.FRAMEWORK:
            # Mostly running, some expired, a few signed but not yet started.
            offset = rng.choices(range(-1, 8), weights=(1, 5, 5, 5, 5, 2, 2, 2, 2))[0]
            start = dt.date(year - back - offset, month, 1)
            end = _add_years(start, 4) - dt.timedelta(days=1)
            title = f"Ramavtal {category.name} {start.year}–{end.year}"
            covered, extension, values = in_category, "", (1_000_000, 40_000_000)
        elif ctype == ContractType.CHOICE_SYSTEM:
            start = dt.date(year - back - rng.randint(0, 6), month, 1)
            end = None
            title = f"LOV {category.name}"
            if earlier:
                end = _add_years(start, 3) - dt.timedelta(days=1)
            covered, extension, values = in_category, "", (2_000_000, 30_000_000)
        elif ctype == ContractType.CONCESSION:
            start = dt.date(year - back - rng.randint(0, 4), month, 1)
            end = _add_years(start, 5) - dt.timedelta(days=1)
            title = f"Entreprenad {category.name} {in_category[0].city}"
            covered, extension, values = in_category, "2+2 år", (10_000_000, 80_000_000)
        elif ctype == ContractType.DIRECT_AWARD:
            start = dt.date(year - back - rng.randint(0, 2), month, 1) + dt.timedelta(
                days=rng.randint(0, 27)
            )
            end = _add_years(start, 1) - dt.timedelta(days=1)
            title = f"Direktupphandling {category.name}, {in_category[0].name}"
            covered, extension, values = in_category[:2], "", (200_000, 1_400_000)
        else:
            start = self.today - dt.timedelta(days=rng.randint(30, 700) + 365 * back)
            end = start + dt.timedelta(days=rng.choice((183, 365, 548, 730)))
            title = f"Individavtal {in_category[0].name} {start.year}"
            covered, extension, values = in_category[:1], "", (300_000, 3_000_000)
        contract = self._contract(ctype, title, provider, code, start, end, value_range=values)
        contract.extension_options = extension or (
            rng.choice(("", "1+1 år", "1 år")) if ctype == ContractType.FRAMEWORK else ""
        )
        reqs = rng.sample(REQUIREMENTS, k=rng.randint(1, 5))
        return _Planned(contract, covered, reqs)

    def _contract(
        self, ctype, title, provider, code, start, end, *, value_range, committee=None
    ) -> Contract:
        rng = self.rng
        low, high = value_range
        value = math.exp(rng.uniform(math.log(low), math.log(high)))
        committee = self._committee(code, ctype) if committee is None else committee
        prefix = {"nff": "NFS", "avo": "ÄVO", "niu": "NIU"}.get(committee.code, "SN")
        number = rng.randint(1, 2500)
        owner = rng.choice(self.controllers) if self.controllers else None
        return Contract(
            contract_type=ctype,
            title=title[:250],
            provider=provider,
            committee=committee if committee.pk else None,
            owner=owner,
            start_date=start,
            end_date=end,
            annual_value=Decimal(round(value, -3)),
            diary_number=f"{prefix} {start.year}/{number:05d}",
            description=f"{ContractType(ctype).label} för {self.categories[code].name}.",
        )

    def _committee(self, code: str, ctype: str):
        wanted = PROFILES.get(code, _DEFAULT).committee
        if ctype == ContractType.FRAMEWORK and self.rng.random() < 0.5:
            wanted = "niu"
        if wanted == "social":
            wanted = self.rng.choice(("snc", "snno", "snh", "snsv"))
        return self.org.get(wanted) or _NoCommittee()

    def _prices(self, units: list[Unit], planned: list[_Planned]) -> None:
        """Framework prices only where a running framework, LOV or entreprenad covers the unit."""
        priced = {
            ContractType.FRAMEWORK,
            ContractType.CHOICE_SYSTEM,
            ContractType.CONCESSION,
        }
        covered = set()
        for p in planned:
            if p.contract.contract_type in priced and p.contract.is_running(self.today):
                covered.update(id(u) for u in p.units)
        for unit in units:
            if unit.base_price is None or unit.provider.operation_form == OperationForm.OWN:
                continue
            base = Decimal(unit.base_price)
            if id(unit) in covered:
                unit.price_per_day_framework = base
            unit.price_indication = Decimal(round(unit.base_price * unit.markup, -1))

    # -- provider logins ---------------------------------------------------------------------

    def _provider_users(self, planned: list[_Planned], units: list[Unit], n: int):
        from django.contrib.auth.hashers import make_password

        from insyn.accounts.demo import DEMO_PASSWORD, LOGIN_USERNAMES
        from insyn.accounts.models import User

        if n <= 0:
            return []
        unit_count: dict[int, int] = {}
        for unit in units:
            unit_count[unit.provider_id] = unit_count.get(unit.provider_id, 0) + 1
        running: dict[int, Provider] = {}
        for p in planned:
            provider = p.contract.provider
            if p.contract.is_running(self.today) and not provider.is_own:
                running.setdefault(provider.pk, provider)
        # Providers with several units and a running agreement first: the printed login
        # must show a provider that has something to see.
        candidates = sorted(running.values(), key=lambda p: (unit_count.get(p.pk, 0) < 2, p.pk))
        taken = set(User.objects.values_list("username", flat=True))
        password = make_password(DEMO_PASSWORD)
        users = []
        for provider in candidates[:n]:
            first, last = self.faker.first_name(), self.faker.last_name()
            username = LOGIN_USERNAMES[Role.PROVIDER]
            if username in taken:
                base = username = _slug(f"{first}.{last}")
                k = 1
                while username in taken:
                    k += 1
                    username = f"{base}{k}"
            taken.add(username)
            users.append(
                User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@{_slug(provider.name)[:30].strip('.-')}.example.se",
                    role=Role.PROVIDER,
                    provider=provider,
                    password=password,
                )
            )
        return User.objects.bulk_create(users)


class _NoCommittee:
    pk = None
    code = ""


_DEFAULT = Profile(
    0.05, 0.05, ("{s}",), ("Övrig verksamhet",), ((None, None),), ("övrigt",), None, None, 0.0
)


def _genitive(word: str) -> str:
    return word if word.endswith(("s", "x", "z")) else f"{word}s"


def _age_span(age_min, age_max) -> str:
    if age_min is None and age_max is None:
        return ""
    if age_max is None:
        return f" från {age_min} år"
    return f" {age_min or 0}–{age_max} år"


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _slug(text: str) -> str:
    table = str.maketrans("åäöéüÅÄÖÉÜ &", "aaoeuaaoeu-o")
    out = "".join(c for c in text.translate(table).lower() if c.isalnum() or c in ".-")
    return out.strip(".-")


def unsaved_units(ctx: DemoContext, *, providers: int, units: int) -> list[Unit]:
    """New providers' units, planned but not stored (bench/ writes them to an import file).

    Organisationsnummer already in the database are avoided, so importing them creates rows.
    """
    gen = _Generator(ctx)
    external = [gen._provider() for _ in range(providers)]
    planned = gen._external_units(external, units)
    gen._prices(planned, [])
    return planned
