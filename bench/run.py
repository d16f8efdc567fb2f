"""`make bench`: fill a separate database with a region-sized register and print timings.

    .venv/bin/python bench/run.py [--scale 1.0] [--only registry] [--requests 30] [--fresh]

The database is BENCH_DATABASE_URL, else DATABASE_URL, else insyn_bench on a PostgreSQL
server answering on 127.0.0.1:5432, else bench/out/bench.sqlite3 (--sqlite forces it); its
name must contain "bench" because the register is rebuilt with `flush`. Modules are
bench/bench_*.py (see bench/README.md).
"""

import argparse
import fcntl
import json
import os
import platform
import sys
import time
import traceback
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 20,000 providers")
    parser.add_argument(
        "--only", action="append", default=[], help="run only bench_<name>.py (repeatable)"
    )
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    parser.add_argument("--fresh", action="store_true", help="rebuild the register even if it fits")
    parser.add_argument(
        "--sqlite", action="store_true", help="bench/out/bench.sqlite3 even if PostgreSQL answers"
    )
    return parser.parse_args(argv)


LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432"


def local_postgres() -> str | None:
    """postgres://…/insyn_bench when a local server answers (created if missing), else None."""
    try:
        import psycopg

        with psycopg.connect(f"{LOCAL_POSTGRES}/postgres", connect_timeout=2) as conn:
            conn.autocommit = True
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = 'insyn_bench'"
            ).fetchone()
            if not exists:
                conn.execute("CREATE DATABASE insyn_bench")
    except Exception:  # noqa: BLE001 - no server, no rights, no driver: SQLite it is
        return None
    return f"{LOCAL_POSTGRES}/insyn_bench"


def choose_database(sqlite: bool = False) -> tuple[str, str]:
    """(url, label); refuses a database that is not clearly the benchmark's own."""
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not url and not sqlite:
        url = local_postgres()
    if not url or sqlite:
        OUT_DIR.mkdir(exist_ok=True)
        path = OUT_DIR / "bench.sqlite3"
        return f"sqlite:///{path}", f"SQLite {path.relative_to(ROOT)}"
    parts = urlsplit(url)
    name = parts.path.rsplit("/", 1)[-1]
    if "bench" not in name:
        sys.exit(
            f"bench/run.py rebuilds its database with flush; '{name}' does not look like a "
            "benchmark database. Set BENCH_DATABASE_URL to one whose name contains 'bench', "
            "e.g. postgres://postgres@127.0.0.1:5432/insyn_bench."
        )
    label = f"{parts.scheme} {parts.hostname or ''}{':' if parts.port else ''}{parts.port or ''}"
    return url, f"{label.strip()}/{name}"


def discover(only: list[str]) -> tuple[list, dict[str, str]]:
    """The bench_*.py modules (all, or those named by --only), and those that fail to import."""
    modules, broken = [], {}
    for path in sorted((ROOT / "bench").glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if only and name not in only:
            continue
        try:
            modules.append(import_module(f"bench.{path.stem}"))
        except Exception as exc:  # noqa: BLE001 - another area's module must not stop the run
            broken[path.stem] = f"import failed: {exc!r}"[:200]
    return modules, broken


def print_table(results, out=sys.stdout) -> None:
    def ms(value):
        return "" if value is None else f"{value:,.0f}".replace(",", " ")

    rows = [
        (
            r.name,
            ms(r.median_ms),
            ms(r.p95_ms),
            r.goal,
            {True: "ok", False: "MISSED", None: ""}[r.ok],
            r.note,
        )
        for r in results
    ]
    header = ("measurement", "median ms", "p95 ms", "goal", "", "note")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(5)]
    line = "  ".join(
        [f"{header[0]:<{widths[0]}}"] + [f"{header[i]:>{widths[i]}}" for i in range(1, 5)]
    )
    print(line + "  " + header[5], file=out)
    print("-" * (len(line) + 6), file=out)
    for row in rows:
        cells = [f"{row[0]:<{widths[0]}}"] + [f"{row[i]:>{widths[i]}}" for i in range(1, 5)]
        print("  ".join(cells) + "  " + row[5], file=out)


def main(argv=None) -> int:
    args = parse_args(argv)
    url, label = choose_database(sqlite=args.sqlite)
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "insyn.settings"
    # Timings as in production: no debug toolbar of queries kept in memory.
    os.environ["DEBUG"] = "false"

    # One run per database at a time: a second run's flush would pull the data from under
    # the first one's measurements.
    OUT_DIR.mkdir(exist_ok=True)
    lock_name = "".join(c if c.isalnum() else "_" for c in label)
    lock = open(OUT_DIR / f"{lock_name}.lock", "w")  # noqa: SIM115 - held until the process ends
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"Another benchmark is running on {label}; waiting for it …", flush=True)
        fcntl.flock(lock, fcntl.LOCK_EX)

    import warnings

    import django

    # WhiteNoise warns when collectstatic has not run; the benchmark serves no static files.
    warnings.filterwarnings("ignore", message="No directory at")

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from bench.harness import BenchContext, Result, as_json, fill_register, query_results

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", interactive=False, verbosity=0)

    modules, broken = discover(args.only)
    if args.only and not modules and not broken:
        sys.exit(f"No bench module for {args.only}; see bench/bench_*.py.")
    ctx = BenchContext(scale=args.scale, requests=args.requests, warmup=args.warmup, database=label)
    started = time.perf_counter()
    state = fill_register(ctx, discover([])[0], fresh=args.fresh)
    results = [Result(name, note=note, ok=False) for name, note in broken.items()]
    crashed = bool(broken)
    for module in modules:
        name = module.__name__.rsplit(".", 1)[-1]
        ctx.log(f"Running {name} …")
        try:
            results.extend(module.run(ctx))
        except Exception as exc:  # noqa: BLE001 - one broken module must not hide the others
            crashed = True
            traceback.print_exc()
            results.append(Result(name, note=f"crashed: {exc!r}"[:200], ok=False))
    results += query_results(ctx, modules, state)

    env = (
        f"{label}, {ctx.sizes.get('providers')} providers / {ctx.sizes.get('units')} units / "
        f"{ctx.sizes.get('contracts')} contracts; Python {platform.python_version()}, "
        f"Django {django.get_version()}, {os.cpu_count()} CPUs; "
        f"{args.requests} requests after {args.warmup} warm-up; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print()
    print(f"Insyn benchmark: {env}")
    print()
    print_table(results)
    print()
    print(f"Total {time.perf_counter() - started:.0f} s.")
    (OUT_DIR / "last.json").write_text(
        json.dumps({"environment": env, "results": as_json(results)}, indent=2, ensure_ascii=False)
    )
    # A missed goal is a figure to read, not a failure; a crashed module is.
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
