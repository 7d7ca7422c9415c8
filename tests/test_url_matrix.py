"""The role x URL permission matrix: every URL pattern of the project x seven kinds of users.

Patterns are collected from the URL resolver, so a new URL fails `test_every_pattern_is_covered`
until it gets an expected status per role (tests/url_matrix_expectations.py) or an entry in
SKIPPED_PATTERNS with a reason. Example paths are built by filling each parameter, by name, with
the id of a real object of the world (tests/url_matrix_world.py).

- Our views (ideas, procedures, campaigns, comments wrappers, notifications, moderation,
  accounts, triage, clustering, our Wagtail admin viewsets): per-URL expectations, GET and an
  empty POST (the test client does not enforce CSRF) for every role.
- Wagtail's own admin, Django's admin and third-party public URLs: one rule per kind of user.
- Never a 500 anywhere.

One test per role and kind of URL; a failure lists every wrong cell.
"""

import copy

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import resolve

from tests.url_matrix_expectations import EXPECTATIONS, SKIPPED_PATTERNS, VARIANTS, matches
from tests.url_matrix_routes import collect_routes, example_path
from tests.url_matrix_world import NOT_STAFF, ROLES, build_world, param_values, scoped_values

# Wagtail admin pages for people who are not signed in (sign-in, password reset, assets).
WAGTAIL_ADMIN_PUBLIC = {
    "wagtailadmin_login",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
}
# Wagtail's own page for testing the server-error template raises on purpose (staff only).
DELIBERATE_ERRORS = {"wagtailadmin_error_test": "This is a test of the emergency broadcast"}
# Site settings only platform admins may open (Wagtail's workflow task chooser excepted: it
# lists task names for page editors' choosers).
ADMIN_ONLY_AREAS = (
    "wagtailusers_users:",
    "wagtailusers_groups:",
    "wagtailsites:",
    "wagtailredirects:",
    "wagtailadmin_collections:",
    "wagtailadmin_workflows:",
)
STAFF_ANSWERS = {200, 302, 403, 404, 405}


def expectations_of(route):
    return EXPECTATIONS.get(route.key) or EXPECTATIONS[route.base_key]


class World:
    """The objects, the users and the example values of one test."""

    def __init__(self):
        self.objects = build_world()
        self.values = {**param_values(self.objects), "page_path": ""}
        self.values["filename"] = self.objects.document.filename
        self.scoped = scoped_values(self.objects)
        # One session per user, outside the cells' savepoints, so that it outlives them.
        self.cookies = {}
        for role, user in self.objects.users.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            self.cookies[role] = client.cookies

    def paths(self, kind):
        """(route, path) of every route of `kind`; identical paths (shadowed routes) once."""
        seen = set()
        for route in collect_routes():
            if route.kind != kind or route.key in SKIPPED_PATTERNS:
                continue
            path = example_path(route, self.values, self.scoped)
            if path not in seen:
                seen.add(path)
                yield route, path

    def request(self, role, method, path):
        """One cell, isolated: a fresh client with the user's session, fresh rate limits, and
        every change (a logout or account deletion included) rolled back. An exception escaping
        the view (a 500 in production) is returned, not raised."""
        cache.clear()
        client = Client()
        client.cookies = copy.deepcopy(self.cookies[role])
        with transaction.atomic():
            try:
                response = getattr(client, method.lower())(path)
            except Exception as error:  # noqa: BLE001 - reported by the caller as a 500
                response = error
            transaction.set_rollback(True)
        return response


def describe(response):
    if isinstance(response, Exception):
        return f"500 ({response!r})"
    return f"{response.status_code} {response.get('Location', '')}".strip()


def check(failures, response, expected, cell):
    if isinstance(response, Exception) or not matches(response, expected):
        failures.append(f"{cell}: got {describe(response)}, expected {expected}")


def report(role, failures):
    return f"{len(failures)} wrong cells for {role}:\n" + "\n".join(failures)


