"""`tei review` pages in a real headless Chromium: marks, queue, keyboard navigation, contrast.

Needs Debian's `chromium` and `chromium-driver` (installed by .ci/run) and selenium; skips with the
reason when they are absent. No browser is downloaded at run time.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tei_tool.config import Config, Personography
from tei_tool.review import Review, from_transcript, render_page

from .conftest import SHARED
from .test_review import DEV09, KINDS, SEED, TEI

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,900"]


@contextmanager
def _chromium(javascript: bool = True) -> Iterator[Any]:
    """Debian's chromium driven by its chromedriver, in a fresh profile; skips when either is absent."""
    if CHROMIUM is None or DRIVER is None:
        pytest.skip("chromium and chromedriver not installed (apt-get install chromium chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium is not installed (pip install -e '.[dev]')")
    profile = tempfile.mkdtemp(prefix="tei-review-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with _chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Review, Path]]:
    if not (SHARED / "transcripts").is_dir():
        pytest.skip(f"../shared/transcripts not found at {SHARED}: the shared sample corpus is absent")
    out = tmp_path_factory.mktemp("review")
    built = {}
    dev2 = sorted((SHARED / "transcripts" / "dev2").glob("*.txt"))[:4]
    for path in (SEED, SEED.with_name("000_5af2c6f9d96ebcb8.txt"), DEV09, *dev2):
        review = from_transcript(path, path.read_bytes(), Config(), Personography(), None)
        page = out / f"{path.stem}.html"
        page.write_bytes(render_page(review))
        built[path.stem] = (review, page)
    return built


def _open(browser: Any, page: Path) -> None:
    browser.get(page.as_uri())
    browser.execute_script("window.scrollTo(0, 0)")


IN_VIEW = """
const r = arguments[0].getBoundingClientRect();
return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
"""


def test_marks_of_each_kind_match_the_tei(browser: Any, pages: dict[str, tuple[Review, Path]]) -> None:
    checked = 0
    for review, page in pages.values():
        _open(browser, page)
        tei = etree.fromstring(review.tei)
        counts = browser.execute_script(
            "const c = {}; document.querySelectorAll('main [data-kind]').forEach(e => {"
            " c[e.dataset.kind] = (c[e.dataset.kind] || 0) + 1; }); return c;")
        for kind, xpath in KINDS.items():
            expected = len(tei.xpath(xpath, namespaces=TEI))
            assert counts.get(kind, 0) == expected, (page.name, kind)
            checked += expected
        assert set(counts) <= set(KINDS), set(counts) - set(KINDS)
    assert checked > 300


def test_queue_lists_every_low_certainty_decision_and_warning(browser: Any,
                                                              pages: dict[str, tuple[Review, Path]]) -> None:
    for review, page in pages.values():
        _open(browser, page)
        tei = etree.fromstring(review.tei)
        low = len(tei.xpath("//t:text//*[@cert='low']", namespaces=TEI))
        queue = browser.execute_script(
            "return Array.from(document.querySelectorAll('#queue li')).map(li => "
            "[li.dataset.kind, li.dataset.target, li.innerText]);")
        assert sum(1 for kind, _, _ in queue if kind == "cert") == low, page.name
        for kind, target, _ in queue:
            if kind == "cert":
                assert "cert-low" in browser.execute_script(
                    "return document.getElementById(arguments[0]).className", target)
        texts = [text for kind, _, text in queue if kind == "warning"]
        warnings = [f for f in review.findings if f.severity.value == "warning"]
        assert len(texts) == len(warnings), page.name
        for finding in warnings:
            assert any(finding.code in text and f"{finding.line}:{finding.col}" in text for text in texts)
    review, page = pages[DEV09.stem]
    assert any(q.kind == "cert" for q in review.queue), "the fixture document must have a low-certainty turn"


def test_following_a_queue_item_brings_its_mark_into_view(browser: Any,
                                                          pages: dict[str, tuple[Review, Path]]) -> None:
    from selenium.webdriver.common.by import By

    _, page = pages[DEV09.stem]
    _open(browser, page)
    items = browser.find_elements(By.CSS_SELECTOR, "#queue li[data-target] a")
    assert len(items) >= 3
    for link in items:  # clicking (with or without JS, it is a link to the mark)
        target = browser.find_element(By.ID, link.get_attribute("href").split("#", 1)[1])
        link.click()
        assert browser.execute_script(IN_VIEW, target), target.get_attribute("id")
    cert = browser.find_element(By.CSS_SELECTOR, "#queue li[data-kind='cert']")
    mark = browser.find_element(By.ID, cert.get_attribute("data-target"))
    assert "cert-low" in mark.get_attribute("class")


def test_keyboard_moves_through_the_queue(browser: Any, pages: dict[str, tuple[Review, Path]]) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    review, page = pages[DEV09.stem]
    _open(browser, page)
    targets = [q.target for q in review.queue if q.target]
    seen = []
    for _ in targets:
        ActionChains(browser).send_keys("j").perform()
        current = browser.execute_script("return document.querySelector('.current-mark')")
        assert current is not None and browser.execute_script(IN_VIEW, current)
        seen.append(current.get_attribute("id"))
    assert seen == targets
    ActionChains(browser).send_keys("k").perform()
    assert browser.execute_script("return document.querySelector('.current-mark').id") == targets[-2]
    assert browser.execute_script("return document.getElementById('queue-pos').textContent") == \
        f"item {len(targets) - 1} of {len(targets)}"


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])


