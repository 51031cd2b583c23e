#!/usr/bin/env bash
# Benchmark: `budget-monitor status --format csv` against the same figures
# computed by DuckDB (bench/duckdb/*.sql), on synthetic ledgers from
# tests/gen_ledger.py (a copy of ../shared/bench/gen_ledger.py), with a to-the-fen correctness check of both
# against the generator's truth.csv (bench/compare.py).
#
#   bench/run.sh                          # all sets, 3 repetitions
#   BENCH_SIZES=1m bench/run.sh           # quick: the 1M-row sets only
#   BENCH_SIZES="1m 10m" BENCH_RUNS=1 bench/run.sh
#   BM_BIN=/path/to/budget-monitor bench/run.sh   # skip `cargo build --release`
#
# Environment:
#   BENCH_DATA    where data sets and run files go; must be outside the repo
#                 (default /var/tmp/budget-monitor-bench). Each set is a folder
#                 <style>-<size> with registry.csv, ledger.csv, truth.csv and
#                 generated.stamp (the generator arguments, written last: a set
#                 whose stamp differs from what this script would pass is
#                 regenerated). Run files: $BENCH_DATA/run/ (replaced each run).
#   BENCH_SIZES   sizes, space-separated: 1m, 10m, or any <N>k / <N>m (rows);
#                 always 10000 projects (memory against rows at fixed projects)
#   BENCH_STYLES  export styles (default "treasury ledger")
#   BENCH_RUNS    repetitions; the table shows medians (default 3)
#   BENCH_WARM_DAY  the day whose payments form the extra export of the warm
#                 run (default 2025-12-30, an ordinary day; the generator
#                 piles late payments onto Dec 31, ~15 % of the rows, so that
#                 day is not "one day's export")
#   BM_BIN        budget-monitor binary; default: cargo build --release, then
#                 ${CARGO_TARGET_DIR:-<repo>/target}/release/budget-monitor
#   DUCKDB_BIN    duckdb binary; default: the one from PyPI duckdb-cli (installed
#                 with pip when `duckdb` is missing)
#
# Each repetition of each set runs, alternating: budget-monitor cold (empty
# --state folder), DuckDB (fresh in-memory database), and for treasury sets
# budget-monitor warm (same --state, plus an overlapping export of the payments
# of BENCH_WARM_DAY in the ledger folder). The files are read once beforehand so that
# every run reads from the page cache. /usr/bin/time measures wall time,
# user + sys CPU and peak RSS. Every output is checked against truth.csv; any
# difference stops the benchmark (exit 1).
#
# Output: progress on stderr; the machine description and a markdown table on
# stdout, also written to $BENCH_DATA/results.md.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd -P)
BENCH=$REPO/bench
GEN=$REPO/tests/gen_ledger.py
BENCH_DATA=${BENCH_DATA:-/var/tmp/budget-monitor-bench}
BENCH_SIZES=${BENCH_SIZES:-1m 10m}
BENCH_STYLES=${BENCH_STYLES:-treasury ledger}
BENCH_RUNS=${BENCH_RUNS:-3}
PROJECTS=10000
AS_OF=2025-12-31 # the generator's default as-of date (Dec 31 of its default year)
WARM_DAY=${BENCH_WARM_DAY:-2025-12-30}
DUCKDB_CLI_VERSION=1.5.6

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() {
    printf '[bench] ERROR: %s\n' "$*" >&2
    exit 1
}

