"""Run the web server, a Celery worker and Celery beat together, as `manage.py serve` does.

The three run as child processes, each in its own process group so that a Ctrl-C in the
terminal reaches only the supervisor, which then stops them in order: it forwards the
signal, waits, and kills what is left. If one child dies on its own, the others are stopped
too, so the demo never runs half.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError
from django.utils.translation import gettext as _

QUEUES = ("default", "grading", "certificates", "notifications")
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
POLL_SECONDS = 0.2


class Output(Protocol):
    def write(self, msg: str) -> object: ...
    def flush(self) -> object: ...


class ServeError(Exception):
    """The supervisor could not start, or a child process died on its own."""


@dataclass(frozen=True)
class ChildSpec:
    name: str
    argv: list[str]


def child_specs(
    *, host: str, port: int, concurrency: int = 2, loglevel: str = "info"
) -> list[ChildSpec]:
    """The commands of the three processes; `sys.executable` so that they use this virtualenv."""
    python = sys.executable
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    celery = [python, "-m", "celery", "-A", "lms"]
    return [
        ChildSpec("web", [python, "-m", "django", "runserver", "--noreload", address]),
        ChildSpec(
            "worker",
            [
                *celery,
                "worker",
                "--queues",
                ",".join(QUEUES),
                "--concurrency",
                str(concurrency),
                "--loglevel",
                loglevel,
            ],
        ),
        ChildSpec(
            "beat",
            [
                *celery,
                "beat",
                "--loglevel",
                loglevel,
                "--schedule",
                str(settings.CELERY_BEAT_SCHEDULE_FILENAME),
            ],
        ),
    ]


def browser_url(host: str, port: int) -> str:
    """The address to open: a wildcard bind address is reached through the loopback one."""
    if host in {"0.0.0.0", "", "::"}:
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def port_is_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def port_accepts(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def describe_exit(returncode: int) -> str:
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = str(-returncode)
        return _("gestopt door %(signal)s") % {"signal": name}
    return _("exitcode %(code)s") % {"code": returncode}


def demo_logins() -> tuple[str, list[tuple[str, str]]]:
    """The demo password and the (username, role) of the demo accounts that exist.

    Shown only in DEBUG, and only for accounts that `seed_demo` made in this database.
    """
    if not settings.DEBUG:
        return "", []
    try:
        # Imported only in DEBUG: the demo package imports every app's models and
        # services, and a deployment may leave it out.
        from lms.demo import DEMO_PASSWORD, LOGINS
    except ImportError:
        return "", []
    try:
        existing = set(
            get_user_model()
            .objects.filter(username__in=[username for username, _role in LOGINS])
            .values_list("username", flat=True)
        )
    except DatabaseError:
        return "", []
    return DEMO_PASSWORD, [(username, role) for username, role in LOGINS if username in existing]


def _parent_death_signal() -> Callable[[], None] | None:
    """On Linux, a pre-exec hook that has the child get SIGTERM when the supervisor dies,
    even by SIGKILL, so that no orphans keep the port or the queue."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()
    pr_set_pdeathsig = 1

    def hook() -> None:
        prctl(pr_set_pdeathsig, signal.SIGTERM)
        if os.getppid() != parent:  # the supervisor died before prctl took effect
            os._exit(1)

    return hook


