"""What every journey checks on its key pages: screenshots at phone and desktop width, and that the
page is usable on a 390 px phone (no horizontal scrolling, tap targets of at least 40 px)."""

from __future__ import annotations

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MIN_TAP = 40

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


def check_page(page, journey: str, name: str) -> None:
    """Screenshot `page` at 390 px and desktop width, and assert it is usable at 390 px."""
    folder = ARTIFACTS / journey
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(PHONE)
    page.wait_for_load_state("load")
    page.screenshot(path=str(folder / f"{name}-390.png"), full_page=True)
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"{name} ({page.url}) scrolls sideways at 390 px: {scroll_width}px"
    small = page.evaluate(SMALL_TARGETS_JS, MIN_TAP)
    assert not small, f"{name} ({page.url}) has tap targets under {MIN_TAP}px at 390 px: {small}"
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(folder / f"{name}-desktop.png"), full_page=True)
