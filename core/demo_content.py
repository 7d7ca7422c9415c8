"""Posts and the activity around them for the demo: supports, follows, comments, status changes
and official answers, all through ideas.services, then spread over past dates.

Driven by core/demo/posts.jsonl and core/demo/comments.py; called by core.demo_loader.load_demo.
"""

import json
import random
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from ideas import services
from ideas.models import Post, StatusChange, Support
from ideas.status import TRANSITIONS, Status
from procedures.models import Procedure

from .demo import campaigns as campaign_data
from .demo.comments import THREADS

POSTS_FILE = Path(__file__).parent / "demo" / "posts.jsonl"
SEED = 42
# Supports for ordinary posts: many get 0-5, a few more; "hot" posts get 18-38.
SUPPORT_COUNTS = [0, 1, 2, 3, 4, 5, 6, 8, 10, 13]
SUPPORT_WEIGHTS = [14, 16, 15, 12, 10, 8, 6, 5, 3, 2]


def read_demo_posts(path=POSTS_FILE):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def status_path(current, target):
    """Shortest sequence of allowed statuses from `current` to `target` (sorted: deterministic)."""
    paths, queue = {Status(current): []}, [Status(current)]
    while queue:
        status = queue.pop(0)
        for nxt in sorted(TRANSITIONS.get(status, ())):
            if nxt not in paths:
                paths[nxt] = paths[status] + [nxt]
                queue.append(nxt)
    return paths[Status(target)]


