#!/usr/bin/env python3
"""Write the sample payment exports shipped in data/ and their exact expectations.

The files are what finance staff of unit 308001 would drop into the folder for
fiscal year 2025: overlapping treasury payment exports (国库集中支付) and an
accounting-software project ledger (项目明细账) exported three times.  The
figures tell a story at 2025-07-15 (most projects on track, two behind, one
overspent, one not started).  The rows a careful reader must quarantine go into
examples/messy/ (the period treasury exports with the mistakes in them), so
that the nightly job on data/ ends clean.

Deterministic (fixed seed, standard library only).  Run from anywhere:

    python3 tools/make_sample_data.py

Writes
  data/*.csv, data/README.md
  examples/messy/*.csv, examples/messy/README.md
  tests/fixtures/sample_expected.csv  per project: budget and cumulative paid,
                                      in fen, at five dates; each payment counted
                                      once, bad rows and the conflicting payment
                                      number left out
  tests/fixtures/sample_bad_rows.csv  file, physical line (1-based) and kind of
                                      every row a reader must quarantine

The expectations are computed from the integers written.  Afterwards the script
reads every file back with a small parser of its own and stops with an error if
what it reads differs from the expectations.
"""
import csv
import datetime as dt
import io
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
MESSY = ROOT / "examples" / "messy"
FIXTURES = ROOT / "tests" / "fixtures"
YEAR = 2025
D = lambda m, d: dt.date(YEAR, m, d)  # noqa: E731

# The seed's 12 projects, as in ../shared/bench/gen_ledger.py (SEED_PROJECTS).
PROJECTS = [
    # code, name, budget (yuan), cumulative plan % at the end of Mar / Jun / Oct / Dec
    ("13022925P00004610003B", "见义勇为基金", 50000, (25, 50, 75, 100)),
    ("13022925P00004010007P", "联合接访中心、邪教防范、稳定工作", 50000, (25, 50, 75, 100)),
    ("13022925P00004610002P", "扫黑除恶工作经费", 50000, (25, 50, 75, 100)),
    ("13022925P00004710002D", "涉法涉诉信访救助基金", 1000000, (25, 50, 75, 100)),
    ("13022925P000040100064", "社会治安综合治理专项事业费", 200000, (25, 50, 75, 100)),
    ("13022925P000030100059", "社会治理智能化平台建设项目经费", 516530, (25, 50, 75, 100)),
    ("13022925P00JXC410136G", "暑期警卫保障经费", 50000, (10, 25, 50, 100)),
    ("13022925P00004210001D", "严重精神障碍患者监护人以奖代补和责任险", 400000, (25, 50, 75, 100)),
    ("13022925P000030100032", "政法网光纤传输租赁费", 228000, (25, 50, 75, 100)),
    ("13022925P00003010004M", "政法网维护费", 520914, (25, 50, 75, 100)),
    ("13022925P00003010006W", "重点部位视频监控项目维护费", 627110, (25, 50, 75, 100)),
    ("13022925P00004010008B", "综治信息化系统建设经费", 380016, (25, 50, 75, 100)),
]
(P_JYW, P_JFZX, P_SHCE, P_XFJZ, P_ZZZX, P_PT, P_SQJW, P_JSZA, P_GX, P_ZFW, P_SPJK, P_ZZXX) = range(12)
UNIT_CODE, UNIT_NAME = "308001", "中国共产党玉田县委员会政法委员会本级"
LEDGER_PROJECTS = (P_JYW, P_SHCE, P_SQJW)  # the rest are paid through the treasury exports
CHECKPOINTS = [D(3, 31), D(6, 30), D(10, 31), D(12, 31)]
CUTOFFS = [D(3, 31), D(6, 30), D(7, 15), D(10, 31), D(12, 31)]
AS_OF = D(7, 15)

TREASURY_HEADER = ["支付日期", "支付凭证号", "单位编码", "单位名称", "项目编码", "项目名称",
                   "功能分类科目", "经济分类科目", "收款人", "摘要", "支付金额", "资金性质"]
LEDGER_HEADER = ["日期", "凭证号", "摘要", "科目编码", "科目名称", "项目编码", "项目名称",
                 "借方金额", "贷方金额", "方向", "余额"]
FUNCTION_CODE = {P_XFJZ: "2049999", P_ZZZX: "2049999"}  # others: 2013602 一般行政管理事务

# 2025 public holidays and make-up working days (State Council notice of 2024-11-12).
HOLIDAYS = {D(1, 1)} | {D(1, 28) + dt.timedelta(i) for i in range(8)} | \
    {D(4, 4), D(4, 5), D(4, 6)} | {D(5, i) for i in range(1, 6)} | {D(5, 31), D(6, 1), D(6, 2)} | \
    {D(10, i) for i in range(1, 9)}
MAKEUP_DAYS = {D(1, 26), D(2, 8), D(4, 27), D(9, 28), D(10, 11)}


def working_day(d):
    return d in MAKEUP_DAYS or (d.weekday() < 5 and d not in HOLIDAYS)


def working_days(lo, hi):
    """Working days in lo..hi inclusive."""
    return [lo + dt.timedelta(i) for i in range((hi - lo).days + 1) if working_day(lo + dt.timedelta(i))]


