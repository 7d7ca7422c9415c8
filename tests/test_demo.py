import json
from collections import Counter, defaultdict
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.db.models import Count
from django_comments_xtd.models import XtdComment
from wagtail.models import Revision

from accounts import roles
from accounts.models import User
from challenges.models import (
    Audience,
    CampaignPage,
    ChallengePage,
    ChallengePhase,
    RetainedIdea,
    WhoMayPost,
)
from core.demo import people
from core.demo.campaigns import CHALLENGES
from core.demo.comments import THREADS
from core.demo.results import RESULTS
from core.demo_content import read_demo_posts, status_path
from ideas.models import OfficialAnswer, Post, StatusChange, Support
from ideas.status import Status
from moderation.models import Decision, Redaction, Report
from procedures.models import Administration, Procedure

CATALOGUE = Path(settings.SHARED_DATA_DIR) / "guichet" / "procedures.jsonl"
ROWS = read_demo_posts()


def catalogue():
    with open(CATALOGUE, encoding="utf-8") as handle:
        return {row["id"]: row for row in map(json.loads, handle)}


# --- The data file, checked without a database ---------------------------------------------


def test_every_demo_post_refers_to_a_real_catalogue_procedure():
    ids = catalogue()
    missing = [row["key"] for row in ROWS if row["procedure"] not in ids]
    assert missing == []


def test_demo_posts_mix_four_languages_in_the_planned_proportions():
    languages = Counter(row["language"] for row in ROWS)
    assert 190 <= len(ROWS) <= 210
    assert len({row["key"] for row in ROWS}) == len(ROWS)
    assert 0.40 <= languages["fr"] / len(ROWS) <= 0.50
    assert 0.15 <= languages["de"] / len(ROWS) <= 0.25
    assert 0.15 <= languages["lb"] / len(ROWS) <= 0.25
    assert 0.10 <= languages["en"] / len(ROWS) <= 0.20
    assert {row["kind"] for row in ROWS} == {"pain_point", "idea"}


def test_near_duplicate_groups_span_languages_and_duplicates_point_inside_their_group():
    groups = defaultdict(list)
    for row in ROWS:
        if row["group"]:
            groups[row["group"]].append(row)
    assert all(len(members) >= 2 for members in groups.values())
    assert {"fr", "de", "lb", "en"} <= {r["language"] for r in groups["tax-return-prefill"]}
    assert sum(len({r["language"] for r in m}) >= 3 for m in groups.values()) >= 5
    for members in groups.values():
        assert (members[0]["outcome"] or {}).get("status") != "duplicate"
    for row in ROWS:
        if (row["outcome"] or {}).get("status") == "duplicate":
            assert row["group"], row["key"]


def test_internal_posts_are_written_by_civil_servants_of_several_administrations():
    internal = [row for row in ROWS if row["campaign"] == "internal"]
    assert 8 <= len(internal) <= 12
    authors = {row["author"] for row in internal}
    assert authors <= set(people.CIVIL_SERVANTS) and len(authors) >= 3
    assert len({people.CIVIL_SERVANTS[a][1] for a in authors}) >= 2
    assert {row["author"] for row in ROWS if row["campaign"] == "public"} == {None}


def test_challenges_belong_to_their_campaign_and_results_retain_their_own_posts():
    by_slug = {c["slug"]: c for c in CHALLENGES}
    for row in ROWS:
        if row["challenge"]:
            assert by_slug[row["challenge"]]["campaign"] == row["campaign"], row["key"]
    keys = {row["key"]: row for row in ROWS}
    for slug, data in RESULTS.items():
        assert by_slug[slug]["closes_in_days"] < 0  # Results only after the deadline.
        assert 2 <= len(data["retained"]) <= 3
        assert all(keys[key]["challenge"] == slug for key, _note in data["retained"])


