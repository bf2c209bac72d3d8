"""The pages in a real Chromium (DESIGN.md §4): what enterprises and staff actually see and touch.

Screenshots go to test-artifacts/ (git-ignored). Never wait for "networkidle": Gradio keeps a stream open.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser tests: install chromium and fonts-noto-cjk (see .ci/run)")
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_page(browser, viewport: dict) -> Iterator:
    context = browser.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def page(browser):
    yield from new_page(browser, DESKTOP)


@pytest.fixture
def phone(browser):
    yield from new_page(browser, PHONE)


def open_app(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(".gradio-container")


def shot(page, artifacts: Path, name: str, keep_toasts: bool = False) -> None:
    if not keep_toasts:  # as a user would: close the notices that were read, so they hide nothing
        page.evaluate("() => document.querySelectorAll('button.toast-close').forEach(b => b.click())")
        page.locator(".toast-body").first.wait_for(state="detached")
    page.screenshot(path=str(artifacts / name), full_page=True)


def ask(page, question: str) -> None:
    page.fill("#zb-question textarea", question)
    page.keyboard.press("Enter")


def last_answer(page):
    """The newest answer once it is final (its source cards, or a refusal, have arrived)."""
    page.wait_for_function("""() => {
        const bots = document.querySelectorAll('#zb-chat .bot-row, #zb-chat .message-row.bot-row');
        const last = bots[bots.length - 1];
        if (!last || last.innerText.includes('正在查找')) return false;
        return last.querySelector('details.zb-source') || last.innerText.includes('抱歉');
    }""")
    return page.locator("#zb-chat .message-row.bot-row").last


def assert_renders_chinese(page) -> None:
    # A CJK font is actually available to the page, so Chinese is not drawn as boxes.
    assert page.evaluate("() => document.fonts.check('16px \"Noto Sans CJK SC\"', '节能审查')")
    family = page.evaluate("() => getComputedStyle(document.querySelector('.zb-name')).fontFamily")
    assert "Noto Sans CJK SC" in family


def assert_fits_width(page, width: int) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def assert_stacked(page, selectors: list[str]) -> None:
    """Each element starts below the previous one ends: nothing overlaps."""
    boxes = [page.locator(s).first.bounding_box() for s in selectors]
    for n in range(1, len(boxes)):
        upper, lower = boxes[n - 1], boxes[n]
        assert upper and lower, f"{selectors[n - 1]} or {selectors[n]} is not visible"
        assert upper["y"] + upper["height"] <= lower["y"] + 1, f"{selectors[n - 1]} overlaps {selectors[n]}"


def test_first_minute_ask_and_read_the_source(page, ui_server, artifacts: Path) -> None:
    open_app(page, ui_server.url)
    suggestion = page.locator("#zb-chat button", has_text="节能审查要多久？")
    suggestion.wait_for()
    assert_renders_chinese(page)
    assert_stacked(page, [".zb-header", "#zb-tab-chat-button", "#zb-chat", "#zb-question"])
    shot(page, artifacts, "ui-01-home-desktop.png")

    suggestion.click()
    answer = last_answer(page)
    assert "20个工作日" in answer.inner_text()
    card = answer.locator("details.zb-source").first
    assert "节能审查" in card.locator("summary").inner_text()
    quote = card.locator("blockquote.zb-quote")
    assert not quote.is_visible()  # collapsed until the user opens it
    shot(page, artifacts, "ui-02-answer-desktop.png")

    card.locator("summary").click()
    quote.wait_for(state="visible")
    assert "工作日" in quote.inner_text()
    assert "来源文件：guides/energy_review.md" in card.inner_text()
    shot(page, artifacts, "ui-03-source-open-desktop.png")

    ask(page, "我们用园区自来水，还要办取水许可吗？")
    page.wait_for_function("() => document.querySelectorAll('#zb-chat details.zb-source').length >= 2 &&"
                           " !document.querySelector('#zb-chat').innerText.includes('正在查找')")
    assert page.input_value("#zb-question textarea") == ""
    assert "不需要" in last_answer(page).inner_text()


def test_each_browser_has_its_own_conversation(browser, ui_server) -> None:
    contexts = [browser.new_context(viewport=DESKTOP, locale="zh-CN") for _ in range(2)]
    try:
        first, second = (c.new_page() for c in contexts)
        for p in (first, second):
            p.set_default_timeout(TIMEOUT_MS)
            open_app(p, ui_server.url)
        ask(first, "取水许可什么时候需要办？")
        last_answer(first)
        second.reload(wait_until="domcontentloaded")
        second.locator("#zb-chat button", has_text="节能审查要多久？").wait_for()  # still the empty chat
        assert "取水许可" not in second.locator("#zb-chat").inner_text()
    finally:
        for c in contexts:
            c.close()


def test_phone_width(phone, ui_server, artifacts: Path) -> None:
    open_app(phone, ui_server.url)
    phone.locator("#zb-chat button", has_text="节能审查要多久？").wait_for()
    assert_fits_width(phone, PHONE["width"])
    assert_stacked(phone, [".zb-header", "#zb-tab-chat-button", "#zb-chat", "#zb-question"])
    shot(phone, artifacts, "ui-04-home-phone.png")

    ask(phone, "节能审查要多久？")
    card = last_answer(phone).locator("details.zb-source").first
    card.locator("summary").click()
    box = card.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert_fits_width(phone, PHONE["width"])
    shot(phone, artifacts, "ui-05-answer-phone.png")

    phone.click("#zb-tab-intake-button")
    phone.click("#zb-intake-start")
    phone.locator("#zb-intake-chat", has_text="28项").wait_for()
    assert_fits_width(phone, PHONE["width"])
    assert_stacked(phone, ["#zb-intake-progress", "#zb-intake-chat", "#zb-intake-input", "#zb-intake-table"])
    shot(phone, artifacts, "ui-06-intake-phone.png")


def send_intake(page, message: str, progress: str) -> None:
    page.fill("#zb-intake-input textarea", message)
    page.keyboard.press("Enter")
    page.locator("#zb-intake-progress", has_text=progress).wait_for()


def cell(page, row: int):
    return page.locator(f'#zb-intake-table [data-testid="cell-{row}-1"]')


def edit_cell(page, row: int, text: str) -> None:
    cell(page, row).dblclick()
    # typing before the editor is up appended to the old value ("张三王五") on a loaded machine
    editor = cell(page, row).locator("textarea")
    editor.wait_for()
    editor.fill(text)
    editor.press("Enter")


def reopen_intake(page) -> None:
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector(".gradio-container")
    page.click("#zb-tab-intake-button")


def test_intake_resumes_takes_corrections_and_downloads(page, ui_server, artifacts: Path, intake_steps,
                                                       uscc: str) -> None:
    open_app(page, ui_server.url)
    page.click("#zb-tab-intake-button")
    page.click("#zb-intake-start")
    # the assistant's first message, not the placeholder (which names 28项 too): a message sent before the
    # session has started would race the start and lose its progress
    page.locator("#zb-intake-chat .message-row.bot-row").first.wait_for()
    for message, progress in intake_steps[:2]:
        send_intake(page, message, progress)

    reopen_intake(page)  # a browser reload
    page.locator("#zb-intake-progress", has_text="12/28").wait_for()
    assert cell(page, 0).locator("span").first.inner_text().strip() == "太原晋材新材料有限公司"
    shot(page, artifacts, "ui-07-intake-resumed.png")
    ui_server.restart()  # a server restart
    reopen_intake(page)
    page.locator("#zb-intake-progress", has_text="12/28").wait_for()
    assert "年产10万吨玻璃纤维项目" in page.locator("#zb-intake-chat").inner_text()

    for message, progress in intake_steps[2:]:
        send_intake(page, message, progress)
    page.locator("#zb-intake-progress", has_text="待确认").wait_for()

    edit_cell(page, 5, "123")  # 联系电话: invalid, refused with the reason, old value kept
    page.locator(".toast-body", has_text="手机号").first.wait_for()
    page.wait_for_function("() => document.querySelector('#zb-intake-table [data-testid=\"cell-5-1\"] span')"
                           ".innerText.trim() === '13812345678'")
    edit_cell(page, 4, "王五")  # 联系人: accepted
    page.locator(".toast-body", has_text="已更新：联系人").wait_for()
    assert cell(page, 4).locator("span").first.inner_text().strip() == "王五"
    shot(page, artifacts, "ui-08-intake-corrected.png", keep_toasts=True)

    page.click("#zb-intake-confirm")
    files = page.locator("#zb-intake-files")
    json_row = files.locator("tr.file", has_text=".json")
    json_row.wait_for()
    page.locator("#zb-intake-progress", has_text="已确认").wait_for()
    assert "审批事项办理清单" in files.inner_text() and "申请表（参考）" in files.inner_text()
    assert not page.locator("#zb-intake-confirm").is_visible()
    shot(page, artifacts, "ui-09-intake-confirmed.png")

    with page.expect_download() as download:
        json_row.locator("a.download-link").click()
    payload = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert payload["fields"]["contact_name"] == "王五"
    assert payload["fields"]["contact_phone"] == "13812345678"
    assert payload["fields"]["uscc"] == uscc and payload["missing"] == []


def login(page, url: str, user: str, password: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.locator("input[type=password]").wait_for()
    page.locator("input[data-testid=textbox]").fill(user)
    page.locator("input[type=password]").fill(password)
    page.get_by_role("button", name="登录").click()


def test_console_wrong_password_refused(page, ui_server, artifacts: Path) -> None:
    login(page, ui_server.console_url, ui_server.console_auth[0], "not-the-password")
    page.get_by_text("凭据不正确").wait_for()
    assert page.locator("#zb-console-question").count() == 0
    shot(page, artifacts, "ui-10-console-login-refused.png")


def test_console_login_and_inspect_retrieval(page, ui_server, artifacts: Path) -> None:
    login(page, ui_server.console_url, *ui_server.console_auth)
    page.fill("#zb-console-question textarea", "节能审查要多久？")
    page.click("#zb-console-ask")
    page.locator("#zb-console-retrieved", has_text="guides/energy_review.md").first.wait_for()
    page.locator(".zb-badge", has_text="已回答").wait_for()
    retrieved = page.locator("#zb-console-retrieved").inner_text()
    for header in ("关键词名次", "向量名次", "融合分", "章节路径"):
        assert header in retrieved
    assert "合计" in page.locator("#zb-console-timings").inner_text()
    assert "20个工作日" in page.locator("#zb-console-answer").inner_text()
    shot(page, artifacts, "ui-11-console-inspect.png")

    page.get_by_role("tab", name="知识库管理").click()
    page.locator("#zb-kb-docs", has_text="guides/water_permit.md").wait_for()
    assert "4 个文档" in page.locator("#zb-kb-summary").inner_text()
    shot(page, artifacts, "ui-12-console-kb.png")

    page.get_by_role("link", name="退出登录").click()
    page.locator("input[type=password]").wait_for()  # back at the login form
