//! Rule tables for the planner: each case is one situation a finance office
//! meets, run through real progress figures (polars) and the pure planner.

use std::collections::BTreeMap;

use super::*;
use crate::base::dates::cn_date;
use crate::ledger::DailyTotal;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// One project P1 (budget 1,000.00, plan 25/50/75/100 at the quarter-ish
/// checkpoints), owner 张三, head 王五, office 财务科; `extra` is appended to
/// settings.toml (exemptions...).
fn config(extra: &str) -> Config {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(
        cfg.join("settings.toml"),
        format!("fiscal_year = 2025\n{extra}"),
    )
    .unwrap();
    std::fs::write(
        cfg.join("projects.toml"),
        "[department]\nunit_name = \"测试单位\"\n\
         head = { name = \"王五\", email = \"head@example.org\" }\n\
         office = { name = \"财务科\", email = \"office@example.org\" }\n\
         [[project]]\ncode = \"P1\"\nname = \"测试项目\"\nbudget = \"1000.00\"\n\
         owner = { name = \"张三\", email = \"zs@example.org\" }\nplan = [\
         { date = 2025-03-31, percent = 25 }, { date = 2025-06-30, percent = 50 },\
         { date = 2025-10-31, percent = 75 }, { date = 2025-12-31, percent = 100 }]\n",
    )
    .unwrap();
    crate::config::load(&crate::config::LoadOptions {
        config_dir: cfg,
        projects: None,
        default_year: 2025,
    })
    .unwrap()
}

fn daily(payments: &[(&str, i64)]) -> Vec<DailyTotal> {
    let mut v: Vec<DailyTotal> = payments
        .iter()
        .map(|(day, fen)| DailyTotal {
            project: 0,
            day: crate::base::dates::day_index(d(day)),
            fen: *fen,
            payments: 1,
        })
        .collect();
    v.sort_by_key(|t| (t.project, t.day));
    v
}

