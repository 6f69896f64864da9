#!/usr/bin/env bash
# Run a bench at commit REF and at HEAD back to back on this machine and print HEAD/REF.
# See usage() below; the maths is in bench/compare.py.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/compare.sh [--rounds N] [--order ref,head|head,ref|alternate] REF [BENCH [ARGS...]]

Runs BENCH at commit REF and at HEAD (the committed HEAD, not the working tree), each in its
own temporary git worktree (/tmp/bench-ref-<sha>.*, /tmp/bench-head-<sha>.*; removed at the
end) with that commit's own code: cwd and PYTHONPATH are the worktree, so its packages win
over the editable install in the venv, and a sitecustomize drops that install's finder, so
that a module the worktree lacks is not taken from the main checkout (and PYTHONSAFEPATH=1:
bench/ is not on sys.path). Prints both last-line JSON objects, HEAD/REF for every
numeric key found in both, and as its last line one JSON object per bench:
  {"bench": ..., "ref": {...}, "head": {...}, "ratios": {...}, "ref_commit": ...,
   "head_commit": ..., "rounds": N, "order": [...]}
The benches' own output goes to stderr, prefixed [ref] / [head]; the report goes to stdout.

  REF        any commit-ish: HEAD~1, a sha, a branch (REF = HEAD gives an A/A run: the noise)
  BENCH      bench/pages.py, pages.py or pages; default: pages, grading, gradebook and
             certificates in turn, each with its own default (full-size) options
  ARGS       passed to BENCH unchanged (only with a BENCH), e.g. --learners 20
  --rounds N run REF and HEAD N times each; each side's figure is the median of its rounds
  --order    ref,head (default): REF first in every round; head,ref: HEAD first;
             alternate: ref,head then head,ref, and so on (cancels a steady drift)
  -h, --help this text

Environment: VENV (default: the repository's .venv; a venv folder, or a python executable).
Needs PostgreSQL and Redis on 127.0.0.1 as the benches do. Exit status: 0 when every bench
ran at both commits, 1 when one failed or was missing at a commit, 2 on a usage error.

example: bench/compare.sh --rounds 3 --order alternate HEAD~1 bench/gradebook.py --learners 50
EOF
}

die() {
    echo "compare.sh: $*" >&2
    exit 2
}

