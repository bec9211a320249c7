"""Work shared with worker processes: done elsewhere when processes can be had, here when they cannot."""

from __future__ import annotations

import os

from sahel_tui.parallel import in_a_process, map_in_processes, prepare


def test_one_big_job_runs_in_a_process_of_its_own() -> None:
    """An enormous article's entities are found so: a thread would hold the interpreter's lock for seconds."""
    prepare()
    assert in_a_process(os.getpid) != os.getpid()
    assert in_a_process(divmod, 17, 5) == (3, 2)


def test_many_jobs_come_back_in_order() -> None:
    prepare()
    assert list(map_in_processes(abs, [-3, 2, -1, 0])) == [3, 2, 1, 0]
