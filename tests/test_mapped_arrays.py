"""Arrays kept in one file and mapped: what is read back is what was written, and a file that is not whole or
not ours is refused, never mapped."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sahel_tui.extract import mapped_arrays

PLAIN = st.sampled_from([np.uint8, np.uint16, np.uint32, np.int64, np.float16, np.float32, np.dtype("<U3")])


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text("abcdefgh", min_size=1, max_size=6),
                       PLAIN.flatmap(lambda dtype: hnp.arrays(dtype, hnp.array_shapes(min_dims=1, max_dims=2,
                                                                                       min_side=0, max_side=9))),
                       max_size=5))  # fmt: skip
def test_what_is_mapped_is_what_was_written(tmp_path_factory, arrays: dict[str, np.ndarray]) -> None:
    path = tmp_path_factory.mktemp("mapped") / "arrays"
    mapped_arrays.write(path, arrays)
    back = mapped_arrays.read(path)
    assert list(back) == list(arrays)
    for name, values in arrays.items():
        assert back[name].dtype == values.dtype and back[name].shape == values.shape
        assert back[name].tobytes() == values.tobytes()  # bit for bit (NaNs included)
    assert list(path.parent.iterdir()) == [path], "no temporary file left behind"


def test_a_file_cut_short_or_not_ours_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "arrays"
    mapped_arrays.write(path, {"table": np.arange(10_000, dtype=np.float32)})
    whole = path.read_bytes()
    path.write_bytes(whole[:-4])
    with pytest.raises(ValueError, match="past the end"):
        mapped_arrays.read(path)
    path.write_bytes(b"PK\x03\x04" + whole[4:])
    with pytest.raises(ValueError, match="not a file of mapped arrays"):
        mapped_arrays.read(path)


def test_mapped_arrays_cannot_be_written_through(tmp_path: Path) -> None:
    path = tmp_path / "arrays"
    mapped_arrays.write(path, {"table": np.arange(8, dtype=np.int64)})
    table = mapped_arrays.read(path)["table"]
    with pytest.raises(ValueError):
        table[0] = 99
    assert mapped_arrays.read(path)["table"][0] == 0


def test_an_array_written_as_another_type_is_converted_block_by_block(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(mapped_arrays, "BLOCK_BYTES", 64)  # many blocks, the last one short
    table = (np.arange(3 * 37, dtype=np.float16) / 7).reshape(37, 3)
    path = tmp_path / "arrays"
    mapped_arrays.write(path, {"wide": (table, np.float32), "as_is": table})
    back = mapped_arrays.read(path)
    assert back["wide"].dtype == np.float32 and back["wide"].shape == (37, 3)
    assert back["wide"].tobytes() == table.astype(np.float32).tobytes()
    assert back["as_is"].tobytes() == table.tobytes()
