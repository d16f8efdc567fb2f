"""Where one request's time goes, per page kind of the load test (issue 16).

    .venv/bin/python bench/profile_pages.py [--requests 20] [--only "unit page,start page"]
    .venv/bin/python bench/profile_pages.py --profile "unit page"     # pyinstrument's tree

Uses the bench database and the targets `bench/load.py` wrote (run `bench/load.py
--prepare-only` first), with the load test's own sessions, in-process (`django.test.Client`,
`DEBUG` off, `gc.freeze()` as a worker does). For each page kind and each of its URLs: the
median and p95 wall time, the app process's CPU time, the SQL time and its share of the
request (at least half is the goal), and the number of queries. The "alone" goal is p95
under 50 ms at full size.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"
GOAL_MS = 50

# Page kind -> (role of the session, how to get its URLs from the targets).
KINDS = {
    "start page": ("controller", lambda t: ["/"]),
    "provider list": ("controller", lambda t: t["provider_lists"]),
    "provider search": (
        "controller",
        lambda t: [f"/register/utforare/?q={w}" for w in t["search_words"][:3]],
    ),
    "unit list": ("controller", lambda t: t["unit_lists"]),
    "unit page": (
        "controller",
        lambda t: [f"/register/verksamheter/{i}/" for i in t["unit_ids"][:3]],
    ),
    "provider page": (
        "controller",
        lambda t: [f"/register/utforare/{i}/" for i in t["provider_ids"][:3]],
    ),
    "dossier": (
        "controller",
        lambda t: [f"/uppfoljning/verksamhet/{i}/" for i in t["unit_ids"][:3]],
    ),
    "plan page": ("controller", lambda t: [f"/uppfoljning/plan/{t['plan_id']}/"]),
    "deficiency list": ("controller", lambda t: ["/uppfoljning/brister/"]),
    "feedback list": ("coordinator", lambda t: t["feedback_lists"]),
    "recommendation search": ("placement_officer", lambda t: t["searches"]),
    "portal": ("provider", lambda t: ["/portal/", "/portal/uppfoljning/", "/portal/synpunkter/"]),
    "public pages": (
        None,
        lambda t: [
            "/insyn/",
            *t["public_lists"],
            *[f"/insyn/verksamheter/{i}/" for i in t["public_unit_ids"][:2]],
        ],
    ),
    "API": ("controller", lambda t: t["api"]),
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated page kinds")
    parser.add_argument("--profile", default="", help="print pyinstrument's tree for this kind")
    parser.add_argument("--url", default="", help="with --profile: this URL instead")
    parser.add_argument("--slowest", type=int, default=0, help="print each URL's N slowest queries")
    return parser.parse_args(argv)


def setup():
    sys.path.insert(0, str(ROOT))
    from bench.load import collectstatic, server_env
    from bench.run import choose_database

    url, label = choose_database()
    env = server_env(url)
    os.environ.update(env)
    collectstatic(env)  # the server's manifest storage, as the load test uses
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    return label


def client_for(targets, role):
    from django.test import Client

    client = Client()
    if role:
        client.cookies[targets["session_cookie"]] = targets["sessions"][role][0]
    return client


def measure(client, url, requests, warmup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            return {"url": url, "error": f"HTTP {response.status_code}"}
    gc.collect()
    gc.freeze()
    walls, cpus = [], []
    try:
        for _ in range(requests):
            wall, cpu = time.perf_counter(), time.process_time()
            client.get(url)
            cpus.append((time.process_time() - cpu) * 1000)
            walls.append((time.perf_counter() - wall) * 1000)
    finally:
        gc.unfreeze()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        client.get(url)
        total = (time.perf_counter() - started) * 1000
    sql = sum(float(q["time"]) * 1000 for q in captured.captured_queries)
    from bench.harness import percentile, sql_share

    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    return {
        "slowest": [(float(q["time"]) * 1000, q["sql"]) for q in slowest],
        "url": url,
        "p50": statistics.median(walls),
        "p95": percentile(walls, 0.95),
        "cpu": statistics.median(cpus),
        "queries": len(captured.captured_queries),
        "sql": sql,
        "share": sql_share(sql, total),
    }


def profile(client, url, warmup):
    from pyinstrument import Profiler

    for _ in range(warmup):
        client.get(url)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(10):
        client.get(url)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main(argv=None) -> int:
    args = parse_args(argv)
    label = setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    path = OUT_DIR / "load-targets.json"
    if not path.exists():
        sys.exit("No bench/out/load-targets.json: run bench/load.py --prepare-only first.")
    targets = json.loads(path.read_text(encoding="utf-8"))
    if args.profile:
        role, urls = KINDS[args.profile]
        for url in [args.url] if args.url else urls(targets)[:1]:
            print(f"# {args.profile}: {url}")
            profile(client_for(targets, role), url, args.warmup)
        return 0
    only = {k.strip() for k in args.only.split(",") if k.strip()}
    print(
        f"{label}; {args.requests} requests per URL after {args.warmup} warm-up; goal p95 < "
        f"{GOAL_MS} ms with SQL ≥ 50 %"
    )
    print(f"{'page':<24}{'p50':>7}{'p95':>7}{'CPU':>7}{'SQL':>7}{'share':>7}{'q':>4}  url")
    missed = 0
    for kind, (role, urls) in KINDS.items():
        if only and kind not in only:
            continue
        client = client_for(targets, role)
        for url in urls(targets):
            row = measure(client, url, args.requests, args.warmup)
            if "error" in row:
                print(f"{kind:<24}{row['error']:>35}  {url}")
                missed += 1
                continue
            marks = [
                *([f"MISSED p95 < {GOAL_MS} ms"] if row["p95"] >= GOAL_MS else []),
                *(["SQL < half"] if row["share"] < 0.5 else []),
            ]
            missed += bool(marks)
            print(
                f"{kind:<24}{row['p50']:>7.0f}{row['p95']:>7.0f}{row['cpu']:>7.0f}"
                f"{row['sql']:>7.0f}{row['share']:>7.0%}{row['queries']:>4}  {url}"
                + (f"  ({', '.join(marks)})" if marks else "")
            )
            for ms, sql in row["slowest"][: args.slowest]:
                print(f"    {ms:6.1f} ms  {sql[:400]}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
