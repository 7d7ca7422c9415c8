"""Session fixture starting two real OpenID Connect providers (tests/oidc_provider) on loopback.

Our app signs people in with allauth's openid_connect provider against a "citizen eID" ("eid")
and a "government staff directory" ("staff"); the tests play that flow end to end against these
subprocesses instead of mocks. Use `oidc_providers["eid"]`, see OIDCTestProvider.
"""

import html
import json
import os
import re
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

REPO_ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 30.0


class OIDCTestProvider:
    """One running provider: its issuer, the registered client, its users file and helpers."""

    def __init__(self, provider_id: str, data_dir: Path):
        self.provider_id = provider_id
        self.data_dir = data_dir
        self.users_file = data_dir / "users.json"
        self.log_file = data_dir / "provider.log"
        self.out_file = data_dir / "serve.out"
        self.client_id = f"simplify-together-{provider_id}"
        self.client_secret = secrets.token_urlsafe(24)
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self._lock = threading.Lock()  # set_user from several threads must not lose writes
        self._write_users({})

    # -- addresses ---------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        return f"{self.base_url}/o"

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def discovery(self) -> dict:
        response = requests.get(self.discovery_url, timeout=10)
        response.raise_for_status()
        return response.json()

    def redirect_uri(self, host: str = "testserver") -> str:
        """The callback URL allauth uses for this provider (`host` may carry a port)."""
        return f"http://{host}/accounts/oidc/{self.provider_id}/login/callback/"

    # -- users -------------------------------------------------------------------------------
    def _read_users(self) -> dict:
        return json.loads(self.users_file.read_text(encoding="utf-8"))["users"]

    def _write_users(self, users: dict) -> None:
        # Write-then-rename so the server never reads a half-written file.
        tmp = self.users_file.with_suffix(f".{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps({"users": users}, indent=2), encoding="utf-8")
        os.replace(tmp, self.users_file)

    def set_user(self, username: str, password: str, claims: dict) -> None:
        """Adds or replaces a user; claims must include "sub" (it becomes the token's sub)."""
        assert "sub" in claims, "the provider's sub comes from claims['sub']"
        with self._lock:
            users = self._read_users()
            users[username] = {"password": password, "claims": dict(claims)}
            self._write_users(users)

    def remove_claim(self, username: str, claim: str) -> None:
        with self._lock:
            users = self._read_users()
            users[username]["claims"].pop(claim, None)
            self._write_users(users)

    def remove_user(self, username: str) -> None:
        with self._lock:
            users = self._read_users()
            users.pop(username, None)
            self._write_users(users)

    def reset_users(self) -> None:
        with self._lock:
            self._write_users({})

    # -- browser at the provider -------------------------------------------------------------
    def log_tail(self, lines: int = 40) -> str:
        chunks = []
        for path in (self.out_file, self.log_file):
            if path.exists():
                text = path.read_text(encoding="utf-8", errors="replace").splitlines()
                chunks.append(
                    f"--- {path.name} (last {lines} lines) ---\n" + "\n".join(text[-lines:])
                )
        return "\n".join(chunks)

    def _fail(self, message: str, response: requests.Response | None = None) -> None:
        detail = ""
        if response is not None:
            detail = f"\n{response.status_code} {response.url}\n{response.text[:3000]}"
        raise AssertionError(f"[{self.provider_id} provider] {message}{detail}\n{self.log_tail()}")

    def sign_in_and_authorize(
        self, authorize_url: str, username: str, password: str, *, expect_code: bool = True
    ) -> str:
        """Plays the browser at the provider: GET authorize_url, sign in at /login/ (with CSRF),
        follow redirects on the provider only, and return the Location of the final redirect off
        the provider (our callback with ?code=&state=) without requesting it. A fresh session
        per call, so every call asks for the password. Raises AssertionError (with the page and
        the provider's log tail) if it ends anywhere else; with expect_code=False an error
        redirect to the callback (?error=...) is returned too."""
        if not authorize_url.startswith(self.base_url + "/"):
            self._fail(f"authorize URL is not on this provider: {authorize_url}")
        session = requests.Session()
        response = session.get(authorize_url, allow_redirects=False, timeout=10)
        posted = False
        for _ in range(10):
            if response.is_redirect:
                location = urljoin(response.url, response.headers["Location"])
                if location.startswith(self.base_url + "/"):
                    response = session.get(location, allow_redirects=False, timeout=10)
                    continue
                query = parse_qs(urlsplit(location).query)
                if expect_code and "code" not in query:
                    self._fail(f"redirected off the provider without a code: {location}", response)
                return location
            if response.status_code == 200 and urlsplit(response.url).path == "/login/":
                if posted:
                    self._fail(f"sign-in as {username!r} was refused", response)
                response = session.post(
                    response.url,
                    data={
                        "csrfmiddlewaretoken": _hidden(response.text, "csrfmiddlewaretoken"),
                        "next": _hidden(response.text, "next"),
                        "username": username,
                        "password": password,
                    },
                    allow_redirects=False,
                    timeout=10,
                )
                posted = True
                continue
            self._fail("the authorization flow stopped at the provider", response)
        self._fail("too many redirects at the provider", response)

    def end_session(
        self, id_token_hint: str, post_logout_redirect_uri: str, state: str = ""
    ) -> str:
        """RP-initiated logout without a browser session; returns the redirect Location."""
        params = {
            "id_token_hint": id_token_hint,
            "post_logout_redirect_uri": post_logout_redirect_uri,
        }
        if state:
            params["state"] = state
        response = requests.get(
            f"{self.issuer}/logout/", params=params, allow_redirects=False, timeout=10
        )
        if not response.is_redirect:
            self._fail("logout did not redirect", response)
        return response.headers["Location"]

    # -- process -----------------------------------------------------------------------------
    def start(self) -> None:
        command = [
            sys.executable, "-m", "tests.oidc_provider.serve",
            "--data-dir", str(self.data_dir),
            "--provider-id", self.provider_id,
            "--client-id", self.client_id,
            f"--client-secret={self.client_secret}",  # a secret may start with "-"
            "--users-file", str(self.users_file),
        ]  # fmt: skip
        with open(self.out_file, "wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
                command, cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT
            )

    def wait_ready(self, deadline: float) -> None:
        port_file = self.data_dir / "port"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._fail(f"provider exited with code {self.process.returncode} while starting")
            if port_file.exists():
                self.port = int(port_file.read_text(encoding="utf-8"))
                try:
                    if requests.get(self.discovery_url, timeout=2).status_code == 200:
                        return
                except requests.ConnectionError:
                    pass
            time.sleep(0.1)
        self._fail(f"no discovery answer within {START_TIMEOUT:.0f} s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _hidden(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    assert match, f"no hidden input {name!r} in the provider's login page"
    return html.unescape(match.group(1))


@pytest.fixture(scope="session")
def oidc_providers(tmp_path_factory) -> dict[str, OIDCTestProvider]:
    """Two running providers, "eid" (citizen eID) and "staff" (staff directory), started in
    parallel on OS-chosen loopback ports; terminated at the end of the session."""
    providers = {
        pid: OIDCTestProvider(pid, tmp_path_factory.mktemp(f"oidc-{pid}"))
        for pid in ("eid", "staff")
    }
    try:
        for provider in providers.values():
            provider.start()
        deadline = time.monotonic() + START_TIMEOUT
        for provider in providers.values():
            provider.wait_ready(deadline)
        yield providers
    finally:
        for provider in providers.values():
            provider.stop()
