"""What bench modules share: the Result row, the context with timing helpers, the base fill.

A bench module is `bench/bench_<area>.py` with `def run(ctx: BenchContext) -> list[Result]`
and, optionally, `def query_pages(ctx) -> list[tuple[str, str]]` (name, URL): the harness
counts the SQL queries of those pages at a tenth of the register and at full size, so a
page whose query count grows with the data shows up. See bench/README.md.
"""

from __future__ import annotations

import gc
import json
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

OUT_DIR = Path(__file__).resolve().parent / "out"
SEED = 2026
# The register `make bench` measures at --scale 1 (issue 2: a region-sized register).
FULL_SIZE = {"providers": 20_000, "units": 50_000, "contracts": 10_000}
SMALL_SHARE = 0.1


@dataclass
class Result:
    name: str
    median_ms: float | None = None
    p95_ms: float | None = None
    goal: str = ""
    note: str = ""
    ok: bool | None = None  # None: no goal to meet


def signed_in_client(user) -> Client:
    """A client with the session of someone who logged in with a password and then the
    app's code, as production asks of controllers and administrators (INSYN_MFA_REQUIRED):
    allauth's own records of both steps, so the pages are served, not the MFA setup."""
    from allauth.account.internal.flows.login import record_authentication
    from django.test import RequestFactory

    client = Client()
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, "password", username=user.get_username())
    record_authentication(request, user, "mfa", type="totp")
    request.session.save()
    return client


def sql_share(sql_ms: float, total_ms: float) -> float:
    """The share of a request's time spent in SQL (0 when nothing was timed)."""
    return min(1.0, sql_ms / total_ms) if total_ms > 0 else 0.0


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the value that `share` of the samples do not exceed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class BenchContext:
    scale: float
    requests: int
    warmup: int
    database: str  # a label for the report, never the password
    sizes: dict = field(default_factory=dict)  # what the register holds now
    refilled: bool = False  # the base register was (re)built in this run
    log: Callable[[str], None] = print
    shared: dict = field(default_factory=dict)  # ctx.shared of the demo fill, see docs/demo.md
    _clients: dict = field(default_factory=dict)

    @property
    def vendor(self) -> str:
        return connection.vendor

    def size(self, n: int) -> int:
        return max(1, round(n * self.scale))

    def user(self, role: str = "controller"):
        from insyn.accounts.demo import LOGIN_USERNAMES
        from insyn.accounts.models import User

        return User.objects.get(username=LOGIN_USERNAMES[role])

    def client(self, role: str = "controller") -> Client:
        """A logged-in test client (in-process, no network): server time without the browser."""
        if role not in self._clients:
            self._clients[role] = signed_in_client(self.user(role))
        return self._clients[role]

    def measure(
        self,
        name: str,
        url: str,
        *,
        goal_ms: float | None = 150,
        role: str = "controller",
        requests: int | None = None,
        note: str = "",
    ) -> Result:
        """Median and p95 of GET `url` over N requests after warm-up; the goal is on p95."""
        client = self.client(role)
        for _ in range(max(1, self.warmup)):
            try:
                response = client.get(url)
            except Exception as exc:  # noqa: BLE001 - one broken page must not hide the rest
                return Result(name, note=f"error for {url}: {exc!r}"[:200], ok=False)
            if response.status_code != 200:
                return Result(name, note=f"HTTP {response.status_code} for {url}", ok=False)
        # As a worker started from insyn/wsgi.py: what was loaded before serving (here also
        # the fill and the warm-up) is frozen, so full collections walk only the requests'
        # objects. Unfrozen afterwards, so the next page starts the same way.
        gc.collect()
        gc.freeze()
        times = []
        try:
            for _ in range(requests or self.requests):
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
        finally:
            gc.unfreeze()
        p95 = percentile(times, 0.95)
        # One more request with its SQL captured, so a slow page shows where the time goes.
        # The SQL share is of that request's own time (issue 16: at least half).
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            client.get(url)
            total = (time.perf_counter() - started) * 1000
        sql = [float(q["time"]) * 1000 for q in captured.captured_queries]
        where = (
            f"{len(sql)} queries, SQL {sum(sql):.0f} ms = {sql_share(sum(sql), total):.0%} of "
            f"{total:.0f} ms (slowest {max(sql, default=0):.0f})"
        )
        return Result(
            name,
            median_ms=statistics.median(times),
            p95_ms=p95,
            goal=f"p95 < {goal_ms:.0f} ms" if goal_ms else "",
            note=f"{note}; {where}" if note else where,
            ok=(p95 < goal_ms) if goal_ms else None,
        )

    def time_once(self, name: str, fn: Callable[[], object], *, goal_ms=None, note="") -> Result:
        """One timed call (imports, scoring runs): the figure goes in the median column."""
        started = time.perf_counter()
        fn()
        elapsed = (time.perf_counter() - started) * 1000
        return Result(
            name,
            median_ms=elapsed,
            goal=_goal_text(goal_ms),
            note=note,
            ok=(elapsed < goal_ms) if goal_ms else None,
        )

    def count_queries(self, url: str, role: str = "controller") -> int:
        # Once untimed first: cold caches (content types, session) are not the page's queries.
        self.client(role).get(url)
        with CaptureQueriesContext(connection) as captured:
            response = self.client(role).get(url)
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code} for {url}")
        return len(captured)

    def analyze(self) -> None:
        """After a module's bulk fill or deletion: VACUUM (ANALYZE) on PostgreSQL."""
        _analyze()

    def demo_context(self, seed: int):
        """A DemoContext for a module's own fill, with the base fill's shared rows."""
        from django.utils import timezone

        from insyn.core.demo import DemoContext

        ctx = DemoContext(seed=seed, today=timezone.localdate(), log=self.log)
        ctx.shared.update(self.shared)
        return ctx


