"""One worker process per function: a warm Lambda execution environment on this machine."""

from __future__ import annotations

import importlib
import json
import multiprocessing
import os
import sys
import threading
import time
import traceback
import uuid
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from infra.local.processes import stop_process

# Lambda mounts layers under /opt; locally those paths point into the build tree.
OPT_MOUNTS = {"/opt/model": ".build/model"}
# Environment the worker keeps from its parent; everything else comes from the template.
_INHERITED_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
_SPAWN = multiprocessing.get_context("spawn")


@dataclass(frozen=True)
class FunctionSpec:
    logical_id: str
    function_name: str
    function_arn: str
    handler: str
    timeout_s: int
    memory_mb: int
    code_dir: Path
    layer_dirs: tuple[Path, ...]
    environment: dict[str, str]
    log_path: Path
    faults: dict[str, Any] | None = None  # infra.local.faults.FaultConfig, as a dict
    metering_dir: str | None = None  # infra.local.metering: count AWS calls and durations


@dataclass(frozen=True)
class Invocation:
    ok: bool
    payload: Any  # the handler's result, or Lambda's error object {errorMessage, errorType, ...}


def map_opt_path(value: str, project_root: Path) -> str:
    for mount, local in OPT_MOUNTS.items():
        if value == mount or value.startswith(mount + "/"):
            return str(project_root / local) + value[len(mount):]
    return value


class LambdaContext:
    """The attributes and method of Lambda's Python context object that handlers use."""

    def __init__(self, spec: dict[str, Any], request_id: str, deadline: float) -> None:
        self.function_name: str = spec["function_name"]
        self.function_version = "$LATEST"
        self.invoked_function_arn: str = spec["function_arn"]
        self.memory_limit_in_mb: int = spec["memory_mb"]
        self.aws_request_id = request_id
        self.log_group_name = f"/aws/lambda/{spec['function_name']}"
        self.log_stream_name = f"local/[$LATEST]{spec['stream']}"
        self.identity = None
        self.client_context = None
        self._deadline = deadline

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.time()) * 1000))


def _worker_main(spec: dict[str, Any], conn: Connection) -> None:
    """Entry point of the spawned process: set up like Lambda's runtime, then serve invocations."""
    log = open(spec["log_path"], "a", buffering=1, encoding="utf-8")
    os.dup2(log.fileno(), 1)
    os.dup2(log.fileno(), 2)
    sys.stdout = open(1, "w", buffering=1, encoding="utf-8", closefd=False)
    sys.stderr = open(2, "w", buffering=1, encoding="utf-8", closefd=False)
    kept = {k: os.environ[k] for k in _INHERITED_ENV if k in os.environ}
    os.environ.clear()
    os.environ.update(kept | spec["environment"])
    if spec.get("faults"):  # imported before the function's own sys.path replaces ours
        from infra.local.faults import install_worker_faults
    if spec.get("metering"):
        from infra.local.metering import install_worker_metering
    sys.path[:] = spec["sys_path"]
    module_name, _, function_name = spec["handler"].rpartition(".")
    try:
        handler = getattr(importlib.import_module(module_name), function_name)
        if spec.get("faults"):
            handler = install_worker_faults(spec["faults"], spec["logical_id"], handler)
        if spec.get("metering"):
            handler = install_worker_metering(spec["metering"], spec["logical_id"],
                                              spec["memory_mb"], handler)
    except Exception as error:  # noqa: BLE001 - reported like Runtime.ImportModuleError
        traceback.print_exc()
        handler = None
        init_error = _error_object(error, "Runtime.ImportModuleError")
    while True:
        try:
            request_id, event_json = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if handler is None:
            conn.send((False, init_error))
            continue
        conn.send(_invoke(handler, spec, request_id, event_json))


