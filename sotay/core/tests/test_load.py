"""Sổ tay holds under concurrent use.

The real processes — `sotay serve` (gunicorn) and `sotay worker` — run on a scratch database of the engine the tests
run on. Twenty clients log in and save forms for LOAD_SECONDS: members write to the two-way channel, secretaries
add members and save meeting minutes, and two provincial officers publish province-wide notices that the worker
fans out. Expected: no 5xx, no "database is locked", every acknowledged write in the database afterwards, and the
worker done with the fan-out and the search index (no failed task, no index gap).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from sotay.core.tests.live import free_port, manage, scratch_database, start, stop, wait_until_listening

pytestmark = pytest.mark.load

LOAD_SECONDS = float(os.environ.get("SOTAY_LOAD_SECONDS", "30"))
AUDIENCE = 1000
MEMBER_CLIENTS, SECRETARY_CLIENTS, COMMITTEE_CLIENTS = 12, 6, 2
ANNOUNCE_EVERY = 5.0  # seconds between two notices of one officer
FEEDBACK_PREFIX, ANNOUNCEMENT_PREFIX = "Hỏi khi tải", "Thông báo khi tải"
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Khoa", "Lan", "Long", "Minh", "Nam", "Phúc", "Quân"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu"]


@dataclass
class Tally:
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)
    citizen_ids: list[str] = field(default_factory=list)
    conclusions: dict[str, str] = field(default_factory=dict)
    announcements: list[str] = field(default_factory=list)
    lock = threading.Lock()

    def add(self, **kw) -> None:
        with self.lock:
            for name, value in kw.items():
                target = getattr(self, name)
                if isinstance(target, dict):
                    target.update(value)
                else:
                    target.append(value)


class Client:
    def __init__(self, base: str, tally: Tally, name: str):
        self.base, self.tally, self.name = base, tally, name
        self.http = requests.Session()
        # As a browser does: a GET sent on a kept-alive connection that the server closed at that very moment is
        # sent once more on a new one. Writes (POST) are never resent, so a lost or doubled write still shows.
        retry = Retry(total=1, connect=1, read=1, status=0, other=0, allowed_methods=frozenset({"GET"}))
        self.http.mount("http://", HTTPAdapter(max_retries=retry))

    def call(self, method: str, path: str, expect: int, **kw) -> requests.Response | None:
        self.tally.requests += 1  # one client per thread; the sum is read after the threads end
        headers = {"X-CSRFToken": self.http.cookies.get("csrftoken", ""), "Referer": self.base + path}
        try:
            response = self.http.request(
                method, self.base + path, headers=headers, allow_redirects=False, timeout=120, **kw
            )
        except requests.RequestException as exc:
            self.tally.add(errors=f"{self.name} {method} {path}: {type(exc).__name__}: {exc}")
            return None
        if response.status_code != expect:
            said = re.findall(r'class="errorlist[^>]*>(.*?)</ul>', response.text, re.S) or [
                response.headers.get("Location") or response.text[:300]
            ]
            self.tally.add(errors=f"{self.name} {method} {path}: {response.status_code} {said[:3]!r}")
            return None
        return response

    def login(self, username: str, password: str, totp_keys: dict[str, str]) -> bool:
        if self.call("GET", "/accounts/login/", 200) is None:
            return False
        done = self.call("POST", "/accounts/login/", 302, data={"username": username, "password": password})
        if done is None:
            return False
        if username not in totp_keys:
            return True
        # Staff pass the second factor: the code their authenticator app shows now.
        from django_otp.oath import TOTP

        code = f"{TOTP(bytes.fromhex(totp_keys[username])).token():06d}"
        return self.save("/accounts/2fa/", {"token": code})

    def save(self, path: str, data: dict) -> bool:
        """Open the form, then save it; acknowledged when the server redirects after the save."""
        return self.call("GET", path, 200) is not None and self.call("POST", path, 302, data=data) is not None


def member_client(client: Client, who: dict, deadline: float, password: str) -> None:
    if not client.login(who["username"], password, {}):
        return
    for n in itertools.count():
        if time.monotonic() > deadline:
            return
        subject = f"{FEEDBACK_PREFIX} {who['username']} số {n}"
        data = {"organization": who["cell"], "kind": "QUESTION", "subject": subject, "body": "Xin hỏi chi bộ."}
        if client.save("/handbook/feedback/new/", data):
            client.tally.add(feedback=subject)


def secretary_client(client: Client, who: dict, deadline: float, password: tuple, index: int) -> None:
    if not client.login(who["username"], *password):
        return
    minutes = f"/meetings/{who['meeting']}/minutes/"
    for n in itertools.count():
        if time.monotonic() > deadline:
            return
        if n % 2 == 0:
            serial = 500000 + index * 10000 + n
            citizen_id = f"034195{serial:06d}"
            name = f"Lê {MIDDLE[n % len(MIDDLE)]} {GIVEN[(n // len(MIDDLE)) % len(GIVEN)]} {GIVEN[index]}"
            data = {
                "full_name": name,
                "birth_on": "15/08/1995",
                "gender": "F",  # the citizen ID's century-and-gender digit 1: a woman born in the 1900s
                "ethnicity": "01",
                "religion": "NONE",
                "joined_on": "03/02/2025",
                "status": "PROBATIONARY",
                "citizen_id": citizen_id,
            }
            if client.save(f"/members/new/in/{who['cell']}/", data):
                client.tally.add(citizen_ids=citizen_id)
        else:
            text = f"Kết luận lần {n} của {who['username']}"
            data = {
                "part": "minutes",
                "chair": who["chair"],
                "recorder": who["recorder"],
                "conclusions": text,
                "ended_at": "21:00",
            }
            if client.save(minutes, data):
                client.tally.add(conclusions={str(who["meeting"]): text})


def committee_client(client: Client, username: str, deadline: float, password: tuple, province: str) -> None:
    if not client.login(username, *password):
        return
    for n in itertools.count():
        if time.monotonic() > deadline:
            return
        title = f"{ANNOUNCEMENT_PREFIX} {username} số {n}"
        data = {"organization": province, "title": title, "body": "Triển khai tới toàn thể đảng viên."}
        if client.save("/handbook/announcements/new/", data):
            client.tally.add(announcements=title)
        time.sleep(min(ANNOUNCE_EVERY, max(0.0, deadline - time.monotonic())))


def test_twenty_clients_save_forms_while_the_worker_fans_out(tmp_path, capsys, migrated_template):
    started = time.monotonic()
    with scratch_database(tmp_path, migrated_template, label="load") as env:
        engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        fixture = json.loads(
            manage(env, "shell", "-v", "0", "-c", f"from sotay.core.tests.load_fixture import build; build({AUDIENCE})")
        )
        port = free_port()
        server_log, worker_log = tmp_path / "serve.log", tmp_path / "worker.log"
        server = start(env, "serve", "--port", str(port), "--workers", "3", log=server_log)
        worker = start(env, "worker", "--no-periodic", log=worker_log)
        try:
            wait_until_listening(port, server, server_log)
            base = f"http://127.0.0.1:{port}"
            tally = Tally()
            setup = time.monotonic() - started  # migrate, fixture, server and worker up
            deadline = time.monotonic() + LOAD_SECONDS
            password = fixture["password"]
            threads = []
            members = fixture["members"][:MEMBER_CLIENTS]
            for who in members:
                c = Client(base, tally, who["username"])
                threads.append(threading.Thread(target=member_client, args=(c, who, deadline, password)))
            staff_login = (password, fixture["totp"])
            for i, who in enumerate(fixture["secretaries"][:SECRETARY_CLIENTS]):
                c = Client(base, tally, who["username"])
                threads.append(threading.Thread(target=secretary_client, args=(c, who, deadline, staff_login, i)))
            for username in fixture["committee"][:COMMITTEE_CLIENTS]:
                c = Client(base, tally, username)
                args = (c, username, deadline, staff_login, fixture["province_code"])
                threads.append(threading.Thread(target=committee_client, args=args))
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            found = json.loads(
                manage(
                    env,
                    "shell",
                    "-v",
                    "0",
                    "-c",
                    "from sotay.core.tests.load_fixture import report; "
                    f"report({FEEDBACK_PREFIX!r}, {ANNOUNCEMENT_PREFIX!r})",
                )
            )
        finally:
            stop(server)
            stop(worker)
        logs = server_log.read_text(encoding="utf-8") + worker_log.read_text(encoding="utf-8")

    writes = len(tally.feedback) + len(tally.citizen_ids) + len(tally.conclusions) + len(tally.announcements)
    lost = (
        sorted(set(tally.feedback) - set(found["feedback"]))
        + sorted(set(tally.citizen_ids) - set(found["citizen_ids"]))
        + [m for m, text in tally.conclusions.items() if found["conclusions"].get(m) != text]
        + [t for t in tally.announcements if t not in found["receipts"]]
    )
    not_reached = {t: n for t, n in found["receipts"].items() if n != found["audience"]}
    not_notified = {t: n for t, n in found["notified"].items() if n != found["audience"]}
    statuses = Counter(re.findall(r'" (5\d\d) ', logs))
    locked = logs.lower().count("database is locked")
    with capsys.disabled():
        print(
            f"\nload[{engine}]: clients={len(threads)} requests={tally.requests} acknowledged_writes={writes} "
            f"errors={len(tally.errors)} 5xx={sum(statuses.values())} locked={locked} lost_writes={len(lost)} "
            f"notices={len(tally.announcements)}x{found['audience']} tasks={found['tasks']} "
            f"drain={found['drain_seconds']}s index_gaps={found['index_gaps']} "
            f"setup={setup:.0f}s total={time.monotonic() - started:.0f}s"
        )
    assert not tally.errors, tally.errors[:10]
    assert not statuses and not locked, logs[-3000:]
    assert not lost, lost[:10]
    assert tally.feedback and tally.citizen_ids and tally.conclusions and tally.announcements
    assert not not_reached and not not_notified, (not_reached, not_notified)
    assert found["tasks"]["READY"] == found["tasks"]["RUNNING"] == 0, found["tasks"]
    assert not found["failed_tasks"], found["failed_tasks"]
    assert found["index_gaps"] == 0
