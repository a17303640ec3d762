"""Local-only corrections to the emulator, where moto behaves unlike AWS under concurrency.

DynamoDB TransactWriteItems: moto 5.2 deep-copies every table a transaction touches before
it runs and, when the transaction is cancelled (a failed condition, e.g. a duplicate
delivery finding its message already answered), puts that copy back in place of the table.
Under concurrent requests this (1) erases every write other requests made in between, which
AWS never does, and (2) races with them ("dictionary changed size during iteration"), and
it costs a copy of the whole table per transaction. The fix keeps moto's semantics for the
transaction itself but snapshots and restores only the items the transaction names, one
transaction at a time.

SQS: every SendMessage and ReceiveMessage checks each message of the queue for visibility
and delay, and each check builds two datetimes to read the clock (moto.core.utils.unix_time),
so one call on a queue of 300 messages cost 12 to 37 ms of CPU and a backlog slowed
everything quadratically. The same clock read from time.time() gives the same answers
without the datetimes (about 20 times cheaper).

Server dispatch: for every request moto lists its own package directory (54 stat calls) to
find the service; the list never changes while it runs, so it is read once.
"""

from __future__ import annotations

import copy
import functools
import threading
import time
from typing import Any

_APPLIED = False
_LOCK = threading.RLock()


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.table import Table

    original = DynamoDBBackend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        with _LOCK:
            touched = _snapshot(self, transact_items)
            saved = Table.__dict__.get("__deepcopy__")
            Table.__deepcopy__ = lambda table, memo: table  # moto's whole-table backup: off
            try:
                return original(self, transact_items)
            except Exception:
                _restore(self, touched)
                raise
            finally:
                if saved is None:
                    del Table.__deepcopy__
                else:
                    Table.__deepcopy__ = saved

    DynamoDBBackend.transact_write_items = transact_write_items
    _fast_sqs_clock()
    _cached_module_list()
    _APPLIED = True


def _cached_module_list() -> None:
    from moto import backends

    listed = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = functools.cache(lambda: listed)  # type: ignore[assignment]


def _fast_sqs_clock() -> None:
    from moto.sqs import models as sqs_models

    slow_unix_time, slow_unix_time_millis = sqs_models.unix_time, sqs_models.unix_time_millis

    def unix_time(dt: Any = None) -> float:
        return time.time() if dt is None else slow_unix_time(dt)

    def unix_time_millis(dt: Any = None) -> float:
        return time.time() * 1000.0 if dt is None else slow_unix_time_millis(dt)

    sqs_models.unix_time = unix_time  # type: ignore[assignment]
    sqs_models.unix_time_millis = unix_time_millis  # type: ignore[assignment]


def _key_of(table: Any, op: dict[str, Any]) -> dict[str, Any] | None:
    if "Key" in op:
        return op["Key"]
    attrs = op.get("Item") or {}
    if table.hash_key_attr not in attrs:
        return None
    key = {table.hash_key_attr: attrs[table.hash_key_attr]}
    if table.range_key_attr is not None and table.range_key_attr in attrs:
        key[table.range_key_attr] = attrs[table.range_key_attr]
    return key


def _snapshot(backend: Any, transact_items: list[dict[str, Any]]) -> list[tuple[str, Any, Any]]:
    touched = []
    for entry in transact_items:
        if len(entry) != 1:
            continue
        _, op = next(iter(entry.items()))
        table_name = op.get("TableName") if isinstance(op, dict) else None
        if table_name not in backend.tables:
            continue
        key = _key_of(backend.tables[table_name], op)
        if key is None:
            continue
        try:
            current = backend.get_item(table_name, key)
        except Exception:  # noqa: BLE001, S112 - a malformed key: moto itself refuses it
            continue
        touched.append((table_name, key, copy.deepcopy(current)))
    return touched


def _restore(backend: Any, touched: list[tuple[str, Any, Any]]) -> None:
    for table_name, key, before in reversed(touched):
        if before is None:
            if backend.get_item(table_name, key) is not None:
                backend.delete_item(table_name, key)
        else:
            backend.put_item(table_name, before.to_json()["Attributes"])
