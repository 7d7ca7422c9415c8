"""Expected answers of our URLs per role (tests/test_url_matrix.py), for GET and an empty POST.

An expectation is a status code, or one of:
- "login": a redirect to the site's sign-in page (/accounts/login/),
- "admin_login": a redirect to the Wagtail admin's sign-in page (users without admin access),
- "refused": Wagtail's "no permission" answer (a redirect to the admin dashboard),
- "→/path/": a redirect to a URL whose path starts with /path/.

`cells(...)` lists the roles in the order anonymous, citizen, civil servant, triager of A,
triager of B, moderator, platform admin; an omitted role has the answer of the role before it.
The world (tests/url_matrix_world.py): post_a is a public post routed to administration A (its
cluster, comment and answer template belong to A); variants name other posts and pages.
"""

from urllib.parse import urlsplit

from tests.url_matrix_world import ROLES

_SAME = object()


def cells(
    anonymous,
    citizen,
    civil_servant=_SAME,
    triager_a=_SAME,
    triager_b=_SAME,
    moderator=_SAME,
    admin=_SAME,
):
    values, previous = [], None
    for value in (anonymous, citizen, civil_servant, triager_a, triager_b, moderator, admin):
        previous = previous if value is _SAME else value
        values.append(previous)
    return dict(zip(ROLES, values, strict=True))


def staff(triager_a, triager_b=_SAME, moderator=_SAME, admin=_SAME):
    """A Wagtail admin view: people without admin access are sent to its sign-in page."""
    return cells(
        "admin_login", "admin_login", "admin_login", triager_a, triager_b, moderator, admin
    )


def both(expected):
    return {"GET": expected, "POST": expected}


def matches(response, expected):
    if isinstance(expected, int):
        return response.status_code == expected
    location = urlsplit(response.get("Location", "")).path
    if response.status_code != 302:
        return False
    if expected == "login":
        return location == "/accounts/login/"
    if expected == "admin_login":
        return location == "/admin/login/"
    if expected == "refused":
        return location == "/admin/"
    return location.startswith(expected.removeprefix("→"))


EVERYONE = cells(200, 200)
GET_ONLY = {"GET": EVERYONE, "POST": cells(405, 405)}
SIGNED_IN_PAGE = {"GET": cells("login", 200), "POST": cells("login", 405)}
ADMIN_LIST = {"GET": staff(200), "POST": staff(405)}
# Our Wagtail viewsets' admin-only views (catalogue, posts' generic edit/history/usage).
ADMIN_ONLY = both(staff("refused", "refused", "refused", 200))
ADMIN_ONLY_READ = {
    "GET": staff("refused", "refused", "refused", 200),
    "POST": staff("refused", "refused", "refused", 405),
}
CATALOGUE_LIST = {"GET": staff(200, 200, "refused", 200), "POST": staff(405, 405, "refused", 405)}
TEMPLATE_OF_A = both(staff(200, 404, "refused", 200))
TEMPLATE_OF_A_READ = {"GET": staff(200, 404, 404, 200), "POST": staff(405, 404, 404, 405)}
PAGES_LIST = {
    "GET": staff("refused", "refused", 200, 200),
    "POST": staff("refused", "refused", 405, 405),
}
MODERATE = {"GET": staff(405), "POST": staff("refused", "refused", "→/admin/posts/answer/")}
MODERATORS_READ = {
    "GET": staff("refused", "refused", 200, 200),
    "POST": staff("refused", "refused", 405, 405),
}
COMMENT_API_POST = {"GET": cells(405, 405), "POST": cells(403, 400)}
NOT_IN_API = {"GET": cells(404, 404), "POST": cells(405, 405)}