def test_comments_on_internal_posts_come_from_people_who_see_them():
    internal = {row["key"] for row in ROWS if row["campaign"] == "internal"}
    allowed = {"author", *people.CIVIL_SERVANTS}

    def authors(specs):
        for spec in specs:
            yield spec["by"]
            yield from authors(spec.get("replies", []))

    internal_threads = [THREADS[key] for key in internal if key in THREADS]
    assert len(internal_threads) >= 2
    for thread in internal_threads:
        assert all(by in allowed or by.startswith("team:") for by in authors(thread))


def test_outcomes_name_a_demo_team_and_reachable_status():
    for row in ROWS:
        outcome = row["outcome"]
        if outcome:
            assert outcome["team"] in people.TRIAGE_TEAMS
            assert status_path(Status.SUBMITTED, outcome["status"])[-1] == outcome["status"]
            if outcome["status"] == "declined":
                assert outcome.get("answer") or outcome.get("message")


def test_triage_administrations_use_exact_catalogue_names():
    names = {name for row in catalogue().values() for name in row["administrations"]}
    for _username, _public_name, administration in people.TRIAGE_TEAMS.values():
        assert administration in names


def test_comment_threads_are_on_demo_posts():
    assert set(THREADS) <= {row["key"] for row in ROWS}


# --- load_demo on the real catalogue --------------------------------------------------------


