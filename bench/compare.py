"""The maths of bench/compare.sh: read the runs' outputs, print both JSON objects and HEAD/REF.

Each bench prints one JSON object as its last line. For every numeric value found in both
(nested objects are followed, as "bytes.bare"; lists and booleans are left out) the ratio
HEAD/REF is printed; with several rounds each side's value is the median of its rounds and
the spread, (max - min) / median, is shown beside it. The last line is one JSON object:

    {"bench": ..., "ref": {...}, "head": {...}, "ratios": {...}, "ref_commit": ...,
     "head_commit": ..., "rounds": N, "order": [...]}

where "ref" and "head" are the benches' own last-line objects (per-key medians when there were
several rounds). A ratio is null when REF's value is 0 and HEAD's is not (1.0 when both are 0).
Standard library only: it runs under whichever Python runs the benches.

    python bench/compare.py --bench pages --ref-commit SHA --head-commit SHA \
        --ref REF_OUT [REF_OUT ...] --head HEAD_OUT [HEAD_OUT ...] [--order ref,head,...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Any


def last_json(text: str, source: str = "output") -> dict:
    """The bench's result: its last non-empty line, or failing that the last line that is a
    JSON object (a warning printed at exit must not hide the result)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise ValueError(f"{source}: no output")
    for number, line in enumerate(reversed(lines)):
        if not line.startswith("{"):
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            if number:
                print(
                    f"note: {source}: the JSON object is {number} line(s) before the last",
                    file=sys.stderr,
                )
            return value
    raise ValueError(f"{source}: no JSON object in the output (last line: {lines[-1][:200]!r})")


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def numbers(obj: dict, prefix: str = "") -> dict[str, float]:
    """Every numeric leaf of `obj` by its dotted path, in the object's order."""
    found: dict[str, float] = {}
    for key, value in obj.items():
        path = f"{prefix}{key}"
        if is_number(value):
            found[path] = value
        elif isinstance(value, dict):
            found.update(numbers(value, f"{path}."))
    return found


def _median(values: list) -> float:
    middle = statistics.median(values)
    if all(isinstance(v, int) for v in values) and float(middle).is_integer():
        return int(middle)
    return float(f"{middle:.12g}")  # 0.028, not 0.027999999999999997


def merged(runs: list[dict]) -> dict:
    """One object for several runs of a side: numeric leaves are the median of the runs that
    have them, anything else is taken from the last run that has it."""
    if len(runs) == 1:
        return runs[0]
    result: dict = {}
    for run in runs:
        for key in run:
            result.setdefault(key, None)
    for key in result:
        values = [run[key] for run in runs if key in run]
        if values and all(is_number(v) for v in values):
            result[key] = _median(values)
        elif values and all(isinstance(v, dict) for v in values):
            result[key] = merged(values)
        else:
            result[key] = values[-1]
    return result


def ratio(ref: float, head: float) -> float | None:
    if ref == 0:
        return 1.0 if head == 0 else None
    return round(head / ref, 4)


def spread(values: list[float]) -> float | None:
    """(max - min) / median, or None for one value or a zero median."""
    if len(values) < 2:
        return None
    middle = statistics.median(values)
    return round((max(values) - min(values)) / abs(middle), 4) if middle else None


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e-3 or abs(value) >= 1e6 else f"{value:.6g}"
    return str(value)


def compare(ref_runs: list[dict], head_runs: list[dict]) -> dict:
    ref, head = merged(ref_runs), merged(head_runs)
    ref_numbers, head_numbers = numbers(ref), numbers(head)
    keys = [key for key in ref_numbers if key in head_numbers]
    ref_each, head_each = [numbers(r) for r in ref_runs], [numbers(r) for r in head_runs]
    rows = [
        {
            "key": key,
            "ref": ref_numbers[key],
            "head": head_numbers[key],
            "ratio": ratio(ref_numbers[key], head_numbers[key]),
            "ref_spread": spread([run[key] for run in ref_each if key in run]),
            "head_spread": spread([run[key] for run in head_each if key in run]),
        }
        for key in keys
    ]
    return {
        "ref": ref,
        "head": head,
        "rows": rows,
        "only_ref": [k for k in ref_numbers if k not in head_numbers],
        "only_head": [k for k in head_numbers if k not in ref_numbers],
    }


def table(rows: list[dict], rounds: int) -> str:
    width = max([len("key"), *(len(row["key"]) for row in rows)])
    head = f"{'key':<{width}}  {'ref':>12}  {'head':>12}  {'head/ref':>9}"
    if rounds > 1:
        head += f"  {'ref spread':>10}  {'head spread':>11}"
    lines = [head]
    for row in rows:
        line = (
            f"{row['key']:<{width}}  {_fmt(row['ref']):>12}  {_fmt(row['head']):>12}"
            f"  {_fmt(row['ratio']):>9}"
        )
        if rounds > 1:
            ref_spread = "-" if row["ref_spread"] is None else f"{100 * row['ref_spread']:.1f}%"
            head_spread = "-" if row["head_spread"] is None else f"{100 * row['head_spread']:.1f}%"
            line += f"  {ref_spread:>10}  {head_spread:>11}"
        lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", required=True, help="its name, as in the final JSON")
    parser.add_argument("--ref-commit", required=True)
    parser.add_argument("--head-commit", required=True)
    parser.add_argument("--ref-label", default="REF", help="how REF was given (e.g. HEAD~1)")
    parser.add_argument("--ref", nargs="+", required=True, type=Path, help="REF runs' stdout")
    parser.add_argument("--head", nargs="+", required=True, type=Path, help="HEAD runs' stdout")
    parser.add_argument("--order", default="", help="the runs' order, comma-separated")
    args = parser.parse_args(argv)

    try:
        ref_runs = [last_json(p.read_text(errors="replace"), f"REF run {p.name}") for p in args.ref]
        head_runs = [
            last_json(p.read_text(errors="replace"), f"HEAD run {p.name}") for p in args.head
        ]
    except (OSError, ValueError) as exc:
        print(f"compare: {exc}", file=sys.stderr)
        return 2
    rounds = max(len(ref_runs), len(head_runs))
    result = compare(ref_runs, head_runs)

    print(
        f"== {args.bench}: REF {args.ref_label} ({args.ref_commit[:12]}) against HEAD"
        f" ({args.head_commit[:12]}), {rounds} round(s)"
        + (f", order {args.order}" if args.order else "")
    )
    for label, runs in (("ref", ref_runs), ("head", head_runs)):
        for number, run in enumerate(runs, start=1):
            tag = label if len(runs) == 1 else f"{label} {number}/{len(runs)}"
            print(f"{tag:<10} {json.dumps(run)}")
    if rounds > 1:
        print(f"{'ref median':<10} {json.dumps(result['ref'])}")
        print(f"{'head median':<10} {json.dumps(result['head'])}")
    print(table(result["rows"], rounds))
    for side in ("only_ref", "only_head"):
        if result[side]:
            print(f"numeric only in {side[5:].upper()}: {', '.join(result[side])}")
    print(
        json.dumps(
            {
                "bench": args.bench,
                "ref": result["ref"],
                "head": result["head"],
                "ratios": {row["key"]: row["ratio"] for row in result["rows"]},
                "ref_commit": args.ref_commit,
                "head_commit": args.head_commit,
                "rounds": rounds,
                "order": [o for o in args.order.split(",") if o],
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