EXPECTATIONS = {
    # --- Public site ----------------------------------------------------------------------
    "wagtail_serve": both(EVERYONE),  # the home page; campaign pages: VARIANTS
    "ideas:list": GET_ONLY,
    "ideas:detail": GET_ONLY,
    "ideas:mine": SIGNED_IN_PAGE,
    "ideas:create": {"GET": cells("login", 200), "POST": cells("login", 200)},  # form errors
    "ideas:support": {"GET": cells(405, 405), "POST": cells("login", "→/posts/")},
    "ideas:follow": {"GET": cells(405, 405), "POST": cells("login", "→/posts/")},
    # Only the administration in charge (A) and platform admins answer; an empty form is a 400.
    "ideas:answer": {"GET": cells(405, 405), "POST": cells("login", 403, 403, 400, 403, 403, 400)},
    "ideas:comment-edit": both(cells("login", 403)),  # only the comment's author edits it
    "clustering:similar": GET_ONLY,
    "procedures:list": GET_ONLY,
    "procedures:search-json": GET_ONLY,
    "procedures:detail": GET_ONLY,
    "challenges:list": both(EVERYONE),  # a plain list: POST renders it too (nothing changes)
    "notifications:list": both(cells("login", 200)),
    "notifications:mark-read": {
        "GET": cells("login", 405),
        "POST": cells("login", "→/notifications/"),
    },
    # The report form; sent empty, it is invalid (400).
    "moderation:report": {"GET": cells("login", 200), "POST": cells("login", 400)},
    "accounts:privacy": SIGNED_IN_PAGE,
    "accounts:export": SIGNED_IN_PAGE,
    "accounts:delete": both(cells("login", 200)),  # POST without the confirmation: form errors
    "accounts:deleted": GET_ONLY,
    # --- Transparency (issue 9: transparency helper adds its URLs here) ---------------------
    "transparency:index": GET_ONLY,
    # The matrix fills `slug` with a procedure's slug: no administration has it (a 404). The
    # page of a real administration is a variant below.
    "transparency:administration": {"GET": cells(404, 404), "POST": cells(405, 405)},
    # --- Open data: page, downloads, feeds (issue 9: open-data helper adds its URLs here) ---
    "opendata:index": GET_ONLY,
    # The world has no export files (OPENDATA_DIR is a fresh directory per test): 404 pages.
    "opendata:manifest": {"GET": cells(404, 404), "POST": cells(405, 405)},
    "opendata:download": {"GET": cells(404, 404), "POST": cells(405, 405)},
    # The example pk of an administration does not exist; administration A: VARIANTS.
    "opendata:administration-answers-rss": {"GET": cells(404, 404), "POST": cells(405, 405)},
    "opendata:administration-answers-atom": {"GET": cells(404, 404), "POST": cells(405, 405)},
    "opendata:procedure-answers-rss": GET_ONLY,
    "opendata:procedure-answers-atom": GET_ONLY,
    # --- Public API (issue 9: API helper adds its URLs here) --------------------------------
    # Open data: everyone is anonymous there (no authentication is read), GET only.
    "api:api-root": GET_ONLY,
    "api:schema": GET_ONLY,
    "api:post-list": GET_ONLY,
    "api:post-detail": GET_ONLY,
    "api:procedure-list": GET_ONLY,
    "api:procedure-detail": GET_ONLY,
    "api:administration-list": GET_ONLY,
    "api:administration-detail": GET_ONLY,
    "api:cluster-list": GET_ONLY,
    "api:cluster-detail": GET_ONLY,
    "api:statistics": GET_ONLY,
    "api.views.not_found": both(cells(404, 404)),  # any other path under /api/v1/: JSON 404
    # --- Notifications settings/unsubscribe (issue 9: notifications helper adds them here) --
    # --- Surveys (issue 10: surveys helper adds its URLs here) ------------------------------
    # The example pk is no survey page: 404 (surveys' own rules: tests/test_surveys.py).
    "surveys:results": {"GET": cells(404, 404), "POST": cells(405, 405)},
    # An empty POST is an invalid score: nothing saved, back to the procedure page.
    "surveys:procedure-satisfaction": {
        "GET": cells("login", 405),
        "POST": cells("login", "→/procedures/"),
    },
    # --- Prioritisation (issue 10: prioritisation helper adds its URLs here) -----------------
    # Results CSV for editors of the round; the example page_id is the campaign, not a round.
    "prioritisation:results-csv": {"GET": cells("login", 404), "POST": cells(405, 405)},
    # --- Workshops (issue 10: workshops helper adds its URLs here) ----------------------------
    # The example pk is no workshop: signed-in people get a 404 (a workshop: tests/test_workshops).
    "workshops:register": {"GET": cells(405, 405), "POST": cells("login", 404)},
    "workshops:cancel": {"GET": cells(405, 405), "POST": cells("login", 404)},
    "workshops:export": both(cells("login", 404)),
    # An empty POST is valid (every box unticked): saved, back to the page.
    "notifications:settings": {
        "GET": cells("login", 200),
        "POST": cells("login", "→/notifications/settings/"),
    },
    # No sign-in (the link comes by e-mail); the example token is not signed by us: 400.
    "notifications:unsubscribe": both(cells(400, 400)),
    # --- Page translations (issue 9: languages helper): wagtail.contrib.simple_translation's
    # "Translate" action, for those holding simple_translation.submit_translation (platform
    # admins). An empty POST is an invalid form (200); no snippet is translatable (404).
    "simple_translation:submit_page_translation": ADMIN_ONLY,
    "simple_translation:submit_snippet_translation": both(
        staff("refused", "refused", "refused", 404)
    ),
    # --- OpenID Connect sign-in (issue 11): our views around allauth's; no provider "eid" is
    # configured in the matrix world, so every role gets a 404 (tests/test_oidc_*.py sign in).
    "openid_connect_login": both(cells(404, 404)),
    "openid_connect_callback": both(cells(404, 404)),
    # --- Third-party pages with a rule of their own (GET only) -----------------------------
    "account_email": {"GET": cells("login", 200)},
    "account_change_password": {"GET": cells("login", 200)},
    "account_reauthenticate": {"GET": cells("login", 200)},
    "account_set_password": {"GET": cells("login", "→/accounts/password/change/")},
    # django-comments' moderation of a comment (not wrapped: it shows no hidden post).
    "comments-delete": {"GET": cells("login", 403, 403, 403, 403, 200)},
    "comments-approve": {"GET": cells("login", 403, 403, 403, 403, 200)},
    # Their format-suffixed paths crashed (TypeError): config/urls.py answers them with a 404.
    "comments-delete[.format]": {"GET": cells(404, 404)},
    "comments-approve[.format]": {"GET": cells(404, 404)},
    # --- Comments (our wrappers of comments-xtd, mounted first) -----------------------------
    "ideas.views.comments.post_comment": {"GET": cells(405, 405), "POST": cells("login", 400)},
    "ideas.views.comments.reply": both(cells("login", 200)),
    "ideas.views.comments.flag": {"GET": cells("login", 200), "POST": cells("login", 400)},
    "django_comments_xtd.views.like": both(cells("login", 404)),  # feedback is switched off
    "django_comments_xtd.views.dislike": both(cells("login", 404)),
    "django_comments_xtd.views.sent": both(cells(400, 400)),  # needs a signed key
    "django_comments.views.utils.confirmation_view.<locals>.confirmed": both(EVERYONE),
    "ideas.views.comments.object_redirect": both(cells("→/posts/", "→/posts/")),
    # "cr/<ct>/<id>.json/": the id is "1.json", which is no post.
    "ideas.views.comments.object_redirect[.format]": both(cells(404, 404)),
    "ideas.views.comments.api_for_visible_post.<locals>.wrapped": GET_ONLY,
    "ideas.views.comments.CommentCreate": {"GET": cells(405, 405), "POST": cells(400, 400)},
    "ideas.views.comments.ToggleFeedbackFlag": COMMENT_API_POST,
    "ideas.views.comments.CreateReportFlag": COMMENT_API_POST,
    # --- Triage workspace (administration members and platform admins) ----------------------
    "triage_admin:board": CATALOGUE_LIST,
    "triage_admin:cluster": both(staff(200, 404, "refused", 200)),  # the cluster holds A's posts
    "triage_admin:act": {
        "GET": staff(405),
        "POST": staff("→/admin/triage/clusters/", 404, "refused", "→/admin/triage/clusters/"),
    },
    "triage_admin:export_csv": {"GET": staff(200, 200, "refused", 200), "POST": staff(405)},
    "triage_admin:export_xlsx": {"GET": staff(200, 200, "refused", 200), "POST": staff(405)},
    "answer_templates:index": CATALOGUE_LIST,
    "answer_templates:index_results": CATALOGUE_LIST,
    "answer_templates:add": both(staff(200, 200, "refused", 200)),
    "answer_templates:edit": TEMPLATE_OF_A,
    "answer_templates:delete": {
        "GET": staff(200, 404, 404, 200),
        "POST": staff("→/admin/answer-templates/", 404, 404, "→/admin/answer-templates/"),
    },
    "answer_templates:history": TEMPLATE_OF_A_READ,
    "answer_templates:history_results": TEMPLATE_OF_A_READ,
    "answer_templates:usage": TEMPLATE_OF_A_READ,
    # --- Pipeline views (old cluster URLs redirect to the board) ----------------------------
    "clustering_admin:clusters": both(staff("→/admin/triage/")),
    "clustering_admin:cluster": both(staff("→/admin/triage/clusters/")),
    "clustering_admin:suggestions": ADMIN_LIST,
    # Staff see the suggestions of every post they can see; only A's team (and moderators,
    # admins) decide on a post of A.
    "clustering_admin:post_procedure": {"GET": staff(200), "POST": staff(200, "refused", 200, 200)},
    # --- Posts in the admin ---------------------------------------------------------------
    "staff_posts:index": ADMIN_LIST,
    "staff_posts:index_results": ADMIN_LIST,
    "staff_posts:inspect": ADMIN_LIST,  # staff see posts the public sees, and their own team's
    "staff_posts:add": both(staff("refused")),  # posts are never created in the admin
    "staff_posts:delete": both(staff("refused")),  # ... nor deleted there
    "staff_posts:edit": ADMIN_ONLY,  # wording fixes by platform admins only
    "staff_posts:history": ADMIN_ONLY_READ,
    "staff_posts:history_results": ADMIN_ONLY_READ,
    "staff_posts:usage": ADMIN_ONLY_READ,
    "staff_posts:decide": both(staff(200, "refused", 200, 200)),
    "staff_posts:visibility": MODERATE,
    "staff_posts:approve": MODERATE,
    "post_chooser:choose": ADMIN_LIST,
    "post_chooser:choose_results": ADMIN_LIST,
    "post_chooser:chosen": ADMIN_LIST,
    "post_chooser:chosen_multiple": ADMIN_LIST,
    "post_chooser:create": both(staff("refused")),
    # --- Moderation queue (moderators and platform admins) ----------------------------------
    "moderation_admin:queue": MODERATORS_READ,
    "moderation_admin:log": MODERATORS_READ,
    "moderation_admin:item": MODERATORS_READ,
    "moderation_admin:item_action": {
        "GET": staff(405),
        "POST": staff("refused", "refused", "→/admin/moderation/post/"),
    },
    "moderation_admin:ban": {  # the author of post_a; an empty ban form is a 400
        "GET": staff("refused", "refused", 200),
        "POST": staff("refused", "refused", 400),
    },
    # --- Catalogue: triagers read it, platform admins edit it --------------------------------
    "staff_procedures:index": CATALOGUE_LIST,
    "staff_procedures:index_results": CATALOGUE_LIST,
    "staff_procedures:inspect": CATALOGUE_LIST,
    "staff_procedures:add": ADMIN_ONLY,
    "staff_procedures:edit": ADMIN_ONLY,
    "staff_procedures:delete": {
        "GET": staff("refused", "refused", "refused", 200),
        "POST": staff("refused", "refused", "refused", "→/admin/procedures/"),
    },
    "staff_procedures:history": ADMIN_ONLY_READ,
    "staff_procedures:history_results": ADMIN_ONLY_READ,
    "staff_procedures:usage": ADMIN_ONLY_READ,
    "staff_administrations:index": CATALOGUE_LIST,
    "staff_administrations:index_results": CATALOGUE_LIST,
    "staff_administrations:inspect": CATALOGUE_LIST,
    "staff_administrations:add": ADMIN_ONLY,
    "staff_administrations:edit": ADMIN_ONLY,
    "staff_administrations:delete": {
        "GET": staff("refused", "refused", "refused", 200),
        "POST": staff("refused", "refused", "refused", "→/admin/administrations/"),
    },
    "staff_administrations:history": ADMIN_ONLY_READ,
    "staff_administrations:history_results": ADMIN_ONLY_READ,
    "staff_administrations:usage": ADMIN_ONLY_READ,
    # --- Campaign and challenge pages (editors: moderators and platform admins) -------------
    "staff_campaign_pages:index": PAGES_LIST,
    "staff_campaign_pages:index_results": PAGES_LIST,
    # Wagtail's "choose a parent" lists only the pages the user may add under (none for
    # triagers, who get an empty choice); with a single choice it goes straight to the form.
    "staff_campaign_pages:choose_parent": {
        "GET": staff(200, 200, "→/admin/pages/add/"),
        "POST": staff(200),
    },
    "staff_challenge_pages:index": PAGES_LIST,
    "staff_challenge_pages:index_results": PAGES_LIST,
    "staff_challenge_pages:choose_parent": both(staff(200)),
}