@dataclass
class Pay:
    date: dt.date
    proj: int                  # index into PROJECTS
    fen: int                   # signed contribution to the amount paid
    memo: str
    payee: str = ""
    econ: str = "30299"
    credit: bool = False       # ledger only: a refund booked on the credit side
    number: str = ""           # treasury 支付凭证号 / ledger 记-0001
    ref: "Pay | None" = None   # the payment a reversal cancels (its number goes in the memo)
    group: str = ""            # ledger: lines of one voucher share a number
    # deliberately bad rows and the conflict
    bad: str = ""              # unknown_project / bad_amount / outside_year / conflict
    alt_fen: int = 0           # conflict: the amount written in the second file
    raw_amount: str = ""       # bad_amount: the text written
    code_name: tuple = ()      # unknown_project: (code, name) written instead of the project's

    @property
    def ledger(self):
        return self.proj in LEDGER_PROJECTS and not self.bad


# ----------------------------------------------------------------------------- payments

def split(rnd, total, grains):
    """len(grains) positive amounts summing exactly to total (fen); amount i is a
    multiple of grains[i], except the last, which takes the remainder."""
    n = len(grains)
    for _ in range(1000):
        w = [rnd.uniform(0.3, 1.7) for _ in range(n)]
        parts = [max(g, round(total * wi / sum(w) / g) * g) for wi, g in zip(w[:-1], grains[:-1])]
        last = total - sum(parts)
        if last >= total / n * 0.25:
            return parts + [last]
    raise SystemExit(f"cannot split {total} into {n}")


def generic(rnd, pi, targets, n_rows, templates):
    """Payments whose cumulative total hits targets (fractions of the budget at the
    five cutoffs) to the fen.  templates: (memo, payee, econ, grain in fen); the
    last template must have grain 1 (it takes each period's remainder)."""
    budget_fen = PROJECTS[pi][2] * 100
    out, lo, done = [], D(1, 1), 0
    for cut, frac in zip(CUTOFFS, targets):
        total = round(budget_fen * frac * rnd.uniform(0.996, 1.004)) - done
        k = max(1, round(n_rows * total / (budget_fen * targets[-1])))
        tpls = [rnd.choice(templates[:-1] or templates) for _ in range(k - 1)] + [templates[-1]]
        rnd.shuffle(tpls)
        tpls.sort(key=lambda t: t[3] == 1)  # a fen-grained template last, for the remainder
        days = sorted(rnd.choice(working_days(lo + dt.timedelta(1), cut)) for _ in range(k))
        amounts = split(rnd, total, [t[3] for t in tpls])
        order = list(range(k))
        rnd.shuffle(order)
        for d, j in zip(days, order):
            memo, payee, econ, _ = tpls[j]
            out.append(Pay(d, pi, amounts[j], memo.format(m=d.month), payee, econ))
        done += total
        lo = cut
    return out


