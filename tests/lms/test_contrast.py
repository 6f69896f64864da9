"""The site's colours meet WCAG 2.1 AA contrast (4.5:1 for normal text)."""

import re
from pathlib import Path

import pytest

from tests.a11y import contrast, problems

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "site.css").read_text()
VARS = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})", CSS))

PAIRS = [
    ("ink", "bg"),
    ("muted", "bg"),
    ("brand", "bg"),
    ("brand-dark", "bg"),
    ("ok", "bg"),
    ("warn", "bg"),
    ("bad", "bg"),
    ("ink", "soft"),
    ("muted", "soft"),
    ("brand", "soft"),
]


@pytest.mark.parametrize(("fg", "bg"), PAIRS)
def test_text_colours_have_at_least_4_5_to_1_contrast(fg, bg):
    assert contrast(VARS[fg], VARS[bg]) >= 4.5


def test_white_text_on_the_brand_colour_has_enough_contrast():
    assert contrast("#ffffff", VARS["brand"]) >= 4.5


def test_the_checker_itself_catches_unlabelled_inputs_and_skipped_headings():
    html = '<html><head><title>x</title></head><body><main><h1>a</h1><h3>b</h3><input name="q"></main></body></html>'
    found = problems(html)
    assert any("skips" in p for p in found)
    assert any("no label" in p for p in found)
    assert any("lang" in p for p in found)