# ---------------------------------------------------------------- arguments
[[ $BENCH_RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, got '$BENCH_RUNS'"
[[ $WARM_DAY =~ ^2025-[01][0-9]-[0-3][0-9]$ ]] || die "BENCH_WARM_DAY must be a 2025 date YYYY-MM-DD, got '$WARM_DAY'"
[[ -f $GEN ]] || die "generator not found: $GEN"
BENCH_DATA=$(realpath -m "$BENCH_DATA")
case "$BENCH_DATA/" in
"$REPO"/*) die "BENCH_DATA ($BENCH_DATA) must be outside the repository ($REPO)" ;;
esac
mkdir -p "$BENCH_DATA"
RUN=$BENCH_DATA/run

rows_for_size() { # 1m -> 1000000, 250k -> 250000
    local n=${1%[kKmM]}
    [[ $n =~ ^[0-9]+$ && $1 =~ [kKmM]$ ]] || die "bad size '$1' in BENCH_SIZES (want e.g. 1m, 10m, 500k)"
    case $1 in
    *[kK]) echo $((n * 1000)) ;;
    *) echo $((n * 1000000)) ;;
    esac
}

SETS=()
for size in $BENCH_SIZES; do
    rows_for_size "$size" >/dev/null
    for style in $BENCH_STYLES; do
        [[ $style == treasury || $style == ledger ]] || die "unknown style '$style' in BENCH_STYLES"
        SETS+=("$style-$size")
    done
done
((${#SETS[@]} > 0)) || die "no data sets selected (BENCH_SIZES='$BENCH_SIZES', BENCH_STYLES='$BENCH_STYLES')"

# ---------------------------------------------------------------- tools
as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        die "need root to run: $*"
    fi
}

command -v python3 >/dev/null || die "python3 is required"
if [[ ! -x /usr/bin/time ]]; then
    log "installing GNU time (/usr/bin/time is missing)"
    as_root apt-get update -qq >&2
    as_root apt-get install -y -qq time >&2
fi

if [[ -z ${DUCKDB_BIN:-} ]]; then
    if ! command -v duckdb >/dev/null; then
        log "installing the DuckDB CLI (pip install duckdb-cli==$DUCKDB_CLI_VERSION)"
        python3 -m pip install --quiet "duckdb-cli==$DUCKDB_CLI_VERSION" >&2
        hash -r
        command -v duckdb >/dev/null || die "pip installed duckdb-cli but no duckdb is on PATH"
    fi
    # The PyPI `duckdb` entry point is a Python wrapper that starts the real
    # binary; time the binary itself, not a Python start-up plus a fork.
    DUCKDB_BIN=$(python3 -c 'import os, duckdb_cli; print(os.path.join(os.path.dirname(duckdb_cli.__file__), "duckdb"))' 2>/dev/null || true)
    [[ -n $DUCKDB_BIN && -x $DUCKDB_BIN ]] || DUCKDB_BIN=$(command -v duckdb)
fi
DUCKDB_VERSION=$("$DUCKDB_BIN" --version) || die "cannot run $DUCKDB_BIN"
[[ $DUCKDB_VERSION == "v$DUCKDB_CLI_VERSION "* ]] ||
    log "note: DuckDB is $DUCKDB_VERSION, not the pinned $DUCKDB_CLI_VERSION"

if [[ -z ${BM_BIN:-} ]]; then
    log "building budget-monitor (cargo build --release)"
    (cd "$REPO" && cargo build --release >&2)
    target=${CARGO_TARGET_DIR:-$REPO/target}
    [[ $target == /* ]] || target=$REPO/$target
    BM_BIN=$target/release/budget-monitor
fi
[[ -x $BM_BIN ]] || die "budget-monitor binary not found: $BM_BIN"
BM_VERSION=$("$BM_BIN" --version) || die "cannot run $BM_BIN"

# ---------------------------------------------------------------- data sets
GEN_SHA=$(sha256sum "$GEN" | cut -c1-16)

gen_args() { # set name -> generator arguments (without --out)
    local style=${1%%-*} size=${1#*-}
    echo "--projects $PROJECTS --rows $(rows_for_size "$size") --style $style"
}

ensure_set() {
    local name=$1 dir=$BENCH_DATA/$1 args stamp
    args=$(gen_args "$name")
    stamp="gen_ledger.py sha256:$GEN_SHA $args"
    if [[ -f $dir/generated.stamp && -f $dir/registry.csv && -f $dir/ledger.csv && -f $dir/truth.csv ]] &&
        [[ $(<"$dir/generated.stamp") == "$stamp" ]]; then
        log "$name: data set present ($dir)"
        return
    fi
    log "$name: generating ($args) into $dir — a 10M-row set takes several minutes"
    mkdir -p "$dir"
    rm -f "$dir/generated.stamp" "$dir/registry.csv" "$dir/truth.csv" "$dir"/ledger*.csv
    # shellcheck disable=SC2086 # $args is a list of options
    python3 "$GEN" --out "$dir" $args >"$dir/generate.log"
    printf '%s\n' "$stamp" >"$dir/generated.stamp"
}

for name in "${SETS[@]}"; do ensure_set "$name"; done

# ---------------------------------------------------------------- measuring
rm -rf "$RUN"
mkdir -p "$RUN"
TIMINGS=$RUN/timings.tsv
SETS_TSV=$RUN/sets.tsv
: >"$TIMINGS"
: >"$SETS_TSV"

sql_quote() { printf '%s' "${1//\'/\'\'}"; }

# measure NAME KIND REP CWD STDOUT STDERR CMD... : runs CMD in CWD under
# /usr/bin/time, appends "name kind rep wall cpu maxrss_kb" to timings.tsv,
# returns CMD's exit status.
measure() {
    local name=$1 kind=$2 rep=$3 cwd=$4 out=$5 err=$6 tf rc=0
    shift 6
    tf=$RUN/$name/time.$kind.$rep
    (cd "$cwd" && exec /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" >"$out" 2>"$err") || rc=$?
    # on a non-zero exit GNU time writes "Command exited with non-zero status N" first
    local wall user sys rss cpu
    read -r wall user sys rss < <(tail -n 1 "$tf")
    [[ $rss =~ ^[0-9]+$ ]] || die "could not read /usr/bin/time output $tf"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$kind" "$rep" "$wall" "$cpu" "$rss" >>"$TIMINGS"
    log "  $kind #$rep: ${wall}s wall, ${cpu}s CPU, $((rss / 1024)) MB peak"
    return "$rc"
}

# run_ours NAME KIND REP: budget-monitor status from an empty working folder
run_ours() {
    local name=$1 kind=$2 rep=$3 d=$RUN/$1 rc=0
    rm -rf "$d/cwd"
    mkdir -p "$d/cwd"
    measure "$name" "$kind" "$rep" "$d/cwd" "$d/$kind.csv" "$d/$kind.stderr" \
        "$BM_BIN" status --projects "$BENCH_DATA/$name/registry.csv" --ledger "$d/ledgers" \
        --as-of "$AS_OF" --format csv --state "$d/state" --quarantine "$d/quarantine-$kind.csv" || rc=$?
    case $rc in
    0) ;;
    1) log "  note: budget-monitor exited 1 (problems found; see $d/$kind.stderr)" ;;
    *)
        tail -n 20 "$d/$kind.stderr" >&2
        die "$name: budget-monitor failed (exit $rc; $d/$kind.stderr)"
        ;;
    esac
    grep -h '^status:' "$d/$kind.stderr" | sed 's/^/    /' >&2 || true
}

run_duckdb() {
    local name=$1 rep=$2 d=$RUN/$1 rc=0
    rm -rf "$d/duckdb-cwd" "$d/duckdb.csv"
    mkdir -p "$d/duckdb-cwd" # an in-memory database spills into ./.tmp
    measure "$name" duckdb "$rep" "$d/duckdb-cwd" "$d/duckdb.stdout" "$d/duckdb.stderr" \
        "$DUCKDB_BIN" -no-init -batch -bail -f "$d/query.sql" || rc=$?
    if ((rc != 0)); then
        cat "$d/duckdb.stderr" >&2
        die "$name: DuckDB query failed (exit $rc; $d/query.sql)"
    fi
}

check() { # NAME KIND-of-our-output
    local name=$1 kind=$2 d=$RUN/$1
    python3 "$BENCH/compare.py" --label "$name ($kind)" --truth "$BENCH_DATA/$name/truth.csv" \
        --ours "$d/$kind.csv" --duckdb "$d/duckdb.csv" ||
        die "$name: figures differ from truth.csv (outputs kept in $d)"
}

log "budget-monitor: $BM_VERSION ($BM_BIN)"
log "duckdb: $DUCKDB_VERSION ($DUCKDB_BIN)"
log "data sets: ${SETS[*]}; $BENCH_RUNS repetition(s); run files in $RUN"

for name in "${SETS[@]}"; do
    style=${name%%-*}
    src=$BENCH_DATA/$name
    d=$RUN/$name
    mkdir -p "$d/ledgers"
    # The ledger folder holds only exports (the set folder also has registry
    # and truth). A hard link costs no copy and keeps the path stable between
    # the cold and the warm run.
    ln "$src/ledger.csv" "$d/ledgers/ledger.csv" 2>/dev/null || {
        log "$name: cannot hard-link ledger.csv, copying it"
        cp "$src/ledger.csv" "$d/ledgers/ledger.csv"
    }
    sql=$(<"$BENCH/duckdb/$style.sql")
    sql=${sql//'{{REGISTRY}}'/"$(sql_quote "$src/registry.csv")"}
    sql=${sql//'{{LEDGER_GLOB}}'/"$(sql_quote "$d/ledgers")/*.csv"}
    sql=${sql//'{{AS_OF}}'/"$AS_OF"}
    sql=${sql//'{{OUT}}'/"$(sql_quote "$d/duckdb.csv")"}
    printf '%s\n' "$sql" >"$d/query.sql"

    log "$name: reading the files into the page cache"
    cat "$src/ledger.csv" "$src/registry.csv" >/dev/null
    rows=$(grep -c '^[0-9]' "$src/ledger.csv" || true)

    daily=
    warm_rows=
    if [[ $style == treasury ]]; then
        # an overlapping daily export: the header and every payment of one day,
        # all of which ledger.csv already holds, so the totals stay equal
        daily=$d/payments-$WARM_DAY.csv
        { head -n 1 "$src/ledger.csv" && { grep -- "^$WARM_DAY," "$src/ledger.csv" || true; }; } >"$daily"
        warm_rows=$(($(wc -l <"$daily") - 1))
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$style" "$rows" "$(stat -c %s "$src/ledger.csv")" "$warm_rows" >>"$SETS_TSV"

    for ((rep = 1; rep <= BENCH_RUNS; rep++)); do
        log "$name: repetition $rep/$BENCH_RUNS"
        rm -rf "$d/state"
        mkdir -p "$d/state"
        rm -f "$d/ledgers/payments-$WARM_DAY.csv"
        run_ours "$name" ours_cold "$rep"
        run_duckdb "$name" "$rep"
        check "$name" ours_cold
        if [[ -n $daily ]]; then
            cp "$daily" "$d/ledgers/"
            run_ours "$name" ours_warm "$rep"
            rm -f "$d/ledgers/payments-$WARM_DAY.csv"
            check "$name" ours_warm
        fi
    done
    rm -rf "$d/state" "$d/cwd" "$d/duckdb-cwd"
done

# ---------------------------------------------------------------- report
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem_gib=$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
commit=$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown)
{
    echo "Machine: ${cpu:-unknown CPU}, $(nproc) cores, $mem_gib GiB RAM, $(uname -sr)"
    echo "Tools: $BM_VERSION (repo $commit), DuckDB $DUCKDB_VERSION"
    echo "Runs: median of $BENCH_RUNS, $PROJECTS projects, as of $AS_OF, $(date -u '+%Y-%m-%d %H:%M UTC');" \
        "files in the page cache; cold = empty --state folder / fresh in-memory DuckDB;" \
        "warm = rerun with the cold run's --state plus an overlapping export of the payments of $WARM_DAY (treasury sets)"
    echo
    python3 "$BENCH/table.py" "$SETS_TSV" "$TIMINGS"
} >"$BENCH_DATA/results.md"
log "all figures match truth.csv; results in $BENCH_DATA/results.md"
cat "$BENCH_DATA/results.md"
