"""Locust scenario for the load test (docs/load.md): bench/load.py runs it headless.

Two kinds of people, half each: anonymous readers (list, post page, search) and members signed
in with a session created up front by bench/load.py (read from BENCH_SESSIONS), who also support
and post; their reads are named "... (member)" because visibility costs differ. Everyone also
hits the bench-only trivial view, the floor that tells our overhead. BENCH_WAIT is the mean
think time in seconds. Loopback only.
"""

import json
import os
import random
import secrets
import string
import time

from locust import HttpUser, between, task

SETUP = json.loads(open(os.environ["BENCH_SESSIONS"]).read())
WAIT = float(os.environ.get("BENCH_WAIT", "1.0"))
SEARCHES = [
    "attestation",
    "Formular Nachweis",
    "dossier certificat",
    "Kannergeld",
    "passeport",
    "Wartezeit Antrag",
    "online form",
    '"trop de papiers"',
]
LANGUAGES = ["fr", "de", "lb", "en"]


def csrf_token():
    """An unmasked CSRF secret: Django accepts it as both cookie and header when they match."""
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


class Reader(HttpUser):
    """Anonymous visitor: reads only."""

    wait_time = between(WAIT * 0.5, WAIT * 1.5)
    suffix = ""

    def on_start(self):
        # Arrive spread over one think time, as people do, not all in the same second.
        time.sleep(random.uniform(0, WAIT))

    def post_id(self):
        return random.randint(SETUP["min_post"], SETUP["max_post"])

    @task(30)
    def post_list(self):
        page = random.choice([1, 1, 1, 2, 3, 50])
        self.client.get(f"/posts/?page={page}", name=f"list{self.suffix}")

    @task(30)
    def post_detail(self):
        # A 404 counts as an error: generated posts have contiguous ids and are all visible.
        self.client.get(f"/posts/{self.post_id()}/", name=f"detail{self.suffix}")

    @task(15)
    def search(self):
        query = random.choice(SEARCHES)
        self.client.get("/posts/", params={"q": query}, name=f"search{self.suffix}")

    @task(10)
    def trivial(self):
        self.client.get("/bench/trivial/", name="trivial")


class Member(Reader):
    """Signed-in person: reads, supports and posts."""

    suffix = " (member)"

    def on_start(self):
        super().on_start()
        self.csrf = csrf_token()
        self.client.cookies.set("sessionid", random.choice(SETUP["sessions"]))
        self.client.cookies.set("csrftoken", self.csrf)

    @task(6)
    def support(self):
        self.client.post(
            f"/posts/{self.post_id()}/support/",
            data={"action": random.choice(["add", "withdraw"])},
            headers={"X-CSRFToken": self.csrf, "Accept": "application/json"},
            name="support",
        )

    @task(2)
    def submit(self):
        words = " ".join(random.sample(SEARCHES, 3)).replace('"', "")
        with self.client.post(
            "/posts/new/",
            data={
                "action": "submit",
                "kind": "pain_point",
                "title": f"Bench post {secrets.token_hex(4)}",
                "body": f"Synthetic load test post about {words}, sent by the load generator.",
                "suggestion": "",
                "language": random.choice(LANGUAGES),
                "procedure_unknown": "on",
            },
            headers={"X-CSRFToken": self.csrf},
            allow_redirects=False,
            name="submit",
            catch_response=True,
        ) as response:
            # Success is the redirect to the new post; 200 means the form came back with errors.
            if response.status_code == 302 and "/posts/" in response.headers.get("Location", ""):
                response.success()
            else:
                response.failure(f"form not accepted ({response.status_code})")