def _goal_text(goal_ms) -> str:
    if not goal_ms:
        return ""
    return f"< {goal_ms / 1000:g} s" if goal_ms >= 1000 else f"< {goal_ms:g} ms"


# -- the base register ---------------------------------------------------------------------


def target_sizes(scale: float) -> dict:
    return {k: max(10, round(v * scale)) for k, v in FULL_SIZE.items()}


def current_sizes() -> dict:
    from insyn.registry.models import Contract, Provider, Unit

    return {
        "providers": Provider.objects.count(),
        "units": Unit.objects.count(),
        "contracts": Contract.objects.count(),
    }


def state_path(database: str) -> Path:
    safe = "".join(c if c.isalnum() else "_" for c in database)[-80:]
    return OUT_DIR / f"state-{safe}.json"


def load_state(database: str) -> dict:
    path = state_path(database)
    return json.loads(path.read_text()) if path.exists() else {}


def save_state(database: str, state: dict) -> None:
    OUT_DIR.mkdir(exist_ok=True)
    state_path(database).write_text(json.dumps(state, indent=2, ensure_ascii=False))


def shared_from_database() -> dict:
    """What later fills need when the register is reused from an earlier run."""
    from insyn.accounts.constants import OrgUnitKind, Role
    from insyn.accounts.models import OrgUnit, User
    from insyn.registry.models import Category

    users = list(User.objects.exclude(role=Role.PROVIDER).order_by("pk"))
    by_role: dict = {role: [] for role in Role.values}
    for user in users:
        by_role[user.role].append(user)
    units = list(OrgUnit.objects.order_by("pk"))
    return {
        "districts": [u for u in units if u.kind == OrgUnitKind.DISTRICT],
        "committees": [u for u in units if u.kind == OrgUnitKind.COMMITTEE],
        "administrations": [u for u in units if u.kind == OrgUnitKind.ADMINISTRATION],
        "org_units_by_code": {u.code: u for u in units if u.code},
        "users_by_role": by_role,
        "controllers": by_role[Role.CONTROLLER],
        "case_workers": by_role[Role.CASE_WORKER],
        "coordinators": by_role[Role.COORDINATOR],
        "placement_officers": by_role[Role.PLACEMENT_OFFICER],
        "managers": by_role[Role.MANAGER],
        "categories": list(Category.objects.order_by("sort_order")),
        "municipality": next((u for u in units if u.kind == OrgUnitKind.MUNICIPALITY), None),
    }


