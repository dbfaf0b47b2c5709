"""Benchmark P4: requests per second of the member's home page, signed in, against a minimal view under the same
gunicorn configuration, at 50 concurrent clients for 30 s each (locust, headless), with p50 and p99 latency.

The goal (issue "Put Sổ tay into service"): the home page keeps at least 50% of the minimal view's throughput and
its p99 stays under 200 ms on this 2-core machine. The load generator runs on the same machine as the server, so
both sides pay for it alike; the figure is the ratio.

The server is ``sotay serve`` (gunicorn with sotay/core/gunicorn_conf.py: preloaded, gc.freeze(), its workers and
threads for the cores; DEBUG off, static files through WhiteNoise), one server for both targets, on its own SQLite
database var/bench/p4.sqlite3, built once with ``sotay demo``; the minimal view is ``/bench/minimal/``
(a constant "ok", behind the same middleware), present only when SOTAY_BENCH_MINIMAL is set.
"""

from __future__ import annotations

import csv
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent.parent
BENCH_DIR = BASE_DIR / "var" / "bench"
DB_PATH = BENCH_DIR / "p4.sqlite3"
MEMBERS = 2000
CLIENTS = 50
SECONDS = 30
GOAL_RATIO = 0.5
GOAL_P99_MS = 200


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{DB_PATH}",
            "SOTAY_BENCH_MINIMAL": "1",
            "DEBUG": "False",
            "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "PYTHONPATH": str(BASE_DIR),
        }
    )
    return env


def _manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "sotay", *args], check=True, env=env, cwd=BASE_DIR, stdout=subprocess.DEVNULL)


def _prepare(env: dict[str, str]) -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    _manage("migrate", "--noinput", env=env)
    if not DB_PATH.with_suffix(".built").exists():
        _log(f"P4: tạo tỉnh mẫu {MEMBERS} đảng viên trong {DB_PATH} (một lần)…")
        _manage("demo", "--members", str(MEMBERS), "--if-empty", env=env)
        DB_PATH.with_suffix(".built").write_text("ok\n")
    _manage("collectstatic", "--noinput", "-v", "0", env=env)


