#!/usr/bin/env bash
# Runs two builds of budget-monitor on copies of the shipped config/ and
# data/ and compares what they write: stdout of status (table, csv, json) on
# several dates, and every file `run` leaves (outbox emails, quarantine file)
# over a few nights. Used to show that a restructuring changed no output.
#
# Usage: tools/same_outputs.sh OLD_BINARY NEW_BINARY
# Exit 0 when everything is byte-identical; prints the differences otherwise.
# Masked, because they differ between any two runs of one build: the Date
# and Message-ID headers, MIME boundaries, and attached workbooks (their zip
# entries carry the time they were made).
set -euo pipefail
old="$1"; new="$2"
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

run_side() {
  local side="$1" bin="$2"
  local out="$work/$side-out"
  rm -rf "$work/run" && mkdir -p "$work/run" "$out"
  cp -r "$repo/config" "$repo/data" "$work/run/"
  cd "$work/run"
  for d in 2025-03-31 2025-07-15 2025-12-31; do
    for f in table csv json; do
      "$bin" status --as-of "$d" --format "$f" --no-cache >"$out/status-$d.$f" 2>/dev/null || true
    done
  done
  for d in 2025-04-01 2025-07-01 2025-07-15 2025-10-31 2025-12-31; do
    "$bin" run --as-of "$d" >/dev/null 2>&1 || true
  done
  for f in outbox/*.eml; do
    [ -e "$f" ] || continue
    n="$(basename "$f" | sed -E 's/^budget-monitor\.([0-9]+)\..*/\1/')"
    grep -v -E '^(Date|Message-ID|Message-Id):' "$f" \
      | sed -E 's/boundary="[^"]*"/boundary=B/; s/^--[A-Za-z0-9_=.'"'"'-]{10,}/--B/' \
      | awk '/^Content-Disposition: attachment/ {skip=1; print; next} /^--B/ {skip=0} !skip' \
      >"$out/mail-$n.eml"
  done
  cp quarantine/quarantine.csv "$out/quarantine.csv" 2>/dev/null || true
  # The reports, in each language: csv and html as written (the as-of date
  # is the day they are made), the dashboard without the time it was made,
  # the log as text and csv. Workbooks are zips with their making time.
  for lang in zh en; do
    local r="$work/run/rep-$lang"
    "$bin" --lang "$lang" report monthly --month 2025-06 --out "$r" >/dev/null 2>&1 || true
    "$bin" --lang "$lang" report monitoring --through 2025-07 --out "$r" >/dev/null 2>&1 || true
    "$bin" --lang "$lang" report year-end --out "$r" >/dev/null 2>&1 || true
    "$bin" --lang "$lang" report dashboard --as-of 2025-07-15 --out "$r" >/dev/null 2>&1 || true
    "$bin" --lang "$lang" log >"$r/log.txt" 2>/dev/null || true
    "$bin" --lang "$lang" log --format csv >"$r/log.csv" 2>/dev/null || true
    for f in "$r"/*.csv "$r"/*.html "$r"/*.txt; do
      [ -e "$f" ] || continue
      # Times of making and recording masked; named by a hash of the name.
      sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}(:[0-9]{2})?/(time)/g' "$f" \
        >"$out/report-$lang-$(basename "$f" | md5sum | cut -c1-8)-${f##*.}"
    done
  done
  cd "$repo"
}

run_side old "$old"
run_side new "$new"
if diff -r "$work/old-out" "$work/new-out"; then
  echo "same: $(find "$work/new-out" -type f | wc -l) outputs byte-identical"
else
  echo "DIFFERENT outputs (see above)"
  exit 1
fi
