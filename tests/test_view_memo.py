"""The server's memo of today's view (tlkg.graph.services.view_memo): one memo per store
state, started afresh past its size bound, and the whole-store caches prepared once per
state reach every memo of that state."""

from __future__ import annotations

import pytest

from tlkg.graph.services import view_memo

LOCATION = "/stores/memo-test"


@pytest.fixture(autouse=True)
def kept():
    view_memo.keep(LOCATION)
    yield
    view_memo.forget(LOCATION)


def test_a_new_state_gets_a_new_memo_and_an_unkept_store_none():
    a = view_memo.memo_for(LOCATION, "token-1", frozenset)
    assert a is view_memo.memo_for(LOCATION, "token-1", frozenset)
    b = view_memo.memo_for(LOCATION, "token-2", frozenset)
    assert b is not None and b is not a and b.stamp == "token-2"
    assert view_memo.memo_for("/stores/other", "token-1", frozenset) is None
    assert view_memo.memo_for(LOCATION, None, frozenset) is None


def test_a_preparation_reaches_the_memo_started_afresh_meanwhile(monkeypatch):
    memo = view_memo.memo_for(LOCATION, "token-1", frozenset)
    assert memo is not None and view_memo.begin_prepare(memo)
    assert not view_memo.begin_prepare(memo)  # once per state
    memo.labels["x"] = "X"
    monkeypatch.setattr(view_memo, "MAX_ENTRIES", 0)
    fresh = view_memo.memo_for(LOCATION, "token-1", frozenset)
    assert fresh is not None and fresh is not memo and not fresh.labels
    assert not view_memo.begin_prepare(fresh)  # the same state is being prepared
    view_memo.end_prepare(memo, {"competition": {"features": 1}})
    assert fresh.ready and fresh.caches.extras == {"competition": {"features": 1}}


def test_a_failed_preparation_may_be_tried_again():
    memo = view_memo.memo_for(LOCATION, "token-1", frozenset)
    assert memo is not None and view_memo.begin_prepare(memo)
    view_memo.end_prepare(memo, None)
    assert not memo.ready and view_memo.begin_prepare(memo)