def build(rnd):
    pays = []
    add = pays.append

    def reversal(orig, d, reason, new_fen=None, credit=False):
        """A red-ink reversal of orig and, unless new_fen is 0, the corrected re-payment."""
        add(Pay(d, orig.proj, -orig.fen, "冲销{ref}" + reason, orig.payee, orig.econ, ref=orig))
        if new_fen != 0:
            add(Pay(d if orig.proj in LEDGER_PROJECTS else next_wd(d), orig.proj,
                    orig.fen if new_fen is None else new_fen, orig.memo + "（更正后重新支付）",
                    orig.payee, orig.econ))

    # --- ledger family: three small projects booked in the accounting software
    pays += generic(rnd, P_JYW, [.215, .52, .56, .77, .955], 30, [
        ("支付见义勇为人员慰问金", "", "30305", 50000),
        ("支付见义勇为表彰奖励金", "", "30309", 100000),
        ("支付见义勇为事迹宣传品印制费", "", "30202", 1),
        ("支付见义勇为人员意外伤害保险费", "", "30299", 1),
        ("支付见义勇为宣传展板制作费", "", "30202", 1)])
    pays += generic(rnd, P_SHCE, [.27, .40, .44, .66, .847], 32, [
        ("支付常态化扫黑除恶宣传材料印制费", "", "30202", 1),
        ("支付涉黑涉恶举报奖励金", "", "30309", 50000),
        ("报销线索核查差旅费", "", "30211", 1),
        ("支付扫黑除恶专项培训费", "", "30216", 1),
        ("购置扫黑办办公用品", "", "30201", 1)])
    pays += generic(rnd, P_SQJW, [.06, .27, .335, .84, .968], 30, [
        ("支付暑期警卫执勤人员伙食补助", "", "30299", 100),
        ("支付对讲机租赁费", "", "30214", 100),
        ("支付暑期执勤点防暑降温用品费", "", "30218", 1),
        ("支付警卫任务人员服装采购款", "", "30218", 1),
        ("支付执勤车辆燃油费", "", "30231", 1)])
    # one voucher with lines for two projects (the same voucher number twice in April)
    add(Pay(D(4, 17), P_SHCE, 1864_00, "支付扫黑除恶、见义勇为宣传册印制费", "", "30202", group="apr-print"))
    add(Pay(D(4, 17), P_JYW, 1236_50, "支付扫黑除恶、见义勇为宣传册印制费", "", "30202", group="apr-print"))
    # a red-ink reversal of a wrong amount, then the right one, inside January-June
    wrong = Pay(D(4, 9), P_SHCE, 4860_00, "支付扫黑除恶专项培训费", "", "30216")
    add(wrong)
    reversal(wrong, D(4, 16), "（金额有误）", 4680_00)
    # a refund booked on the credit side in July (only in the January-July ledger)
    add(Pay(D(7, 8), P_JYW, -1260_00, "收回多付见义勇为表彰会务费", "", "30299", credit=True))

    # --- treasury family
    pays += generic(rnd, P_JFZX, [.26, .55, .585, .78, .98], 40, [
        ("联合接访中心办公用品采购", "玉田县某商贸有限公司", "30201", 1),
        ("反邪教警示教育宣传品印制", "玉田县某印刷厂", "30202", 1),
        ("信访稳定工作差旅费", "公务卡还款", "30211", 1),
        ("接访中心值班人员误餐补助", "玉田县某餐饮服务部", "30299", 100),
        ("反邪教宣传展板制作", "唐山某文化传媒有限公司", "30202", 1)])
    pays += generic(rnd, P_XFJZ, [.12, .34, .37, .62, .87], 45, [
        ("涉法涉诉信访救助金", f"{s}某{t}", "30399", 10000)
        for s, t in zip("张李王刘赵孙周吴郑马", ["某", "", "某", "", "某", "", "某", "", "某", ""])
    ] + [("涉法涉诉信访救助金（按上年度职工月平均工资计算）", "陈某某", "30399", 1)])
    pays += generic(rnd, P_ZZZX, [.24, .55, .58, .77, .97], 62, [
        ("综治中心运行维护费", "玉田县某物业服务有限公司", "30209", 1),
        ("平安建设宣传品印制", "玉田县某印刷厂", "30202", 1),
        ("网格员业务培训费", "中共玉田县委党校", "30216", 1),
        ("综治中心办公设备购置", "唐山某办公设备有限公司", "31002", 1),
        ("矛盾纠纷调解员劳务补贴", "个人（批量）", "30226", 100),
        ("平安建设督导检查差旅费", "公务卡还款", "30211", 1)])
    pays += generic(rnd, P_ZFW, [.25, .52, .56, .78, .985], 52, [
        ("政法网运维服务费（{m}月）", "河北某科技有限公司", "30213", 100),
        ("政法网核心交换机维修", "唐山某网络工程有限公司", "30213", 1),
        ("政法网网络安全设备升级服务费", "河北某信息安全技术有限公司", "30213", 1),
        ("政法网终端配件更换", "唐山某网络工程有限公司", "30213", 1)])
    pays += generic(rnd, P_SPJK, [.27, .53, .57, .76, .95], 66, [
        ("重点部位视频监控维护费（{m}月）", "唐山某安防工程有限公司", "30213", 100),
        ("监控摄像机更换", "唐山某安防工程有限公司", "30213", 1),
        ("监控点位电费", "国网冀北电力有限公司玉田县供电分公司", "30206", 1),
        ("监控线路迁改费", "玉田县广电公司", "30213", 1),
        ("监控存储硬盘采购", "唐山某安防工程有限公司", "30218", 1)])

    # 社会治理智能化平台建设项目经费: contract signed in August, nothing paid before.
    # Three lots, 30 % advance, 40 % progress, 25 % on acceptance, 5 % retained.
    lots = [("平台软件", "河北某智能科技有限公司", 236800_00),
            ("服务器及存储设备", "唐山某信息技术有限公司", 148650_00),
            ("前端感知设备", "唐山某安防工程有限公司", 93150_00)]
    for k, (what, payee, price) in enumerate(lots):
        for d, share, stage in [(D(9, 3 + k), 30, "预付款"), (D(10, 21 + k), 40, "进度款"),
                                (D(12, 22 + k), 25, "验收款")]:
            add(Pay(d, P_PT, price * share // 100, f"社会治理智能化平台{what}{stage}（合同价{share}%）",
                    payee, "31007"))
    add(Pay(D(9, 12), P_PT, 7179_00, "智能化平台建设监理费（50%）", "河北某工程监理有限公司", "30227"))
    add(Pay(D(12, 26), P_PT, 7179_00, "智能化平台建设监理费（尾款）", "河北某工程监理有限公司", "30227"))
    add(Pay(D(12, 19), P_PT, 23572_00, "智能化平台网络安全等级保护测评费", "河北某信息安全测评中心", "30227"))

    # 严重精神障碍患者监护人以奖代补和责任险: the insurance premium in March,
    # the guardian awards per township for each half year.
    add(Pay(D(3, 18), P_JSZA, 1232 * 80_00, "严重精神障碍患者监护人责任险保费（1232人）",
            "中国人寿玉田支公司", "30299"))
    towns = ["玉田镇", "亮甲店镇", "鸦鸿桥镇", "窝洛沽镇", "石臼窝镇", "虹桥镇", "散水头镇",
             "林南仓镇", "林西镇", "杨家板桥镇", "彩亭桥镇", "孤树镇", "大安镇", "唐自头镇",
             "郭家屯镇", "杨家套镇", "林头屯乡", "潮洛窝乡", "陈家铺乡", "郭家桥乡"]
    w = [rnd.uniform(30, 95) for _ in towns]
    heads = [round(1232 * x / sum(w)) for x in w]
    heads[-1] += 1232 - sum(heads)
    for half, days, drift in [("上半年", working_days(D(6, 9), D(6, 27)), 0),
                              ("下半年", working_days(D(11, 3), D(11, 28)), 1)]:
        for town, n in zip(towns, heads):
            n -= rnd.randint(0, 3) * drift  # guardians who moved away or died
            add(Pay(rnd.choice(days), P_JSZA, n * 120_00, f"{half}监护人以奖代补资金（{n}人）",
                    f"玉田县{town}人民政府", "30399"))
    for d, fen, memo in [(D(2, 20), 1486_50, "精神卫生宣传折页印制"), (D(3, 26), 968_00, "监护人培训会资料费"),
                         (D(7, 3), 1355_40, "精神卫生宣传折页印制"), (D(9, 24), 812_60, "监护人培训会资料费"),
                         (D(12, 10), 1126_30, "关爱帮扶宣传品印制")]:
        add(Pay(d, P_JSZA, fen, memo, "玉田县某印刷厂", "30202"))

    # 政法网光纤传输租赁费: 95 nodes x 200 yuan a month, paid monthly to three
    # carriers; in July the second half year is prepaid and a 96th node is leased
    # for a full year on top -- paid above the budget by mid-July.
    carriers = [("中国移动玉田分公司", 40), ("中国联通玉田分公司", 30), ("玉田县广电公司", 25)]
    for m in range(1, 7):
        days = working_days(D(m, 8), D(m, 22))
        for payee, nodes in carriers:
            p = Pay(rnd.choice(days), P_GX, nodes * 200_00, f"政法网光纤传输租赁费（{m}月，{nodes}个节点）",
                    payee, "30214")
            add(p)
            if m == 3 and nodes == 30:  # paid twice by mistake, the duplicate reversed
                dup = Pay(next_wd(p.date), P_GX, p.fen, p.memo, payee, "30214")
                add(dup)
                reversal(dup, next_wd(dup.date + dt.timedelta(2)), "（重复支付）", 0)
    for payee, nodes in carriers:
        add(Pay(D(7, 8), P_GX, nodes * 200_00 * 6, f"政法网光纤传输租赁费（7-12月，{nodes}个节点）", payee, "30214"))
    add(Pay(D(7, 10), P_GX, 2400_00, "新增县综治中心光纤节点全年租赁费", "中国移动玉田分公司", "30214"))
    add(Pay(D(7, 11), P_GX, 1386_50, "新增光纤节点接入施工费", "中国移动玉田分公司", "30214"))

    # 综治信息化系统建设经费: 812 grid workers x 39 yuan a month of phone fees,
    # billed by three carriers and paid the month after (December in December).
    # Paying in arrears leaves it behind the plan at mid-year.
    staff = {"中国移动玉田分公司": [421] * 2 + [420] * 10,
             "中国联通玉田分公司": [254] * 3 + [251] * 4 + [254] * 5,
             "中国电信玉田分公司": [137] * 8 + [135] * 4}
    fixed = {(6, "中国移动玉田分公司"): D(7, 10), (6, "中国联通玉田分公司"): D(7, 16),
             (6, "中国电信玉田分公司"): D(7, 17)}
    for m in range(1, 13):
        for payee, counts in staff.items():
            d = fixed.get((m, payee)) or rnd.choice(
                working_days(D(12, 22), D(12, 26)) if m == 12 else working_days(D(m + 1, 8), D(m + 1, 20)))
            p = Pay(d, P_ZZXX, counts[m - 1] * 39_00, f"{m}月网格员话费（{counts[m - 1]}人）", payee, "30207")
            add(p)
            if m == 3 and payee == "中国电信玉田分公司":  # paid to the wrong account
                p.date = D(4, 15)
                reversal(p, D(4, 17), "（收款账号错误）")

    # treasury reversals in other projects
    pick = lambda pi, lo, hi: next(p for p in pays if p.proj == pi and lo <= p.date <= hi and p.fen > 3000_00)  # noqa: E731
    # paid on 2025-03-28 in the first export, cancelled and paid again in the overlap with the second
    orig = pick(P_ZZZX, D(3, 1), D(3, 27))
    orig.date = D(3, 28)
    reversal(orig, D(4, 2), "（金额有误）", orig.fen - 72_00)
    orig = pick(P_ZFW, D(5, 6), D(5, 30))
    reversal(orig, next_wd(orig.date + dt.timedelta(3)), "（金额有误）", orig.fen - 1800_00)
    orig = pick(P_SPJK, D(9, 1), D(9, 20))
    reversal(orig, next_wd(orig.date + dt.timedelta(4)), "（收款账号错误）")

    # --- deliberately bad rows (written once each, never counted)
    add(Pay(dt.date(2024, 12, 28), P_ZZZX, 2350_00, "2024年综治宣传品印制尾款", "玉田县某印刷厂", "30202",
            bad="outside_year", number="ZF2024000187342"))
    add(Pay(D(5, 22), P_ZZZX, 6850_00, "教育整顿专题培训费", "中共玉田县委党校", "30216", bad="unknown_project",
            code_name=("13022925P00004010009K", "政法队伍教育整顿专项经费")))
    add(Pay(D(9, 17), P_SPJK, 12394_00, "监控摄像机更换", "唐山某安防工程有限公司", "30213", bad="bad_amount",
            raw_amount="12,3a4.00"))
    # the same 支付凭证号 in two exports with different amounts
    add(Pay(D(4, 8), P_JFZX, 3680_00, "反邪教警示教育宣传品印制", "玉田县某印刷厂", "30202", bad="conflict",
            alt_fen=3860_00))

    pays.sort(key=lambda p: p.date)  # stable: same-day payments keep their creation order
    number_treasury(rnd, pays)
    number_ledger(rnd, pays)
    return pays


