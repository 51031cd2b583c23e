#!/usr/bin/env python3
"""Markdown table of the benchmark timings (medians), for bench/run.sh.

    table.py SETS_TSV TIMINGS_TSV

SETS_TSV     set, style, payment rows, ledger file bytes, rows of the warm
             run's extra one-day export (empty: no warm run); one line per
             data set, in the order to show
TIMINGS_TSV  set, kind (ours_cold | duckdb | ours_warm | output_copy),
             repetition, wall s,
             CPU s (user + sys), max RSS KB
"""
import csv
import statistics
import sys
from collections import defaultdict


def human_bytes(n):
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.2f} {unit}" if n < 10 * size else f"{n / size:.1f} {unit}"
    return f"{n} B"


def main():
    sets_path, timings_path = sys.argv[1:3]
    with open(sets_path, newline="") as f:
        sets = [row for row in csv.reader(f, delimiter="\t") if row]
    samples = defaultdict(lambda: defaultdict(list))  # set -> kind -> [(wall, cpu, rss_kb)]
    with open(timings_path, newline="") as f:
        for name, kind, _rep, wall, cpu, rss in csv.reader(f, delimiter="\t"):
            samples[name][kind].append((float(wall), float(cpu), int(rss)))

    def med(name, kind, i):
        values = [s[i] for s in samples[name][kind]]
        return statistics.median(values) if values else None

    def fmt(v, spec):
        return "–" if v is None else format(v, spec)

    def ratio(a, b):
        return "–" if a is None or b is None or b == 0 else f"{a / b:.2f}×"

    header = ["data set", "payment rows", "ledger file",
              "ours cold wall s", "ours cold CPU s", "ours cold peak MB",
              "DuckDB wall s", "DuckDB CPU s", "DuckDB peak MB",
              "wall ours/DuckDB", "memory ours/DuckDB",
              "ours warm wall s", "warm / DuckDB wall"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
    for name, _style, rows, size, _warm_rows in sets:
        o_wall, o_cpu, o_rss = (med(name, "ours_cold", i) for i in range(3))
        d_wall, d_cpu, d_rss = (med(name, "duckdb", i) for i in range(3))
        w_wall = med(name, "ours_warm", 0)
        o_mb = None if o_rss is None else o_rss / 1024
        d_mb = None if d_rss is None else d_rss / 1024
        print("| " + " | ".join([
            name, f"{int(rows):,}", human_bytes(int(size)),
            fmt(o_wall, ".2f"), fmt(o_cpu, ".2f"), fmt(o_mb, ".0f"),
            fmt(d_wall, ".2f"), fmt(d_cpu, ".2f"), fmt(d_mb, ".0f"),
            ratio(o_wall, d_wall), ratio(o_mb, d_mb),
            fmt(w_wall, ".2f"), ratio(w_wall, d_wall),
        ]) + " |")
    names = {name for name, *_ in sets}
    if {"gbk", "gbk-utf8"} <= names:
        g, u = med("gbk", "ours_cold", 0), med("gbk-utf8", "ours_cold", 0)
        gc, uc = med("gbk", "ours_cold", 1), med("gbk-utf8", "ours_cold", 1)
        print(f"\nGBK against the same data in UTF-8 (ours, cold): wall {ratio(g, u)},"
              f" CPU {ratio(gc, uc)}.")
    copies = [(name, med(name, "output_copy", 0), med(name, "duckdb", 0))
              for name, *_ in sets if samples[name]["output_copy"]]
    if copies:
        each = ", ".join(f"{n} {fmt(c, '.3f')} s ({ratio(c, d)} DuckDB)" for n, c, d in copies)
        print("\nWriting the warm run's output alone (cp to a new file, after the same pause):"
              f" {each}. No warm run can take less.")
    warm = [f"{name} {int(w):,}" for name, _s, _r, _b, w in sets if w]
    if warm:
        print(f"\nRows in the warm run's extra one-day export: {', '.join(warm)}.")


if __name__ == "__main__":
    main()
