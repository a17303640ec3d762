"""moto's server in a process of its own, one per LocalStack.

In the stack's own process moto shared one interpreter lock with the HTTP adapter, the SQS
pollers and any load generator, and was the bottleneck: a message's AWS calls waited about
250 ms for it. In its own process it gets a core of its own, and every stack gets fresh
backends (no reset between stacks, and a test's `mock_aws()` cannot touch them).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from multiprocessing.connection import Connection

from infra.local.processes import stop_process

_SPAWN = multiprocessing.get_context("spawn")
START_TIMEOUT_S = 60


def _serve(conn: Connection) -> None:
    from moto.server import ThreadedMotoServer

    from infra.local import moto_fixes

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's per-request access log
    # The staff pool requires MFA: moto checks TOTP codes only when asked to.
    os.environ["MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP"] = "true"
    moto_fixes.apply()  # local-only: moto's TransactWriteItems is unsafe under concurrency
    server = ThreadedMotoServer("127.0.0.1", 0, verbose=False)
    server.start()
    conn.send(server.get_host_and_port())
    try:
        conn.recv()  # "stop", or EOF when the parent went away without saying so
    except EOFError:
        pass
    server.stop()


class MotoServerProcess:
    """Start with start(); endpoint_url is then http://127.0.0.1:<port>; stop() ends it."""

    def __init__(self) -> None:
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self.endpoint_url = ""

    def start(self) -> str:
        parent, child = _SPAWN.Pipe()
        self._process = _SPAWN.Process(target=_serve, args=(child,), name="moto-server",
                                       daemon=True)
        self._process.start()
        child.close()
        self._conn = parent
        if not parent.poll(START_TIMEOUT_S):
            self.stop()
            raise RuntimeError(f"moto did not start within {START_TIMEOUT_S} s")
        host, port = parent.recv()
        self.endpoint_url = f"http://{host}:{port}"
        return self.endpoint_url

    def stop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.send("stop")
            except OSError:
                pass
            self._conn.close()
            self._conn = None
        if self._process is None:
            return
        # it was told to stop: let it finish
        stop_process(self._process, grace_s=10, terminate_wait_s=5)
        self._process = None