def next_wd(d):
    d += dt.timedelta(1)
    while not working_day(d):
        d += dt.timedelta(1)
    return d


def number_treasury(rnd, pays):
    """支付凭证号: one county-wide sequence for the year, so this unit's numbers have gaps."""
    n = 100
    for p in pays:
        if p.ledger or p.number:
            continue
        n += rnd.randint(3, 45)
        p.number = f"ZF{YEAR}{n:09d}"
    for p in pays:
        if p.ref and not p.ledger:
            p.memo = p.memo.format(ref=f"{p.ref.number}号支付")


def number_ledger(rnd, pays):
    """记-0001 restarts every month; the unit's other vouchers take the numbers between."""
    n, month, groups = 0, None, {}
    for p in pays:
        if not p.ledger:
            continue
        if p.date.month != month:
            month, n = p.date.month, 0
        if p.group and p.group in groups:
            p.number = groups[p.group]
            continue
        n += rnd.randint(1, 9)
        p.number = f"记-{n:04d}"
        groups[p.group] = p.number
    for p in pays:
        if p.ref and p.ledger:
            p.memo = p.memo.format(ref=f"{p.ref.date.month}月{p.ref.number}号凭证")


# ----------------------------------------------------------------------------- files

def fmt_fen(fen, thousands=False):
    sign = "-" if fen < 0 else ""
    y, f = divmod(abs(fen), 100)
    return f"{sign}{y:,}.{f:02d}" if thousands else f"{sign}{y}.{f:02d}"