@pytest.mark.django_db
def test_every_pattern_is_covered():
    """Every pattern builds a path that resolves; ours have expectations; no stale entries."""
    world = World()
    routes = list(collect_routes())
    problems = []
    for route in routes:
        if route.key in SKIPPED_PATTERNS:
            continue
        try:
            match = resolve(example_path(route, world.values, world.scoped))
        except Exception as error:  # noqa: BLE001 - listed below with the route
            problems.append(f"{route.template} ({route.key}): cannot build a path: {error!r}")
        else:
            # Only comment routes may be answered by another pattern: our wrappers replace
            # comments-xtd's on purpose, and "cr/<ct>/<id>/" also takes "cr/<ct>/<id>.json/".
            if match.route != route.template and not route.template.startswith("comments/"):
                problems.append(
                    f"{route.template} ({route.key}): unreachable, {match.route} "
                    f"({match.view_name}) answers its paths"
                )
        if route.kind == "ours" and not (
            route.key in EXPECTATIONS or route.base_key in EXPECTATIONS
        ):
            problems.append(f"{route.template} ({route.key}): no expectation per role")
    keys = {route.key for route in routes} | {route.base_key for route in routes}
    stale = [*EXPECTATIONS, *VARIANTS, *SKIPPED_PATTERNS]
    problems += [f"stale entry (no such URL): {key}" for key in stale if key not in keys]
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_our_urls(role):
    """Our views answer each role as EXPECTATIONS and VARIANTS say, for GET and empty POST."""
    world = World()
    cases = [(route.key, path, expectations_of(route)) for route, path in world.paths("ours")]
    for key, variants in VARIANTS.items():
        cases += [(f"{key}, {label}", build(world.objects), exp) for label, build, exp in variants]
    failures = []
    for key, path, expected in cases:
        for method, by_role in expected.items():
            response = world.request(role, method, path)
            check(failures, response, by_role[role], f"{method} {path} ({key})")
    assert not failures, report(role, failures)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_wagtail_admin(role):
    """Wagtail's own admin: sign-in for non-staff; staff are let in or properly refused."""
    world = World()
    failures = []
    for route, path in world.paths("wagtail_admin"):
        response = world.request(role, "GET", path)
        cell = f"GET {path} ({route.key})"
        if route.name in WAGTAIL_ADMIN_PUBLIC:  # signed-in staff skip the sign-in form
            staff_login = route.name == "wagtailadmin_login" and role not in NOT_STAFF
            check(failures, response, "refused" if staff_login else 200, cell)
        elif role in NOT_STAFF:
            check(failures, response, "admin_login", cell)
        elif route.name in DELIBERATE_ERRORS:
            if DELIBERATE_ERRORS[route.name] not in str(response):
                failures.append(f"{cell}: expected Wagtail's test error, got {describe(response)}")
        elif isinstance(response, Exception) or response.status_code not in STAFF_ANSWERS:
            failures.append(f"{cell}: got {describe(response)}")
        elif matches(response, "admin_login"):
            failures.append(f"{cell}: a signed-in staff member was sent to sign in")
        elif (route.name or "").startswith(ADMIN_ONLY_AREAS) and role != "admin":
            if response.status_code == 200 and "task_cho" not in route.name:
                failures.append(f"{cell}: only platform admins may open this, got 200")
    assert not failures, report(role, failures)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_django_admin(role):
    """Django's admin is for platform admins (is_staff) only; everyone else signs in first."""
    world = World()
    failures = []
    for route, path in world.paths("django_admin"):
        response = world.request(role, "GET", path)
        cell = f"GET {path} ({route.key})"
        if route.name in ("admin:login", "admin:logout"):  # sign-in page, or back to the index
            if isinstance(response, Exception) or response.status_code not in STAFF_ANSWERS:
                failures.append(f"{cell}: got {describe(response)}")
        elif role != "admin":
            check(failures, response, "→/django-admin/login/", cell)
        elif isinstance(response, Exception) or response.status_code not in STAFF_ANSWERS:
            failures.append(f"{cell}: got {describe(response)}")
    assert not failures, report(role, failures)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_third_party_urls(role):
    """Sign-in, comments-xtd's own routes, language switch, documents: never a server error;
    the pages of a signed-in account and comment moderation as EXPECTATIONS say."""
    world = World()
    failures = []
    for route, path in world.paths("third_party"):
        expected = EXPECTATIONS.get(route.key) or EXPECTATIONS.get(route.base_key)
        response = world.request(role, "GET", path)
        cell = f"GET {path} ({route.key})"
        if expected is not None:
            check(failures, response, expected["GET"][role], cell)
        elif isinstance(response, Exception) or response.status_code >= 500:
            failures.append(f"{cell}: got {describe(response)}")
    assert not failures, report(role, failures)
