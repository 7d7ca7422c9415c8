"""Load the demo that `make run` shows: catalogue, accounts, campaign and challenge pages and
~200 posts with supports, comments, status changes and official answers (data in core/demo/).

Idempotent: the catalogue import always re-runs (it updates in place); accounts, e-mail domains,
employers and pages are created or set only when missing; posts and everything hanging off them
are created only when the database has no post yet; results are published once. Every state
change goes through ideas.services, so status history, follows and support counts are
consistent. Random choices use random.Random(42).
"""

from dataclasses import dataclass, field
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from accounts import roles
from accounts.models import User
from accounts.services import assign_role, ensure_role_groups
from clustering.services import build_all, processing_deferred
from ideas.models import Post
from opendata.services import regenerate_exports
from procedures.importer import import_catalogue
from procedures.models import Administration

from .demo import people
from .demo.answer_templates import ensure_answer_templates
from .demo.moderation import ensure_moderation_examples
from .demo.pages import ensure_pages, publish_results
from .demo.prioritisation import ensure_prioritisation
from .demo.surveys import ensure_surveys
from .demo.transparency import spread_answer_history
from .demo.workshops import ensure_workshops
from .demo_content import DemoContent, read_demo_posts


@dataclass
class DemoReport:
    catalogue: str = ""
    accounts: list = field(default_factory=list)  # (username, e-mail, password, role, created)
    skipped: bool = False
    posts: int = 0
    supports: int = 0
    comments: int = 0
    answers: int = 0
    missing_procedures: list = field(default_factory=list)
    pipeline: dict = field(default_factory=dict)  # embeddings, clusters, suggestions computed
    results: list = field(default_factory=list)  # titles of challenges whose results were published


def default_catalogue_path():
    return Path(settings.SHARED_DATA_DIR) / "guichet" / "procedures.jsonl"


def load_demo(catalogue_path=None):
    """Raises FileNotFoundError or procedures.importer.CatalogueError for a bad catalogue."""
    report = DemoReport()
    report.catalogue = import_catalogue(catalogue_path or default_catalogue_path()).summary()
    # Posts are not processed one by one; the NLP pipeline runs once, in batches, below.
    with processing_deferred():
        _load_content(report)
    report.pipeline = build_all()  # idempotent: only what is missing is computed
    regenerate_exports()  # the open-data page has files from the start, not after 02:45
    return report


def _load_content(report):
    with transaction.atomic():
        ensure_role_groups()
        _ensure_email_domains()
        accounts = _ensure_accounts(report)
        campaigns, challenges = ensure_pages()
        ensure_answer_templates(accounts["teams"])
        if Post.objects.exists():
            report.skipped = True
        else:
            DemoContent(accounts, campaigns, challenges, report).build()
            ensure_moderation_examples(accounts)
            spread_answer_history()  # realistic months and delays for /transparency/
        # After the posts: results link the ideas they retain.
        titles = {row["key"]: row["title"] for row in read_demo_posts()}
        report.results = [page.title for page in publish_results(challenges, titles)]
        ensure_prioritisation(campaigns, accounts)  # after the results: it links retained ideas
        ensure_workshops(campaigns["public"], [user for user, _langs in accounts["citizens"]])
        ensure_surveys(campaigns["public"], [user for user, _langs in accounts["citizens"]])


def _administration(name):
    found = Administration.objects.filter(name=name).first()
    if found:
        return found
    # Only when a small catalogue (e.g. a test fixture) lacks the administration.
    base, slug, n = slugify(name)[:240], slugify(name)[:240], 2
    while Administration.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return Administration.objects.create(name=name, slug=slug)


def _ensure_email_domains():
    # Only where none is configured: an admin's own setting wins over the demo's.
    for name, domains in people.EMAIL_DOMAINS.items():
        Administration.objects.filter(name=name, email_domains="").update(email_domains=domains)


def _ensure_accounts(report):
    demo_hash = make_password(people.DEMO_PASSWORD)  # Hashed once: hashing is slow on purpose.

    def ensure(username, public_name, role_names, password, label, email=None, **extra):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": email or f"{username}@example.lu",
                "public_name": public_name,
                "password": password,
                **extra,
            },
        )
        for role in role_names:
            assign_role(user, role)
        if created:
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
        shown = people.ADMIN["password"] if username == "admin" else people.DEMO_PASSWORD
        report.accounts.append((username, user.email, shown, label, created))
        return user

    def employ(user, administration):
        # Set once: internal posts then show "name, administration" to internal viewers.
        if user.employer_id is None:
            user.employer = administration
            user.save(update_fields=["employer"])
        return user

    admin = people.ADMIN
    accounts = {
        "admin": ensure(
            admin["username"],
            admin["public_name"],
            [roles.ADMIN],
            make_password(admin["password"]),
            "platform admin (superuser)",
            email=admin["email"],
            is_superuser=True,
            is_staff=True,
        ),
        "moderator": ensure(*people.MODERATOR, [roles.MODERATOR], demo_hash, "moderator"),
        "servants": {},
        "teams": {},
        "citizens": [],
    }
    for username, (public_name, employer_name) in people.CIVIL_SERVANTS.items():
        employer = _administration(employer_name)
        user = ensure(
            username,
            public_name,
            [roles.CIVIL_SERVANT],
            demo_hash,
            f"civil servant: {employer_name}",
        )
        accounts["servants"][username] = employ(user, employer)
    for key, (username, public_name, administration_name) in people.TRIAGE_TEAMS.items():
        # Triage members are civil servants too, so they also see the internal campaign.
        user = ensure(
            username,
            public_name,
            [roles.TRIAGER, roles.CIVIL_SERVANT],
            demo_hash,
            f"triage + civil servant: {administration_name}",
        )
        administration = _administration(administration_name)
        administration.members.add(user)
        accounts["teams"][key] = (employ(user, administration), administration)
    for number, (pseudonym, languages) in enumerate(people.CITIZENS, start=1):
        user = ensure(f"citizen{number:02d}", pseudonym, [roles.CITIZEN], demo_hash, "citizen")
        accounts["citizens"].append((user, languages.split()))
    return accounts