@dataclass
class TreasuryFile:
    name: str
    lo: dt.date
    hi: dt.date
    encoding: str
    slash_dates: bool = False   # 2025/7/14, as Excel writes a re-saved file
    thousands: bool = False     # 16,419.00
    total_row: bool = False     # a blank line, then 合计
    note: str = ""


TREASURY_FILES = [
    TreasuryFile("国库支付明细-2025-01-01至04-10.csv", D(1, 1), D(4, 10), "utf-8-sig",
                 note="first export of the year"),
    TreasuryFile("国库支付明细-2025-04-01至07-20.csv", D(4, 1), D(7, 20), "utf-8-sig", total_row=True,
                 note="ends with a blank line and a 合计 row"),
    TreasuryFile("国库支付明细-2025-07-15至12-31.csv", D(7, 15), D(12, 31), "utf-8-sig",
                 note="second half of the year"),
    TreasuryFile("国库支付明细-周报-2025-07-14至07-18.csv", D(7, 14), D(7, 18), "gbk", slash_dates=True,
                 thousands=True, note="weekly export re-saved in Excel: GBK, no BOM, dates 2025/7/14, "
                                      "amounts 5,343.00; every row repeats one in the files beside it"),
]
# which file holds each deliberately bad row (the conflict: both files, first amount first)
BAD_FILES = {"outside_year": [0], "unknown_project": [1], "bad_amount": [2], "conflict": [0, 1]}

LEDGER_FILES = [  # name, first month, last month
    ("项目明细账-2025-01-06.csv", 1, 6),
    ("项目明细账-2025-01-07.csv", 1, 7),
    ("项目明细账-2025-08-12.csv", 8, 12),
]
LEDGER_ENCODING = "gbk"
LEDGER_SUBJECT = ("71010102", "行政支出-财政拨款支出-项目支出")


def csv_line(cells):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(cells)
    return buf.getvalue()


def write_treasury(pays, bad_rows, out, messy):
    """Writes the treasury exports into `out`.  With `messy`, only the files
    that hold a deliberately bad row, with those rows in them (appended to
    `bad_rows`); without, every file and no bad row."""
    written = {}
    for fi, tf in enumerate(TREASURY_FILES):
        if messy and not any(fi in files for files in BAD_FILES.values()):
            continue
        rows = []
        for p in pays:
            if p.ledger:
                continue
            if p.bad:
                if not messy or fi not in BAD_FILES[p.bad]:
                    continue
            elif not tf.lo <= p.date <= tf.hi:
                continue
            rows.append(p)
        lines, total = [csv_line(TREASURY_HEADER)], 0
        for p in rows:
            fen = p.alt_fen if p.bad == "conflict" and fi == BAD_FILES["conflict"][1] else p.fen
            total += fen
            code, name = p.code_name or PROJECTS[p.proj][:2]
            date = f"{p.date.year}/{p.date.month}/{p.date.day}" if tf.slash_dates else p.date.isoformat()
            lines.append(csv_line([date, p.number, UNIT_CODE, UNIT_NAME, code, name,
                                   FUNCTION_CODE.get(p.proj, "2013602"), p.econ, p.payee, p.memo,
                                   p.raw_amount or fmt_fen(fen, tf.thousands), "一般公共预算资金"]))
            if p.bad:
                bad_rows.append((tf.name, len(lines), p.bad))
        if tf.total_row:
            lines.append("\r\n")
            lines.append(csv_line(["合计", "", "", "", "", "", "", "", "", f"共{len(rows)}笔",
                                   fmt_fen(total, tf.thousands), ""]))
        (out / tf.name).write_bytes("".join(lines).encode(tf.encoding, errors="strict"))
        written[tf.name] = rows
    return written


