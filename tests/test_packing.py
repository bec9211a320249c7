"""Packed postings: whatever a build can hold comes back the same, and bytes no build writes are refused."""

from __future__ import annotations

import zlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sahel_tui.search.packing import DamagedPostings, pack, unpack, unpack_columns
from sahel_tui.search.postings import FIELDS, POSTING

counts = st.lists(st.integers(0, 255), min_size=len(FIELDS), max_size=len(FIELDS))
postings_lists = st.dictionaries(st.integers(0, (1 << 31) - 2), counts, max_size=300)


def as_postings(by_doc: dict[int, list[int]]) -> np.ndarray:
    postings = np.zeros(len(by_doc), POSTING)
    for row, doc in enumerate(sorted(by_doc)):
        postings[row] = (doc, by_doc[doc])
    return postings


@given(postings_lists)
def test_any_postings_come_back_as_they_went_in(by_doc: dict[int, list[int]]) -> None:
    postings = as_postings(by_doc)
    back = unpack(pack(postings))
    assert back.dtype == POSTING
    assert back["doc"].tolist() == postings["doc"].tolist()
    assert back["tf"].tolist() == postings["tf"].tolist()


@given(postings_lists.filter(bool))
def test_the_columns_scoring_reads_hold_the_same_postings(by_doc: dict[int, list[int]]) -> None:
    """Scoring reads a word's postings as columns: the same documents, and a row of counts for exactly the fields
    the word has counts in (a field with none has no row)."""
    postings = as_postings(by_doc)
    columns = unpack_columns(pack(postings))
    assert columns.docs.tolist() == postings["doc"].tolist()
    assert list(columns.fields) == [f for f in range(len(FIELDS)) if postings["tf"][:, f].any()]
    for row, field in zip(columns.counts, columns.fields, strict=True):
        assert row.tolist() == postings["tf"][:, field].tolist()


def test_a_common_body_word_takes_about_two_bytes_a_posting_or_less() -> None:
    rng = np.random.default_rng(7)
    postings = np.zeros(5000, POSTING)
    postings["doc"] = np.sort(rng.choice(20_000, 5000, replace=False))
    postings["tf"][:, FIELDS.index("body")] = rng.integers(1, 4, 5000)
    packed = pack(postings)
    assert len(packed) <= 2 * len(postings) < postings.nbytes / 4
    assert packed[0] & 0x80, "compressed, as it is smaller so"


def test_a_single_posting_is_stored_plain_and_small() -> None:
    postings = as_postings({123_456: [1, 0, 0, 0, 0]})
    packed = pack(postings)
    assert not packed[0] & 0x80 and len(packed) == 1 + 4 + 1


@pytest.mark.parametrize(
    "blob",
    [
        b"",  # nothing
        bytes((0b11,)) + b"\x01\x02",  # a gap width no build writes
        bytes((0x80 | 0b100,)) + b"not zlib at all",  # compressed, but not by zlib
        bytes((0b100,)) + b"\x01\x02\x03",  # 1-byte gaps with one field: an odd length is not whole records
        bytes((0b100,)) + b"\x05\x00\x01\x01",  # a zero gap: the same document twice
        bytes((0b10 | 0b100,)) + b"\xff\xff\xff\x7f\xff\xff\xff\x7f\x01\x01",  # document numbers past 2**31
        bytes((0x80 | 0b100,)) + zlib.compress(b"\x01\x02\x03"),
    ],
)
def test_bytes_no_build_writes_are_refused(blob: bytes) -> None:
    with pytest.raises(DamagedPostings):
        unpack(blob)


@given(st.lists(postings_lists.filter(bool), min_size=1, max_size=12))
def test_many_words_packed_at_once_are_each_packed_alone(words: list[dict[int, list[int]]]) -> None:
    from sahel_tui.search.packing import pack_many

    parts = [as_postings(by_doc) for by_doc in words]
    bounds = np.cumsum([0] + [len(p) for p in parts]).tolist()
    assert pack_many(np.concatenate(parts), bounds) == [pack(p) for p in parts]
