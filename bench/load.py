"""`make bench-load`: many people at once against gunicorn and PostgreSQL (issue 16).

    .venv/bin/python bench/load.py [--scale 1.0] [--users 10,20,40,80] [--time 150s]

Uses the bench database (as bench/run.py: BENCH_DATABASE_URL, else insyn_bench on a local
PostgreSQL; filled if it is not at --scale), collects the static files with WhiteNoise's
manifest storage, starts gunicorn on 127.0.0.1 with the production settings and the worker
count of gunicorn.conf.py, and for each number of people runs bench/locustfile.py headless
for a fixed time. Prints requests/s, p50/p95/p99 per page kind and the errors beside the
goals, and the CPU split between gunicorn and PostgreSQL (psutil). Stops gunicorn at the end.

Environment for a quick run: LOAD_SCALE, LOAD_USERS, LOAD_TIME, LOAD_WORKERS (else
gunicorn.conf.py's), LOAD_PORT.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
# Goals on 2 cores, app and PostgreSQL on one machine, region-sized data (issue 16).
GOALS = {40: 500, 80: 1_000}  # people -> p95 ms over all pages, with 0 errors
SAMPLE = 40  # ids of each kind the people pick from


def parse_args(argv=None):
    def env(name, default):
        return os.environ.get(name) or default  # make passes unset variables as ""

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=float(env("LOAD_SCALE", "1.0")))
    parser.add_argument("--users", default=env("LOAD_USERS", "10,20,40,80"))
    parser.add_argument("--time", default=env("LOAD_TIME", "150s"), help="per step, locust -t")
    parser.add_argument("--workers", type=int, default=int(env("LOAD_WORKERS", "0")) or None)
    parser.add_argument("--port", type=int, default=int(env("LOAD_PORT", "8765")))
    parser.add_argument(
        "--prepare-only",
        action="store_true",
        help="fill the database and write the targets, then stop (measure later, when quiet)",
    )
    parser.add_argument("--sqlite", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# -- preparing the database ----------------------------------------------------------------


def prepare(scale: float, label: str) -> dict:
    """Fill (or reuse) the bench data and write what the simulated people need to know."""
    import django

    django.setup()
    from django.core.management import call_command

    from bench import bench_feedback, bench_followup, bench_placement
    from bench.harness import BenchContext, fill_register
    from bench.run import discover

    call_command("migrate", interactive=False, verbosity=0)
    ctx = BenchContext(scale=scale, requests=1, warmup=1, database=label)
    fill_register(ctx, discover([])[0], fresh=False)
    for module in (bench_feedback, bench_followup, bench_placement):
        module.fill(ctx)
    plan = bench_followup.full_plan(ctx)
    from insyn.ratings.services import refresh_answer_rate_days, refresh_rating_summaries

    # What the nightly jobs would have left: the start page reads the answer rates, the
    # recommendation search the units' rating sums (without them it aggregates 2,000,000
    # ratings per search, as it does only when the nightly job has not run).
    refresh_answer_rate_days()
    refresh_rating_summaries()
    targets = targets_for(ctx, plan)
    OUT_DIR.mkdir(exist_ok=True)
    path = OUT_DIR / "load-targets.json"
    path.write_text(json.dumps(targets, indent=1))
    return {"path": path, "sizes": ctx.sizes, "plan_rows": plan.rows.count()}


def _url(path: str, **params) -> str:
    from urllib.parse import urlencode

    return f"{path}?{urlencode(params)}" if params else path


def targets_for(ctx, plan) -> dict:
    import datetime as dt

    from django.conf import settings
    from django.utils import timezone

    from bench.harness import signed_in_client
    from insyn.accounts.constants import OrgUnitKind, Role
    from insyn.accounts.models import OrgUnit, User
    from insyn.public.models import PublishedProvider, PublishedUnit
    from insyn.registry.models import Category, Provider, Unit

    rng = __import__("random").Random(16)
    units = list(Unit.objects.filter(active=True).values_list("pk", flat=True))
    providers = list(Provider.objects.values_list("pk", flat=True))
    districts = list(OrgUnit.objects.filter(kind=OrgUnitKind.DISTRICT).values_list("pk", flat=True))
    categories = {c.code: c.pk for c in Category.objects.all()}
    hvb = categories.get("hvb-barn") or next(iter(categories.values()))
    lss = categories.get("lss-boende") or hvb
    start = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    since = (timezone.localdate() - dt.timedelta(days=365)).isoformat()

    # The public pages show only published units: publish a sample once (bench data).
    if not PublishedUnit.objects.exists():
        admin = ctx.user("admin")
        sample = Unit.objects.filter(pk__in=rng.sample(units, min(len(units), 200)))
        PublishedProvider.objects.bulk_create(
            [
                PublishedProvider(provider_id=p, published_by=admin)
                for p in set(sample.values_list("provider_id", flat=True))
            ],
            ignore_conflicts=True,
        )
        PublishedUnit.objects.bulk_create(
            [PublishedUnit(unit=u, published_by=admin) for u in sample], ignore_conflicts=True
        )
    public_units = list(PublishedUnit.objects.values_list("unit_id", flat=True)[:SAMPLE])

    def sessions(role: str, n: int = 20) -> list[str]:
        users = list(User.objects.filter(role=role, is_active=True).order_by("pk")[:n])
        clients = [signed_in_client(user) for user in users]
        return [client.cookies[settings.SESSION_COOKIE_NAME].value for client in clients]

    pl, ul, fl = "/register/utforare/", "/register/verksamheter/", "/synpunkter/"
    return {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "sessions": {
            "controller": sessions(Role.CONTROLLER),
            "placement_officer": sessions(Role.PLACEMENT_OFFICER),
            "coordinator": sessions(Role.COORDINATOR),
            "provider": sessions(Role.PROVIDER),
        },
        "unit_ids": rng.sample(units, min(SAMPLE, len(units))),
        "provider_ids": rng.sample(providers, min(SAMPLE, len(providers))),
        "public_unit_ids": public_units,
        "plan_id": plan.pk,
        "search_words": ["omsorg", "vård", "hvb", "5565", "boende", "stöd", "familj"],
        "provider_lists": [
            pl,
            _url(pl, category=hvb, has_vacancies="true"),
            _url(pl, framework="true"),
            _url(pl, district=rng.choice(districts)),
            _url(pl, q="vård", framework="true", ordering="city", page=2),
        ],
        "unit_lists": [
            ul,
            _url(ul, category=lss, has_vacancies="true", has_permit="true"),
            _url(ul, q="hvb", district=rng.choice(districts)),
        ],
        "feedback_lists": [
            fl,
            _url(fl, kind="complaint", open="true", received_from=since),
            _url(fl, overdue="true"),
            _url(fl, concern="treatment", page=3),
        ],
        "searches": [
            _url("/placering/", category=hvb, age_min=14, age_max=16, start_date=start),
            _url("/placering/", category=hvb, focus="missbruk", start_date=start, max_price=4500),
            _url("/placering/", category=lss, start_date=start),
        ],
        "public_lists": ["/insyn/verksamheter/", "/insyn/utforare/", "/insyn/verksamheter/?q=hem"],
        "api": [
            "/api/v1/providers/",
            _url("/api/v1/providers/", category=hvb, has_vacancies="true"),
            _url("/api/v1/units/", framework="true"),
            _url("/api/v1/feedback/", kind="complaint", open="true"),
        ],
    }


# -- the server ------------------------------------------------------------------------------


def server_env(url: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "insyn.settings",
            "DEBUG": "false",
            "SECRET_KEY": "bench-load-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "CONN_MAX_AGE": "60",
            "STATIC_ROOT": str(OUT_DIR / "static"),
            "STATICFILES_STORAGE": "whitenoise.storage.CompressedManifestStaticFilesStorage",
            "LOG_LEVEL": "ERROR",
        }
    )
    return env


def collectstatic(env: dict) -> None:
    """Hashed and compressed once, as on a server; skipped while the project's own static
    files are older than the last run's manifest (compressing everything takes minutes)."""
    manifest = OUT_DIR / "static" / "staticfiles.json"
    sources = [p for p in (ROOT / "insyn").rglob("static/**/*") if p.is_file()]
    newest = max((p.stat().st_mtime for p in sources), default=0)
    if manifest.exists() and manifest.stat().st_mtime > newest:
        return
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def start_gunicorn(env: dict, port: int, workers: int | None) -> subprocess.Popen:
    cmd = [
        str(BIN / "gunicorn"),
        "insyn.wsgi:application",
        "-c",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--error-logfile",
        str(OUT_DIR / "load-gunicorn.log"),
    ]
    if workers:
        cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    import urllib.request

    for _ in range(100):
        time.sleep(0.3)
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=5)  # noqa: S310
            return proc
        except OSError:
            if proc.poll() is not None:
                break
    proc.terminate()
    sys.exit(f"gunicorn did not answer on 127.0.0.1:{port}; see bench/out/load-gunicorn.log")