/// Runs the planner for one night and applies its changes to `memory`.
struct World {
    cfg: Config,
    payments: Vec<(&'static str, i64)>,
    memory: BTreeMap<Key, Remembered>,
    year_end_sent: bool,
}

impl World {
    fn new(extra: &str, payments: &[(&'static str, i64)]) -> World {
        World {
            cfg: config(extra),
            payments: payments.to_vec(),
            memory: BTreeMap::new(),
            year_end_sent: false,
        }
    }

    fn night(&mut self, as_of: &str) -> Plan {
        let now = crate::progress::compute(&self.cfg, &daily(&self.payments), d(as_of)).unwrap();
        let plan = plan(&Night {
            config: &self.cfg,
            now: &now,
            remembered: &self.memory,
            year_end_sent: self.year_end_sent,
            monthly: vec![],
            new_problems: vec![],
        });
        for c in &plan.changes {
            self.memory.insert(c.key.clone(), c.next.clone());
        }
        self.year_end_sent |= plan.year_end;
        plan
    }

    /// Every night from..=to; returns (date, recipient, kinds) of each message.
    fn nights(&mut self, from: &str, to: &str) -> Vec<(String, String, Vec<&'static str>)> {
        let mut out = Vec::new();
        let mut day = d(from);
        while day <= d(to) {
            let p = self.night(&day.to_string());
            for m in p.messages {
                out.push((
                    day.to_string(),
                    m.to.email.clone(),
                    m.kinds.iter().map(|k| k.code()).collect(),
                ));
            }
            day = day.succ_opt().unwrap();
        }
        out
    }
}

fn to_owner(msgs: &[(String, String, Vec<&'static str>)]) -> Vec<(String, Vec<&'static str>)> {
    msgs.iter()
        .filter(|m| m.1 == "zs@example.org")
        .map(|m| (m.0.clone(), m.2.clone()))
        .collect()
}

#[test]
fn checkpoint_warns_only_yellow_and_red_at_the_checkpoint() {
    // (paid by 03-31 in fen of 100,000, warned?, level, head told?)
    let cases = [
        (25_000, false, None, false),               // on plan
        (20_001, false, None, false),               // 4.999 points behind: 略低于计划
        (20_000, true, Some(Level::Yellow), false), // 5 points: yellow
        (15_000, true, Some(Level::Red), true),     // 10 points: red, head told
        (0, true, Some(Level::Red), true),          // nothing paid: red, not "no payments"
    ];
    for (paid, warned, level, head) in cases {
        let pay: &'static [(&'static str, i64)] =
            Box::leak(vec![("2025-03-01", paid)].into_boxed_slice());
        let mut w = World::new("", if paid == 0 { &[] } else { pay });
        let p = w.night("2025-03-31");
        let owner = p.messages.iter().find(|m| m.to.email == "zs@example.org");
        assert_eq!(owner.is_some(), warned, "{paid}");
        let key = Key {
            project: "P1".into(),
            kind: Kind::Checkpoint,
            reason: "2025-03-31".into(),
        };
        assert_eq!(w.memory.get(&key).map(|r| r.level), level, "{paid}");
        let to_head = p
            .messages
            .iter()
            .any(|m| m.to.email == "head@example.org" && m.kinds == [EmailKind::Escalation]);
        assert_eq!(to_head, head, "{paid}");
        if let Some(m) = owner {
            assert_eq!(m.kinds, [EmailKind::Checkpoint]);
            let text: Vec<&String> = m.context.sections[0].blocks[0].lines.iter().collect();
            assert!(text[0].starts_with("截至2025年3月31日："), "{text:?}");
            assert!(
                text[1].starts_with("节点 2025年3月31日：计划 25.00%"),
                "{text:?}"
            );
            assert!(
                m.context.closing[0].contains("2025年4月15日"),
                "10 working days: {:?}",
                m.context.closing
            );
            assert!(m.context.closing[0].contains("财务科（office@example.org）"));
        }
        // The same night again: nothing.
        assert!(w.night("2025-03-31").messages.is_empty(), "{paid}");
    }
}

#[test]
fn checkpoint_repeats_while_behind_until_the_next_window() {
    // 20 % at 03-31 and nothing more: yellow, then red by today's figures.
    let mut w = World::new("", &[("2025-03-01", 20_000)]);
    let got = to_owner(&w.nights("2025-03-31", "2025-07-01"));
    let dates: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
    // First on the checkpoint, repeats every 30 days, none once the 06-30
    // window opens (06-15); early reminder inside it; then the 06-30 checkpoint.
    assert_eq!(
        got,
        vec![
            ("2025-03-31".into(), vec!["checkpoint"]),
            ("2025-04-30".into(), vec!["checkpoint"]),
            ("2025-05-30".into(), vec!["checkpoint"]),
            ("2025-06-15".into(), vec!["early"]),
            ("2025-06-30".into(), vec!["checkpoint"]),
        ],
        "{dates:?}"
    );
}

#[test]
fn a_project_that_catches_up_is_not_repeated() {
    let mut w = World::new("", &[("2025-03-01", 20_000), ("2025-04-10", 30_000)]);
    let got = to_owner(&w.nights("2025-03-31", "2025-06-10"));
    assert_eq!(got, vec![("2025-03-31".into(), vec!["checkpoint"])]);
    let key = Key {
        project: "P1".into(),
        kind: Kind::Checkpoint,
        reason: "2025-03-31".into(),
    };
    assert_eq!(w.memory[&key].state, State::Resolved);
}

#[test]
fn early_reminder_once_per_window_again_only_when_worse() {
    // On plan at 03-31 (25 %), then nothing: behind by the curve in June.
    let mut w = World::new("", &[("2025-03-01", 25_000)]);
    let got = to_owner(&w.nights("2025-06-01", "2025-06-29"));
    // Window opens 06-15: one reminder (yellow by then), again when red.
    let early: Vec<&(String, Vec<&str>)> = got.iter().filter(|g| g.1 == ["early"]).collect();
    assert!(!early.is_empty() && early.len() <= 2, "{got:?}");
    assert_eq!(early[0].0, "2025-06-15");
    assert_eq!(got.len(), early.len(), "{got:?}");
}

#[test]
fn overspend_once_then_only_when_it_grows() {
    // budget 1,000.00; growth threshold 1 % = 10.00 yuan.
    let cases: [(&[(&'static str, i64)], usize); 3] = [
        // 5.00 over, then 5.00 more (not > 10.00): one email.
        (&[("2025-02-01", 100_500), ("2025-02-10", 500)], 1),
        // 5.00 over, then 10.01 more: two.
        (&[("2025-02-01", 100_500), ("2025-02-10", 1_001)], 2),
        // over, reversed (resolved), over again: two.
        (
            &[
                ("2025-02-01", 100_500),
                ("2025-02-05", -1_000),
                ("2025-02-10", 1_000),
            ],
            2,
        ),
    ];
    for (pay, want) in cases {
        let mut w = World::new("", pay);
        let got = to_owner(&w.nights("2025-02-01", "2025-02-20"));
        let n = got.iter().filter(|g| g.1.contains(&"overspend")).count();
        assert_eq!(n, want, "{pay:?}: {got:?}");
    }
}

#[test]
fn one_message_per_recipient_most_severe_first() {
    // Overspent at 03-31 is never behind; use red at 06-30 plus early? No:
    // a yellow checkpoint and an overspend cannot coincide for one project,
    // so check the head's message: escalation and year-end together.
    let mut w = World::new("", &[]);
    w.nights("2025-03-31", "2025-12-30");
    let p = w.night("2025-12-31");
    let mut per: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &p.messages {
        *per.entry(m.to.email.as_str()).or_default() += 1;
    }
    assert!(per.values().all(|&n| n == 1), "{per:?}");
    // Every project a message writes out is recorded as an item (and so
    // is in the 项目清单 a long message attaches).
    for m in &p.messages {
        let blocks: usize = m.context.sections.iter().map(|s| s.blocks.len()).sum();
        assert_eq!(blocks, m.items.len(), "{} {:?}", m.to.email, m.kinds);
    }
    let owner = p
        .messages
        .iter()
        .find(|m| m.to.email == "zs@example.org")
        .unwrap();
    assert_eq!(owner.kinds, [EmailKind::Checkpoint, EmailKind::YearEnd]);
    let head = p
        .messages
        .iter()
        .find(|m| m.to.email == "head@example.org")
        .unwrap();
    assert_eq!(head.kinds, [EmailKind::Escalation, EmailKind::YearEnd]);
    assert_eq!(head.context.kinds, ["escalation", "year_end"]);
    let balance = &head.context.sections[1].paragraphs;
    assert!(
        balance
            .iter()
            .any(|l| l.contains("结转结余合计 1,000.00 元")),
        "{balance:?}"
    );
}

#[test]
fn after_the_year_end_no_execution_warning() {
    let mut w = World::new("", &[("2025-03-01", 1_000)]);
    w.nights("2025-12-30", "2025-12-31");
    assert!(w.year_end_sent);
    let later = w.nights("2026-01-01", "2026-02-28");
    assert!(later.is_empty(), "{later:?}");
}

#[test]
fn head_and_office_only_hear_what_is_new() {
    let mut w = World::new("", &[("2025-03-01", 20_000)]);
    let msgs = w.nights("2025-03-31", "2025-05-31");
    let head: Vec<_> = msgs.iter().filter(|m| m.1 == "head@example.org").collect();
    assert!(head.is_empty(), "yellow never goes to the head: {head:?}");
    let office: Vec<_> = msgs
        .iter()
        .filter(|m| m.1 == "office@example.org")
        .collect();
    // The new alert on 03-31; repeats are not news.
    assert_eq!(office.len(), 1, "{office:?}");
    assert_eq!(office[0].0, "2025-03-31");
    assert_eq!(office[0].2, ["office"]);
}

#[test]
fn an_expired_exemption_is_judged_afresh() {
    let ex = "[[exemption]]\nproject = \"P1\"\nreason = \"合同5月签订\"\nuntil = 2025-05-15\n";
    // Still behind when the exemption ends: one warning, today's figures.
    let mut w = World::new(ex, &[("2025-03-01", 20_000)]);
    let got = to_owner(&w.nights("2025-03-31", "2025-05-31"));
    assert_eq!(got, vec![("2025-05-16".into(), vec!["checkpoint"])]);
    let mut w2 = World::new(ex, &[("2025-03-01", 20_000)]);
    w2.nights("2025-03-31", "2025-05-15");
    let p = w2.night("2025-05-16");
    let m = p
        .messages
        .iter()
        .find(|m| m.to.email == "zs@example.org")
        .unwrap();
    let lines = &m.context.sections[0].blocks[0].lines;
    assert!(lines[0].starts_with("截至2025年5月16日："), "{lines:?}");
    assert!(m.context.sections[0].blocks[0]
        .heading
        .contains("情况说明期满"));
    // Caught up meanwhile: nothing is replayed.
    let mut w = World::new(ex, &[("2025-03-01", 20_000), ("2025-05-01", 30_000)]);
    let got = to_owner(&w.nights("2025-03-31", "2025-05-31"));
    assert!(got.is_empty(), "{got:?}");
}

/// The night of 2025-07-01 with June's monthly emails due (P1 paid 200.00
/// on 03-01; two checkpoint warnings sent in June) and `problems` new.
fn july_first(cfg: &Config, problems: &[&str]) -> Plan {
    let dl = daily(&[("2025-03-01", 20_000)]);
    let now = crate::progress::compute(cfg, &dl, d("2025-07-01")).unwrap();
    let june = crate::progress::compute(cfg, &dl, d("2025-06-30")).unwrap();
    plan(&Night {
        config: cfg,
        now: &now,
        remembered: &BTreeMap::new(),
        year_end_sent: false,
        monthly: vec![MonthlyDue {
            period: "2025-06".into(),
            month_end: d("2025-06-30"),
            progress: june,
            sent: vec![("checkpoint".into(), 2)],
        }],
        new_problems: problems.iter().map(|p| p.to_string()).collect(),
    })
}

#[test]
fn monthly_reports_the_month_just_ended() {
    let cfg = config("");
    let p = july_first(&cfg, &["a.csv:3: bad date"]);
    let owner = p
        .messages
        .iter()
        .find(|m| m.kinds == [EmailKind::Monthly])
        .unwrap();
    assert!(owner.context.subject.contains("截至6月末"));
    assert!(owner.context.sections[0].blocks[0].lines[0].starts_with("截至2025年6月30日："));
    assert_eq!(owner.report_month_end, Some(d("2025-06-30")));
    let digest = p
        .messages
        .iter()
        .find(|m| m.kinds == [EmailKind::Digest])
        .unwrap();
    let text = digest.context.sections[0].paragraphs.join("\n");
    assert!(text.contains("节点预警 2 封"), "{text}");
    assert!(digest.context.sections[0].blocks[0]
        .heading
        .contains("红色预警"));
    let office = p
        .messages
        .iter()
        .find(|m| m.to.email == "office@example.org")
        .unwrap();
    assert!(office.context.sections[0]
        .paragraphs
        .iter()
        .any(|l| l.contains("a.csv:3: bad date")));
}

#[test]
fn wording() {
    let dec = |s: &str| s.parse::<Decimal>().unwrap();
    assert_eq!(cn_date(d("2025-06-30")), "2025年6月30日");
    assert_eq!(gap_words(dec("-18.015")), "落后 18.02 个百分点");
    assert_eq!(gap_words(dec("3")), "超前 3.00 个百分点");
    assert_eq!(gap_words(dec("0.001")), "与计划持平");
    assert_eq!(yuan(Fen(23_178_650)), "231,786.50 元");
    assert_eq!(
        yuan_wan(Fen(100_000_000)),
        "1,000,000.00 元（100.0000 万元）"
    );
    assert_eq!(per_day_up(Fen(100), 3), Fen(34));
    assert!(pace_short(Fen(3_000), 10, Fen(4_000), Decimal::from(2)));
    assert!(!pace_short(Fen(3_000), 10, Fen(4_500), Decimal::from(2)));
}

#[test]
fn monthly_goes_on_the_first_working_day_for_the_month_just_ended() {
    let cal = crate::base::calendar::Calendar::builtin();
    let s = crate::schedule::parse_cron("0 8 1 * *").unwrap();
    let due = |last: Option<&str>, as_of: &str| -> Vec<String> {
        monthly_periods(&s, &cal, 2025, last.map(d), d(as_of))
            .into_iter()
            .map(|(p, end)| format!("{p}@{end}"))
            .collect()
    };
    // (last run, tonight, due)
    let cases: [(Option<&str>, &str, &[&str]); 10] = [
        // January of the fiscal year: December of the year before is not reported.
        (Some("2024-12-31"), "2025-01-02", &[]),
        // 02-01 is in the Spring Festival: due 02-05, not before.
        (Some("2025-01-31"), "2025-02-04", &[]),
        (Some("2025-02-04"), "2025-02-05", &["2025-01@2025-01-31"]),
        (Some("2025-02-05"), "2025-02-06", &[]),
        // 03-01 is a Saturday: Monday 03-03.
        (Some("2025-03-01"), "2025-03-02", &[]),
        (Some("2025-03-02"), "2025-03-03", &["2025-02@2025-02-28"]),
        // National Day: 10-09.
        (Some("2025-10-08"), "2025-10-09", &["2025-09@2025-09-30"]),
        // Missed nights: caught up once.
        (Some("2025-06-20"), "2025-07-10", &["2025-06@2025-06-30"]),
        // A fresh install sends only tonight's.
        (None, "2025-07-02", &[]),
        // The next January still sends December (01-04 2026 is a 调休 Sunday).
        (Some("2026-01-03"), "2026-01-04", &["2025-12@2025-12-31"]),
    ];
    for (last, as_of, want) in cases {
        assert_eq!(due(last, as_of), want, "{last:?} {as_of}");
    }
    assert_eq!(due(None, "2025-07-01"), ["2025-06@2025-06-30"]);
}

/// A message of `sizes[k]` blocks in section k (gaps counting down, two
/// blocks to a gap with the odd one the smaller budget, so sorting has
/// work to do) naming one item per block.
fn long_message(sizes: &[usize]) -> Message {
    let kinds = [
        EmailKind::Overspend,
        EmailKind::Checkpoint,
        EmailKind::Early,
    ];
    let mut items = Vec::new();
    let sections = sizes
        .iter()
        .zip(kinds)
        .map(|(&n, kind)| Section {
            kind: kind.code().into(),
            title: format!("【{}】", kind.label()),
            paragraphs: vec!["说明".into()],
            blocks: (0..n)
                .map(|i| {
                    let code = format!("{}-{i}", kind.code());
                    items.push(Item {
                        project: code.clone(),
                        kind,
                        level: "红色预警".into(),
                        figures: String::new(),
                        exemption: None,
                    });
                    Block {
                        heading: code,
                        lines: Vec::new(),
                        rank: (Decimal::from(-(i as i64) / 2), i as i64 % 2),
                    }
                })
                .collect(),
        })
        .collect();
    Message {
        dedup_key: "k".into(),
        to: Person::new("李明", "liming@example.org"),
        kinds: kinds[..sizes.len()].to_vec(),
        context: Context {
            kinds: Vec::new(),
            recipient: "李明".into(),
            department: "测试单位".into(),
            as_of: "2025年6月30日".into(),
            subject: "测试".into(),
            sections,
            closing: Vec::new(),
            prefix: None,
        },
        projects: Vec::new(),
        items,
        report_month_end: None,
        full_list: false,
    }
}

#[test]
fn a_message_within_the_limit_is_left_as_built() {
    let mut m = long_message(&[40, MAX_LISTED - 40]);
    let before = m.context.sections.clone();
    fit(Lang::Zh, &mut m);
    assert_eq!(m.context.sections, before);
    assert!(!m.full_list);
}

#[test]
fn a_long_message_lists_the_most_behind_of_each_section_in_order() {
    let mut m = long_message(&[30, 120, 10]);
    fit(Lang::Zh, &mut m);
    assert!(m.full_list);
    assert_eq!(m.items.len(), 160, "every item stays in the record");
    let s = &m.context.sections;
    let counts: Vec<usize> = s.iter().map(|s| s.blocks.len()).collect();
    assert_eq!(counts, [30, MAX_LISTED - 30, 0]);
    // Lowest rank first: the most behind (built last), and at the same
    // gap the one with the larger budget (even i here).
    assert_eq!(s[0].blocks[0].heading, "overspend-28");
    assert_eq!(s[0].blocks[1].heading, "overspend-29");
    assert_eq!(s[1].blocks[0].heading, "checkpoint-118");
    assert_eq!(s[1].blocks[69].heading, "checkpoint-51");
    assert!(s[1].blocks.windows(2).all(|w| w[0].rank <= w[1].rank));
    // A section listed whole says nothing more; the others say how many
    // they have and where the rest are.
    assert_eq!(s[0].paragraphs, ["说明"]);
    assert_eq!(
        s[1].paragraphs[1],
        "本类共 120 个项目，以下列出最需关注的 70 个；全部项目见附件《项目清单》。"
    );
    assert_eq!(
        s[2].paragraphs[1],
        "本类共 10 个项目，均见附件《项目清单》。"
    );
}

// ---------------------------------------------------------------- English

const EN: &str = "[email]\nlanguage = \"en\"\n";

/// Everything a person reads in a message: subject, sections, closing,
/// and what the 项目清单 would list.
fn all_text(m: &Message) -> String {
    let c = &m.context;
    let mut out = vec![c.subject.clone(), c.as_of.clone()];
    for s in &c.sections {
        out.push(s.title.clone());
        out.extend(s.paragraphs.iter().cloned());
        for b in &s.blocks {
            out.push(b.heading.clone());
            out.extend(b.lines.iter().cloned());
        }
    }
    out.extend(c.closing.iter().cloned());
    for it in &m.items {
        out.push(it.level.clone());
        out.push(it.figures.clone());
        out.extend(it.exemption.iter().cloned());
    }
    out.join("\n")
}

/// Fails on any Chinese character or full-width punctuation left once the
/// names from the config (project, unit, people, exemption reason) are
/// taken out.
fn assert_english(text: &str) {
    let mut rest = text.to_string();
    for name in [
        "测试项目",
        "测试单位",
        "张三",
        "王五",
        "财务科",
        "已获批调剂",
    ] {
        rest = rest.replace(name, "");
    }
    let cjk: Vec<char> = rest
        .chars()
        .filter(|c| matches!(*c as u32, 0x3000..=0x303F | 0x3400..=0x9FFF | 0xFF00..=0xFFEF))
        .collect();
    assert!(cjk.is_empty(), "Chinese left {cjk:?} in:\n{text}");
}

#[test]
fn an_english_checkpoint_warning_is_english_throughout() {
    // 10 points behind at 03-31: red, so the head is told too.
    let mut w = World::new(EN, &[("2025-03-01", 15_000)]);
    let p = w.night("2025-03-31");
    assert_eq!(p.messages.len(), 3, "owner, head, office");
    let owner = p
        .messages
        .iter()
        .find(|m| m.to.email == "zs@example.org")
        .unwrap();
    let c = &owner.context;
    assert_eq!(
        c.subject,
        "Projects behind plan at a checkpoint: 1 (31 March 2025)"
    );
    assert_eq!(c.as_of, "31 March 2025");
    assert_eq!(c.sections[0].title, "[Checkpoint warning]");
    assert!(c.sections[0].paragraphs[0].contains("5 or more percentage points behind plan"));
    let b = &c.sections[0].blocks[0];
    assert_eq!(
        b.heading,
        "[Red warning] 测试项目 (P1), owner 张三 (first warning)"
    );
    assert_eq!(
        b.lines[0],
        "As of 31 March 2025: budget CNY 1,000.00, paid CNY 150.00, execution 15.00%; \
         planned progress 25.00%, time elapsed 24.66%; 10.00 percentage points behind plan, Red warning."
    );
    assert!(b.lines[1].starts_with("Checkpoint 31 March 2025: planned 25.00%, actual 15.00%"));
    assert!(
        c.closing[0].starts_with("Please send an explanation"),
        "{:?}",
        c.closing
    );
    assert!(c.closing[0].contains("财务科 (office@example.org)"));
    assert_eq!(owner.items[0].level, "Red warning");
    for m in &p.messages {
        assert_english(&all_text(m));
    }
    let head = p
        .messages
        .iter()
        .find(|m| m.to.email == "head@example.org")
        .unwrap();
    assert_eq!(head.context.sections[0].title, "[Red warning]");
    let office = p
        .messages
        .iter()
        .find(|m| m.to.email == "office@example.org")
        .unwrap();
    assert!(office.context.sections[0].blocks[0]
        .heading
        .ends_with(": Checkpoint warning, Red warning"));
}

#[test]
fn the_chinese_default_is_unchanged_by_the_setting_existing() {
    let mut zh = World::new("[email]\nlanguage = \"zh\"\n", &[("2025-03-01", 15_000)]);
    let mut default = World::new("", &[("2025-03-01", 15_000)]);
    let (a, b) = (zh.night("2025-03-31"), default.night("2025-03-31"));
    let texts = |p: &Plan| p.messages.iter().map(all_text).collect::<Vec<_>>();
    assert_eq!(texts(&a), texts(&b));
    assert!(texts(&a).iter().any(|t| t.contains("【节点预警】")));
}

#[test]
fn the_english_year_end_result_names_the_carry_over() {
    let mut w = World::new(EN, &[("2025-03-01", 1_000)]);
    w.nights("2025-12-30", "2025-12-31");
    assert!(w.year_end_sent);
    let mut w = World::new(EN, &[("2025-03-01", 1_000)]);
    let p = w.night("2025-12-31");
    let owner = p
        .messages
        .iter()
        .find(|m| m.to.email == "zs@example.org")
        .unwrap();
    let ye = owner
        .context
        .sections
        .iter()
        .find(|s| s.kind == "year_end")
        .unwrap();
    assert_eq!(ye.title, "[Year-end result]");
    assert!(ye.paragraphs[0].starts_with(
        "Budget execution for 2025 has reached its last checkpoint (31 December 2025)"
    ));
    assert_eq!(
        ye.blocks[0].lines[0],
        "As of 31 December 2025: budget for the year CNY 1,000.00, paid CNY 10.00, \
         execution 1.00%, Red warning; carry-over balance CNY 990.00."
    );
    assert!(owner
        .context
        .subject
        .contains("Budget execution result of 2025"));
    let head = p
        .messages
        .iter()
        .find(|m| m.to.email == "head@example.org")
        .unwrap();
    let text = all_text(head);
    assert!(
        text.contains("Department budget execution for 2025, as of 31 December 2025: projects 1,")
    );
    assert!(text.contains("Total carry-over balance: CNY 990.00."));
    for m in &p.messages {
        assert_english(&all_text(m));
    }
}

#[test]
fn english_monthly_messages_name_the_month() {
    let cfg = config(&format!(
        "{EN}[[exemption]]\nproject = \"P1\"\nreason = \"已获批调剂\"\nuntil = 2025-07-31\n"
    ));
    let p = july_first(&cfg, &[]);
    let owner = p
        .messages
        .iter()
        .find(|m| m.kinds == [EmailKind::Monthly])
        .unwrap();
    assert_eq!(
        owner.context.subject,
        "Your projects at the end of June (January to June): 1"
    );
    assert_eq!(owner.context.sections[0].title, "[At the end of June]");
    let lines = &owner.context.sections[0].blocks[0].lines;
    assert!(lines
        .iter()
        .any(|l| l == "Explanation submitted; warnings paused until 31 July 2025: 已获批调剂"));
    let digest = p
        .messages
        .iter()
        .find(|m| m.kinds == [EmailKind::Digest])
        .unwrap();
    assert_eq!(
        digest.context.subject,
        "测试单位: budget execution at the end of June"
    );
    let text = digest.context.sections[0].paragraphs.join("\n");
    assert!(
        text.contains("Emails sent in June: Checkpoint warning: 2."),
        "{text}"
    );
    for m in &p.messages {
        assert_english(&all_text(m));
    }
}

#[test]
fn an_english_long_message_points_to_the_attachment() {
    let mut m = long_message(&[30, 120, 10]);
    fit(Lang::En, &mut m);
    assert!(m.full_list);
    let s = &m.context.sections;
    assert_eq!(
        s[1].paragraphs[1],
        "This section has 120 projects; the most pressing are listed below (70), \
         and all of them are in the attachment \"Project list\"."
    );
    assert_eq!(
        s[2].paragraphs[1],
        "This section has 10 projects, all listed in the attachment \"Project list\"."
    );
    assert_english(&s[1].paragraphs[1]);
    assert_eq!(list_title(Lang::En), "Project list");
    assert_eq!(list_title(Lang::Zh), LIST_TITLE);
}

#[test]
fn english_wording() {
    let dec = |s: &str| s.parse::<Decimal>().unwrap();
    assert_eq!(
        gap_words_in(Lang::En, dec("-18.015")),
        "18.02 percentage points behind plan"
    );
    assert_eq!(
        gap_words_in(Lang::En, dec("3")),
        "3.00 percentage points ahead of plan"
    );
    assert_eq!(gap_words_in(Lang::En, dec("0.001")), "level with plan");
    assert_eq!(yuan_in(Lang::En, Fen(23_178_650)), "CNY 231,786.50");
    assert_eq!(yuan_wan_in(Lang::En, Fen(100_000_000)), "CNY 1,000,000.00");
    assert_eq!(
        EmailKind::Checkpoint.prefix_in(Lang::En),
        "[Budget execution warning] "
    );
    for k in EmailKind::ALL {
        assert_eq!(k.prefix_in(Lang::Zh), k.prefix());
        assert_eq!(k.label_in(Lang::Zh), k.label());
    }
    for st in [
        Status::OnTrack,
        Status::Yellow,
        Status::Red,
        Status::Overspent,
        Status::Behind,
    ] {
        assert_eq!(st.label_in(Lang::Zh), st.label());
    }
    assert_eq!(Status::Behind.label_in(Lang::En), "Slightly behind");
    assert_eq!(Level::Yellow.label_in(Lang::En), "Yellow warning");
}

#[test]
fn a_long_list_keeps_the_most_pressing_of_each_kind_in_order() {
    // Ranks from the item's number: the higher, the further behind.
    let rank_of = |it: &Item| {
        let i: i64 = it.project.rsplit('-').next()?.parse().ok()?;
        Some((Decimal::from(-i), 0))
    };
    let m = long_message(&[3, 10, 4]);
    // Within the limit: every item, as the message has them.
    let all = list_rows(&m, 17, rank_of);
    assert_eq!(all.len(), 17);
    assert!(all.iter().zip(&m.items).all(|(a, b)| std::ptr::eq(*a, b)));
    // Past it: the overspent first (the message's first kind), then the
    // checkpoint warnings most behind first; the early reminders do not fit.
    let cut = list_rows(&m, 8, rank_of);
    let codes: Vec<&str> = cut.iter().map(|it| it.project.as_str()).collect();
    assert_eq!(
        codes,
        [
            "overspend-2",
            "overspend-1",
            "overspend-0",
            "checkpoint-9",
            "checkpoint-8",
            "checkpoint-7",
            "checkpoint-6",
            "checkpoint-5"
        ]
    );
    // An item whose project has no figures goes last of its kind.
    let unranked = |it: &Item| (it.project != "overspend-2").then(|| rank_of(it)).flatten();
    let cut = list_rows(&m, 3, unranked);
    let codes: Vec<&str> = cut.iter().map(|it| it.project.as_str()).collect();
    assert_eq!(codes, ["overspend-1", "overspend-0", "overspend-2"]);
}

/// Two units: U1 names its own head and office in the units file, U2 does
/// not. Nothing paid by the first checkpoint: both projects red.
fn two_units_config() -> Config {
    units_config("ls")
}

/// As [`two_units_config`], P2 owned by `p2_owner`.
fn units_config(p2_owner: &str) -> Config {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(
        cfg.join("settings.toml"),
        "fiscal_year = 2025\nunits_file = \"config/units.csv\"\n",
    )
    .unwrap();
    std::fs::write(
        cfg.join("units.csv"),
        "单位编码,单位名称,单位负责人,负责人邮箱,财务联系人,财务邮箱\n\
         U1,一号单位,赵六,zl@example.org,一号单位财务,u1-office@example.org\n",
    )
    .unwrap();
    let project = |code: &str, unit: &str, owner: &str| {
        format!(
            "[[project]]\ncode = \"{code}\"\nname = \"项目{code}\"\nunit_code = \"{unit}\"\n\
             budget = \"1000.00\"\nowner = {{ name = \"{owner}\", email = \"{owner}@example.org\" }}\n\
             plan = [{{ date = 2025-03-31, percent = 25 }}, {{ date = 2025-12-31, percent = 100 }}]\n"
        )
    };
    std::fs::write(
        cfg.join("projects.toml"),
        format!(
            "[department]\nunit_name = \"测试部门\"\n\
             head = {{ name = \"王五\", email = \"head@example.org\" }}\n\
             office = {{ name = \"财务科\", email = \"office@example.org\" }}\n{}{}",
            project("P1", "U1", "zs"),
            project("P2", "U2", p2_owner),
        ),
    )
    .unwrap();
    crate::config::load(&crate::config::LoadOptions {
        config_dir: cfg,
        projects: None,
        default_year: 2025,
    })
    .unwrap()
}

/// The planner's night of `as_of` in `cfg` with nothing paid yet and
/// `problems` new.
fn unpaid_night(cfg: &Config, as_of: &str, problems: &[&str]) -> Plan {
    let now = crate::progress::compute(cfg, &[], d(as_of)).unwrap();
    plan(&Night {
        config: cfg,
        now: &now,
        remembered: &BTreeMap::new(),
        year_end_sent: false,
        monthly: vec![],
        new_problems: problems.iter().map(|p| p.to_string()).collect(),
    })
}

#[test]
fn a_unit_with_its_own_head_and_office_hears_of_its_projects_there() {
    let cfg = two_units_config();
    assert_eq!(cfg.head_of(0).unwrap().email, "zl@example.org");
    assert_eq!(cfg.head_of(1).unwrap().email, "head@example.org");
    let plan = unpaid_night(&cfg, "2025-03-31", &["ledger.csv:3: bad date"]);
    let to = |email: &str| -> Vec<&Message> {
        plan.messages
            .iter()
            .filter(|m| m.to.email == email)
            .collect()
    };
    let codes = |m: &Message, kind: EmailKind| -> Vec<String> {
        m.items
            .iter()
            .filter(|it| it.kind == kind)
            .map(|it| it.project.clone())
            .collect()
    };
    // Escalations: each red project to its unit's head, the rest to the
    // department's.
    let (unit_head, head) = (to("zl@example.org"), to("head@example.org"));
    assert_eq!(unit_head.len(), 1);
    assert_eq!(codes(unit_head[0], EmailKind::Escalation), ["P1"]);
    assert_eq!(head.len(), 1);
    assert_eq!(codes(head[0], EmailKind::Escalation), ["P2"]);
    // Office digests: the unit's office its project's news; the
    // department's office the rest and the data problems.
    let (unit_office, office) = (to("u1-office@example.org"), to("office@example.org"));
    assert_eq!(codes(unit_office[0], EmailKind::Office), ["P1"]);
    let paragraphs = |m: &Message| {
        m.context
            .sections
            .iter()
            .flat_map(|s| s.paragraphs.clone())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(!paragraphs(unit_office[0]).contains("bad date"));
    assert_eq!(codes(office[0], EmailKind::Office), ["P2"]);
    assert!(paragraphs(office[0]).contains("bad date"));
    // Each owner is asked for the 情况说明 by the office of the project's unit.
    let closing = |email: &str| to(email)[0].context.closing.join("\n");
    assert!(
        closing("zs@example.org").contains("u1-office@example.org"),
        "{}",
        closing("zs@example.org")
    );
    assert!(closing("ls@example.org").contains("office@example.org"));
    assert!(!closing("ls@example.org").contains("u1-office"));
}

#[test]
fn a_unit_head_gets_the_monthly_digest_of_the_unit() {
    let cfg = two_units_config();
    let june = crate::progress::compute(&cfg, &[], d("2025-06-30")).unwrap();
    let now = crate::progress::compute(&cfg, &[], d("2025-07-01")).unwrap();
    let plan = plan(&Night {
        config: &cfg,
        now: &now,
        remembered: &BTreeMap::new(),
        year_end_sent: false,
        monthly: vec![MonthlyDue {
            period: "2025-06".into(),
            month_end: d("2025-06-30"),
            progress: june,
            sent: vec![("checkpoint".into(), 2)],
        }],
        new_problems: vec![],
    });
    let digest = |email: &str| {
        plan.messages
            .iter()
            .find(|m| m.to.email == email && m.kinds == [EmailKind::Digest])
            .unwrap_or_else(|| panic!("no digest to {email}"))
    };
    // The department's head: both projects, what was sent.
    let dept = digest("head@example.org");
    let codes = |m: &Message| {
        m.items
            .iter()
            .map(|i| i.project.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(dept), ["P1", "P2"]);
    let text = |m: &Message| m.context.sections[0].paragraphs.join("\n");
    assert!(text(dept).contains("已发送"), "{}", text(dept));
    // The unit's head: the unit's project only, under the unit's name.
    let unit = digest("zl@example.org");
    assert_eq!(codes(unit), ["P1"]);
    assert!(
        unit.context.subject.starts_with("一号单位"),
        "{}",
        unit.context.subject
    );
    assert_eq!(unit.context.prefix.as_deref(), Some("【单位月度执行情况】"));
    assert_eq!(dept.context.prefix, None);
    assert!(text(unit).contains("1个项目"), "{}", text(unit));
    assert!(!text(unit).contains("已发送"));
    assert_ne!(unit.dedup_key, dept.dedup_key);
}

#[test]
fn a_unit_head_and_office_get_the_unit_s_year_end_result() {
    let cfg = two_units_config();
    let plan = unpaid_night(&cfg, "2025-12-31", &[]);
    assert!(plan.year_end);
    let year_end = |email: &str| -> Vec<String> {
        plan.messages
            .iter()
            .filter(|m| m.to.email == email)
            .flat_map(|m| m.items.iter())
            .filter(|i| i.kind == EmailKind::YearEnd)
            .map(|i| i.project.clone())
            .collect()
    };
    assert_eq!(year_end("head@example.org"), ["P1", "P2"]);
    assert_eq!(year_end("office@example.org"), ["P1", "P2"]);
    assert_eq!(year_end("zl@example.org"), ["P1"]);
    assert_eq!(year_end("u1-office@example.org"), ["P1"]);
    let unit = plan
        .messages
        .iter()
        .find(|m| m.to.email == "zl@example.org")
        .unwrap();
    let section = unit
        .context
        .sections
        .iter()
        .find(|s| s.kind == "year_end")
        .unwrap();
    assert!(
        section.paragraphs[0].starts_with("2025年度一号单位预算执行结果"),
        "{:?}",
        section.paragraphs
    );
}

#[test]
fn an_owner_of_projects_in_two_units_sends_each_explanation_to_its_unit() {
    let cfg = units_config("zs");
    let plan = unpaid_night(&cfg, "2025-03-31", &[]);
    let owner = plan
        .messages
        .iter()
        .find(|m| m.to.email == "zs@example.org")
        .unwrap();
    let closing = owner.context.closing.join("\n");
    assert!(
        closing.contains("各项目所属单位的财务（一号单位财务（u1-office@example.org）、财务科（office@example.org））"),
        "{closing}"
    );
}