SESSION_SCRIPT = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import get_user_model
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
user = get_user_model().objects.get(username="dangvien")
s = SessionStore()
s["_auth_user_id"] = str(user.pk)
s["_auth_user_backend"] = "sotay.accounts.backends.UsernameOrPhoneBackend"
s["_auth_user_hash"] = user.get_session_auth_hash()
s.create()
print(s.session_key)
"""


def _signed_in_session(env: dict[str, str]) -> str:
    """A session of the demo member, made directly: the clients share it, so the 30 s measure the home page, not
    50 password hashings at the start (on a busy 2-core machine those took most of the run)."""
    out = subprocess.run(
        [sys.executable, "-m", "sotay", "shell", "-c", SESSION_SCRIPT],
        check=True,
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer at {url}")


def _run_locust(host: str, path: str, sign_in: bool, env: dict[str, str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        prefix = str(Path(tmp) / "p4")
        run_env = {**env, "P4_PATH": path, "P4_SIGN_IN": "1" if sign_in else "0"}
        if sign_in:
            run_env["P4_SESSION"] = _signed_in_session(env)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(Path(__file__).with_name("p4_locustfile.py")),
                "--headless",
                "--users",
                str(CLIENTS),
                "--spawn-rate",
                str(CLIENTS),
                "--run-time",
                f"{SECONDS}s",
                "--host",
                host,
                "--csv",
                prefix,
                "--only-summary",
                "--loglevel",
                "ERROR",
            ],
            check=False,
            env=run_env,
            cwd=BASE_DIR,
            stdout=subprocess.DEVNULL,
        )
        with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as f:
            row = next(r for r in csv.DictReader(f) if r["Name"] == "target")
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50_ms": float(row["50%"]),
        "p99_ms": float(row["99%"]),
    }


def measure(machine: dict[str, Any]) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    env = _env()
    _prepare(env)
    port = _free_port()
    host = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "sotay", "serve", "--port", str(port), "--access-log", os.devnull],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
    )
    try:
        _wait(f"{host}/bench/minimal/")
        _log(f"P4: {CLIENTS} máy khách × {SECONDS} s vào view tối thiểu…")
        minimal = _run_locust(host, "/bench/minimal/", sign_in=False, env=env)
        _log(f"P4: {CLIENTS} máy khách × {SECONDS} s vào trang chủ đảng viên (đã đăng nhập)…")
        home = _run_locust(host, "/", sign_in=True, env=env)
        # Not part of the ratio: what signing in alone costs (session, user, roles, second-factor check), to read the
        # ratio against — the minimal view above is anonymous.
        _log(f"P4: {CLIENTS} máy khách × {SECONDS} s vào view tối thiểu (đã đăng nhập)…")
        signed_in = _run_locust(host, "/bench/minimal/", sign_in=True, env=env)
    finally:
        server.terminate()
        server.wait(timeout=30)
    ratio = home["rps"] / minimal["rps"] if minimal["rps"] else 0.0
    load_after = os.getloadavg()[0]
    notes = [
        f"Load average (1 min) {load_before:.1f} before and {load_after:.1f} after the run "
        f"({machine.get('cores', '?')} cores): above the core count the machine was shared with other work and the "
        "absolute figures are low; the ratio is the figure to read.",
        "",
        "The server: gunicorn with sotay/core/gunicorn_conf.py (preloaded, gc.freeze() after the load, gthread "
        "workers = cores + 1 with 4 threads each), the same for both targets. A cached member home page is answered "
        "by sotay/web/fastpath.py right after the session and language middleware; the user and the role grants are "
        "read with queries compiled once (sotay/core/compiled.py). The load generator (locust) runs on the same "
        "2 cores and takes a large share of them, more for the home page (6.6 kB of HTML, gzipped) than for the "
        "2-byte minimal view.",
        "",
    ]
    return {
        "notes": notes,
        "value": round(ratio, 3),
        "measured": time.strftime("%d/%m/%Y"),
        "goal": f"≥ {GOAL_RATIO} of the minimal view's throughput, p99 < {GOAL_P99_MS} ms",
        "met": ratio >= GOAL_RATIO and home["p99_ms"] < GOAL_P99_MS and home["failures"] == 0,
        "machine": machine,
        "detail": {
            "clients": CLIENTS,
            "seconds": SECONDS,
            "members": MEMBERS,
            "home": home,
            "minimal": minimal,
            "minimal_signed_in": signed_in,
        },
    }


def markdown(p4: dict[str, Any]) -> list[str]:
    d = p4["detail"]
    home, minimal = d["home"], d["minimal"]
    m = p4["machine"]
    lines = [
        "## P4 — member home page under load",
        "",
        f"Measured {p4.get('measured', '')} on {m.get('cpu', '')} ({m.get('cores', '')} cores). "
        f"**P4 = {p4['value']:.2f}** "
        f"(home page requests/s ÷ minimal view requests/s; goal {p4['goal']}; "
        f"{'met' if p4['met'] else 'not met'}).",
        "",
        f"{d['clients']} concurrent clients (locust) for {d['seconds']} s each, against `sotay serve` on a "
        f"{d['members']:,}-member demo province (SQLite).",
        "",
        "| target | requests | failures | requests/s | p50 (ms) | p99 (ms) |",
        "|---|---:|---:|---:|---:|---:|",
        f"| member home page, signed in | {home['requests']} | {home['failures']} | {home['rps']:.1f} | "
        f"{home['p50_ms']:.0f} | {home['p99_ms']:.0f} |",
        f"| minimal view | {minimal['requests']} | {minimal['failures']} | {minimal['rps']:.1f} | "
        f"{minimal['p50_ms']:.0f} | {minimal['p99_ms']:.0f} |",
    ]
    signed = d.get("minimal_signed_in")
    if signed:
        lines.append(
            f"| minimal view, signed in (not in the ratio) | {signed['requests']} | {signed['failures']} | "
            f"{signed['rps']:.1f} | {signed['p50_ms']:.0f} | {signed['p99_ms']:.0f} |"
        )
    lines += ["", *p4.get("notes", [])]
    return lines