# -- CPU split -------------------------------------------------------------------------------


class CpuSampler(threading.Thread):
    """CPU seconds of gunicorn (master and workers), of PostgreSQL's backends for the bench
    database and of locust, sampled every second (processes come and go) with psutil."""

    def __init__(self, gunicorn_pid: int, database: str):
        super().__init__(daemon=True)
        self.gunicorn_pid, self.database = gunicorn_pid, database
        self.last: dict[tuple[str, int], float] = {}
        self.total = {"gunicorn": 0.0, "postgres": 0.0, "locust": 0.0, "machine": 0.0}
        self.machine_last = None
        self.stop = threading.Event()

    def groups(self):
        import psutil

        try:
            master = psutil.Process(self.gunicorn_pid)
            yield from (("gunicorn", p) for p in [master, *master.children(recursive=True)])
        except psutil.NoSuchProcess:
            pass
        for proc in psutil.process_iter(["cmdline"]):
            cmdline = " ".join(proc.info["cmdline"] or [])
            if cmdline.startswith("postgres:") and f" {self.database} " in cmdline:
                yield "postgres", proc
            elif "locust" in cmdline and "bench/locustfile.py" in cmdline:
                yield "locust", proc

    def sample(self):
        import psutil

        times = psutil.cpu_times()
        busy = sum(times) - times.idle - getattr(times, "iowait", 0.0)
        if self.machine_last is not None:
            self.total["machine"] += max(0.0, busy - self.machine_last)
        self.machine_last = busy

        for group, proc in self.groups():
            try:
                times = proc.cpu_times()
            except psutil.Error:
                continue
            used = times.user + times.system
            key = (group, proc.pid)
            if key in self.last:
                self.total[group] += max(0.0, used - self.last[key])
            self.last[key] = used

    def run(self):
        while not self.stop.wait(1.0):
            self.sample()

    def reset(self):
        self.sample()
        self.total = dict.fromkeys(self.total, 0.0)


