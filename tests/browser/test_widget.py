"""The patient widget on the demo practice page, in chromium on a phone-sized screen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS_SHOTS = ROOT / "docs" / "screenshots"
ANSWER_TIMEOUT_MS = 45_000  # the classify worker's first call loads the model


def _open_widget(phone_page, web_stack):
    phone_page.goto(web_stack.widget_demo_url)
    launcher = phone_page.get_by_role("button", name="Message us")
    launcher.wait_for()
    return launcher


def _send_with_keyboard(page, text: str) -> None:
    """Only keys: Tab to the launcher, Enter opens it with the focus in the textarea,
    typing, Enter sends."""
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.className") \
                == "fdw-launcher":
            break
    else:
        pytest.fail("the launcher is not reachable with Tab")
    page.keyboard.press("Enter")
    box = page.get_by_role("textbox", name="Your message")
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    box.wait_for()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def test_chest_pain_shows_the_emergency_number_first_large_and_as_an_alert(
        phone_page, web_stack, shot):
    # GIVEN the demo practice page on a phone
    _open_widget(phone_page, web_stack)
    # WHEN a patient writes, with the keyboard only
    _send_with_keyboard(phone_page, "I have crushing chest pain")
    # THEN the emergency banner comes, as an alert, with 911 in large type
    alert = phone_page.get_by_role("alert")
    alert.wait_for(timeout=ANSWER_TIMEOUT_MS)
    number = alert.get_by_role("link", name="911")
    assert number.is_visible()
    assert number.get_attribute("href") == "tel:911"
    font_px = float(number.evaluate("n => getComputedStyle(n).fontSize").removesuffix("px"))
    assert font_px >= 40
    # ... above everything else of the widget, and on screen without scrolling
    banner = alert.bounding_box()
    for selector in (".fdw-title", ".fdw-log", ".fdw-form"):
        assert banner["y"] + banner["height"] <= phone_page.locator(selector).bounding_box()["y"]
    assert 0 <= banner["y"] and banner["y"] + banner["height"] <= 844
    assert phone_page.evaluate(
        "document.querySelector('.fdw').firstElementChild.getAttribute('role')") == "alert"
    # ... and the focus moved to the number, so a screen reader reads it next
    assert phone_page.evaluate("document.activeElement.textContent") == "911"
    path = shot(phone_page, "widget-emergency-banner")
    DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, DOCS_SHOTS / "widget-emergency-banner.png")


def test_a_crisis_message_shows_the_crisis_line_first(phone_page, web_stack, shot):
    _open_widget(phone_page, web_stack)
    _send_with_keyboard(phone_page, "I don't want to be alive anymore")
    alert = phone_page.get_by_role("alert")
    alert.wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert "fdw-urgent-crisis" in alert.get_attribute("class")
    number = alert.get_by_role("link", name="988")
    assert number.get_attribute("href") == "tel:988"
    assert phone_page.evaluate("document.activeElement.textContent") == "988"
    shot(phone_page, "widget-crisis-banner")


def test_an_opening_hours_question_gets_the_answer(phone_page, web_stack, shot):
    _open_widget(phone_page, web_stack)
    _send_with_keyboard(phone_page, "what time do you open on saturday?")
    answer = phone_page.locator(".fdw-them .fdw-text").first
    answer.wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert "09:00" in answer.text_content()
    assert phone_page.locator(".fdw-urgent").is_hidden()
    assert phone_page.locator(".fdw-routed").count() == 0
    shot(phone_page, "widget-tier1-answer")


def test_a_lab_results_question_says_who_will_answer_and_when(phone_page, web_stack, shot):
    _open_widget(phone_page, web_stack)
    _send_with_keyboard(phone_page, "Are my blood test results back yet?")
    answer = phone_page.locator(".fdw-them").first
    answer.wait_for(timeout=ANSWER_TIMEOUT_MS)
    text = answer.text_content()
    assert "results line" in text and "within two business days" in text
    assert phone_page.locator(".fdw-routed").is_visible()
    assert phone_page.locator(".fdw-urgent").is_hidden()
    # the focus is back in the textarea for the next message
    assert phone_page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    shot(phone_page, "widget-tier2-note")


def test_escape_closes_the_widget_and_returns_the_focus_to_the_launcher(phone_page, web_stack):
    _open_widget(phone_page, web_stack)
    launcher = phone_page.locator(".fdw-launcher")  # hidden while open: not in the a11y tree
    launcher.focus()
    phone_page.keyboard.press("Enter")
    assert launcher.get_attribute("aria-expanded") == "true"
    assert phone_page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    phone_page.keyboard.press("Escape")
    assert phone_page.evaluate("document.activeElement.className") == "fdw-launcher"
    assert launcher.get_attribute("aria-expanded") == "false"


def test_server_text_is_never_parsed_as_html(phone_page, web_stack):
    # the widget renders the patient's own words with textContent, like every server text
    _open_widget(phone_page, web_stack)
    _send_with_keyboard(phone_page, "<img src=x onerror=alert(1)> when do you open saturday?")
    phone_page.locator(".fdw-them").first.wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert phone_page.locator(".fdw img").count() == 0
    assert "<img src=x" in phone_page.locator(".fdw-you .fdw-text").first.text_content()


def test_the_demo_page_and_the_open_widget_have_no_serious_accessibility_violations(
        phone_page, web_stack, assert_accessible, shot):
    launcher = _open_widget(phone_page, web_stack)
    assert_accessible(phone_page, "widget-demo-closed")
    launcher.click()
    phone_page.get_by_role("textbox", name="Your message").wait_for()
    assert_accessible(phone_page, "widget-demo-open")
    shot(phone_page, "widget-open")


def test_the_page_runs_under_the_strict_csp_without_violations(page, web_stack):
    violations = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security Policy" in m.text else None)
    response = page.goto(web_stack.widget_demo_url)
    assert "default-src 'none'" in response.headers["content-security-policy"]
    page.get_by_role("button", name="Message us").click()
    page.get_by_role("textbox", name="Your message").wait_for()
    # the stylesheet applied (loaded as a file: no inline styles)
    assert page.locator(".fdw").evaluate("n => getComputedStyle(n).borderRadius") == "12px"
    assert violations == []


def test_the_widget_works_cross_origin_as_on_a_practice_site(page, web_stack):
    # GIVEN the page on another origin (localhost) than the API (127.0.0.1), as a practice's
    # site is: the browser sends CORS preflights, which the template's Cors answers
    requests = []
    page.on("request", lambda r: requests.append((r.method, r.url)))
    page.goto(web_stack.widget_demo_url.replace("127.0.0.1", "localhost"))
    page.get_by_role("button", name="Message us").click()
    page.get_by_role("textbox", name="Your message").fill("do you take aetna?")
    page.get_by_role("button", name="Send").click()
    answer = page.locator(".fdw-them .fdw-text").first
    answer.wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert "Sorry" not in answer.text_content()
    api = [(m, u) for m, u in requests if u.startswith(f"{web_stack.base_url}/v1/messages")]
    assert ("POST", f"{web_stack.base_url}/v1/messages") in api
    assert page.evaluate("location.origin") != web_stack.base_url  # a cross-origin call


def test_the_launcher_appears_only_once_its_styles_apply(page, web_stack):
    # GIVEN a stylesheet that has not arrived yet (held back by the test)
    held = []
    page.route("**/frontdesk-widget.css", lambda route: held.append(route))
    page.goto(web_stack.widget_demo_url)
    # the widget's script has run: it asked for its stylesheet
    page.locator('link[href$="frontdesk-widget.css"]').wait_for(state="attached")
    # THEN no unstyled launcher shows in the page's flow, to jump to its corner later
    assert page.locator(".fdw-launcher").count() == 0
    # WHEN the stylesheet arrives, the launcher appears already in its corner
    held[0].continue_()
    launcher = page.get_by_role("button", name="Message us")
    launcher.wait_for()
    assert launcher.evaluate("n => getComputedStyle(n).position") == "fixed"
