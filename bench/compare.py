#!/usr/bin/env python3
"""Check benchmark outputs against the generator's truth, to the fen.

    compare.py --truth SET/truth.csv [--ours ours.csv] [--duckdb duck.csv] [--label NAME]

For every project of truth.csv it compares the cumulative paid amount at the
three checkpoints (03-31, 06-30, 10-31) and at the as-of date:

  truth.csv   paid_fen_03_31, paid_fen_06_30, paid_fen_10_31, paid_fen_as_of
              (integer fen; the as-of date is in its `as_of` column)
  --ours      `budget-monitor status --format csv`: `paid` (yuan, two decimals)
              and `checkpoint_paid` ("2025-03-31:13333.37;2025-06-30:...");
              a checkpoint absent from checkpoint_paid counts as 0
  --duckdb    bench/duckdb/*.sql output: project_code and the same four
              paid_fen_* columns as truth.csv (integer fen)

Amounts are parsed as strings into integer fen, never floats. Prints the
first mismatches and exits 1 on any (missing or extra projects included),
0 when every figure matches.
"""
import argparse
import csv
import re
import sys

COLUMNS = ["paid_fen_03_31", "paid_fen_06_30", "paid_fen_10_31", "paid_fen_as_of"]
SHOW = 10  # mismatches printed per source

YUAN = re.compile(r"^'?(-?)(\d+)\.(\d{2})$")  # ' is the formula guard for text starting with -


def yuan_to_fen(text):
    m = YUAN.match(text.strip())
    if not m:
        raise ValueError(f"not a yuan amount: {text!r}")
    sign, yuan, fen = m.groups()
    value = int(yuan) * 100 + int(fen)
    return -value if sign else value


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def need(rows, path, columns):
    have = set(rows[0].keys()) if rows else set()
    missing = [c for c in columns if c not in have]
    if missing:
        sys.exit(f"{path}: missing column(s) {', '.join(missing)} (has: {', '.join(sorted(have))})")


def load_truth(path):
    rows = read_csv(path)
    need(rows, path, ["project_code", "as_of"] + COLUMNS)
    as_of = rows[0]["as_of"]
    return as_of, {r["project_code"]: [int(r[c]) for c in COLUMNS] for r in rows}


def load_duckdb(path):
    rows = read_csv(path)
    need(rows, path, ["project_code"] + COLUMNS)
    return {r["project_code"]: [int(r[c]) for c in COLUMNS] for r in rows}, []


def load_ours(path, as_of):
    rows = read_csv(path)
    need(rows, path, ["project_code", "paid", "checkpoint_paid"])
    year = as_of[:4]
    dates = [f"{year}-03-31", f"{year}-06-30", f"{year}-10-31"]
    out, problems = {}, []
    for r in rows:
        code = r["project_code"]
        try:
            cps = {}
            for item in filter(None, r["checkpoint_paid"].split(";")):
                date, _, amount = item.partition(":")
                cps[date.strip()] = yuan_to_fen(amount)
            paid = yuan_to_fen(r["paid"])
        except ValueError as e:
            problems.append(f"{code}: {e}")
            continue
        if as_of in cps and cps[as_of] != paid:
            problems.append(f"{code}: checkpoint_paid {as_of}:{cps[as_of]} fen but paid {paid} fen")
        out[code] = [cps.get(d, 0) for d in dates] + [paid]
    return out, problems


def compare(label, truth, got, problems):
    """Returns the number of problems found for one source."""
    bad = list(problems)
    for code, want in truth.items():
        have = got.get(code)
        if have is None:
            bad.append(f"{code}: missing")
            continue
        for col, w, h in zip(COLUMNS, want, have):
            if w != h:
                bad.append(f"{code} {col}: truth {w} fen, {label} {h} fen (diff {h - w:+d})")
    extra = sorted(set(got) - set(truth))
    bad += [f"{code}: not in truth.csv" for code in extra]
    if bad:
        print(f"{label}: {len(bad)} mismatch(es); first {min(SHOW, len(bad))}:", file=sys.stderr)
        for line in bad[:SHOW]:
            print(f"  {line}", file=sys.stderr)
    return len(bad)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--truth", required=True)
    ap.add_argument("--ours", help="budget-monitor status --format csv output")
    ap.add_argument("--duckdb", help="DuckDB query output")
    ap.add_argument("--label", default="", help="data set name for messages")
    a = ap.parse_args()
    if not (a.ours or a.duckdb):
        ap.error("give --ours and/or --duckdb")

    as_of, truth = load_truth(a.truth)
    prefix = f"{a.label}: " if a.label else ""
    failures = 0
    checked = []
    if a.ours:
        failures += compare(f"{prefix}budget-monitor", truth, *load_ours(a.ours, as_of))
        checked.append("budget-monitor")
    if a.duckdb:
        failures += compare(f"{prefix}duckdb", truth, *load_duckdb(a.duckdb))
        checked.append("duckdb")
    if failures:
        return 1
    print(f"{prefix}{' and '.join(checked)} match truth.csv: {len(truth)} projects x "
          f"{len(COLUMNS)} figures, to the fen", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
