"""Sharing CPU-bound work (parsing an import, extracting entities) among worker processes, one per core.

Why a module: the workers must start from a clean interpreter (``forkserver``: no open database or thread crosses
a fork), and starting one needs a real stderr to hand to multiprocessing's helper processes — which a full-screen
app has replaced by the time its workers run. :func:`prepare` starts those helpers early, and :func:`map_in_processes`
falls back to doing the work in this process when processes cannot be had, so the work is never lost, only slower.
A worker is forked from the fork server, so it has the environment the server started with; each is given the
``SAHEL_TUI_HOME`` of the process it works for, so what it keeps (the language model's copy) goes to that home.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Generic, NoReturn, TypeVar

from sahel_tui.paths import HOME_ENV
from sahel_tui.stopping import Stopped

MAX_WORKERS = 4
CHUNKS_IN_FLIGHT = 4
Item = TypeVar("Item")
Result = TypeVar("Result")


def cores() -> int:
    return os.cpu_count() or 1


def prepare() -> None:
    """Start multiprocessing's helper processes now, while stderr is still the terminal's (call before an app
    takes the screen); harmless if they cannot start: the work then runs in-process."""
    if cores() < 2:
        return
    try:
        from multiprocessing import forkserver, resource_tracker

        resource_tracker.ensure_running()
        forkserver.ensure_running()
    except (OSError, ValueError):
        pass


def exit_at_once(code: int = 0) -> NoReturn:
    """End the process now, without Python's clean-up (the terminal is gone, the event loop is stuck) — but first
    remove the folder multiprocessing keeps its fork server's socket in, which only that clean-up removes: a
    closed terminal window left one in the temporary folder each time."""
    with contextlib.suppress(Exception):
        from multiprocessing import process

        folder = process.current_process()._config.get("tempdir")  # set once a helper process was started
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
    os._exit(code)


def process_pool() -> ProcessPoolExecutor | None:
    """A pool of worker processes (one per core, at most :data:`MAX_WORKERS`), or None when they cannot be had
    (one core, no usable stderr): the caller then works in-process."""
    if cores() < 2:
        return None
    try:
        return _pool(min(cores(), MAX_WORKERS))
    except (OSError, ValueError):
        return None


class OwnProcess:
    """One big job in a process of its own — for work a thread must not do: C code (a regular expression over
    megabytes) holds the interpreter's lock for seconds, and the app's own thread would wait that long for each
    key. :meth:`result` waits for its answer; :meth:`stop` ends it early. Raises ``OSError``/``ValueError`` when
    no process can be started (the caller then works in its own thread)."""

    def __init__(self, function: Callable[..., Result], *arguments) -> None:
        context = multiprocessing.get_context("forkserver")
        self._answer, sending_end = context.Pipe(duplex=False)
        self._stopped = False
        self._process = context.Process(
            target=_answer, args=(sending_end, os.environ.get(HOME_ENV), function, arguments), daemon=True
        )
        try:
            self._process.start()
        except BaseException:
            self._answer.close()
            raise
        finally:
            sending_end.close()  # this side only reads: the pipe ends when the job's process does

    def result(self) -> Result:
        """The job's return value (its exception, raised here); :class:`Stopped` if it ended without one."""
        try:
            succeeded, value = self._answer.recv()  # read before joining: a big answer fills the pipe
        except (EOFError, OSError):
            self._process.join()
            if self._stopped:
                raise Stopped from None
            raise RuntimeError(f"its process ended without an answer (exit code {self._process.exitcode})") from None
        finally:
            self._answer.close()
            self._process.join()
        if not succeeded:
            raise value
        return value

    def stop(self) -> None:
        self._stopped = True
        if self._process.is_alive():
            self._process.terminate()


def _answer(sending_end, home: str | None, function: Callable, arguments: tuple) -> None:
    _live_in(home)
    try:
        sending_end.send((True, function(*arguments)))
    except BaseException as exc:  # handed to the caller, who decides
        try:
            sending_end.send((False, exc))
        except Exception:  # an exception that cannot travel: its words can
            sending_end.send((False, RuntimeError(repr(exc))))
    finally:
        sending_end.close()


def map_in_processes(
    function: Callable[[Item], Result], items: Iterable[Item], *, chunksize: int = 1, here: bool = False
) -> ProcessMap[Result]:
    """``map(function, items)`` in order, in worker processes when they can be started (and ``here`` is not
    asked), else in this process; see :class:`ProcessMap`."""
    return ProcessMap(function, items, chunksize=chunksize, here=here)


class ProcessMap(Generic[Result]):
    """The results of a function over items, in order, computed by worker processes.

    The workers start, and the first chunks are handed out, when this is made: the caller may do other work while
    they start (an import opens its catalog meanwhile). At most :data:`CHUNKS_IN_FLIGHT` chunks per worker are
    out ahead of the results read: handing out every chunk at once (``Executor.map``) would let workers that run
    ahead of a slower reader hold every finished result. What no process could take is done here. :meth:`close`
    ends the workers early (iterating to the end, or stopping iteration, closes too)."""

    def __init__(self, function: Callable[[Item], Result], items: Iterable[Item], *, chunksize: int, here: bool):
        self._function, self._items, self._chunksize = function, list(items), chunksize
        self._pending: deque = deque()
        self._next = self._handed_out = 0
        self._pool: ProcessPoolExecutor | None = None
        self._workers = min(cores(), MAX_WORKERS)
        if here:
            return
        try:
            self._pool = _pool(self._workers)
        except (OSError, ValueError):
            return
        self._hand_out()

    def _hand_out(self) -> None:
        window = CHUNKS_IN_FLIGHT * self._workers
        while self._pool is not None and self._next < len(self._items) and len(self._pending) < window:
            chunk = self._items[self._next : self._next + self._chunksize]
            try:
                self._pending.append(self._pool.submit(_apply_to_chunk, self._function, chunk))
            except (OSError, ValueError):  # no process could be started (no usable stderr, no fds left)
                self._next = len(self._items)
                return
            self._next = self._handed_out = min(self._next + self._chunksize, len(self._items))

    def __iter__(self) -> Iterator[Result]:
        try:
            while self._pending:
                results = self._pending.popleft().result()
                self._hand_out()
                yield from results
        finally:
            self.close()
        yield from map(self._function, self._items[self._handed_out :])

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            self._pending.clear()


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"),
                               initializer=_live_in, initargs=(os.environ.get(HOME_ENV),))  # fmt: skip


def _live_in(home: str | None) -> None:
    """In a worker: the home of the process it works for (not the fork server's)."""
    if home is None:
        os.environ.pop(HOME_ENV, None)
    else:
        os.environ[HOME_ENV] = home


def _apply_to_chunk(function: Callable[[Item], Result], chunk: list[Item]) -> list[Result]:
    return [function(item) for item in chunk]