rounds=1
order=ref,head
while [[ $# -gt 0 ]]; do
    case $1 in
    -h | --help)
        usage
        exit 0
        ;;
    --rounds)
        [[ $# -ge 2 ]] || die "--rounds needs a number"
        rounds=$2
        shift 2
        ;;
    --rounds=*)
        rounds=${1#*=}
        shift
        ;;
    --order)
        [[ $# -ge 2 ]] || die "--order needs a value"
        order=$2
        shift 2
        ;;
    --order=*)
        order=${1#*=}
        shift
        ;;
    --)
        shift
        break
        ;;
    -*)
        usage >&2
        die "unknown option $1 (options come before REF; ARGS after BENCH go to the bench)"
        ;;
    *) break ;;
    esac
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive whole number, not '$rounds'"
case $order in
ref,head | head,ref | alternate) ;;
*) die "--order must be ref,head, head,ref or alternate, not '$order'" ;;
esac
if [[ $# -lt 1 ]]; then
    usage >&2
    exit 2
fi
ref_arg=$1
shift

if [[ $# -ge 1 ]]; then
    [[ $1 != -* ]] || die "ARGS ($1 ...) need a BENCH before them: the benches' flags differ"
    name=$(basename -- "$1" .py)
    shift
    benches=("$name")
    bench_args=("$@")
else
    benches=(pages grading gradebook certificates)
    bench_args=()
fi
for name in "${benches[@]}"; do
    [[ $name =~ ^[A-Za-z0-9_]+$ ]] || die "not a bench name: '$name'"
done

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
common_dir=$(git -C "$here" rev-parse --path-format=absolute --git-common-dir)
repo=$(dirname -- "$common_dir") # the main worktree, whichever worktree this script is in
venv=${VENV:-$repo/.venv}
if [[ -d $venv ]]; then python=$venv/bin/python; else python=$venv; fi
[[ -x $python ]] || die "no Python at $python (set VENV to a venv folder or a python)"
compare_py=$here/compare.py

ref_sha=$(git -C "$repo" rev-parse --verify --quiet "$ref_arg^{commit}") ||
    die "REF '$ref_arg' is not a commit"
head_sha=$(git -C "$repo" rev-parse --verify "HEAD^{commit}")

# A bench killed with SIGINT cleans up (drops its database, stops its workers) in its
# `finally`; make sure SIGINT is not inherited as ignored (as it is under nohup or `&`).
if env --default-signal=INT true 2>/dev/null; then
    run_env=(env --default-signal=INT)
else
    run_env=(env)
fi

# --- cleanup: the running bench first (SIGINT, so that it cleans up), then the worktrees ----
worktrees=()
child=""
work=""
cleanup() {
    local status=$?
    trap - EXIT INT TERM HUP
    if [[ -n $child ]] && kill -0 -- "-$child" 2>/dev/null; then
        echo "compare.sh: stopping the running bench (process group $child)" >&2
        kill -INT -- "-$child" 2>/dev/null || true
        for _ in $(seq 1 600); do # a bench's cleanup: drop a database, stop workers
            kill -0 -- "-$child" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 -- "-$child" 2>/dev/null; then
            kill -TERM -- "-$child" 2>/dev/null || true
            sleep 2
            kill -KILL -- "-$child" 2>/dev/null || true
        fi
    fi
    for dir in "${worktrees[@]}"; do
        git -C "$repo" worktree remove --force "$dir" 2>/dev/null || rm -rf -- "$dir"
        if git -C "$repo" worktree list --porcelain | grep -qxF "worktree $dir"; then
            git -C "$repo" worktree prune # its folder is gone: drop the registration
        fi
    done
    [[ -z $work ]] || rm -rf -- "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

set -m # each bench runs as a job in its own process group, which cleanup() can stop whole

work=$(mktemp -d /tmp/bench-compare.XXXXXX)

# The venv's editable install of the main checkout puts a finder on sys.meta_path that serves
# any module a worktree lacks from the main checkout (an lms/admin.py added since REF, say,
# which then imports names REF's models do not have). Every Python process of a bench finds
# this sitecustomize on PYTHONPATH and drops that finder: each side runs its own code only.
mkdir -- "$work/site"
cat >"$work/site/sitecustomize.py" <<'PY'
"""Written by bench/compare.sh: import a worktree's own code, never the main checkout's."""
import sys


def _editable(hook):
    return getattr(hook, "__module__", "").startswith("__editable__")


sys.meta_path[:] = [finder for finder in sys.meta_path if not _editable(finder)]
sys.path_hooks[:] = [hook for hook in sys.path_hooks if not _editable(hook)]
sys.path_importer_cache.clear()
PY

add_worktree() { # VAR LABEL SHA: a detached worktree of SHA, its path in VAR
    local dir
    dir=$(mktemp -d "/tmp/bench-$2-${3:0:12}.XXXXXX")
    worktrees+=("$dir")
    git -C "$repo" worktree add --quiet --detach "$dir" "$3" >&2
    printf -v "$1" '%s' "$dir"
}
echo "compare.sh: REF $ref_arg = ${ref_sha:0:12}, HEAD = ${head_sha:0:12}; $python" >&2
ref_dir=""
head_dir=""
add_worktree ref_dir ref "$ref_sha"
add_worktree head_dir head "$head_sha"
echo "compare.sh: worktrees $ref_dir $head_dir" >&2

prefix() { sed -u "s|^|[$1] |"; } # the label has no "|"

# run_bench LABEL DIR BENCH OUT: the bench's stdout to OUT (and, prefixed, to stderr).
run_bench() {
    local label=$1 dir=$2 bench=$3 out=$4 rc_file=$4.rc
    echo "compare.sh: [$label] $bench ${bench_args[*]}" >&2
    (
        cd -- "$dir"
        rc=0
        # PYTHONSAFEPATH: the script's own folder (bench/) is not put first on sys.path,
        # where bench/certificates.py would shadow the project's `certificates` package
        # (the scripts add the root only when it is not on sys.path yet, and here it is).
        "${run_env[@]}" PYTHONPATH="$dir:$work/site" PYTHONSAFEPATH=1 \
            "$python" "bench/$bench.py" "${bench_args[@]}" 2> >(prefix "$label" >&2) || rc=$?
        echo "$rc" >"$rc_file"
    ) | tee "$out" | prefix "$label" >&2 &
    child=$(jobs -p %+)
    wait "$!" || true
    child=""
    local rc
    rc=$(cat "$rc_file" 2>/dev/null || echo 1)
    if [[ $rc != 0 ]]; then
        echo "compare.sh: [$label] bench/$bench.py failed (exit $rc)" >&2
        return 1
    fi
}

failed=()
for bench in "${benches[@]}"; do
    missing=""
    for side in "ref:$ref_dir" "head:$head_dir"; do
        [[ -f ${side#*:}/bench/$bench.py ]] || missing+=" ${side%%:*}"
    done
    if [[ -n $missing ]]; then
        echo "compare.sh: bench/$bench.py does not exist at:$missing; skipped" >&2
        failed+=("$bench")
        continue
    fi
    ref_outs=()
    head_outs=()
    sequence=()
    ok=1
    for ((round = 1; round <= rounds; round++)); do
        case $order in
        ref,head) pair=(ref head) ;;
        head,ref) pair=(head ref) ;;
        alternate) if ((round % 2)); then pair=(ref head); else pair=(head ref); fi ;;
        esac
        for side in "${pair[@]}"; do
            out=$work/$bench.$side.$round.out
            label=$side
            ((rounds == 1)) || label="$side $round/$rounds"
            if [[ $side == ref ]]; then dir=$ref_dir; else dir=$head_dir; fi
            if ! run_bench "$label" "$dir" "$bench" "$out"; then
                ok=0
                break 2
            fi
            if [[ $side == ref ]]; then ref_outs+=("$out"); else head_outs+=("$out"); fi
            sequence+=("$side")
        done
    done
    ran=$(
        IFS=,
        echo "${sequence[*]}"
    )
    if ((ok)) && "$python" "$compare_py" --bench "$bench" --ref-label "$ref_arg" \
        --ref-commit "$ref_sha" --head-commit "$head_sha" --order "$ran" \
        --ref "${ref_outs[@]}" --head "${head_outs[@]}"; then
        :
    else
        failed+=("$bench")
    fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "compare.sh: not compared: ${failed[*]}" >&2
    exit 1
fi
