//! Property tests of the configuration loader: thousands of mutated copies
//! of the shipped settings.toml and projects.toml (bytes cut, doubled and
//! inserted, values swapped for hostile ones: control characters, huge
//! numbers, impossible dates, every-minute schedules, deep nesting). For
//! every one the loader returns a value or errors with a place; it never
//! panics; and whatever it accepts renders: every email header and
//! workbook can be written, and no accepted name carries a control
//! character.
//!
//! The generator is a small seeded one rather than the proptest crate: a
//! new dev-dependency would unify features with polars' dependencies and
//! rebuild polars for the test profile. Failures print the seed and the
//! mutated files, which is what shrinking would give a person to start
//! from. `CONFIG_PROPS_CASES` raises the number of cases.

use std::panic::AssertUnwindSafe;
use std::path::Path;

use budget_monitor::config::{self, LoadOptions};

/// xorshift64*: deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Values an unlucky or hostile office writes.
const VALUES: &[&str] = &[
    "\"\"",
    "\"部门负责人A\\nB\"",
    "\"李娜\\r\\nBcc: x@example.org\"",
    "\"\\u001b[2J\"",
    "\"\\u0001\"",
    "\"\\uFFFE\"",
    "\"\\u202Eevil\"",
    "\"\\u0000\"",
    "-1",
    "0",
    "99999999999999999999",
    "9223372036854775807",
    "-9223372036854775808",
    "1e308",
    "nan",
    "inf",
    "-0.0",
    "\"99999999999999999.99\"",
    "\"-50000.00\"",
    "\"0.001\"",
    "2025-02-30",
    "\"2025-13-01\"",
    "2025-12-31T23:59:60Z",
    "\"* * * * *\"",
    "\"0 8 30 2 *\"",
    "\"0 8 1,15 * *\"",
    "\"a@b\"",
    "\"x@y.z\"",
    "\"../../etc/passwd\"",
    "\"/dev/zero\"",
    "\".\"",
    "[]",
    "{}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "{ a = { b = { c = { d = 1 } } } }",
    "true",
    "\"万元\"",
    "\"ledger\"",
    "\"plain\"",
];

/// Fragments inserted at random places.
const FRAGMENTS: &[&str] = &[
    "\n",
    "\r",
    "\r\n",
    "\"",
    "'",
    "=",
    "[",
    "]",
    "[[project]]\n",
    "[smtp]\nhost = \"mail.example.invalid\"\nsecurity = \"plain\"\n",
    "[email]\n",
    "\u{0}",
    "\u{1b}",
    "\u{FEFF}",
    "#",
    "\\",
    "\\u",
    "\"\"\"",
    "1",
    "，",
    "x = 1\n",
    "plan = []\n",
];

fn mutate(rng: &mut Rng, text: &str) -> Vec<u8> {
    let mut b = text.as_bytes().to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(b.len() + 1);
        match rng.below(7) {
            0 => {
                let end = (at + rng.below(64)).min(b.len());
                b.drain(at..end);
            }
            1 => {
                let end = (at + rng.below(200)).min(b.len());
                let dup = b[at..end].to_vec();
                b.splice(at..at, dup);
            }
            2 => {
                let f = rng.pick(FRAGMENTS).as_bytes().to_vec();
                b.splice(at..at, f);
            }
            3 => {
                if at < b.len() {
                    b[at] = (rng.next() & 0xFF) as u8;
                }
            }
            _ => {
                // Replace the value of a random `key = value` line.
                let s = String::from_utf8_lossy(&b).into_owned();
                let lines: Vec<&str> = s.split('\n').collect();
                let candidates: Vec<usize> = lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.contains(" = "))
                    .map(|(i, _)| i)
                    .collect();
                if candidates.is_empty() {
                    continue;
                }
                let i = *rng.pick(&candidates);
                let key = lines[i].split(" = ").next().unwrap_or("");
                let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                out[i] = format!("{key} = {}", rng.pick(VALUES));
                b = out.join("\n").into_bytes();
            }
        }
    }
    b
}

