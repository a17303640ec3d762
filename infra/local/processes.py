"""Ending a child process of the local stack: ask it to end, then make it."""

from __future__ import annotations

from multiprocessing.process import BaseProcess


def stop_process(process: BaseProcess, *, grace_s: float, terminate_wait_s: float) -> None:
    """Wait up to grace_s for the process to end by itself, then SIGTERM and wait up to
    terminate_wait_s, then SIGKILL."""
    process.join(grace_s)
    if process.is_alive():
        process.terminate()
        process.join(terminate_wait_s)
        if process.is_alive():
            process.kill()
            process.join(2)