def write_ledgers(pays):
    rows_all = [p for p in pays if p.ledger]
    money = lambda fen: fmt_fen(fen, True) if fen else ""  # noqa: E731
    written = {}
    for name, m0, m1 in LEDGER_FILES:
        before = [p for p in rows_all if p.date.month < m0]
        year_debit = sum(p.fen for p in before if not p.credit)
        year_credit = sum(-p.fen for p in before if p.credit)
        balance = year_debit - year_credit
        out = [["项目明细账"] + [""] * 10,
               [f"单位：{UNIT_NAME}", "", "", "", f"期间：{YEAR}年{m0:02d}月至{YEAR}年{m1:02d}月",
                "", "", "", "", "", "单位：元"],
               [""] * 11,
               LEDGER_HEADER,
               ["", "", "期初余额", "", "", "", "", "", "", "借" if balance else "平", money(balance) or "0.00"]]
        for m in range(m0, m1 + 1):
            month_debit = month_credit = 0
            for p in (p for p in rows_all if p.date.month == m):
                debit, credit = (0, -p.fen) if p.credit else (p.fen, 0)
                balance += debit - credit
                month_debit += debit
                month_credit += credit
                code, pname = PROJECTS[p.proj][:2]
                out.append([f"{p.date.year}/{p.date.month}/{p.date.day}", p.number, p.memo, *LEDGER_SUBJECT,
                            code, pname, money(debit), money(credit), "借", money(balance) or "0.00"])
            year_debit += month_debit
            year_credit += month_credit
            for label, dr, cr in [("本月合计", month_debit, month_credit), ("本年累计", year_debit, year_credit)]:
                out.append(["", "", label, "", "", "", "", money(dr), money(cr), "借", money(balance) or "0.00"])
        text = "".join(csv_line(r) for r in out)
        (DATA / name).write_bytes(text.encode(LEDGER_ENCODING, errors="strict"))
        written[name] = [p for p in rows_all if m0 <= p.date.month <= m1]
    return written


def expected(pays):
    """Cumulative paid per project at each cutoff, in fen, from the integers written."""
    paid = [[0] * len(CUTOFFS) for _ in PROJECTS]
    for p in pays:
        if p.bad:
            continue
        for k, c in enumerate(CUTOFFS):
            if p.date <= c:
                paid[p.proj][k] += p.fen
    return paid


