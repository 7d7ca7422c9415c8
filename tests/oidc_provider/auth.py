"""Users come from a JSON file the test fixture rewrites while the server runs.

Format: {"users": {"<username>": {"password": "...", "claims": {"sub": "...", ...}}}}.
The file is re-read on every use so a test can change a user between two sign-ins.
"""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend


def load_users() -> dict:
    with open(settings.USERS_FILE, encoding="utf-8") as fh:
        return json.load(fh).get("users", {})


def user_claims(username: str) -> dict | None:
    entry = load_users().get(username)
    return None if entry is None else dict(entry.get("claims", {}))


class JsonFileBackend(BaseBackend):
    """Checks the password against the JSON file; the auth_user row only exists because DOT's
    grants and tokens need a foreign key to a user, so it is created or refreshed on the fly."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        entry = load_users().get(username or "")
        if entry is None or entry.get("password") != password:
            return None
        claims = entry.get("claims", {})
        user, _ = get_user_model().objects.update_or_create(
            username=username,
            defaults={
                "email": claims.get("email", ""),
                "first_name": claims.get("given_name", "")[:150],
                "last_name": claims.get("family_name", "")[:150],
                "is_active": True,
            },
        )
        return user

    def get_user(self, user_id):
        return get_user_model().objects.filter(pk=user_id, is_active=True).first()
