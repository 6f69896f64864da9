"""What the bench scripts share, so that each script is only its scenario.

- `stats`: nearest-rank percentiles, milliseconds, the upper median.
- `services`: the throwaway PostgreSQL database, Redis databases, the production-like
  environment every process of a bench runs with.
- `processes`: free ports, `manage.py` commands, gunicorn, Celery workers, stopping a process
  group, and helper steps (a function run in a `python -c` subprocess with Django set up).
- `httpload`: many request flows at once from one thread on non-blocking sockets, a load
  generator that costs the machine little next to the server it measures.

Import as `bench.harness.…`: a bench script puts the repository root on sys.path first.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent  # the repository (or worktree) root
HOST = "127.0.0.1"