def write_fixtures(paid, bad_rows):
    FIXTURES.mkdir(parents=True, exist_ok=True)
    with open(FIXTURES / "sample_expected.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["project_code", "budget_fen"] + [f"paid_fen_{c.isoformat().replace('-', '_')}" for c in CUTOFFS])
        for (code, _, budget, _), row in zip(PROJECTS, paid):
            w.writerow([code, budget * 100, *row])
    with open(FIXTURES / "sample_bad_rows.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "line", "kind"])
        w.writerows(sorted(bad_rows))


# ----------------------------------------------------------------------------- story

def plan_pct(curve, d):
    knots = [(D(1, 1), 0.0)] + list(zip(CHECKPOINTS, map(float, curve)))
    for (d0, p0), (d1, p1) in zip(knots, knots[1:]):
        if d <= d1:
            return p0 + (p1 - p0) * (d - d0).days / (d1 - d0).days
    return float(curve[-1])


def status(paid_fen, budget_fen, plan):
    pct = 100 * paid_fen / budget_fen
    gap = plan - pct
    if paid_fen == 0:
        s = "not started (no payments)"
    elif pct > 100:
        s = "OVERSPENT"
    elif gap >= 10:
        s = "behind, red (>= 10 pts)"
    elif gap >= 5:
        s = "behind, yellow (5-10 pts)"
    elif gap > 0:
        s = "slightly behind (< 5 pts)"
    else:
        s = "on track"
    return pct, s


def story(paid, at):
    k = CUTOFFS.index(at)
    out = []
    for (code, name, budget, curve), row in zip(PROJECTS, paid):
        plan = plan_pct(curve, at)
        pct, s = status(row[k], budget * 100, plan)
        out.append((code, name, budget * 100, row[k], pct, plan, s))
    return out


def write_readme(treasury, ledgers, paid, bad_rows):
    def yuan(fen):
        return fmt_fen(fen, True)

    lines = [
        "# Sample payment exports, 2025",
        "",
        f"What finance staff of unit {UNIT_CODE} ({UNIT_NAME}) would drop into this folder for",
        "fiscal year 2025: treasury payment exports for nine of the seed's twelve projects and an",
        "accounting-software project ledger (项目明细账) for the other three. A project's payments",
        "come from one family only. Generated by `tools/make_sample_data.py` (deterministic); do",
        "not edit by hand. Exact expectations, in fen: `tests/fixtures/sample_expected.csv`",
        "(cumulative paid at 03-31, 06-30, 07-15, 10-31, 12-31). The files are clean: the rows a",
        "reader must quarantine are shown off in `examples/messy/` (see its README).",
        "",
        "## Files",
        "",
        "| file | style | encoding | covers | data rows | notes |",
        "| --- | --- | --- | --- | ---: | --- |",
    ]
    for tf in TREASURY_FILES:
        enc = {"utf-8-sig": "UTF-8 with BOM", "gbk": "GBK"}[tf.encoding]
        lines.append(f"| `{tf.name}` | treasury (国库集中支付) | {enc} | {tf.lo:%m-%d}..{tf.hi:%m-%d} | "
                     f"{len(treasury[tf.name])} | {tf.note} |")
    for name, m0, m1 in LEDGER_FILES:
        note = {1: "title lines, 期初余额 0; " + ("Jan-Jun again inside the Jan-Jul export" if m1 == 6 else
                                              "repeats every Jan-Jun line of the 01-06 file"),
                8: "期初余额 is the Jan-Jul balance (not a payment); 本年累计 counts from January"}[m0]
        lines.append(f"| `{name}` | ledger (项目明细账) | GBK | months {m0:02d}-{m1:02d} | "
                     f"{len(ledgers[name])} | {note} |")
    lines += [
        "",
        "Data rows: treasury rows are the payment lines (not the 合计 row); ledger rows are the",
        "dated voucher lines (not 期初余额 / 本月合计 / 本年累计).",
        "",
        "Ledger projects: " + ", ".join(f"{PROJECTS[i][1]} (`{PROJECTS[i][0]}`)" for i in LEDGER_PROJECTS) + ".",
        "",
        "## Overlaps (each payment counts once)",
        "",
        "- Treasury: the three period exports share 04-01..04-10 and 07-15..07-20; those lines are",
        "  byte-identical in both files. The",
        "  weekly export (07-14..07-18) repeats rows of the 04-01..07-20 and 07-15..12-31 files with",
        "  the same 支付凭证号, date and amount, written differently (2025/7/17, 5,343.00): payments",
        "  of 07-15..07-18 appear in three files. No 支付凭证号 appears twice within one file.",
        "- Ledger: `项目明细账-2025-01-07.csv` repeats every line of `项目明细账-2025-01-06.csv` from",
        "  the header to June's 本年累计 (only the 期间 title differs). Voucher numbers restart each",
        "  month (记-0005 in January and in March are different vouchers); one April voucher has",
        "  lines for two projects, so the same voucher number appears twice in a month.",
        "",
        f"## The story at {AS_OF} (plan: linear between checkpoints, 0 % on 1 January)",
        "",
        "| project | budget | paid | execution | plan | status |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for code, name, budget_fen, paid_fen, pct, plan, s in story(paid, AS_OF):
        lines.append(f"| {name} | {yuan(budget_fen)} | {yuan(paid_fen)} | {pct:.2f} % | {plan:.2f} % | {s} |")
    june = {code: (pct, plan) for code, _, _, _, pct, plan, _ in story(paid, D(6, 30))}
    dec = {code: pct for code, _, _, _, pct, _, _ in story(paid, D(12, 31))}
    lines += [
        "",
        "Behind at the June checkpoint: " + "; ".join(
            f"{name} {june[code][0]:.2f} % vs {june[code][1]:.0f} %" for code, name, *_ in PROJECTS
            if june[code][0] < june[code][1]) + ". 政法网光纤传输租赁费 is at exactly 50.00 % on 06-30,",
        "equal to the plan (on track; execution below plan is what counts as behind).",
        "At 12-31: " + ", ".join(f"{name} {dec[code]:.1f} %" for code, name, *_ in PROJECTS) + ".",
        "",
        "Why: 涉法涉诉信访救助基金 depends on case approvals and runs slow all year; 综治信息化系统建设经费",
        "pays the grid workers' phone bills a month in arrears; 政法网光纤传输租赁费 prepaid July-December",
        "on 07-08 and leased a 96th node for a full year on 07-10; 社会治理智能化平台建设项目经费 signed",
        "its contract in August (advance 09-03, 5 % retention kept past year end).",
        "",
        "## Also in the data",
        "",
        "- Reversals (红字冲销): negative treasury payments with their own 支付凭证号 and 摘要",
        "  冲销ZF…号支付, usually followed by a corrected re-payment (one of them: paid 03-28 in the",
        "  first export, reversed and re-paid 04-02/04-03 in the overlap); a duplicate lease payment",
        "  reversed without re-payment; in the ledger a red (negative) debit in April and a refund",
        "  on the credit side (贷方金额) in July, which reduces the amount paid.",
        "- Ledger amounts have thousands separators and are quoted; zero is an empty cell; dates",
        "  are 2025/4/17. The second title line holds both 单位：<unit> and 单位：元.",
        "- Files cover the whole year: at an as-of date, later payments must be ignored.",
        "- All files use CRLF line endings.",
        "",
    ]
    (DATA / "README.md").write_text("\n".join(lines), encoding="utf-8")


def write_messy_readme(bad_rows):
    lines = [
        "# A messy delivery: rows a reader must quarantine",
        "",
        "The three period treasury exports of `data/` as they might first arrive, with the",
        "mistakes finance staff send in: a payment dated in 2024, a project code nobody knows,",
        "an amount that is not a number, and one 支付凭证号 paid with two different amounts in two",
        "files. Generated by `tools/make_sample_data.py` with `data/`; do not edit by hand.",
        "",
        "```sh",
        "cargo run --release -- check --ledger examples/messy   # exit 1, every row below named",
        "```",
        "",
        "| file | line | kind |",
        "| --- | ---: | --- |",
    ]
    for f, ln, kind in sorted(bad_rows):
        lines.append(f"| `{f}` | {ln} | {kind} |")
    lines += [
        "",
        "Lines are physical and 1-based (the header is line 1). The conflict is one 支付凭证号 with",
        "3,680.00 in one file and 3,860.00 in the other: a reader counts neither until the exports",
        "are corrected. The 合计 row and the blank line before it are not payments and not bad rows.",
        "The same list, for the tests: `tests/fixtures/sample_bad_rows.csv`.",
        "",
    ]
    (MESSY / "README.md").write_text("\n".join(lines), encoding="utf-8")


# ----------------------------------------------------------------------------- check

AMOUNT = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)\.\d{2}")


def parse_fen(s):
    if not AMOUNT.fullmatch(s):
        return None
    sign = -1 if s.startswith("-") else 1
    y, f = s.lstrip("-").replace(",", "").split(".")
    return sign * (int(y) * 100 + int(f))


def parse_date(s):
    m = re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", s)
    return dt.date(*map(int, m.groups())) if m else None


def decode(path):
    b = path.read_bytes()
    if b.startswith(b"\xef\xbb\xbf"):
        return b[3:].decode("utf-8")
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b.decode("gb18030")


def read_treasury(folder, codes):
    """Reads the treasury exports in `folder` as a tool would: the rows a
    reader must quarantine, and every other row's versions by 支付凭证号."""
    found_bad, versions, raw, families = [], {}, {}, {}
    for tf in TREASURY_FILES:
        if not (folder / tf.name).exists():
            continue
        rows = list(csv.reader(io.StringIO(decode(folder / tf.name), newline="")))
        assert rows[0] == TREASURY_HEADER, tf.name
        for ln, r in enumerate(rows[1:], start=2):
            if not any(r) or r[0] == "合计":
                continue
            d, fen = parse_date(r[0]), parse_fen(r[10])
            kind = ("unknown_project" if r[4] not in codes else "bad_amount" if fen is None else
                    "outside_year" if d.year != YEAR else "")
            if kind:
                found_bad.append((tf.name, ln, kind))
                continue
            families.setdefault(r[4], set()).add("treasury")
            versions.setdefault(r[1], {}).setdefault((d, r[4], fen), []).append((tf.name, ln))
            raw.setdefault(r[1], set()).add(tuple(r) if not tf.slash_dates else None)
    for vs in versions.values():
        if len(vs) > 1:
            found_bad += [(f, ln, "conflict") for occ in vs.values() for f, ln in occ]
    return found_bad, versions, raw, families


def check(paid, bad_rows):
    """Read data/ back as a tool would and compare with the expectations; the
    messy example must hold exactly the bad rows."""
    codes = {c: i for i, (c, *_) in enumerate(PROJECTS)}
    got = [[0] * len(CUTOFFS) for _ in PROJECTS]

    def count(pi, d, fen, times=1):
        for k, c in enumerate(CUTOFFS):
            if d <= c:
                got[pi][k] += fen * times

    messy_bad = read_treasury(MESSY, codes)[0]
    assert sorted(messy_bad) == sorted(bad_rows), (sorted(messy_bad), sorted(bad_rows))
    found_bad, versions, raw, families = read_treasury(DATA, codes)
    assert not found_bad, f"bad rows in data/: {found_bad}"
    overlap_identical = overlap_reformatted = 0
    for number, vs in versions.items():
        (d, code, fen), occ = next(iter(vs.items()))
        if len({f for f, _ in occ}) != len(occ):
            raise SystemExit(f"{number} twice in one file")
        if len(occ) > 1:
            texts = raw[number] - {None}
            assert len(texts) == 1, f"{number}: overlapping lines differ: {texts}"
            overlap_identical += len([1 for f, _ in occ if "周报" not in f]) > 1
            overlap_reformatted += any("周报" in f for f, _ in occ)
        count(codes[code], d, fen)

    best = {}  # ledger line -> most times seen in one file
    for name, m0, m1 in LEDGER_FILES:
        rows = list(csv.reader(io.StringIO(decode(DATA / name), newline="")))
        h = next(i for i, r in enumerate(rows) if r[0] == "日期")
        assert rows[h] == LEDGER_HEADER and "单位：元" in rows[1]
        seen = {}
        for r in rows[h + 1:]:
            if not r[0]:
                assert r[2] in ("期初余额", "本月合计", "本年累计"), r
                continue
            seen[tuple(r)] = seen.get(tuple(r), 0) + 1
            families.setdefault(r[5], set()).add("ledger")
            assert m0 <= parse_date(r[0]).month <= m1
        for k, n in seen.items():
            best[k] = max(best.get(k, 0), n)
    shared_ledger = len(best)
    for r, n in best.items():
        fen = (parse_fen(r[7]) if r[7] else 0) - (parse_fen(r[8]) if r[8] else 0)
        count(codes[r[5]], parse_date(r[0]), fen, n)

    both = [c for c, f in families.items() if len(f) > 1]
    assert not both, f"projects in both families: {both}"
    assert got == paid, "read-back figures differ from the expectations"
    return overlap_identical, overlap_reformatted, shared_ledger


def main():
    rnd = random.Random(20250715)
    DATA.mkdir(parents=True, exist_ok=True)
    MESSY.mkdir(parents=True, exist_ok=True)
    for old in [*DATA.glob("*.csv"), *MESSY.glob("*.csv")]:
        old.unlink()
    pays = build(rnd)
    bad_rows = []
    treasury = write_treasury(pays, [], DATA, messy=False)
    write_treasury(pays, bad_rows, MESSY, messy=True)
    write_messy_readme(bad_rows)
    ledgers = write_ledgers(pays)
    paid = expected(pays)
    write_fixtures(paid, bad_rows)
    write_readme(treasury, ledgers, paid, bad_rows)
    same, reformatted, ledger_lines = check(paid, bad_rows)

    size = sum(p.stat().st_size for p in DATA.iterdir())
    print(f"wrote {len(list(DATA.glob('*.csv')))} exports ({size // 1024} KiB) to {DATA}; "
          f"{same} treasury payments repeated byte-identically across period exports, "
          f"{reformatted} repeated in the Excel-saved weekly export; {ledger_lines} distinct ledger lines")
    for code, name, _, paid_fen, pct, plan, s in story(paid, AS_OF):
        print(f"  {name:<22} {pct:7.2f} % vs plan {plan:6.2f} %  {s}", file=sys.stderr)
    print("read back: figures and bad rows match the expectations", file=sys.stderr)


if __name__ == "__main__":
    main()
