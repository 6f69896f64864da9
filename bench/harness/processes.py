"""The processes a bench starts: manage.py commands, gunicorn, Celery workers, helper steps.

Servers and workers start in their own process group (`process_group=0`), so that `stop`
leaves no child behind (a pool process, a web worker), even when the master hangs.
"""

from __future__ import annotations

import contextlib
import http.client
import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.harness import HOST, ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def manage(env: dict, *arguments: str) -> None:
    """`python manage.py …` in a subprocess with `env`, its output dropped, failing loudly."""
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _spawn(command: list[str], env: dict, log: Path | None) -> subprocess.Popen:
    """Start `command` in its own process group, its output to `log` (or to ours if None)."""
    if log is None:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, process_group=0
        )
    with log.open("w") as out:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            process_group=0,
        )


def start_gunicorn(env: dict, port: int, workers: int, log: Path | None = None) -> subprocess.Popen:
    """The project's WSGI application under gunicorn (sync workers) on 127.0.0.1:`port`."""
    return _spawn(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "lms.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"{HOST}:{port}",
            "--log-level",
            "warning",
        ],
        env,
        log,
    )


def wait_for_http(port: int, path: str = "/", expect: int | None = None, timeout: float = 30):
    """Until GET `path` answers `expect` (any status below 500 when None); RuntimeError after
    `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", path, headers={"Host": HOST, "X-Forwarded-Proto": "https"})
            status = connection.getresponse().status
            if (status < 500) if expect is None else (status == expect):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout} s")


def start_celery_worker(
    env: dict,
    node: str,
    log: Path,
    *,
    queues: str,
    concurrency: int,
    prefetch: int,
    extra: Sequence[str] = (),
) -> subprocess.Popen:
    """`celery -A lms worker` named `node@<host>` on `queues` (comma-separated)."""
    return _spawn(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "lms",
            "worker",
            "-Q",
            queues,
            "--concurrency",
            str(concurrency),
            "--prefetch-multiplier",
            str(prefetch),
            "--hostname",
            f"{node}@%h",
            *extra,
        ],
        env,
        log,
    )


def wait_celery_ready(logs: list[Path], timeout: float = 60) -> None:
    """Until every worker's log says " ready." (needs --loglevel info)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(log.exists() and " ready." in log.read_text() for log in logs):
            return
        time.sleep(0.2)
    raise SystemExit(
        "the workers did not start:\n" + "\n".join(log.read_text()[-2000:] for log in logs)
    )


def stop(process: subprocess.Popen) -> None:
    """Warm shutdown first; then make sure no child (pool process, web worker) is left."""
    if process.poll() is None:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def start_threads(target, items: list) -> list[threading.Thread]:
    """One started thread per item, running `target(index, item)`."""
    threads = [threading.Thread(target=target, args=(i, item)) for i, item in enumerate(items)]
    for thread in threads:
        thread.start()
    return threads


def print_log_tails(folder: Path, pattern: str = "*.log", chars: int = 3000) -> None:
    """The end of each log in `folder`, on stderr: what a failed bench shows."""
    for log in sorted(folder.glob(pattern)):
        print(f"--- {log.name} (tail) ---\n{log.read_text()[-chars:]}", file=sys.stderr)


# --- helper steps: one function run in a subprocess with Django set up ---------------------------


def run_step(env: dict, module: str, step: str, **arguments) -> Any:
    """Run `module.STEPS[step](**arguments)` in `python -c` with `env` (Django settings from
    the environment) and return what it returned (JSON); SystemExit if the step fails."""
    code = (
        "from bench.harness.processes import helper;"
        f" helper({module!r}, {step!r}, {json.dumps(arguments)!r})"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    if out.returncode != 0:
        raise SystemExit(f"helper step {step!r} failed (exit {out.returncode}):\n{out.stdout}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def helper(module: str, step: str, arguments: str) -> None:
    """Entry point of a helper subprocess: set Django up, run one step, print its JSON."""
    import django

    django.setup()
    steps = importlib.import_module(module).STEPS
    print(json.dumps(steps[step](**json.loads(arguments))))