class DemoContent:
    def __init__(self, accounts, campaigns, challenges, report):
        self.accounts, self.campaigns, self.challenges = accounts, campaigns, challenges
        self.report, self.rng, self.now = report, random.Random(SEED), timezone.now()
        self.posts = {}  # key -> (Post, row, created_at)
        self.first_of_group = {}

    def build(self):
        rows = read_demo_posts()
        procedures = {p.external_id: p for p in Procedure.objects.all()}
        for row in rows:
            self._create_post(row, procedures)
        for post, row, _created in self.posts.values():
            self._add_supports(post, row)
        for key, thread in THREADS.items():
            post, _row, created = self.posts[key]
            self._add_comments(post, thread, parent=None, after=created, ids={})
        for post, row, _created in self.posts.values():
            if row["outcome"]:
                self._apply_outcome(post, row)
        for post, _row, created in self.posts.values():
            self._backdate(post, created)
        self.report.posts = len(self.posts)

    def _citizen(self, language, exclude=None):
        pool = [u for u, langs in self.accounts["citizens"] if language in langs and u != exclude]
        return self.rng.choice(pool)

    def _created_at(self, row):
        if row["challenge"]:
            # Strictly inside the challenge's dates, whenever its page was created.
            challenge = self.challenges[row["challenge"]]
            low = max((self.now - challenge.closes_at).days, 0) + 1
            high = (self.now - challenge.opens_at).days - 1
        else:
            low, high = 2, 160
        if row["group"] in self.first_of_group:
            # Near-duplicates come after the post they repeat...
            original = self.posts[self.first_of_group[row["group"]]][2]
            high = min(high, (self.now - original).days - 1)
        elif row["group"]:
            low = (low + high) // 2  # ...which is therefore among the older ones.
        days = self.rng.randint(low, max(low, high))
        return self.now - timedelta(days=days, hours=self.rng.randint(0, 20))

    def _create_post(self, row, procedures):
        if row["author"]:
            author = self.accounts["servants"][row["author"]]  # Internal posts.
        else:
            author = self._citizen(row["language"])
        procedure = procedures.get(row["procedure"])
        if procedure is None:
            self.report.missing_procedures.append(row["procedure"])
        challenge = self.challenges.get(row["challenge"])
        post = services.create_post(
            author=author,
            title=row["title"],
            body=row["body"],
            suggestion=row["suggestion"],
            kind=row["kind"],
            language=row["language"],
            procedure=procedure,
            campaign=self.campaigns[row["campaign"]],
            challenge=challenge if challenge and challenge.is_open() else None,
        )
        if challenge and not challenge.is_open():
            # Demo posts "arrived" while this challenge was open; create_post rightly refuses
            # new posts in a closed challenge, so attach them afterwards.
            Post.objects.filter(pk=post.pk).update(challenge=challenge)
        created = self._created_at(row)
        self.posts[row["key"]] = (post, row, created)
        if row["group"]:
            self.first_of_group.setdefault(row["group"], row["key"])

    def _add_supports(self, post, row):
        if row["campaign"] == "internal":
            # Only those who see the internal campaign; every internal idea gets some support.
            pool = [user for user, _admin in self.accounts["teams"].values()]
            pool += [self.accounts["moderator"], *self.accounts["servants"].values()]
            wanted = self.rng.randint(2, len(pool) // 2)
        else:
            pool = [user for user, _langs in self.accounts["citizens"]]
            pool.append(self.accounts["servants"]["civil-servant"])
            if row["hot"]:
                wanted = self.rng.randint(18, 38)
            else:
                wanted = self.rng.choices(SUPPORT_COUNTS, SUPPORT_WEIGHTS)[0]
        pool = [user for user in pool if user.pk != post.author_id]
        for user in self.rng.sample(pool, min(wanted, len(pool))):
            if services.add_support(post, user):
                self.report.supports += 1
            if self.rng.random() < 0.3:
                services.follow(post, user)

    def _comment_author(self, spec, post, ids):
        by = spec["by"]
        if by.startswith("citizen:"):
            return self._citizen(by.split(":", 1)[1], exclude=post.author)
        if by.startswith("team:"):
            return self.accounts["teams"][by.split(":", 1)[1]][0]
        if by.startswith("@"):
            return ids[by[1:]]
        if by in self.accounts["servants"]:
            return self.accounts["servants"][by]
        return post.author if by == "author" else self.accounts[by]

    def _add_comments(self, post, specs, parent, after, ids):
        content_type = ContentType.objects.get_for_model(Post)
        for spec in specs:
            user = self._comment_author(spec, post, ids)
            after = after + (self.now - after) * self.rng.uniform(0.05, 0.3)
            comment = XtdComment.objects.create(
                content_type=content_type,
                object_pk=str(post.pk),
                site_id=settings.SITE_ID,
                user=user,
                user_name=user.public_name,
                comment=spec["text"],
                submit_date=after,
                parent_id=parent.pk if parent else 0,
                is_public=True,
            )
            self.report.comments += 1
            if "id" in spec:
                ids[spec["id"]] = user
            self._add_comments(post, spec.get("replies", []), comment, after, ids)

    def _apply_outcome(self, post, row):
        outcome = row["outcome"]
        member, administration = self.accounts["teams"][outcome["team"]]
        if post.administration_id != administration.pk:
            # Triage routes the post to the administration that will answer it.
            services.route_to_administration(
                post, by=self.accounts["moderator"], administration=administration
            )
        *steps, target = status_path(post.status, outcome["status"])
        for step in steps:
            post = services.change_status(post, by=member, new_status=step)
        duplicate_of = None
        if target == Status.DUPLICATE:
            duplicate_of = self.posts[self.first_of_group[row["group"]]][0]
        if outcome.get("answer"):
            services.publish_answer(post, by=member, body=outcome["answer"], new_status=target)
            self.report.answers += 1
        else:
            message = outcome.get("message") or campaign_data.DUPLICATE_MESSAGES[row["language"]]
            services.change_status(
                post, by=member, new_status=target, message=message, duplicate_of=duplicate_of
            )

    def _backdate(self, post, created):
        """Spread the post's history between its creation date and now (services stamp 'now')."""
        span = self.now - created
        changes = list(StatusChange.objects.filter(post=post).order_by("pk"))
        times = [created] + sorted(
            created + span * self.rng.uniform(0.35, 0.95) for _ in changes[1:]
        )
        for change, when in zip(changes, times, strict=True):
            change.created_at = when
        StatusChange.objects.bulk_update(changes, ["created_at"])
        answered = times[-1] if post.answers.update(created_at=times[-1]) else None
        supports = list(Support.objects.filter(post=post))
        for support in supports:
            support.created_at = created + span * self.rng.random()
        Support.objects.bulk_update(supports, ["created_at"])
        Post.objects.filter(pk=post.pk).update(created_at=created, answered_at=answered)