def fill_register(ctx: BenchContext, modules: list, *, fresh: bool) -> dict:
    """Build (or reuse) the base register; returns the saved state with the query counts.

    Filling goes in two steps, a tenth first, so every module's `query_pages` can be counted
    at two data sizes.
    """
    from django.core.management import call_command
    from django.utils import timezone

    from insyn.accounts import demo as accounts_demo
    from insyn.core.demo import DemoContext
    from insyn.registry import demo as registry_demo

    target = target_sizes(ctx.scale)
    state = load_state(ctx.database)
    if not fresh and state.get("sizes") == target and current_sizes() == target:
        ctx.log(f"Reusing the register in {ctx.database} (--fresh rebuilds it).")
        ctx.sizes = target
        ctx.shared = shared_from_database()
        return state

    ctx.log(f"Filling {ctx.database}: {target} …")
    started = time.perf_counter()
    call_command("flush", interactive=False, verbosity=0)
    demo = DemoContext(seed=SEED, today=timezone.localdate(), log=ctx.log)
    small = {k: max(5, round(v * SMALL_SHARE)) for k, v in target.items()}
    with transaction.atomic():
        accounts_demo.seed(demo)
        registry_demo.generate(demo, provider_users=10, **small)
    _analyze()
    ctx.shared = {k: v for k, v in demo.shared.items() if k not in ("units", "contracts")}
    ctx.sizes = current_sizes()
    small_counts = count_query_pages(ctx, modules)
    small_sizes = ctx.sizes

    grow = DemoContext(seed=SEED + 1, today=demo.today, log=ctx.log)
    grow.shared.update(ctx.shared)
    rest = {k: target[k] - small_sizes[k] for k in target}
    with transaction.atomic():
        registry_demo.generate(grow, **rest)
    _analyze()
    ctx.sizes = current_sizes()
    ctx.refilled = True
    ctx.log(f"Filled in {time.perf_counter() - started:.0f} s: {ctx.sizes}")
    state = {
        "sizes": target,
        "small_sizes": small_sizes,
        "small_query_counts": small_counts,
        "filled_at": timezone.now().isoformat(timespec="seconds"),
    }
    save_state(ctx.database, state)
    return state


def _analyze() -> None:
    # PostgreSQL's autovacuum would soon clear dead rows and gather statistics after a bulk
    # load; do both now, so pages read the tables a running system has. Without the VACUUM
    # (the bench's PostgreSQL may run without autovacuum) the dead rows of the bench's own
    # rolled-back import and of replaced fills doubled some pages (issue 16). Not in a
    # transaction: VACUUM refuses to run in one. SQLite keeps no statistics unless asked.
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


def count_query_pages(ctx: BenchContext, modules: list) -> dict:
    counts = {}
    for module in modules:
        pages = getattr(module, "query_pages", None)
        if pages is None:
            continue
        for name, url in pages(ctx):
            try:
                counts[name] = ctx.count_queries(url)
            except Exception as exc:  # noqa: BLE001 - reported as a note, the run goes on
                counts[name] = f"error: {exc}"
    return counts


def query_results(ctx: BenchContext, modules: list, state: dict) -> list[Result]:
    """One row per counted page: the queries at a tenth and at full size must be equal."""
    now = count_query_pages(ctx, modules)
    before = state.get("small_query_counts", {})
    small = state.get("small_sizes", {}).get("providers", "?")
    full = ctx.sizes.get("providers", "?")
    results = []
    for name, count in now.items():
        earlier = before.get(name)
        if isinstance(count, str):
            results.append(Result(f"SQL queries: {name}", note=count, ok=False))
            continue
        if earlier is None:
            note = f"{count} at {full} providers (run with --fresh to compare with a tenth)"
            results.append(Result(f"SQL queries: {name}", goal="constant", note=note))
            continue
        results.append(
            Result(
                f"SQL queries: {name}",
                goal="constant",
                note=f"{earlier} at {small} providers, {count} at {full}",
                ok=earlier == count,
            )
        )
    return results


def as_json(results: list[Result]) -> list[dict]:
    return [asdict(r) for r in results]
