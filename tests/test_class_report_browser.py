"""report.html in a real headless browser (Chromium from the system's packages).

The page is rendered, its numbers are read back from the DOM the browser built and
checked against results.jsonl, and screenshots are checked for having rendered: the
size asked for, colour where the page has colour, not a blank single-colour image,
Japanese drawn with real glyphs (fonts-noto-cjk), not boxes.  Skipped where no
Chromium is found, unless GRADER_REQUIRE_BROWSER=1 (CI), where that is a failure.
"""
from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pytest

from class_results_helpers import HOSTILE, read_page, with_attr, write_class
from grader.class_outputs import write_outputs

WIDTH, HEIGHT = 1280, 2000


def _browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("GRADER_REQUIRE_BROWSER") == "1":
        pytest.fail("GRADER_REQUIRE_BROWSER=1 but no chromium on PATH (apt-get install chromium fonts-noto-cjk)")
    pytest.skip("no chromium on PATH")


def _chromium(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
               "--hide-scrollbars", f"--user-data-dir={profile}", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def _screenshot(browser: str, profile: Path, page: Path, out: Path, size=(WIDTH, HEIGHT)) -> Path:
    _chromium(browser, profile, f"--screenshot={out}", f"--window-size={size[0]},{size[1]}", page.as_uri())
    assert out.is_file(), "the browser wrote no screenshot"
    return out


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    browser = _browser()
    base = tmp_path_factory.mktemp("browser")
    folder = write_class(base / "results")
    write_outputs(folder, "ja")
    report = folder / "report.html"
    profile = base / "profile"
    dom = _chromium(browser, profile, "--dump-dom", report.as_uri()).stdout
    shot = _screenshot(browser, profile, report, base / "report.png")
    empty = base / "empty.html"
    empty.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
    blank = _screenshot(browser, profile, empty, base / "empty.png")
    glyphs = base / "glyphs.html"
    glyphs.write_text('<!DOCTYPE html><html lang="ja"><body style="margin:0;font:64px sans-serif">'
                      '<div style="height:100px">山田太郎</div><div style="height:100px">川口花子</div></body></html>',
                      encoding="utf-8")
    kanji = _screenshot(browser, profile, glyphs, base / "glyphs.png", (400, 200))
    return {"folder": folder, "dom": dom, "shot": shot, "blank": blank, "kanji": kanji}


def _latest_rows(folder: Path) -> dict:
    """results.jsonl read by the test itself: the last row of each learner x exercise."""
    found = {}
    for line in (folder / "results.jsonl").read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue
        found[(row["learner"], row["exercise"])] = row
    return found


def test_the_numbers_on_the_rendered_page_agree_with_results_jsonl(rendered):
    rows = _latest_rows(rendered["folder"])
    page = read_page(rendered["dom"])
    sections = {e["data-exercise"]: e for e in page.elements if e["tag"] == "section"}
    for slug in {s for _l, s in rows}:
        mine = [r for (_l, s), r in rows.items() if s == slug]
        passed = sum(r.get("passed") is True for r in mine)
        assert float(sections[slug]["data-pass-rate"]) == pytest.approx(passed / len(mine), abs=1e-4)
        mean = sum(r.get("score", 0) for r in mine) / len(mine)
        assert float(sections[slug]["data-mean"]) == pytest.approx(mean, abs=1e-4)
        # the shown text says the same as the attributes
        assert f"{round(100 * passed / len(mine))}% ({passed}/{len(mine)})" in sections[slug]["text"]
    totals = {}
    for (learner, _s), r in rows.items():
        totals[learner] = totals.get(learner, 0) + r.get("score", 0)
    shown = {e["data-learner"]: float(e["data-total"]) for e in with_attr(page, "data-learner")}
    assert shown == totals
    rows_text = {e["data-learner"]: e["text"] for e in with_attr(page, "data-learner")}
    assert rows_text[HOSTILE].startswith(HOSTILE), "a hostile name is shown as text"
    assert not [e for e in page.elements if e["tag"] == "script"]


def _png(path: Path):
    """(width, height, the decompressed image data with its filter bytes) of a PNG, read by hand."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, size = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IHDR":
            size = struct.unpack(">II", data[pos + 8:pos + 16])
        elif kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    return size[0], size[1], zlib.decompress(idat)


def _pixels(path: Path) -> np.ndarray:
    """The image as an array (height, width, 3) of an 8-bit RGB or RGBA PNG, unfiltered here
    (numpy for the filters that work on whole rows, a loop for the others)."""
    data = path.read_bytes()
    width, height = struct.unpack(">II", data[16:24])
    depth, colour, interlace = data[24], data[25], data[28]
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 4 if colour == 6 else 3
    raw, stride = _png(path)[2], width * channels
    image = np.zeros((height, stride), dtype=np.uint8)
    previous = np.zeros(stride, dtype=np.int32)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], np.frombuffer(raw, np.uint8, stride, start + 1).astype(np.int32)
        if kind == 0:
            row = line
        elif kind == 1:   # sub: a running sum per channel
            row = line.reshape(width, channels).cumsum(axis=0).reshape(stride) & 255
        elif kind == 2:   # up
            row = (line + previous) & 255
        else:             # average, paeth: each byte needs the one before it
            out, up = bytearray(stride), previous.tolist()
            for i, value in enumerate(line.tolist()):
                left = out[i - channels] if i >= channels else 0
                corner = up[i - channels] if i >= channels else 0
                if kind == 3:
                    out[i] = (value + (left + up[i]) // 2) & 255
                else:
                    p = left + up[i] - corner
                    pa, pb, pc = abs(p - left), abs(p - up[i]), abs(p - corner)
                    out[i] = (value + (left if pa <= pb and pa <= pc else up[i] if pb <= pc else corner)) & 255
            row = np.frombuffer(bytes(out), np.uint8).astype(np.int32)
        image[y] = row
        previous = row
    return image.reshape(height, width, channels)[:, :, :3]


def _colours(image: np.ndarray) -> int:
    """How many distinct colours the image has."""
    packed = (image[..., 0].astype(np.int32) << 16) | (image[..., 1].astype(np.int32) << 8) | image[..., 2]
    return len(np.unique(packed))


def _has_colour(image: np.ndarray, target, tolerance=24) -> bool:
    return bool((np.abs(image.astype(int) - np.array(target)).max(axis=2) <= tolerance).any())


def test_the_screenshot_rendered_the_page(rendered):
    width, height, raw = _png(rendered["shot"])
    assert (width, height) == (WIDTH, HEIGHT)
    assert rendered["shot"].stat().st_size > 20_000
    _bw, _bh, blank_raw = _png(rendered["blank"])
    assert len(set(raw)) > 100 and len(set(blank_raw)) < 10, "the page is not one colour, as an empty page is"
    assert rendered["shot"].stat().st_size > 5 * rendered["blank"].stat().st_size


def test_the_screenshot_shows_text_bars_and_the_status_colours(rendered):
    image = _pixels(rendered["shot"])
    assert image.shape == (HEIGHT, WIDTH, 3)
    assert _colours(image) > 50, "more than a few colours: text, bars and the table were drawn"
    inked = (image.astype(int).sum(axis=2) < 600).mean()
    assert 0.01 < inked < 0.6, "ink covers part of the page, as text and bars do"
    # the page's own colours: the green of passed bars, the red of failed chips
    assert _has_colour(image, (0x1a, 0x7f, 0x37)), "no passed-green drawn"
    assert _has_colour(image, (0xcf, 0x22, 0x2e)), "no failed-red drawn"
    blank = _pixels(rendered["blank"])
    assert _colours(blank) == 1, "the empty page is one colour"


def test_japanese_is_drawn_with_glyphs_not_boxes(rendered):
    grey = _pixels(rendered["kanji"]).astype(int).sum(axis=2) // 3
    top, bottom = grey[:100], grey[100:200]
    assert top.min() < 100 and bottom.min() < 100, "nothing drawn"
    differing = int((np.abs(top - bottom) > 64).sum())
    assert differing > 500, "two different Japanese names look the same: boxes instead of glyphs (fonts-noto-cjk?)"