@dataclass
class Child:
    spec: ChildSpec
    process: subprocess.Popen
    reader: threading.Thread | None = None

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            if self.alive():
                os.kill(self.pid, signum)

    def kill_group(self) -> None:
        """SIGKILL whatever is left in the child's process group (a worker's pool processes)."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)


@dataclass
class Supervisor:
    specs: list[ChildSpec]
    out: Output
    cwd: Path
    env: dict[str, str]
    stop_timeout: float = 10.0
    children: list[Child] = field(default_factory=list)
    stop_signal: int | None = None
    force: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def say(self, text: str) -> None:
        with self._lock:
            self.out.write(text if text.endswith("\n") else text + "\n")
            self.out.flush()

    def start(self) -> None:
        hook = _parent_death_signal()
        # All children first, the output readers after: a pre-exec hook must not fork while
        # other threads hold locks.
        for spec in self.specs:
            process = subprocess.Popen(
                spec.argv,
                cwd=self.cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                process_group=0,
                preexec_fn=hook,
            )
            self.children.append(Child(spec, process))
        width = max(len(child.name) for child in self.children)
        for child in self.children:
            child.reader = threading.Thread(
                target=self._relay, args=(child, width), name=f"serve-{child.name}", daemon=True
            )
            child.reader.start()

    def _relay(self, child: Child, width: int) -> None:
        prefix = f"{child.name:>{width}} | "
        assert child.process.stdout is not None
        for raw in iter(child.process.stdout.readline, b""):
            self.say(prefix + raw.decode(errors="replace").rstrip())

    def request_stop(self, signum: int) -> None:
        """Signal handler: the first signal stops gracefully, a second one kills."""
        if self.stop_signal is None:
            self.stop_signal = signum
        else:
            self.force = True

    def wait(self, *, on_tick: Callable[[], None] | None = None) -> Child | None:
        """Block until a stop is requested (returns None) or a child exits (returns it)."""
        while self.stop_signal is None:
            for child in self.children:
                if not child.alive():
                    return child
            if on_tick is not None:
                on_tick()
            time.sleep(POLL_SECONDS)
        return None

    def stop(self, signum: int = signal.SIGTERM) -> None:
        """Forward `signum` to each child, wait up to `stop_timeout`, then SIGKILL the rest.

        Only SIGINT is forwarded as is; anything else becomes SIGTERM (a Celery worker
        would take SIGHUP as "restart").
        """
        forward = signal.SIGINT if signum == signal.SIGINT else signal.SIGTERM
        for child in self.children:
            child.send(forward)
        deadline = time.monotonic() + self.stop_timeout
        while any(child.alive() for child in self.children):
            if self.force or time.monotonic() > deadline:
                for child in self.children:
                    if child.alive():
                        self.say(_("%(name)s stopt niet; wordt afgebroken.") % {"name": child.name})
                break
            time.sleep(0.1)
        for child in self.children:
            child.kill_group()
            child.process.wait()
        for child in self.children:
            if child.reader is not None:
                child.reader.join(timeout=2)


@contextlib.contextmanager
def stop_signals_to(supervisor: Supervisor) -> Iterator[None]:
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    for signum in STOP_SIGNALS:
        signal.signal(signum, lambda signum, frame: supervisor.request_stop(signum))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def serve(
    *,
    host: str,
    port: int,
    out: Output,
    concurrency: int = 2,
    stop_timeout: float = 10.0,
) -> None:
    """Run web, worker and beat until a stop signal; raise ServeError when a child dies."""
    if not port_is_free(host, port):
        raise ServeError(
            _("Poort %(port)s op %(host)s is al in gebruik; kies een andere met --port.")
            % {"port": port, "host": host}
        )
    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    supervisor = Supervisor(
        child_specs(host=host, port=port, concurrency=concurrency),
        out=out,
        cwd=Path(settings.BASE_DIR),
        env=env,
        stop_timeout=stop_timeout,
    )
    url = browser_url(host, port)
    probe_host = "127.0.0.1" if host in {"0.0.0.0", ""} else ("::1" if host == "::" else host)
    announced = False

    def announce_when_up() -> None:
        nonlocal announced
        if announced or not port_accepts(probe_host, port):
            return
        announced = True
        lines = ["", _("Leeromgeving draait op %(url)s") % {"url": url}]
        password, logins = demo_logins()
        if logins:
            lines.append(_("Demo-logins (wachtwoord: %(password)s):") % {"password": password})
            width = max(len(username) for username, _role in logins) + 2
            lines += [f"  {username:<{width}}{role}" for username, role in logins]
        lines += [_("Stoppen met Ctrl-C."), ""]
        supervisor.say("\n".join(lines))

    died: Child | None = None
    with stop_signals_to(supervisor):
        try:
            supervisor.start()
            supervisor.say(
                _("Gestart: %(children)s")
                % {"children": ", ".join(f"{c.name} (pid {c.pid})" for c in supervisor.children)}
            )
            died = supervisor.wait(on_tick=announce_when_up)
            if died is None:
                supervisor.say(_("Stoppen…"))
            else:
                supervisor.say(
                    _("%(name)s is onverwacht gestopt; de andere processen stoppen.")
                    % {"name": died.name}
                )
        finally:
            supervisor.stop(supervisor.stop_signal or signal.SIGTERM)
    if died is not None:
        raise ServeError(
            _("%(name)s is onverwacht gestopt (%(how)s).")
            % {"name": died.name, "how": describe_exit(died.process.returncode)}
        )
    supervisor.say(_("Alle processen zijn gestopt."))
