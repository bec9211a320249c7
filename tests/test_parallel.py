"""Work shared with worker processes: done elsewhere when processes can be had, here when they cannot."""

from __future__ import annotations

import os
import time

import pytest

from sahel_tui.parallel import OwnProcess, Stopped, map_in_processes, prepare


def test_one_big_job_runs_in_a_process_of_its_own_and_answers_whole() -> None:
    """An enormous article's entities are found so: a thread would hold the interpreter's lock for seconds."""
    prepare()
    assert OwnProcess(os.getpid).result() != os.getpid()
    big = OwnProcess(list, range(300_000)).result()  # more than a pipe holds: read before the process is joined
    assert big == list(range(300_000))
    with pytest.raises(ZeroDivisionError):
        OwnProcess(divmod, 1, 0).result()


def test_a_job_made_moot_is_stopped() -> None:
    prepare()
    job = OwnProcess(time.sleep, 60)
    job.stop()
    with pytest.raises(Stopped):
        job.result()


def test_a_job_whose_process_dies_is_an_error_not_a_stop() -> None:
    prepare()
    with pytest.raises(RuntimeError, match="ended without an answer"):
        OwnProcess(os._exit, 3).result()


def test_many_jobs_come_back_in_order() -> None:
    prepare()
    assert list(map_in_processes(abs, [-3, 2, -1, 0])) == [3, 2, 1, 0]


def test_many_chunks_come_back_whole_and_in_order_while_few_are_handed_out_at_once() -> None:
    """Chunks are handed to the workers a few at a time as results are read (memory stays bounded however many
    items there are); every item's result comes back once, in order."""
    from sahel_tui import parallel

    items = list(range(-1500, 1500))
    assert len(items) > parallel.CHUNKS_IN_FLIGHT * parallel.MAX_WORKERS * 7, "more chunks than are ever out"
    assert list(map_in_processes(abs, items, chunksize=7)) == [abs(n) for n in items]


def test_workers_live_in_the_home_of_the_process_they_work_for(monkeypatch, tmp_path) -> None:
    """Workers are forked from a fork server that keeps the environment it started with; what a worker keeps (the
    language model's copy) must go to the home of the process it works for, not the server's."""
    from functools import partial

    from sahel_tui.paths import HOME_ENV

    monkeypatch.setenv(HOME_ENV, str(tmp_path / "first"))
    prepare()  # the fork server starts here, in the first home
    seen = partial(os.getenv, HOME_ENV)
    assert OwnProcess(seen).result() == str(tmp_path / "first")
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "second"))
    assert set(map_in_processes(os.getenv, [HOME_ENV] * 4)) == {str(tmp_path / "second")}
    assert OwnProcess(seen).result() == str(tmp_path / "second")
    monkeypatch.delenv(HOME_ENV)
    assert OwnProcess(seen).result() is None