COLOURS = """
function rgb(s) { return s.match(/[\\d.]+/g).slice(0, 4).map(Number); }
function bg(e) { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
  if (c.length < 4 || c[3] > 0) { return c.slice(0, 3); } } return [255, 255, 255]; }
return Array.from(document.querySelectorAll(arguments[0])).slice(0, 400).map(e =>
  [e.className, rgb(getComputedStyle(e).color).slice(0, 3), bg(e)]);
"""


def test_labels_and_marks_have_sufficient_contrast(browser: Any, pages: dict[str, tuple[Review, Path]]) -> None:
    _, page = pages[SEED.stem]
    _open(browser, page)
    samples = browser.execute_script(COLOURS, "main .mark, main .tag, .qk, .cert, .ln, .blabel, .loc, .legend li")
    assert len(samples) > 50
    for name, fg, bg in samples:
        light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (name, fg, bg)


def test_kinds_differ_by_more_than_colour(browser: Any, pages: dict[str, tuple[Review, Path]]) -> None:
    """Each inline kind has its own visible label or border style, so it reads in greyscale too."""
    _, page = pages[SEED.stem]
    _open(browser, page)
    looks = browser.execute_script(
        "const out = {}; for (const k of ['supplied', 'variant', 'note', 'stage', 'gap', 'pagebreak']) {"
        " const e = document.querySelector('.legend .k-' + k); const s = getComputedStyle(e);"
        " out[k] = [e.querySelector('.tag') ? e.querySelector('.tag').textContent : '', s.borderBottomStyle,"
        " s.borderTopStyle, s.fontStyle]; } return out;")
    assert len({tuple(v) for v in looks.values()}) == len(looks), looks
    assert all(tag for tag, *_ in looks.values())


def test_page_reads_without_javascript(pages: dict[str, tuple[Review, Path]]) -> None:
    """With scripts disabled the text, the marks and the queue's links still work."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    _, page = pages[DEV09.stem]
    with _chromium(javascript=False) as browser:
        _open(browser, page)
        ActionChains(browser).send_keys("j").perform()  # the page's own script is off: keys do nothing
        assert browser.execute_script("return document.querySelector('.current-mark')") is None
        assert "Comrade" in browser.find_element(By.ID, "text").text
        link = browser.find_element(By.CSS_SELECTOR, "#queue li[data-kind='cert'] a")
        target = browser.find_element(By.ID, link.get_attribute("href").split("#", 1)[1])
        link.click()
        assert browser.current_url.endswith("#" + target.get_attribute("id"))
        assert browser.execute_script(IN_VIEW, target)