/// Checks what an accepted configuration promises, and that it renders.
fn accepted_renders(cfg: &budget_monitor::model::Config) {
    use budget_monitor::base::escape::refusal;
    let people = cfg
        .projects
        .iter()
        .filter_map(|p| p.owner.as_deref())
        .chain(cfg.department.head.as_ref());
    for p in people {
        assert!(refusal(&p.name, false).is_none(), "{:?}", p.name);
        assert!(refusal(&p.email, false).is_none(), "{:?}", p.email);
        let r = budget_monitor::notify::Rendered {
            subject: "【预算执行预警】".into(),
            text: "t".into(),
            html: "h".into(),
        };
        budget_monitor::notify::build_bytes(
            &cfg.settings.email.from,
            &[(p.name.clone(), p.email.clone())],
            &[],
            &[budget_monitor::notify::EmailKind::Checkpoint],
            &cfg.projects
                .iter()
                .map(|p| p.code.clone())
                .collect::<Vec<_>>(),
            "<x@example.org>",
            &r,
            &[],
        )
        .unwrap();
    }
    for p in &cfg.projects {
        assert!(refusal(&p.code, false).is_none(), "{:?}", p.code);
        assert!(refusal(&p.name, false).is_none(), "{:?}", p.name);
        assert!(p.budget.0 > 0);
        assert_eq!(
            p.plan.checkpoints.last().map(|c| c.percent),
            Some(100.into())
        );
    }
    let as_of = chrono::NaiveDate::from_ymd_opt(cfg.settings.fiscal_year, 7, 15).unwrap();
    let progress = budget_monitor::progress::compute(cfg, &[], as_of).unwrap();
    let doc = budget_monitor::report::monthly::build(
        cfg,
        &progress,
        &[],
        as_of,
        budget_monitor::base::i18n::Lang::Zh,
    );
    budget_monitor::report::xlsx::to_bytes(&doc).unwrap();
}

#[test]
fn mutated_configs_never_panic_and_what_loads_renders() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let settings = std::fs::read_to_string(repo.join("config/settings.toml")).unwrap();
    let projects = std::fs::read_to_string(repo.join("config/projects.toml")).unwrap();
    let cases: u64 = std::env::var("CONFIG_PROPS_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1500);
    let dir = tempfile::tempdir().unwrap();
    let cfg_dir = dir.path().join("config");
    std::fs::create_dir_all(&cfg_dir).unwrap();
    let mut loaded = 0;
    // The panic hook would print every caught panic; failures are
    // reported below with their seed instead.
    for seed in 1..=cases {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let (s, p) = match rng.below(3) {
            0 => (mutate(&mut rng, &settings), projects.clone().into_bytes()),
            1 => (settings.clone().into_bytes(), mutate(&mut rng, &projects)),
            _ => (mutate(&mut rng, &settings), mutate(&mut rng, &projects)),
        };
        std::fs::write(cfg_dir.join("settings.toml"), &s).unwrap();
        std::fs::write(cfg_dir.join("projects.toml"), &p).unwrap();
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
            match config::load(&LoadOptions {
                config_dir: cfg_dir.clone(),
                projects: None,
                default_year: 2025,
            }) {
                Ok(cfg) => {
                    accepted_renders(&cfg);
                    true
                }
                Err(errors) => {
                    assert!(!errors.0.is_empty(), "an error without a diagnostic");
                    false
                }
            }
        }));
        match result {
            Ok(true) => loaded += 1,
            Ok(false) => {}
            Err(_) => panic!(
                "seed {seed}: the loader panicked on\n--- settings.toml\n{}\n--- projects.toml\n{}",
                String::from_utf8_lossy(&s),
                String::from_utf8_lossy(&p)
            ),
        }
    }
    // The mutations are not all fatal: the accepted side is exercised too.
    eprintln!("{loaded} of {cases} mutated configurations loaded");
    assert!(loaded > 0, "no mutated config loaded");
}

#[test]
fn every_hostile_value_in_every_name_is_refused_with_a_place() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let projects = std::fs::read_to_string(repo.join("config/projects.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cfg_dir = dir.path().join("config");
    std::fs::create_dir_all(&cfg_dir).unwrap();
    std::fs::copy(
        repo.join("config/settings.toml"),
        cfg_dir.join("settings.toml"),
    )
    .unwrap();
    let hostile = [
        "A\\nB",
        "A\\r\\nBcc: x@example.org",
        "\\u001b[31m",
        "\\u0001",
        "\\uFFFE",
        "\\u202E",
        "\\u0085",
    ];
    for field in [
        "name = \"李娜\"",
        "name = \"见义勇为基金\"",
        "name = \"部门负责人\"",
    ] {
        for h in hostile {
            let (key, value) = field.split_once(" = ").unwrap();
            let value = value.trim_matches('"');
            let text = projects.replacen(field, &format!("{key} = \"{value}{h}\""), 1);
            assert_ne!(text, projects, "{field} not found");
            std::fs::write(cfg_dir.join("projects.toml"), &text).unwrap();
            let err = config::load(&LoadOptions {
                config_dir: cfg_dir.clone(),
                projects: None,
                default_year: 2025,
            })
            .expect_err(h);
            let d = &err.0[0];
            assert!(d.file.ends_with("projects.toml"));
            assert!(d.line.is_some() && d.column.is_some(), "{d}");
            let line = text.lines().nth(d.line.unwrap() - 1).unwrap();
            assert!(line.contains(h), "{d} points at {line:?}");
        }
    }
}
