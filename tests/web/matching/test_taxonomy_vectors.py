"""ESCO label vectors are embedded by the worker and read, never embedded, by the web."""

from __future__ import annotations

import threading

import pytest

from matcher.embedding import Encoder
from tests.matcher.test_taxonomy import make_esco_dir
from web.database import create_pool
from web.matching.taxonomy_vectors import (
    Cancelled,
    MissingLabelVectors,
    QueryOnlyEncoder,
    StoppableEncoder,
    fetch_for_web,
    prepare_in_worker,
)
from web.settings import Settings


@pytest.fixture
async def pool(database_url):
    p = await create_pool(database_url)
    yield p
    await p.close()


def _settings(tmp_path, name: str, esco) -> Settings:
    return Settings(environment="test", data_dir=tmp_path / name, esco_dir=esco)


async def test_web_gets_the_worker_s_label_vectors_and_embeds_none(pool, tmp_path):
    """The synthetic ESCO has few labels, so the web's encoder here refuses any batch
    larger than the one title a query encodes."""
    from matcher.taxonomy import load_taxonomy

    (tmp_path / "esco").mkdir()
    esco = make_esco_dir(tmp_path / "esco")
    encoder = Encoder()
    worker, web = _settings(tmp_path, "worker", esco), _settings(tmp_path, "web", esco)
    assert await fetch_for_web(pool, web, encoder.model_name) is False  # nothing stored yet
    query_only = QueryOnlyEncoder(encoder, max_texts=1)
    with pytest.raises(MissingLabelVectors):
        load_taxonomy(esco, encoder=query_only, cache_dir=web.cache_dir)
    assert await prepare_in_worker(pool, worker, encoder, threading.Event()) is True
    assert await fetch_for_web(pool, web, encoder.model_name) is True
    taxonomy = load_taxonomy(esco, encoder=query_only, cache_dir=web.cache_dir)
    assert taxonomy is not None and taxonomy.occupations_for("heftruckchauffeur", k=1)


async def test_a_stopping_worker_stops_between_chunks(pool, tmp_path):
    (tmp_path / "esco").mkdir()
    esco = make_esco_dir(tmp_path / "esco")
    stop = threading.Event()
    stop.set()
    encoder = StoppableEncoder(Encoder(), stop)
    with pytest.raises(Cancelled):
        encoder.encode(["heftruck"])
    with pytest.raises(Cancelled):
        await prepare_in_worker(pool, _settings(tmp_path, "w", esco), Encoder(), stop)
