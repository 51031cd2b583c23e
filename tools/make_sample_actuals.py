#!/usr/bin/env python3
"""Write config/actuals-2025.csv: the achieved values owners would report for
the shipped projects, so `budget-monitor report year-end` has a realistic
form to fill. Deterministic, standard library only; run from anywhere:

    python3 tools/make_sample_actuals.py

The story: most targets met; a few counts and rates fall short (with a
reason and a corrective action); two qualitative targets only partly
achieved; one indicator of 综治信息化系统建设经费 is left blank, so the report
shows what 未填报 looks like (0 points, never full marks), and the 资金拨付率
of 见义勇为基金 has no year-end value, so the report takes it from the ledger.
Each row also names the owner, the expected year-end value and, where the
target may be missed, the deviation category (经费保障 / 制度保障 / 人员保障 /
硬件条件保障 / 其他) with an explanation.
"""
import csv
import pathlib
import re
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
HEADERS = ["项目编码", "项目名称", "负责人", "一级指标", "二级指标", "三级指标", "年度指标值",
           "年中完成值", "完成可能性", "预计全年完成值", "实际完成值", "偏差原因类别",
           "偏差原因", "改进措施"]
# Deviation categories of mid-year monitoring, with the explanation an owner
# would write for each.
CATEGORIES = {
    "经费": ("经费保障", "部分资金下达较晚，支出进度滞后"),
    "制度": ("制度保障", "相关工作制度修订中，执行标准未统一"),
    "人员": ("人员保障", "专职人员不足，工作推进较慢"),
    "硬件条件": ("硬件条件保障", "部分设备老化，影响工作开展"),
    "其他": ("其他", "受上级工作安排调整影响"),
}
NUM = re.compile(r"^([≥≤<>=]?)\s*(\d+(?:\.\d+)?)(.*)$")


def midyear(n: float, unit: str) -> float:
    """Counts are about half done by June; rates and grades are not halved."""
    if unit.strip() in ("", "%") or "百分" in unit or not unit[:1].isascii() and unit[:1] in "次个人件台项场户期":
        if unit.strip() in ("", "%") or "百分" in unit:
            return n
        return max(1, int(n // 2))
    return n


def achieved(value: str, k: int):
    """(mid-year, likelihood, year-end, reason, action) for indicator k."""
    m = NUM.match(value.strip())
    if not m:
        # Qualitative: two partly achieved, the rest achieved.
        if k in (17, 61):
            return ("部分达成", "有可能", "部分达成", "人员",
                    "增加专职人员，完善工作台账")
        return ("达成", "确定能", "达成", "", "")
    op, num, rest = m.groups()
    unit = rest
    n = float(num)
    fmt = (lambda x: f"{x:g}{unit}")
    if op == "≤":
        if k == 40:
            return (fmt(n * 0.6), "有可能", fmt(n * 1.2), "经费",
                    "压减非必要开支，下年度细化成本测算")
        return (fmt(n * 0.5), "确定能", fmt(n), "", "")
    if k in (5, 29, 73, 90):
        short = round(n * 0.8, 1) if n < 100 else round(n * 0.9)
        return (fmt(midyear(short, unit)), "有可能", fmt(short), ["经费", "制度", "硬件条件", "其他"][k % 4],
                "加快工作进度，按月调度")
    return (fmt(midyear(n, unit)), "确定能", fmt(n), "", "")


def main():
    projects = tomllib.loads((ROOT / "config/projects.toml").read_text("utf-8"))["project"]
    rows = []
    k = 0
    for p in projects:
        for ind in p.get("indicator", []):
            mid, like, year_end, reason, action = achieved(ind["value"], k)
            if p["name"] == "综治信息化系统建设经费" and ind["level1"].startswith("满意度"):
                mid, like, year_end, reason, action = "", "", "", "", ""
            expected = year_end
            if p["name"] == "见义勇为基金" and "拨付率" in ind["level3"]:
                # Left for the ledger to fill: the report takes paid ÷ budget.
                year_end = ""
            category, why = CATEGORIES.get(reason, ("", ""))
            rows.append([p["code"], p["name"], p["owner"]["name"], ind["level1"], ind["level2"],
                         ind["level3"], ind["value"], mid, like, expected, year_end, category,
                         why, action])
            k += 1
    out = ROOT / "config/actuals-2025.csv"
    with out.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADERS)
        w.writerows(rows)
    print(f"wrote {out}: {len(rows)} rows")


if __name__ == "__main__":
    main()
