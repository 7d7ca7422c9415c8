"""Fault tests on the production path: real worker and web processes (production settings,
PostgreSQL, Redis), loopback only, every wait bounded.

Run: pytest --ds=config.settings.test_postgres -m services tests/test_faults.py
The subprocesses use the test database; transaction=True commits the test's data so they see it.
Tasks go to this run's own queue on a separate Redis database: other broker users are undisturbed.
"""

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from urllib.parse import quote, urlencode
from urllib.request import Request, urlopen

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.urls import reverse
from kombu import pools

from clustering import services
from clustering.models import Cluster, ClusterMembership, PostEmbedding
from clustering.tasks import embed_missing, recluster_all
from config.celery import app
from ideas.models import Post
from tests.factories import PostFactory, UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

BROKER = os.environ.get("FAULTS_REDIS_URL", "redis://127.0.0.1:6379/9")
CLOSED_BROKER = "redis://127.0.0.1:6390/0"  # nothing listens there: the broker is "down"
DEADLINE = 60  # seconds for any one wait
VISIBILITY_TIMEOUT = 3  # seconds before Redis hands an unacknowledged task to another worker
BIN = os.path.dirname(sys.executable)

# A worker that stops inside the recluster's transaction, after all its writes, so that SIGKILL
# hits the worst moment. Fault injection only: it wraps the real swap, the work is unchanged.
PAUSED_WORKER = """
import os, sys, time, django
from config.celery import app
django.setup()
from clustering.services import clusters
swap, marker = clusters._swap, os.environ["FAULTS_PAUSE_FILE"]
def paused_swap(*args, **kwargs):
    result = swap(*args, **kwargs)
    open(marker, "w").close()
    time.sleep(600)
    return result
clusters._swap = paused_swap
app.worker_main(["worker", *sys.argv[1:]])
"""


def production_env(**extra):
    """The environment a deployment gives its processes, pointed at the test database."""
    db = connection.settings_dict
    user, password = quote(db["USER"] or ""), quote(db["PASSWORD"] or "")
    url = f"postgres://{user}:{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    inherited = ("DJANGO_", "CELERY_", "SECURE_", "DATABASE_", "POSTGRES_", "REDIS_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(inherited)}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": BROKER,
        "REDIS_URL": BROKER,
        **extra,
    }


