"""migrations/0005_job_queue.sql is pgqueuer's schema, kept as a plain migration."""

from __future__ import annotations

from pgqueuer import QueueManager
from pgqueuer.queries import Queries


async def test_the_queue_migration_is_what_pgqueuer_expects(conn):
    queries = Queries.from_asyncpg_connection(conn)
    plan = await queries.plan_upgrade()
    assert plan.statements == ()  # `pgq upgrade` would change nothing
    await QueueManager(queries).verify_structure()  # what a worker checks at start