# More paths for some URLs: (label, path from the world, expectations).
VARIANTS = {
    "opendata:administration-answers-rss": [
        (
            "administration A",
            lambda w: f"/open-data/feeds/administrations/{w.a.pk}/answers.rss",
            GET_ONLY,
        ),
    ],
    "opendata:administration-answers-atom": [
        (
            "administration A",
            lambda w: f"/open-data/feeds/administrations/{w.a.pk}/answers.atom",
            GET_ONLY,
        ),
    ],
    "opendata:download": [
        (
            "unknown dataset",
            lambda w: "/open-data/authors.csv",
            {"GET": cells(404, 404), "POST": cells(405, 405)},
        ),
    ],
    "transparency:administration": [
        ("administration A", lambda w: f"/transparency/{w.a.slug}/", GET_ONLY),
    ],
    "wagtail_serve": [
        ("public campaign", lambda w: w.campaign.url, both(EVERYONE)),
        ("public challenge", lambda w: w.challenge.url, both(EVERYONE)),
        ("internal campaign", lambda w: w.internal.url, both(cells(404, 404, 200))),
    ],
    "ideas:detail": [
        ("post of B", lambda w: f"/posts/{w.post_b.pk}/", GET_ONLY),
        # Waiting for a moderator: only moderators and admins (and its author) see it.
        (
            "post awaiting moderation",
            lambda w: f"/posts/{w.pending.pk}/",
            {"GET": cells(404, 404, 404, 404, 404, 200), "POST": cells(405, 405)},
        ),
        # Hidden by a moderator: a tombstone with the public reason, for everyone but moderators.
        (
            "hidden post",
            lambda w: f"/posts/{w.hidden.pk}/",
            {"GET": cells(410, 410, 410, 410, 410, 200), "POST": cells(405, 405)},
        ),
        (
            "internal post",
            lambda w: f"/posts/{w.internal_post.pk}/",
            {"GET": cells(404, 404, 200), "POST": cells(405, 405)},
        ),
    ],
    # Not even insiders get a post outside published() from the open-data API.
    "api:post-detail": [
        (label, lambda w, name=name: f"/api/v1/posts/{getattr(w, name).pk}/", NOT_IN_API)
        for label, name in (
            ("internal post", "internal_post"),
            ("post awaiting moderation", "pending"),
            ("hidden post", "hidden"),
        )
    ],
    "ideas:answer": [
        (
            "post of B",
            lambda w: f"/posts/{w.post_b.pk}/answer/",
            {"GET": cells(405, 405), "POST": cells("login", 403, 403, 403, 400, 403, 400)},
        ),
    ],
    "staff_posts:decide": [
        (
            "post of B",
            lambda w: f"/admin/posts/answer/{w.post_b.pk}/",
            both(staff("refused", 200, 200, 200)),
        ),
    ],
    "staff_posts:approve": [
        (
            "post awaiting moderation",
            lambda w: f"/admin/posts/approve/{w.pending.pk}/",
            # A's triagers see it in the admin but may not approve it; B's do not see it.
            {"GET": staff(405), "POST": staff("refused", 404, "→/admin/posts/answer/")},
        ),
    ],
    "moderation_admin:item": [
        ("a comment", lambda w: f"/admin/moderation/comment/{w.comment.pk}/", MODERATORS_READ),
    ],
    "moderation:report": [
        (
            "a comment",
            lambda w: f"/moderation/report/comment/{w.comment.pk}/",
            {"GET": cells("login", 200), "POST": cells("login", 400)},
        ),
        (
            "internal post",
            lambda w: f"/moderation/report/post/{w.internal_post.pk}/",
            {"GET": cells("login", 404, 200), "POST": cells("login", 404, 400)},
        ),
    ],
}

# Patterns no test requests, with the reason.
SKIPPED_PATTERNS = {}