class Processes:
    """Starts subprocesses with their output in files; kills whatever is left at the end."""

    def __init__(self, tmp_path):
        self.tmp_path, self.running = tmp_path, []
        self.queue = f"faults-{os.getpid()}-{uuid.uuid4().hex[:8]}"

    def start(self, name, args, **env):
        log = open(self.tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(  # noqa: S603 - fixed commands of this file
            args,
            cwd=settings.BASE_DIR,
            env=production_env(**env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.log = log
        self.running.append(process)
        return process

    def worker(self, name="worker", paused=None, **env):
        options = ["--pool=solo", f"--queues={self.queue}", "--loglevel=INFO"]
        options += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        if paused:
            env["FAULTS_PAUSE_FILE"] = str(paused)
            return self.start(name, [sys.executable, "-c", PAUSED_WORKER, *options], **env)
        return self.start(name, [f"{BIN}/celery", "-A", "config", "worker", *options], **env)

    def logs(self):
        return "\n".join(
            f"--- {p.name}\n{p.read_text()[-3000:]}" for p in sorted(self.tmp_path.glob("*.log"))
        )

    def stop(self):
        for process in self.running:
            if process.poll() is None:  # its own session: the group is this process's children
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
            process.log.close()
        client = redis.Redis.from_url(BROKER)
        client.delete(*client.keys(f"*{self.queue}*"), self.queue)


@pytest.fixture
def processes(tmp_path):
    yield (started := Processes(tmp_path))
    started.stop()


@contextlib.contextmanager
def broker(url):
    """This (test) process publishes to a real broker instead of running tasks eagerly."""
    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    drop_broker_connections()
    app.conf.update(broker_url=url, task_always_eager=False)
    try:
        yield
    finally:
        drop_broker_connections()
        app.conf.update(saved)


def drop_broker_connections():
    """Celery keeps a pool of connections to the broker it first used: start afresh."""
    pools.reset()  # kombu's producer pools, shared by URL
    app._pool = None
    app.amqp._producer_pool = None


def wait_for(condition, what, processes):
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"Gave up waiting for {what}.\n{processes.logs()}")


def all_processed():
    """Every post has an embedding and an active cluster."""
    posts = Post.objects.count()
    clustered = ClusterMembership.objects.filter(cluster__is_active=True).count()
    return posts > 0 and PostEmbedding.objects.count() == clustered == posts


def snapshot():
    memberships = ClusterMembership.objects.filter(cluster__is_active=True)
    return {
        "clusters": sorted(Cluster.objects.filter(is_active=True).values_list("pk", "label")),
        "memberships": sorted(memberships.values_list("post_id", "cluster_id", "assigned_by")),
    }


def make_posts(count):
    topics = ["parking permit renewal", "family allowance forms", "tax return upload"]
    with services.processing_deferred():
        return [
            PostFactory(
                title=f"{topics[n % 3].capitalize()} problem {n}",
                body=f"The {topics[n % 3]} asks for the same papers again, case {n}.",
            )
            for n in range(count)
        ]


def test_broker_down_keeps_posts_and_the_reconcile_task_processes_them(client, processes):
    client.force_login(UserFactory())
    data = {
        "procedure_unknown": "on",
        "kind": "pain_point",
        "title": "Too many paper forms for the family allowance",
        "body": "I had to print, sign and scan the same form three times before it was accepted.",
        "action": "submit",
    }
    with broker(CLOSED_BROKER):
        response = client.post(reverse("ideas:create"), data)
        assert response.status_code == 302  # the person posting sees no error
        response = client.post(reverse("ideas:create"), {**data, "title": "Second paper form"})
        assert response.status_code == 302
    assert Post.objects.count() == 2
    assert not PostEmbedding.objects.exists()  # nothing ran: the tasks were really lost

    with broker(BROKER):
        processes.worker()
        embed_missing.apply_async(queue=processes.queue)  # what beat sends every 10 minutes
        wait_for(all_processed, "the reconcile task", processes)
    assert PostEmbedding.objects.count() == Post.objects.count() == 2  # 0 posts lost


def test_worker_killed_during_recluster_keeps_old_clusters_and_a_retry_completes(
    processes, tmp_path
):
    make_posts(12)
    marker = tmp_path / "swapped"
    paused = processes.worker("paused", paused=marker)
    with broker(BROKER):
        embed_missing.apply_async(queue=processes.queue)
        wait_for(all_processed, "the first clustering", processes)
        before = snapshot()
        assert {m[2] for m in before["memberships"]} == {"incremental"}

        recluster_all.apply_async(queue=processes.queue)
        wait_for(marker.exists, "the recluster to reach its swap", processes)
        os.kill(paused.pid, signal.SIGKILL)
        paused.wait(timeout=10)
        assert snapshot() == before  # the half-done swap was rolled back with the connection

        # Nobody re-sends it: unacknowledged (acks_late), Redis hands the task to the next
        # worker after the visibility timeout.
        # kombu scans for unacknowledged messages when a worker starts, then only every tenth
        # restore cycle: start the next worker once the visibility timeout has passed, or the
        # redelivery comes minutes later.
        time.sleep(VISIBILITY_TIMEOUT + 1)
        processes.worker("retry", CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT))
        wait_for(
            lambda: {m[2] for m in snapshot()["memberships"]} == {"batch"} and all_processed(),
            "the redelivered recluster",
            processes,
        )
        after = snapshot()
        last_run = Cluster.objects.latest("updated_at").updated_at
        recluster_all.apply_async(queue=processes.queue)
        newer = Cluster.objects.filter(updated_at__gt=last_run)
        wait_for(newer.exists, "the second recluster", processes)
    assert snapshot() == after  # running it twice changes nothing


def similar_ids(port, post, processes):
    """Ask the web process (GET /posts/similar.json) for posts like `post`: reads the database."""
    query = urlencode({"title": post.title, "body": post.body})
    request = Request(
        f"http://127.0.0.1:{port}/posts/similar.json?{query}",
        headers={"X-Forwarded-Proto": "https"},  # as the TLS proxy in front would send
    )
    with urlopen(request, timeout=30) as response:  # noqa: S310 - loopback, fixed URL
        assert response.status == 200, processes.logs()
        return [r["id"] for r in json.load(response)["results"]]


def web_is_up(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_web_and_worker_recover_after_the_database_drops_their_connections(processes):
    # Restarting the shared PostgreSQL from a test is not safe; terminating every connection
    # to the test database is what a restart does to the web and worker processes.
    first, second = make_posts(2)
    port = free_port()
    web = [f"{BIN}/gunicorn", "config.wsgi:application", f"--bind=127.0.0.1:{port}", "-w1"]
    processes.start("web", web)
    processes.worker()
    with broker(BROKER):
        embed_missing.apply_async(queue=processes.queue)
        wait_for(all_processed, "the first posts to be processed", processes)
        wait_for(lambda: web_is_up(port), "gunicorn", processes)
        assert first.pk in similar_ids(port, first, processes)

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            terminated = cursor.fetchone()[0]
        # At least the web's persistent connection (CONN_MAX_AGE). Celery's Django fixup closes
        # the worker's after each task (one cut mid-task fails; embed_missing catches up).
        assert terminated >= 1

        assert first.pk in similar_ids(port, first, processes)  # web: reconnected by itself
        (late,) = make_posts(1)
        embed_missing.apply_async(queue=processes.queue)
        wait_for(all_processed, "the worker to process a post after the drop", processes)
    assert PostEmbedding.objects.filter(post=late).exists()
    assert second.pk in similar_ids(port, second, processes)