def snapshot():
    models = [
        Post,
        Support,
        StatusChange,
        OfficialAnswer,
        XtdComment,
        User,
        CampaignPage,
        ChallengePage,
        ChallengePhase,
        RetainedIdea,
        Revision,
        Procedure,
        Administration,
    ]
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db
def test_load_demo_builds_a_consistent_demo_and_is_idempotent():
    out = StringIO()
    call_command("load_demo", stdout=out)
    output = out.getvalue()

    assert Procedure.objects.count() == 764
    # The demo posts, plus three moderation examples (core/demo/moderation.py).
    assert Post.objects.count() == len(ROWS) + 3
    assert Post.objects.filter(awaiting_moderation=True).count() == 1  # held: many links
    hidden = Post.objects.get(is_hidden=True)
    assert hidden.hidden_reason and Decision.objects.filter(action="hide").count() == 1
    redacted = Redaction.objects.get()
    assert "621 123 456" in redacted.original and "621 123 456" not in redacted.target.body
    assert Report.objects.filter(object_id=str(redacted.object_id)).count() == 2
    languages = Counter(Post.objects.values_list("language", flat=True))
    assert set(languages) == {"fr", "de", "lb", "en"}
    assert "for local demos only" in output
    assert "civil-servant-acd" in output
    assert "civil servant: Administration des contributions directes" in output

    # Supports: the denormalised counter equals the Support rows of every post.
    counted = Post.objects.annotate(rows=Count("supports"))
    assert [p.pk for p in counted if p.rows != p.support_count] == []
    counts = sorted(Post.objects.values_list("support_count", flat=True))
    assert counts[-1] >= 20 and counts[len(counts) // 2] <= 5

    # Answers and statuses went through the services: history, answered_at, triage authors.
    answered = Post.objects.filter(answered_at__isnull=False)
    assert answered.count() >= 20
    for answer in OfficialAnswer.objects.select_related("post", "author"):
        assert answer.post.answered_at is not None
        assert answer.author.administrations.filter(pk=answer.administration_id).exists()
    statuses = set(Post.objects.values_list("status", flat=True))
    assert {"implemented", "planned", "declined", "duplicate", "under_review"} <= statuses
    for post in Post.objects.filter(status="duplicate").select_related("duplicate_of"):
        assert post.duplicate_of is not None and post.duplicate_of.status != "duplicate"
    first_change = StatusChange.objects.filter(old_status="").count()
    assert first_change == Post.objects.count()
    assert all(p.status_changes.last().new_status == p.status for p in answered)

    # Accounts and roles.
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("admin")
    assert admin.public_name == "Platform admin" and admin.email == "admin@example.lu"
    assert admin.has_role(roles.ADMIN)
    assert User.objects.get(username="triage-acd").administrations.get().name == (
        "Administration des contributions directes"
    )
    assert User.objects.get(username="moderator").is_moderator
    assert User.objects.filter(groups__name=roles.CITIZEN).count() >= 40

    # Civil servants: employers whose staff e-mail domains are configured.
    servants = User.objects.filter(username__in=people.CIVIL_SERVANTS)
    assert servants.count() == len(people.CIVIL_SERVANTS) >= 3
    assert all(u.is_civil_servant and u.can_see_internal for u in servants)
    assert servants.filter(employer=None).count() == 0
    assert servants.values("employer").distinct().count() >= 2
    for user in servants.select_related("employer"):
        assert user.employer.domain_list, user.employer.name
    assert User.objects.get(username="triage-acd").employer.name == (
        "Administration des contributions directes"
    )

    campaigns, challenges = assert_demo_pages()

    # Internal posts only by civil servants with an employer; posts inside their challenge's dates.
    internal = Post.objects.filter(campaign=campaigns["internal"])
    assert internal.count() >= 8
    assert internal.filter(challenge=None).exists()  # Spontaneous ideas too.
    for post in internal.select_related("author"):
        assert post.author.is_civil_servant and post.author.employer_id is not None
    assert not Post.objects.filter(campaign=campaigns["public"], author__in=servants).exists()
    for challenge in challenges.values():
        posts = Post.objects.filter(challenge=challenge)
        assert posts.exists(), challenge.title
        assert not posts.exclude(campaign=challenge.campaign).exists()
        for post in posts:
            assert challenge.opens_at <= post.created_at <= challenge.closes_at
    open_internal = challenges["once-only-internal"]
    ideas = Post.objects.filter(challenge=open_internal)
    assert ideas.count() >= 4 and ideas.filter(support_count__gt=0).count() >= 4
    assert XtdComment.objects.filter(object_pk__in=[str(p.pk) for p in ideas]).exists()

    # Threaded comments on posts.
    assert XtdComment.objects.filter(level__gt=0).exists()
    reply = XtdComment.objects.filter(level=2).first()
    assert XtdComment.objects.get(pk=reply.parent_id).level == 1

    before = snapshot()
    second = StringIO()
    call_command("load_demo", stdout=second)
    assert snapshot() == before
    assert "not loaded again" in second.getvalue()


def assert_demo_pages():
    """One public campaign with two live consultations, one internal campaign with an open and a
    closed challenge whose published results retain its own ideas."""
    public = CampaignPage.objects.live().get(slug="lets-simplify-together")
    meng_iddi = CampaignPage.objects.live().get(slug="meng-iddi")
    assert CampaignPage.objects.count() == 2
    assert (public.audience, public.who_may_post) == (Audience.PUBLIC, WhoMayPost.REGISTERED)
    assert not public.premoderated
    assert meng_iddi.is_internal and meng_iddi.who_may_post == WhoMayPost.CIVIL_SERVANTS
    assert public.get_parent().specific_class.__name__ == "HomePage"
    consultations = ChallengePage.objects.child_of(public).live()
    assert consultations.count() == 2
    for page in consultations:
        assert page.question and page.context and page.administration is not None
        assert page.phases.count() == 3
        assert Revision.objects.for_instance(page).exists()  # History in the Wagtail admin.
    internal = ChallengePage.objects.child_of(meng_iddi).live()
    assert internal.count() == 2
    assert internal.open().count() == 1
    closed = internal.exclude(pk__in=internal.open()).get()
    assert closed.is_closed() and closed.results
    retained = RetainedIdea.objects.filter(page=closed).select_related("post")
    assert 2 <= retained.count() <= 3
    assert all(r.note and r.post.challenge_id == closed.pk for r in retained)
    assert ChallengePage.objects.visible_to(AnonymousUser()).count() == 2
    challenges = {page.slug: page for page in ChallengePage.objects.all()}
    return {"public": public, "internal": meng_iddi}, challenges


@pytest.mark.django_db
def test_load_demo_with_a_missing_catalogue_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="--catalogue"):
        call_command("load_demo", catalogue=str(tmp_path / "missing.jsonl"), stdout=StringIO())
    assert Post.objects.count() == 0
