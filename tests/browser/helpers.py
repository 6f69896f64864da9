"""Small helpers of the browser tests."""

import time


def wait_for(condition, timeout: float = 10.0) -> bool:
    """Poll `condition` (e.g. a database read) until it holds or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def inject_axe(page, axe_path) -> None:
    """Load axe-core into the page. Evaluated through the browser's debugging protocol, which
    the pages' Content-Security-Policy (no inline script) does not stop, unlike a script tag."""
    page.evaluate(axe_path.read_text(encoding="utf-8"))
