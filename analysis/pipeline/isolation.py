"""Run one slow call in a worker process that is killed when its time is up.

A comparison can spend minutes inside one library call (a batch of fuzzy scores, one
encoder pass), where no check of the clock can run; a thread cannot be stopped either. So
the dashboard runs each comparison in a fresh Python process (``python -m
analysis.pipeline.isolation``) and kills it at the limit, whatever it is doing, while the
server's own process only waits and keeps serving other visitors.

A plain ``subprocess`` is used rather than ``multiprocessing``: under Streamlit the
``__main__`` module is the app's script, which ``multiprocessing``'s spawn and forkserver
start methods would run again in every worker. The two processes talk through a socket
pair with ``multiprocessing.connection.Connection`` (pickled messages): the job goes in,
progress reports and then the result (or a refusal in words) come back. The worker also
arms its own stop (``faulthandler``) a little after the limit, so it ends even if the
server that started it is gone.

The call is named as ``"module:function"``, so the caller never imports the engine
itself; it is called with the given arguments and ``progress=``, a
``Callable[[str, float], None]``, and its result must pickle.
"""

from __future__ import annotations

import faulthandler
import importlib
import os
import pickle
import socket
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path

from analysis.errors import AnalysisError
from analysis.ingest import budgets

Progress = Callable[[str, float], None]
ROOT = Path(__file__).resolve().parents[2]  # the folder that holds the ``analysis`` package
SELF_STOP_GRACE = 30.0  # seconds after the limit at which an orphaned worker stops itself
STOP_WAIT = 10.0  # seconds to wait for a killed worker to be gone
HEARTBEAT = 1.0  # seconds of silence after which the last progress report is repeated


class TimeLimitExceeded(AnalysisError):
    """The worker ran past its limit and was stopped; the message is meant for people."""


class WorkerFailed(RuntimeError):
    """The worker raised something other than a refusal in words (a bug): its traceback
    is in the message, as it would have been had the call run in this process."""


def run_isolated(
    target: str,
    args: Sequence[object],
    *,
    limit: float,
    progress: Progress | None = None,
) -> object:
    """``target(*args, progress=...)`` run in a worker process, stopped after ``limit``
    seconds with ``TimeLimitExceeded``.

    An ``AnalysisError`` raised by the call comes back as one with the same message; a
    worker that ends without an answer (killed for memory, say) is an ``AnalysisError``
    too, since the person can only try a smaller story. ``progress`` is called in this
    thread, so a UI may draw from it (and may raise to cancel: the worker is killed then
    too).
    """
    started = time.monotonic()
    ours, theirs = socket.socketpair()
    try:
        worker = subprocess.Popen(
            [sys.executable, "-m", __name__, str(theirs.fileno()), f"{max(limit, 0.0):.3f}"],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, env=_environment(),
        )
    finally:
        theirs.close()
    connection = Connection(ours.detach())
    sender = threading.Thread(target=_send_job, args=(connection, (target, tuple(args))),
                              name="isolation-send", daemon=True)
    sender.start()
    try:
        return _await(connection, worker, started + limit, limit, progress or _silent)
    finally:
        _stop(worker)  # a send still under way fails now: the worker's end is closed
        sender.join(timeout=STOP_WAIT)
        connection.close()


def _await(connection: Connection, worker: subprocess.Popen[bytes], deadline: float,
           limit: float, progress: Progress) -> object:
    """The worker's answer, relaying its progress, until ``deadline``.

    The last report is repeated every ``HEARTBEAT`` seconds the worker is silent: a UI's
    progress call is where it learns that the person left the page (Streamlit stops a
    script inside its calls), and then the worker is killed at once, not at the limit."""
    last: tuple[str, float] = ("Starting", 0.0)  # the worker loads the engine first
    progress(*last)
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeLimitExceeded(budgets.too_slow_reason(limit))
        try:
            ready = connection.poll(min(remaining, HEARTBEAT))
            message = connection.recv() if ready else None
        except (EOFError, OSError):
            raise AnalysisError(_ended_reason(worker)) from None
        if message is None:
            progress(*last)
            continue
        kind, *body = message
        if kind == "progress":
            last = (body[0], body[1])
            progress(*last)
        elif kind == "done":
            return body[0]
        elif kind == "refused":
            raise AnalysisError(body[0])
        else:
            raise WorkerFailed(body[0])


def _ended_reason(worker: subprocess.Popen[bytes]) -> str:
    try:
        code = worker.wait(timeout=STOP_WAIT)
    except subprocess.TimeoutExpired:
        code = None
    return ("the comparison stopped before it finished (its worker process ended"
            f"{'' if code is None else f' with code {code}'}, perhaps for lack of memory); "
            "compare fewer or shorter articles")


def _send_job(connection: Connection, job: tuple[str, tuple[object, ...]]) -> None:
    """In a thread: a large story fills the socket's buffer until the worker reads it,
    and the deadline must be watched meanwhile."""
    try:
        connection.send(job)
    except (OSError, ValueError):  # the worker is gone (or was stopped): nothing to send
        return


def _stop(worker: subprocess.Popen[bytes]) -> None:
    """Kill the worker if it still runs (SIGKILL: a C loop ignores nothing else faster)."""
    if worker.poll() is None:
        worker.kill()
    try:
        worker.wait(timeout=STOP_WAIT)
    except subprocess.TimeoutExpired:  # pragma: no cover - the kernel owes us this
        pass


def _environment() -> dict[str, str]:
    """The server's environment, with this project importable wherever it was started."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(ROOT), env.get("PYTHONPATH", "")) if part)
    return env


def _silent(stage: str, fraction: float) -> None:
    return None


def _serve(argv: Sequence[str]) -> int:
    """The worker: arm the self-stop, read the job, run it, send the answer."""
    descriptor, limit = int(argv[0]), float(argv[1])
    faulthandler.dump_traceback_later(limit + SELF_STOP_GRACE, exit=True)
    os.dup2(2, 1)  # a library's stray print goes to the log, never into the messages
    connection = Connection(descriptor)
    target, args = connection.recv()
    module, _, name = target.partition(":")

    def report(stage: str, fraction: float) -> None:
        connection.send(("progress", stage, fraction))

    try:
        result = getattr(importlib.import_module(module), name)(*args, progress=report)
    except AnalysisError as error:
        connection.send(("refused", str(error)))
    except Exception:  # a bug: its traceback goes back to be raised there
        connection.send(("failed", traceback.format_exc()))
    else:
        try:
            connection.send(("done", result))
        except (pickle.PicklingError, TypeError, AttributeError):
            connection.send(("failed", traceback.format_exc()))
    return 0


if __name__ == "__main__":
    raise SystemExit(_serve(sys.argv[1:]))
