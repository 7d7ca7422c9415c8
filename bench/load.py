"""Load test runner: signed-in sessions up front, locust headless, a latency table (docs/load.md).

    DJANGO_SETTINGS_MODULE=config.settings.bench .venv/bin/python bench/load.py \
        --users 200 --duration 60 --serve --workers 4

--serve starts gunicorn on 127.0.0.1:8000 for the run and stops it afterwards; without it the
server at --host must already run with config.settings.bench (for /bench/trivial/). Loopback only:
any other host is refused. The run is bounded by --duration (locust stops by itself).
"""

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
ENDPOINTS = [
    *("list", "detail", "search"),
    *("list (member)", "detail (member)", "search (member)", "support", "submit", "trivial"),
]


def create_sessions(count):
    """Signed-in sessions of synthetic users (generate_posts' pool) and the range of post ids."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    import django

    django.setup()
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Max, Min

    from ideas.models import Post

    users = list(get_user_model().objects.filter(username__startswith="bench-user-")[:count])
    if not users:
        sys.exit("No synthetic users: run `manage.py generate_posts` on this database first.")
    sessions = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    bounds = Post.objects.filter(author__username__startswith="bench-user-").aggregate(
        lo=Min("pk"), hi=Max("pk")
    )
    return {"sessions": sessions, "min_post": bounds["lo"], "max_post": bounds["hi"]}


def start_server(host, workers, threads):
    address = urlparse(host).netloc
    command = [
        str(VENV_BIN / "gunicorn"),
        "config.wsgi:application",
        f"--bind={address}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--worker-class=gthread",
        "--backlog=2048",
        "--log-level=warning",
    ]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.bench"}
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    for _ in range(60):  # ready within 30 s or give up
        try:
            urllib.request.urlopen(f"{host}/bench/trivial/", timeout=1)  # noqa: S310 - loopback
            return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    sys.exit("gunicorn did not answer within 30 s")


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def warm_up(host, setup, rounds=8):
    """A few serial requests per page so that every worker has loaded its code and templates."""
    pages = ["/bench/trivial/", "/posts/", "/posts/?q=attestation", f"/posts/{setup['min_post']}/"]
    for _ in range(rounds):
        for page in pages:
            urllib.request.urlopen(f"{host}{page}", timeout=30).read()  # noqa: S310 - loopback


def run_locust(host, users, duration, csv_prefix):
    command = [
        str(VENV_BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        f"--users={users}",
        f"--spawn-rate={max(users // 5, 1)}",
        f"--run-time={duration}s",
        f"--host={host}",
        f"--csv={csv_prefix}",
        "--only-summary",
        "--stop-timeout=10",
    ]
    subprocess.run(command, cwd=ROOT, check=False, timeout=duration + 120)  # noqa: S603


def table(csv_prefix, duration):
    rows = {row["Name"]: row for row in csv.DictReader(open(f"{csv_prefix}_stats.csv"))}
    trivial = rows.get("trivial")
    lines = [
        "| endpoint | requests | req/s | errors | p50 ms | p95 ms | p99 ms | p50 / trivial p50 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in [*ENDPOINTS, "Aggregated"]:
        row = rows.get(name)
        if row is None:
            continue
        ratio = ""
        if trivial and float(trivial["50%"]) > 0 and name != "Aggregated":
            ratio = f"{float(row['50%']) / float(trivial['50%']):.1f}x"
        lines.append(
            f"| {name} | {row['Request Count']} | {float(row['Requests/s']):.1f} | "
            f"{row['Failure Count']} | {row['50%']} | {row['95%']} | {row['99%']} | {ratio} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--serve", action="store_true", help="start gunicorn for the run")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--csv", default=str(Path(tempfile.gettempdir()) / "bench_load"), help="output prefix"
    )
    parser.add_argument("--wait", type=float, default=5.0, help="mean think time, seconds")
    args = parser.parse_args()
    if urlparse(args.host).hostname not in {"127.0.0.1", "localhost", "::1"}:
        sys.exit("Loopback hosts only.")

    Path(args.csv).parent.mkdir(parents=True, exist_ok=True)
    sessions_file = Path(args.csv + "_sessions.json")
    sessions_file.write_text(json.dumps(create_sessions(args.users)))
    os.environ["BENCH_SESSIONS"] = str(sessions_file)
    os.environ["BENCH_WAIT"] = str(args.wait)
    server = start_server(args.host, args.workers, args.threads) if args.serve else None
    try:
        warm_up(args.host, json.loads(sessions_file.read_text()))
        run_locust(args.host, args.users, args.duration, args.csv)
    finally:
        if server is not None:
            stop_server(server)
    print(f"\n{args.users} clients, think time {args.wait} s, {args.duration} s, {args.host}")
    print(table(args.csv, args.duration))


if __name__ == "__main__":
    main()
