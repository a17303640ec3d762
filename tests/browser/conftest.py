"""The browser test rig (issue 9): one local stack with the web files, Debian's chromium.

Every test here is marked `browser` and `local_stack` (it runs in the second pytest process
of `make test`). Fixtures:

- `web_stack` (session): the LocalStack, seeded as `make run` seeds it (demo practice,
  staff users with TOTP, web files, demo queue), with `.base_url`, `.console_url`,
  `.widget_demo_url`, `.users` (role -> .username, .password, .totp_secret),
  `.totp(role)`, `.site_key(site_id)` and `.stack` (the LocalStack itself).
- `browser` (session): playwright's chromium = /usr/bin/chromium, headless, no downloads.
- `page` (1280x800) and `phone_page` (390x844, mobile, touch): a new context each.
- `assert_accessible(page, name)`: axe-core from node_modules; fails on serious/critical.
- `shot(page, name)`: reports/screenshots/<name>.png (full page); returns the path.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from infra.local.seed import seed_demo_practice
from infra.local.stack import LocalStack
from infra.local.web import WebDemo, start_web_demo

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("FRONTDESK_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "reports" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.local_stack)
            item.add_marker(pytest.mark.xdist_group("local-stack"))


class WebStack:
    """The running stack as a browser test sees it."""

    def __init__(self, stack: LocalStack, demo: WebDemo) -> None:
        self.stack = stack
        self.demo = demo
        self.base_url = demo.base_url
        self.console_url = demo.console_url
        self.widget_demo_url = demo.widget_demo_url
        self.users = demo.users
        self.demo_messages = demo.demo_messages

    def totp(self, role: str) -> str:
        """The current TOTP code of the role's demo user (RFC 6238, 30 s steps), valid for
        at least 10 s more: moto allows no clock window, so a code typed just before the
        step ends would be refused. Waits for the next step when needed."""
        return self.demo.totp(role, min_valid_s=10)

    def site_key(self, site_id: str) -> str:
        return self.demo.site_key(site_id)


@pytest.fixture(scope="session")
def web_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebStack]:
    with LocalStack(ROOT / "template.yaml", port=0,
                    state_dir=tmp_path_factory.mktemp("web-stack")) as stack:
        practice = seed_demo_practice(stack)
        stack.demo = practice  # type: ignore[attr-defined] - as tests/e2e/conftest.py does
        yield WebStack(stack, start_web_demo(stack, practice))


def _require_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests use Debian's chromium. "
                    "`make test` installs it (apt-get); by hand: `sudo apt-get install chromium`.",
                    pytrace=False)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _require_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the python package playwright is missing: run `make venv` "
                    "(it is in pyproject's dev extras)", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture
def phone_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    opened = context.new_page()
    yield opened
    context.close()


def _axe_source() -> str:
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(f"{AXE} is missing and npm is not installed: install Node.js and "
                        "run `npm ci` at the repository root", pytrace=False)
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def assert_accessible() -> Callable[[Any, str], list[dict[str, Any]]]:
    """assert_accessible(page, name): runs axe-core on the page as it is now; fails on
    any violation of impact serious or critical, printing them; returns all violations."""
    source = _axe_source()

    def check(page: Any, name: str) -> list[dict[str, Any]]:
        # Injected through the DevTools protocol: the pages' CSP (script-src 'self') would
        # refuse an inline <script>, and must not be loosened for tests.
        page.evaluate(source + "\n;0")
        result = page.evaluate(
            "async () => JSON.parse(JSON.stringify(await axe.run(document, "
            "{resultTypes: ['violations']})))")
        violations = result["violations"]
        blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
        report = SCREENSHOTS.parent / "axe"
        report.mkdir(parents=True, exist_ok=True)
        (report / f"{name}.json").write_text(json.dumps(violations, indent=2),
                                             encoding="utf-8")
        if blocking:
            lines = [f"{name}: {len(blocking)} serious/critical accessibility violations"]
            for v in blocking:
                targets = [", ".join(map(str, n.get("target", []))) for n in v["nodes"][:5]]
                lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
                lines += [f"      at {t}" for t in targets]
            print("\n".join(lines))
            pytest.fail("\n".join(lines), pytrace=False)
        return violations

    return check


@pytest.fixture(scope="session")
def shot() -> Callable[[Any, str], Path]:
    """shot(page, name): a full-page PNG at reports/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def wait_until(check: Callable[[], Any], timeout_s: float = 20.0, every_s: float = 0.2) -> Any:
    """Poll `check` until it returns something truthy (returned) or time runs out."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every_s)
