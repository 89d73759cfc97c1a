"""Screenshots of the home and a measure page at phone and desktop width, for review.

Every run writes them to test-results/screenshots/ (not committed). With
MONITOR_UPDATE_SCREENSHOTS=1 the two shown in the README are rewritten in
content/assets/screenshots/; review them like a golden file.
"""

from __future__ import annotations

import os
import re
import struct

import pytest

from .browsing import DESKTOP, PHONE, ROOT, SCREENSHOTS, Browser

COMMITTED = ROOT / "content" / "assets" / "screenshots"
# The README's two: the home page as on a desktop, a measure page as on a phone.
FOR_README = {("home", "desktop"): "home.png", ("measure", "phone"): "maatregel.png"}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.browser
@pytest.mark.parametrize("device", ["phone", "desktop"])
@pytest.mark.parametrize("name", ["home", "measure"])
def test_screenshot(pages: Browser, name: str, device: str) -> None:
    viewport = PHONE if device == "phone" else DESKTOP
    page = pages.reuse(name, viewport=viewport).page
    # The page title is on screen, not hidden under the header or pushed aside.
    box = page.locator("article h1").bounding_box()
    assert box is not None and 0 < box["y"] < viewport["height"] / 2
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    full = page.screenshot(path=SCREENSHOTS / f"{name}-{device}.png", full_page=True)
    width, height = png_size(full)
    assert width == viewport["width"] and height >= viewport["height"]
    readme_name = FOR_README.get((name, device))
    if readme_name and os.environ.get("MONITOR_UPDATE_SCREENSHOTS"):
        COMMITTED.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=COMMITTED / readme_name)


def test_readme_shows_the_committed_screenshots() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", readme)
    for file_name in FOR_README.values():
        rel = f"content/assets/screenshots/{file_name}"
        assert rel in shown, f"README.md does not show {rel}"
        width, _ = png_size((ROOT / rel).read_bytes())
        assert width in {PHONE["width"], DESKTOP["width"]}
