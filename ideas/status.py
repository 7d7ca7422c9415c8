"""The public status of a post and which changes a government answer may make.

Kept apart from the model so that services, forms, templates and tests share one table.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Already in place / implemented")
    CONSIDERED = "considered", _("Taken into consideration")
    DECLINED = "declined", _("Declined")
    DUPLICATE = "duplicate", _("Duplicate")


S = Status
# From each status, the statuses an answer may move a post to. Final answers (implemented,
# declined, duplicate) can only be reopened for review, so a decision is never silently rewritten.
TRANSITIONS = {
    S.SUBMITTED: {
        S.UNDER_REVIEW,
        S.ACCEPTED,
        S.PLANNED,
        S.CONSIDERED,
        S.IMPLEMENTED,
        S.DECLINED,
        S.DUPLICATE,
    },
    S.UNDER_REVIEW: {S.ACCEPTED, S.PLANNED, S.CONSIDERED, S.IMPLEMENTED, S.DECLINED, S.DUPLICATE},
    S.ACCEPTED: {S.PLANNED, S.IN_PROGRESS, S.IMPLEMENTED, S.DECLINED},
    S.PLANNED: {S.IN_PROGRESS, S.IMPLEMENTED, S.DECLINED},
    S.IN_PROGRESS: {S.IMPLEMENTED, S.PLANNED},
    S.CONSIDERED: {S.ACCEPTED, S.PLANNED, S.IN_PROGRESS, S.IMPLEMENTED, S.DECLINED},
    S.IMPLEMENTED: {S.UNDER_REVIEW},
    S.DECLINED: {S.UNDER_REVIEW},
    S.DUPLICATE: {S.UNDER_REVIEW},
}

# Statuses that count as "answered" for listings and statistics.
OPEN_STATUSES = {S.SUBMITTED, S.UNDER_REVIEW}


def allowed_targets(current):
    return TRANSITIONS.get(Status(current), set())


def can_transition(current, target):
    return Status(target) in allowed_targets(current)
