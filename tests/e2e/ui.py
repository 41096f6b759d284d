"""What every journey checks on its key pages: that the page is usable on a 390 px phone (no horizontal
scrolling, tap targets of at least 40 px, table labels whole) and with assistive technology at phone and
desktop width (axe-core: no serious or critical violation; a skip link; unique ids; hints and errors tied
to their fields). With E2E_SCREENSHOTS=1 each such page is also saved at both widths for a person to
look at (test-artifacts/e2e); a failing journey always saves its last page."""

from __future__ import annotations

import os
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MIN_TAP = 40
# Full-page screenshots cost about a second a page: taken when someone will look at them.
SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS") == "1"

# Visible interactive elements of the main content smaller than MIN_TAP px. Inline links inside a
# sentence are exempt (WCAG 2.5.8), as are checkboxes and radios inside a big enough label.
SMALL_TARGETS_JS = """(min) => {
  const small = [];
  for (const el of document.querySelectorAll(
      'main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary')) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
    if (el.tagName === 'A' && style.display === 'inline') {
      const text = (el.parentElement.innerText || '').trim();
      if (text.length > (el.innerText || '').trim().length) continue;  // a link inside a sentence
    }
    if (el.type === 'checkbox' || el.type === 'radio') {
      const label = el.closest('label');
      if (label && label.getBoundingClientRect().height >= min) continue;
    }
    if (box.height < min || box.width < min) {
      const name = (el.innerText || el.name || el.id || '').trim().slice(0, 40);
      small.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""


# A stacked table's cell label (td::before, from data-label) narrower than its longest word was broken
# mid-word ("Con/trac/ts").
BROKEN_LABELS_JS = """() => {
  const broken = [];
  const ctx = document.createElement('canvas').getContext('2d');
  for (const td of document.querySelectorAll('main td[data-label]')) {
    const before = getComputedStyle(td, '::before');
    if (before.content === 'none' || before.display === 'none' || td.offsetParent === null) continue;
    ctx.font = `${before.fontWeight} ${before.fontSize} ${before.fontFamily}`;
    const word = Math.max(...td.dataset.label.split(/\\s+/).map(w => ctx.measureText(w).width));
    if (parseFloat(before.width) + 1 < word) broken.push(`${td.dataset.label} ${before.width}`);
  }
  return broken;
}"""

# What axe-core does not check: ids used twice, the skip link, hints and errors read with their field.
STRUCTURE_JS = """() => {
  const problems = [];
  const seen = {};
  for (const el of document.querySelectorAll('[id]')) seen[el.id] = (seen[el.id] || 0) + 1;
  for (const [id, n] of Object.entries(seen)) if (n > 1) problems.push(`id="${id}" ${n} times`);
  const first = document.querySelector('body a[href], body button, body input:not([type=hidden])');
  const target = first && first.getAttribute('href') && document.querySelector(first.getAttribute('href'));
  if (!target || target.tagName !== 'MAIN') problems.push('the first control is not a skip link to <main>');
  for (const note of document.querySelectorAll('main .field .hint, main .field .error')) {
    const holder = note.id ? note : note.parentElement;
    const field = note.closest('.field');
    const tied = [field, ...field.querySelectorAll('input, select, textarea')].some(
      el => (el.getAttribute('aria-describedby') || '').split(/\\s+/).includes(holder.id));
    const text = note.innerText.trim().slice(0, 40);
    if (!holder.id || !tied) problems.push(`"${text}" is not tied to its field`);
  }
  return problems;
}"""

AXE = Axe()
# WCAG 2.1 A and AA, and axe's best practices; serious and critical violations fail a page.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}


# axe.run in the page, answering only what a failure message needs (the full results are megabytes).
AXE_RUN_JS = """options => axe.run(document, options).then(r => r.violations
  .filter(v => v.impact === "serious" || v.impact === "critical")
  .map(v => `${v.id} (${v.impact}): ${v.help} at `
             + JSON.stringify(v.nodes.slice(0, 3).map(n => n.target))))"""


def accessibility_problems(page) -> list[str]:
    """Serious and critical axe-core violations of the page as shown, and STRUCTURE_JS's findings."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.axe_script)  # once per document: the phone and desktop checks share it
    return page.evaluate(AXE_RUN_JS, AXE_OPTIONS) + page.evaluate(STRUCTURE_JS)


def check_page(page, journey: str, name: str) -> None:
    """Assert `page` is usable at 390 px and desktop width (screenshots of both with E2E_SCREENSHOTS=1);
    the page keeps the width it had."""
    folder = ARTIFACTS / journey
    title = _title(page)
    assert title.strip() and "<" not in title, f"{name} ({page.url}) has a broken title: {title[:120]!r}"
    width = page.viewport_size
    page.set_viewport_size(PHONE)
    page.wait_for_load_state("load")
    _screenshot(page, folder / f"{name}-390.png")
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"{name} ({page.url}) scrolls sideways at 390 px: {scroll_width}px"
    small = page.evaluate(SMALL_TARGETS_JS, MIN_TAP)
    assert not small, f"{name} ({page.url}) has tap targets under {MIN_TAP}px at 390 px: {small}"
    broken = page.evaluate(BROKEN_LABELS_JS)
    assert not broken, f"{name} ({page.url}) breaks table labels mid-word at 390 px: {broken}"
    problems = accessibility_problems(page)
    assert not problems, f"{name} ({page.url}) accessibility at 390 px: {problems}"
    page.set_viewport_size(DESKTOP)
    _screenshot(page, folder / f"{name}-desktop.png")
    problems = accessibility_problems(page)
    assert not problems, f"{name} ({page.url}) accessibility at desktop width: {problems}"
    if width != DESKTOP:
        page.set_viewport_size(width)


def _title(page) -> str:
    """The page's title once its document has loaded. A check that follows a click can start while the next
    document is still arriving, when the title is briefly empty: wait for one (a page with none fails after
    the wait, with the message that names it)."""
    page.wait_for_load_state("load")
    try:
        page.wait_for_function("() => document.title.trim().length > 0", timeout=5000)
    except PlaywrightTimeout:
        pass
    return page.title()


def _screenshot(page, path: Path) -> None:
    if SCREENSHOTS:
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
