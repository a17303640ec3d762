"""The whole local stack, in process: template.yaml in moto, workers, pollers, HTTP on loopback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests

from infra.local.seed import seed_demo_practice
from infra.local.stack import LocalStack

ROOT = Path(__file__).resolve().parents[2]
TERMINAL = {"answered", "routed", "escalated"}


class Patient:
    """A patient channel of one site: its API key and the HTTP calls it makes."""

    def __init__(self, base_url: str, site_id: str, api_key: str) -> None:
        self.base_url, self.site_id, self.api_key = base_url, site_id, api_key

    def post(self, text: str, *, channel: str = "web", **headers: str) -> requests.Response:
        return requests.post(
            f"{self.base_url}/v1/messages",
            json={"site_id": self.site_id, "channel": channel, "text": text},
            headers={"x-api-key": self.api_key, **headers},
            timeout=10,
        )

    def get(self, message_id: str) -> requests.Response:
        return requests.get(
            f"{self.base_url}/v1/messages/{message_id}",
            headers={"x-api-key": self.api_key},
            timeout=10,
        )

    def wait_for_reply(self, message_id: str, timeout_s: float = 20) -> dict:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            view = self.get(message_id).json()
            if view["status"] in TERMINAL:
                return view
            time.sleep(0.1)
        raise AssertionError(f"message {message_id} not answered in {timeout_s}s: {view}")

    def send_and_wait(self, text: str) -> dict:
        response = self.post(text)
        assert response.status_code == 202, response.text
        return self.wait_for_reply(response.json()["message_id"])


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    with LocalStack(
        ROOT / "template.yaml", port=0, state_dir=tmp_path_factory.mktemp("local")
    ) as s:
        s.demo = seed_demo_practice(s)
        yield s


@pytest.fixture(scope="session")
def main_site(stack) -> Patient:
    return Patient(stack.base_url, "riverside-main", stack.demo.api_keys["riverside-main"])


@pytest.fixture(scope="session")
def lakeside(stack) -> Patient:
    return Patient(stack.base_url, "riverside-lakeside", stack.demo.api_keys["riverside-lakeside"])
