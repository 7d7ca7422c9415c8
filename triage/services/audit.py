from ..models import AuditEntry


def followed(suggestion, decision):
    """Did the person keep what the pipeline proposed? None when nothing was proposed."""
    shared = [key for key in suggestion if key in decision and key != "confidence"]
    if not shared:
        return None
    return all(suggestion[key] == decision[key] for key in shared)


def record(
    action,
    *,
    actor,
    post=None,
    cluster=None,
    administration=None,
    suggestion=None,
    decision=None,
):
    suggestion, decision = suggestion or {}, decision or {}
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        post=post,
        cluster=cluster,
        administration=administration,
        suggestion=suggestion,
        decision=decision,
        followed_suggestion=followed(suggestion, decision),
    )
