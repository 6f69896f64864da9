"""`manage.py serve`: web server, Celery worker and beat run together and stop together.

These start the real command as a subprocess, with its own `LMS_VAR_DIR` (SQLite database,
filesystem broker, beat schedule), so they need neither the test database nor a server.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from lms import serve
from lms.tasks import heartbeat

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="follows child processes through /proc (Linux)"
)

START_TIMEOUT = 40
STOP_TIMEOUT = 15
MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


def serve_env(var_dir: Path) -> dict[str, str]:
    """The environment of a fresh install: project settings, defaults, everything under var_dir."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("LMS_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings", LMS_VAR_DIR=str(var_dir), PYTHONUNBUFFERED="1"
    )
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children_by_parent() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def descendants(pid: int) -> list[int]:
    children = _children_by_parent()
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def is_running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


class Served:
    """A running `manage.py serve`, its output collected as it comes."""

    def __init__(self, var_dir: Path, port: int):
        self.var_dir = var_dir
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, MANAGE, "serve", "--port", str(port)],
            cwd=settings.BASE_DIR,
            env=serve_env(var_dir),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for_line(self, pattern: str, timeout: float = START_TIMEOUT) -> str:
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if regex.search(line):
                    return line
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        pytest.fail(f"no line matching {pattern!r} in the output of serve:\n{self.output}")

    def get(self, path: str) -> int:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def wait_until_up(self, path: str = "/accounts/login/") -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"serve exited early:\n{self.output}"
            try:
                if self.get(path) == 200:
                    return
            except OSError:
                pass
            time.sleep(0.25)
        pytest.fail(f"{self.url}{path} did not answer 200 within {START_TIMEOUT} s:\n{self.output}")

    def wait_until_ready(self) -> None:
        self.wait_until_up()
        self.wait_for_line(r"celery@\S+ ready")
        self.wait_for_line(r"beat: Starting")

    def children(self) -> dict[str, int]:
        """The direct children by role: web, worker and beat."""
        roles = {"web": " runserver ", "worker": " worker ", "beat": " beat "}
        found = {}
        for pid in descendants(self.process.pid):
            line = cmdline(pid)
            for role, marker in roles.items():
                if marker in line and role not in found:
                    found[role] = pid
        return found

    def wait_for_exit(self, timeout: float = STOP_TIMEOUT) -> int:
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"serve did not stop within {timeout} s:\n{self.output}")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()  # the children get SIGTERM through PR_SET_PDEATHSIG
                self.process.wait()
        self._reader.join(timeout=5)


def assert_all_gone(pids: list[int]) -> None:
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline:
        left = [pid for pid in pids if is_running(pid)]
        if not left:
            return
        time.sleep(0.1)
    pytest.fail(f"still running after serve stopped: {[cmdline(pid) for pid in left]}")


@pytest.fixture(scope="module")
def migrated_var_dir(tmp_path_factory) -> Path:
    if os.environ.get("LMS_TEST_DB") == "postgres":
        pytest.skip(
            "serve runs on its own SQLite database under LMS_VAR_DIR: tested on the SQLite pass"
        )
    var_dir = tmp_path_factory.mktemp("lms-var")
    subprocess.run(
        [sys.executable, MANAGE, "migrate", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=serve_env(var_dir),
        check=True,
        timeout=120,
    )
    return var_dir


@pytest.fixture
def start_serve(migrated_var_dir):
    started: list[Served] = []

    def start() -> Served:
        served = Served(migrated_var_dir, free_port())
        started.append(served)
        return served

    yield start
    for served in started:
        served.close()


def enqueue_heartbeat(var_dir: Path) -> None:
    """Enqueue from another process, through the broker that settings configure."""
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from lms.tasks import heartbeat; heartbeat.delay()",
        ],
        cwd=settings.BASE_DIR,
        env=serve_env(var_dir),
        check=True,
        timeout=60,
    )


def test_serve_runs_web_worker_and_beat_and_ctrl_c_stops_them_all(start_serve):
    served = start_serve()
    served.wait_until_ready()
    beat_file = served.var_dir / "heartbeat"
    beat_file.unlink(missing_ok=True)

    static_dir = Path(settings.STATICFILES_DIRS[0])
    static_file = next(path for path in static_dir.rglob("*") if path.is_file())
    assert served.get("/static/" + static_file.relative_to(static_dir).as_posix()) == 200
    served.wait_for_line(rf"Leeromgeving draait op http://127\.0\.0\.1:{served.port}$")
    assert re.search(
        r"Gestart: web \(pid \d+\), worker \(pid \d+\), beat \(pid \d+\)", served.output
    )
    assert set(served.children()) == {"web", "worker", "beat"}

    enqueue_heartbeat(served.var_dir)
    served.wait_for_line(r"Task lms\.tasks\.heartbeat\[.*\] succeeded", timeout=20)
    assert beat_file.exists()

    processes = descendants(served.process.pid)
    served.process.send_signal(signal.SIGINT)

    assert served.wait_for_exit() == 0
    assert_all_gone(processes)
    assert "Alle processen zijn gestopt." in served.output


def test_serve_stops_the_others_and_fails_when_a_child_dies(start_serve):
    served = start_serve()
    served.wait_until_ready()
    processes = descendants(served.process.pid)

    os.kill(served.children()["beat"], signal.SIGKILL)

    assert served.wait_for_exit() == 1
    assert_all_gone(processes)
    assert "beat is onverwacht gestopt (gestopt door SIGKILL)." in served.output


def test_serve_refuses_a_port_that_is_in_use(migrated_var_dir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, MANAGE, "serve", "--port", str(port)],
            cwd=settings.BASE_DIR,
            env=serve_env(migrated_var_dir),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"Poort {port} op 127.0.0.1 is al in gebruik" in result.stderr


def test_child_commands_use_this_python_and_all_queues():
    specs = {spec.name: spec.argv for spec in serve.child_specs(host="127.0.0.1", port=8123)}

    assert all(argv[0] == sys.executable for argv in specs.values())
    assert specs["web"][-2:] == ["--noreload", "127.0.0.1:8123"]
    assert "default,grading,certificates,notifications" in specs["worker"]
    assert specs["beat"][specs["beat"].index("--schedule") + 1] == str(
        settings.CELERY_BEAT_SCHEDULE_FILENAME
    )


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8000"),
        ("0.0.0.0", "http://127.0.0.1:8000"),
        ("::1", "http://[::1]:8000"),
    ],
)
def test_browser_url_points_a_wildcard_bind_at_loopback(host, url):
    assert serve.browser_url(host, 8000) == url


def test_heartbeat_task_writes_the_time_under_var(settings, tmp_path):
    settings.VAR_DIR = tmp_path

    stamp = heartbeat.apply().get()

    assert (tmp_path / "heartbeat").read_text().strip() == stamp