# -- one step --------------------------------------------------------------------------------


def run_step(users: int, duration: str, port: int, targets: Path, sampler, prefix="") -> dict:
    prefix = OUT_DIR / (prefix or f"load-{users}")
    cmd = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "-u",
        str(users),
        "-r",
        str(users),
        "-t",
        duration,
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(prefix),
        "--only-summary",
        "--reset-stats",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "10",
    ]
    env = dict(os.environ, LOAD_TARGETS=str(targets))
    sampler.reset()
    started = time.monotonic()
    with open(f"{prefix}-locust.log", "w") as log:
        subprocess.run(cmd, cwd=ROOT, env=env, stdout=log, stderr=log, check=False)  # noqa: S603
    wall = time.monotonic() - started
    sampler.sample()
    cpu = {k: v / wall * 100 for k, v in sampler.total.items()}
    seconds = dict(sampler.total)
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))  # noqa: SIM115
    return {"users": users, "rows": rows, "cpu": cpu, "seconds": seconds, "wall": wall}


def _num(row, key) -> float:
    try:
        return float(row[key])
    except (KeyError, ValueError):
        return 0.0


def report(steps: list[dict], env_line: str) -> str:
    lines = [f"Insyn load test: {env_line}", ""]
    head = f"{'people':>6}  {'req/s':>6}  {'p50':>6}  {'p95':>6}  {'p99':>6}  {'errors':>6}  goal"
    lines += ["All pages (static files included):", head, "-" * (len(head) + 24)]
    for step in steps:
        total = next(r for r in step["rows"] if r["Name"] == "Aggregated")
        errors = int(_num(total, "Failure Count"))
        p95 = _num(total, "95%")
        goal_ms = GOALS.get(step["users"])
        verdict = ""
        if goal_ms:
            met = p95 < goal_ms and errors == 0
            verdict = f"p95 < {goal_ms} ms, 0 errors: {'ok' if met else 'MISSED'}"
        lines.append(
            f"{step['users']:>6}  {_num(total, 'Requests/s'):>6.1f}  {_num(total, '50%'):>6.0f}"
            f"  {p95:>6.0f}  {_num(total, '99%'):>6.0f}  {errors:>6}  {verdict}"
        )
    lines += ["", "Per page kind (ms):"]
    kinds = sorted({r["Name"] for s in steps for r in s["rows"] if r["Name"] != "Aggregated"})
    width = max(len(k) for k in kinds) if kinds else 10
    head = f"{'page kind':<{width}}" + "".join(
        f"  {s['users']:>3} p50/p95/p99 (n, err)" for s in steps
    )
    lines += [head, "-" * len(head)]
    for kind in kinds:
        cells = []
        for step in steps:
            row = next((r for r in step["rows"] if r["Name"] == kind), None)
            if row is None:
                cells.append(f"{'':>26}")
                continue
            cell = (
                f"{_num(row, '50%'):.0f}/{_num(row, '95%'):.0f}/{_num(row, '99%'):.0f}"
                f" ({_num(row, 'Request Count'):.0f}, {_num(row, 'Failure Count'):.0f})"
            )
            cells.append(f"  {cell:>26}")
        lines.append(f"{kind:<{width}}" + "".join(cells))
    lines += ["", f"CPU (% of one core; the machine has {os.cpu_count()} cores):"]
    for step in steps:
        cpu = step["cpu"]
        ours = cpu["gunicorn"] + cpu["postgres"] + cpu["locust"]
        total = next(r for r in step["rows"] if r["Name"] == "Aggregated")
        # CPU per request hardly depends on what else runs on the machine; the warm-up and
        # the ramp are in the seconds but not in the (reset) request count: an upper bound.
        requests = max(1.0, _num(total, "Request Count"))
        per_request = (
            f"; per request at most gunicorn {step['seconds']['gunicorn'] / requests * 1000:.0f}"
            f" ms, PostgreSQL {step['seconds']['postgres'] / requests * 1000:.0f} ms CPU"
        )
        lines.append(
            f"{step['users']:>6} people: gunicorn {cpu['gunicorn']:.0f} %, PostgreSQL "
            f"{cpu['postgres']:.0f} %, locust {cpu['locust']:.0f} %; anything else on the "
            f"machine {max(0.0, cpu['machine'] - ours):.0f} % (over {step['wall']:.0f} s)"
            + per_request
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from bench.run import choose_database

    url, label = choose_database(sqlite=args.sqlite)
    if not url.startswith("postgres"):
        sys.exit("bench/load.py needs PostgreSQL (BENCH_DATABASE_URL or a local server).")
    env = server_env(url)
    # The same settings as the server: sessions made here are signed with its SECRET_KEY.
    os.environ.update(env)
    OUT_DIR.mkdir(exist_ok=True)
    print(f"Preparing {label} at scale {args.scale} …", flush=True)
    prepared = prepare(args.scale, label)
    if args.prepare_only:
        print(f"Prepared: {prepared['sizes']}, plan of {prepared['plan_rows']} rows.")
        return 0
    print("Collecting static files (manifest + compression) …", flush=True)
    collectstatic(env)
    load_before = os.getloadavg()[0]
    users = [int(u) for u in args.users.split(",") if u.strip()]
    server = start_gunicorn(env, args.port, args.workers)
    database = url.rsplit("/", 1)[-1].split("?")[0]
    sampler = CpuSampler(server.pid, database)
    sampler.start()
    steps = []
    try:
        # Each worker loads templates, URL resolvers and caches on its first requests: a
        # short unrecorded run first, so the first step measures a warm server.
        print("Warm-up: 5 people for 10 s (not reported) …", flush=True)
        run_step(5, "10s", args.port, prepared["path"], sampler, prefix="load-warmup")
        for n in users:
            print(f"Load: {n} people for {args.time} …", flush=True)
            steps.append(run_step(n, args.time, args.port, prepared["path"], sampler))
    finally:
        sampler.stop.set()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    import runpy

    import django

    workers = args.workers or runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"]
    sizes = prepared["sizes"]
    env_line = (
        f"{label}, scale {args.scale:g} ({sizes.get('providers')} providers / "
        f"{sizes.get('units')} units), plan of {prepared['plan_rows']} rows; gunicorn "
        f"{workers} sync workers; {args.time} per step (statistics "
        f"after all people started); Python {platform.python_version()}, Django "
        f"{django.get_version()}, {os.cpu_count()} CPUs, load average before "
        f"{load_before:.1f}"
    )
    text = report(steps, env_line)
    print()
    print(text)
    (OUT_DIR / "load-last.txt").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