def _invoke(handler: Any, spec: dict[str, Any], request_id: str,
            event_json: str) -> tuple[bool, Any]:
    started = time.time()
    print(f"START RequestId: {request_id} Version: $LATEST")
    context = LambdaContext(spec, request_id, started + spec["timeout_s"])
    try:
        result = handler(json.loads(event_json), context)
        outcome: tuple[bool, Any] = (True, json.loads(json.dumps(result)))
    except Exception as error:  # noqa: BLE001 - a handler error is the caller's answer
        print(f"[ERROR] {type(error).__name__}: {error}", file=sys.stderr)
        traceback.print_exc()
        outcome = (False, _error_object(error))
    duration_ms = (time.time() - started) * 1000
    print(f"END RequestId: {request_id}")
    print(f"REPORT RequestId: {request_id}\tDuration: {duration_ms:.2f} ms\t"
          f"Memory Size: {spec['memory_mb']} MB")
    return outcome


def _error_object(error: BaseException, error_type: str | None = None) -> dict[str, Any]:
    return {
        "errorMessage": str(error),
        "errorType": error_type or type(error).__name__,
        "stackTrace": traceback.format_tb(error.__traceback__),
    }


class Worker:
    """Parent-side handle of one function's worker process; restarts it if it dies."""

    def __init__(self, spec: FunctionSpec, base_sys_path: list[str]) -> None:
        self.spec = spec
        self._sys_path = [str(spec.code_dir), *map(str, spec.layer_dirs), *base_sys_path]
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Connection | None = None
        self._stopped = False
        self.restarts = 0

    def start(self) -> None:
        parent, child = _SPAWN.Pipe()
        payload = {
            "function_name": self.spec.function_name,
            "function_arn": self.spec.function_arn,
            "memory_mb": self.spec.memory_mb,
            "timeout_s": self.spec.timeout_s,
            "handler": self.spec.handler,
            "environment": self.spec.environment,
            "log_path": str(self.spec.log_path),
            "sys_path": self._sys_path,
            "stream": uuid.uuid4().hex,
            "logical_id": self.spec.logical_id,
            "faults": self.spec.faults,
            "metering": self.spec.metering_dir,
        }
        self._process = _SPAWN.Process(target=_worker_main, args=(payload, child),
                                       name=f"lambda-{self.spec.logical_id}", daemon=True)
        self._process.start()
        child.close()
        self._conn = parent

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def invoke(self, event: dict[str, Any]) -> Invocation:
        """Synchronous invoke, one at a time, like a single warm execution environment."""
        request_id = str(uuid.uuid4())
        with self._lock:
            if self._stopped:
                return Invocation(False, {"errorMessage": "local stack is stopping",
                                          "errorType": "Local.Stopping"})
            if self._process is None or not self._process.is_alive():
                self._restart("worker process was not running")
            assert self._conn is not None
            try:
                self._conn.send((request_id, json.dumps(event)))
                if self._conn.poll(self.spec.timeout_s + 1):
                    ok, payload = self._conn.recv()
                    return Invocation(ok, payload)
                self._restart(f"timed out after {self.spec.timeout_s} s")
                return Invocation(False, {"errorMessage": f"{request_id} Task timed out after "
                                          f"{self.spec.timeout_s:.2f} seconds",
                                          "errorType": "Sandbox.Timedout"})
            except (EOFError, BrokenPipeError, ConnectionResetError, OSError):
                if self._process is not None:
                    self._process.join(1)
                code = self._process.exitcode if self._process else None
                self._restart(f"process exited with code {code}")
                return Invocation(False, {"errorMessage": f"RequestId: {request_id} Error: "
                                          f"Runtime exited with error: exit status {code}",
                                          "errorType": "Runtime.ExitError"})

    def _restart(self, why: str) -> None:
        self._kill()
        if self._stopped:
            return
        with open(self.spec.log_path, "a", encoding="utf-8") as log:
            log.write(f"[local] restarting worker for {self.spec.logical_id}: {why}\n")
        self.restarts += 1
        self.start()

    def _kill(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._process is not None:
            # an invocation may hang: no waiting
            stop_process(self._process, grace_s=0, terminate_wait_s=2)
            self._process = None

    def stop(self) -> None:
        # No lock: an invocation in flight must not delay shutdown; it sees EOF and gives up.
        self._stopped = True
        self._kill()
