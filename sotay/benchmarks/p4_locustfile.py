"""The load of P4 (run by locust, headless): each simulated client is the signed-in demo member (the session cookie
P4_SESSION made by p4.py, or a sign-in of its own when none is given), then asks for P4_PATH as fast as the server
answers (no think time); any answer but 200 is counted as a failure."""

from __future__ import annotations

import os

from locust import HttpUser, constant, task

PATH = os.environ.get("P4_PATH", "/")
SIGN_IN = os.environ.get("P4_SIGN_IN", "1") == "1"


class Member(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        if not SIGN_IN:
            return
        if os.environ.get("P4_SESSION"):
            self.client.cookies.set("sessionid", os.environ["P4_SESSION"])
            return
        self.client.get("/accounts/login/", name="login")
        token = self.client.cookies.get("csrftoken", "")
        self.client.post(
            "/accounts/login/",
            {"username": os.environ.get("P4_USER", "dangvien"), "password": "sotay-demo", "csrfmiddlewaretoken": token},
            name="login",
        )

    @task
    def page(self) -> None:
        # Only the page itself counts: a redirect (to the sign-in page, the second factor) or any status but 200 is a
        # failure, not a fast answer.
        with self.client.get(PATH, name="target", allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
