#!/usr/bin/env bash
# Acceptance check of the reports with real office software (not part of
# `cargo test`, which must not need LibreOffice or Chromium):
#   1. writes the year-end and monthly reports for the shipped data;
#   2. converts each .xlsx with LibreOffice headless (to CSV: the summary
#      sheet; to PDF: every sheet) and compares the summary figures with the
#      report's own CSV, project by project;
#   3. screenshots each .html page with headless Chromium, to look at.
#
# Needs: libreoffice (libreoffice-calc), chromium, python3; pdftoppm optional.
# Usage: tools/check_reports.sh [OUT_DIR]   (default: /tmp/budget-monitor-check)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/tmp/budget-monitor-check}
rm -rf "$out"; mkdir -p "$out"
cd "$here"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-$here/target}/release/budget-monitor"

"$bin" report year-end --year 2025 --as-of 2026-01-10 --out "$out" || [ $? -eq 1 ]
"$bin" report monthly --month 2025-06 --as-of 2025-07-03 --out "$out" || [ $? -eq 1 ]

status=0
for stem in 年度绩效自评-2025 月度执行进度-2025-06; do
  mkdir -p "$out/lo"
  libreoffice --headless --calc --convert-to csv:"Text - txt - csv (StarCalc)":44,34,76 \
    --outdir "$out/lo" "$out/$stem.xlsx" >/dev/null 2>&1
  libreoffice --headless --convert-to pdf --outdir "$out/lo" "$out/$stem.xlsx" >/dev/null 2>&1 || true
  if command -v pdftoppm >/dev/null && [ -f "$out/lo/$stem.pdf" ]; then
    pdftoppm -png -r 60 -f 1 -l 2 "$out/lo/$stem.pdf" "$out/lo/$stem-page" || true
  fi
  python3 - "$out/lo/$stem.csv" "$out/$stem.csv" <<'PY' || status=1
import csv, sys
from decimal import Decimal
lo_path, own_path = sys.argv[1], sys.argv[2]

def num(s):
    s = s.replace(",", "").replace("%", "").strip()
    try:
        return Decimal(s)
    except Exception:
        return s

def summary(path, enc):
    rows = list(csv.reader(open(path, encoding=enc)))
    header = next(r for r in rows if "项目编码" in r)
    hi = rows.index(header)
    out = {}
    for r in rows[hi + 1:]:
        if len(r) < len(header) or not r[1].strip():
            break
        out[r[1]] = dict(zip(header, r))
    return header, out

lo_header, lo = summary(lo_path, "utf-8-sig")
own_header, own = summary(own_path, "utf-8-sig")
assert lo_header == own_header, (lo_header, own_header)
bad = 0
for key, row in own.items():
    for h, v in row.items():
        a, b = num(v), num(lo[key][h])
        if isinstance(a, Decimal) and isinstance(b, Decimal):
            same = a.quantize(Decimal("0.01")) == b.quantize(Decimal("0.01"))
        else:
            same = a == b
        if not same:
            bad += 1
            print(f"MISMATCH {key} {h}: report csv {v!r}, LibreOffice {lo[key][h]!r}")
print(f"{lo_path}: {len(lo)} rows x {len(lo_header)} columns compared with {own_path}: "
      f"{'OK' if bad == 0 else str(bad) + ' mismatches'}")
sys.exit(1 if bad else 0)
PY
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2200 \
    --screenshot="$out/$stem.png" "file://$out/$stem.html" >/dev/null 2>&1 || status=1
  [ -s "$out/$stem.png" ] && echo "screenshot: $out/$stem.png"
done
exit $status
