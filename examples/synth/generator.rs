//! A synthetic qaward programme of any size, valid against every rule
//! (`qaward validate --deny-warnings` reports nothing), and optionally the
//! same public pages as a Hugo site.
//!
//! Used by `examples/synth.rs` (the benchmark's generator) and included by
//! `tests/it/synth.rs`, which validates and builds a small programme so that
//! the benchmark cannot drift from the content format.
//!
//! The generator first builds the whole programme in memory, cycle after
//! cycle (an organisation's revocation bars it from the following cycles),
//! then writes it. Everything comes from one seeded PRNG: a seed gives the
//! same bytes on every run and machine.

use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use jiff::ToSpan;
use jiff::civil::Date;

#[path = "hugo.rs"]
mod hugo;
#[path = "text.rs"]
mod text;

use text::{INDUSTRIES, RECOMMENDERS};

/// What to generate and where.
#[derive(Clone, Debug)]
pub struct Options {
    /// Number of award cycles (years).
    pub cycles: u32,
    /// Number of applications over all cycles.
    pub applications: u32,
    pub seed: u64,
    /// The content root to create (absent or empty).
    pub out: PathBuf,
    /// Also write the equivalent Hugo site here (absent or empty).
    pub hugo: Option<PathBuf>,
    /// Each organisation applies at most once, so there is about one
    /// organisation file per application (instead of 1.2 per cycle's
    /// applications, each applying in most years).
    pub one_org_per_application: bool,
}

/// What was generated.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub first_year: i16,
    pub last_year: i16,
    pub applications: usize,
    pub organizations: usize,
    pub experts: usize,
    pub notices: usize,
    pub winners: usize,
    /// Applications withdrawn, failed at qualification, not advanced.
    pub withdrawn: usize,
    pub failed: usize,
    /// Objections, and those upheld (the application is then no winner).
    pub objections: usize,
    pub upheld: usize,
    /// Titles revoked (with the ban of 第二十一条) and cancelled.
    pub revoked: usize,
    pub cancelled: usize,
    /// Files and bytes written under `out`.
    pub files: usize,
    pub bytes: u64,
    /// Files and bytes written under `hugo`, when asked.
    pub hugo_files: usize,
    pub hugo_bytes: u64,
    /// The publication date to build with (`qaward build --as-of`): after
    /// every decision and sanction.
    pub as_of: Date,
}

/// The two awards of 第二条, as in `content/programme.yaml`.
const AWARDS: [(&str, &str, &str); 2] = [
    ("quality", "市长质量奖", "{year}年度温州市市长质量奖"),
    ("innovation", "质量管理创新奖", "{year}年度温州市质量管理创新奖"),
];

const PROGRAMME_NAME: &str = "温州市市长质量奖";
const OFFICE: &str = "温州市市长质量奖评审委员会办公室";
const DOCUMENT: &str = "温政办〔2020〕79号";
const PUBLICITY_DAYS: i64 = 7;
const COMMITTEE: u32 = 25;
const OPERATING_YEARS: i16 = 3;
const EXCELLENCE_YEARS: i16 = 2;
const RECORD_YEARS: i16 = 3;
const BAN_YEARS: i16 = 5;

/// The GB/T 19580-2012 scored items and their maxima
/// (`data/standards/gbt-19580-2012.yaml`).
const ITEMS: [(&str, u32); 23] = [
    ("4.1.2", 50),
    ("4.1.3", 30),
    ("4.1.4", 30),
    ("4.2.2", 40),
    ("4.2.3", 50),
    ("4.3.2", 40),
    ("4.3.3", 50),
    ("4.4.2", 60),
    ("4.4.3", 15),
    ("4.4.4", 20),
    ("4.4.5", 15),
    ("4.4.6", 10),
    ("4.4.7", 10),
    ("4.5.2", 50),
    ("4.5.3", 50),
    ("4.6.2", 40),
    ("4.6.3", 40),
    ("4.7.2", 80),
    ("4.7.3", 80),
    ("4.7.4", 80),
    ("4.7.5", 60),
    ("4.7.6", 50),
    ("4.7.7", 50),
];

// ---------------------------------------------------------------- PRNG --

/// SplitMix64: tiny, fast, and good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// One of a list of static texts.
    pub fn word(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len() as u64) as usize]
    }

    /// An index drawn by weight.
    fn weighted(&mut self, weights: impl Iterator<Item = u32> + Clone) -> usize {
        let total: u64 = weights.clone().map(u64::from).sum();
        let mut x = self.below(total);
        for (i, w) in weights.enumerate() {
            if x < u64::from(w) {
                return i;
            }
            x -= u64::from(w);
        }
        0
    }
}

// --------------------------------------------------------------- dates --

fn date(year: i16, month: i8, day: i8) -> Date {
    Date::new(year, month, day).unwrap_or(Date::MIN)
}

fn plus(d: Date, days: i64) -> Date {
    d.saturating_add(days.days())
}

fn years_back(d: Date, years: i16) -> Date {
    d.saturating_sub(i64::from(years).years())
}

fn days_between(a: Date, b: Date) -> i64 {
    a.duration_until(b).as_hours() / 24
}

/// A day in `a..=b`.
fn day_in(rng: &mut Rng, a: Date, b: Date) -> Date {
    plus(a, rng.range(0, days_between(a, b).max(0)))
}

/// 2024年6月14日
pub(crate) fn zh(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

// --------------------------------------------------------------- model --

pub(crate) struct Org {
    pub id: String,
    pub name: String,
    pub uscc: String,
    pub established: Date,
    pub recommender: usize,
    pub industry: usize,
    pub website: bool,
    pub profile: String,
    pub excellence_since: Date,
    /// How good its management is, 0..1: drives its scores.
    quality: f64,
    contact: String,
    phone: u32,
    pub sanctions: Vec<Sanction>,
    /// Revocation dates: no application within the ban years after one.
    banned_after: Vec<Date>,
    /// Has applied in some cycle (for `Options::one_org_per_application`).
    applied: bool,
}

pub(crate) struct Sanction {
    pub revoked: bool,
    pub year: i16,
    pub award: usize,
    pub date: Date,
    pub document: String,
    pub reason: String,
    pub notice: String,
}

struct Expert {
    id: String,
    name: String,
    level: &'static str,
    certificate: String,
    affiliation: &'static str,
    conflicts: Vec<usize>,
}

struct Incident {
    kind: &'static str,
    date: Date,
    description: String,
}

struct Qualification {
    passed: bool,
    date: Date,
    reason: Option<String>,
    notified: Option<Date>,
}

struct Scores {
    score: u32,
    items: Option<Vec<u32>>,
}

struct Onsite {
    group: usize,
    scores: Scores,
    signed_by: String,
    signed: Date,
    candidate: bool,
}

struct App {
    org: usize,
    award: usize,
    submitted: Date,
    county_award: Option<(i16, String)>,
    compliant: bool,
    incidents: Vec<Incident>,
    self_score: u32,
    self_month: i8,
    qualification: Option<Qualification>,
    material: Option<(Scores, bool, Option<Date>)>,
    onsite: Option<Onsite>,
    withdrawn: Option<(Date, &'static str)>,
}

struct Group {
    leader: usize,
    members: Vec<usize>,
    apps: Vec<usize>,
}

struct Objection {
    app: usize,
    received: Date,
    summary: &'static str,
    report: &'static str,
    concluded: Date,
    upheld: bool,
}

pub(crate) struct Cycle {
    pub year: i16,
    pub published: Date,
    pub deadline: Date,
    pub qualification_done: Date,
    pub material_done: Date,
    pub onsite_start: Date,
    pub onsite_end: Date,
    pub vote: Date,
    pub publicity_start: Date,
    pub publicity_end: Date,
    pub decision: Date,
    pub decision_document: String,
    pub call_document: String,
    /// Sorted by organisation id, which is also the application id.
    apps: Vec<App>,
    groups: Vec<Group>,
    present: u32,
    /// (application, for, against, abstain), by rank.
    tallies: Vec<(usize, u32, u32, u32)>,
    /// Per award, application indices by rank.
    shortlisted: [Vec<usize>; 2],
    objections: Vec<Objection>,
    winners: [Vec<usize>; 2],
}

impl Cycle {
    pub fn decision_title(&self) -> String {
        format!(
            "温州市人民政府关于公布{}年度{PROGRAMME_NAME}获奖企业（组织）名单的通知",
            self.year
        )
    }

    /// The organisation of a winner (per award, in rank order).
    pub fn winner_orgs(&self, award: usize) -> impl Iterator<Item = usize> + '_ {
        self.winners[award].iter().map(|&a| self.apps[a].org)
    }

    /// (applications, passed, advanced, candidates, shortlisted, winners)
    pub fn counts(&self) -> [usize; 6] {
        let passed = self
            .apps
            .iter()
            .filter(|a| a.qualification.as_ref().is_some_and(|q| q.passed))
            .count();
        let advanced = self
            .apps
            .iter()
            .filter(|a| a.material.as_ref().is_some_and(|m| m.1))
            .count();
        let candidates = self
            .apps
            .iter()
            .filter(|a| a.onsite.as_ref().is_some_and(|o| o.candidate))
            .count();
        [
            self.apps.len(),
            passed,
            advanced,
            candidates,
            self.shortlisted.iter().map(Vec::len).sum(),
            self.winners.iter().map(Vec::len).sum(),
        ]
    }
}

pub(crate) struct Notice {
    pub id: String,
    pub title: String,
    pub date: Date,
    pub kind: &'static str,
    pub year: Option<i16>,
    pub document: Option<String>,
    pub attachment: bool,
    pub body: String,
}

pub(crate) struct Programme {
    pub orgs: Vec<Org>,
    experts: Vec<Expert>,
    pub cycles: Vec<Cycle>,
    pub notices: Vec<Notice>,
    pub as_of: Date,
    winners_cap: usize,
    onsite_cap: usize,
    candidates_cap: usize,
    /// Only organisations that never applied may apply.
    once: bool,
}

impl Programme {
    pub fn award_title(&self, award: usize, year: i16) -> String {
        AWARDS[award].2.replace("{year}", &year.to_string())
    }

    pub fn award_name(&self, award: usize) -> &'static str {
        AWARDS[award].1
    }

    pub fn award_id(&self, award: usize) -> &'static str {
        AWARDS[award].0
    }
}

// ---------------------------------------------------------- generation --

/// Generates the programme and writes it (and the Hugo site).
pub fn generate(options: &Options) -> Result<Summary, Box<dyn Error>> {
    if options.cycles == 0 || options.cycles > 100 {
        return Err("--cycles must be 1 to 100".into());
    }
    if options.applications < options.cycles {
        return Err("--applications must be at least --cycles".into());
    }
    prepare(&options.out)?;
    if let Some(dir) = &options.hugo {
        prepare(dir)?;
    }
    let programme = build(options);
    let mut summary = Summary {
        first_year: programme.cycles.first().map_or(0, |c| c.year),
        last_year: programme.cycles.last().map_or(0, |c| c.year),
        applications: programme.cycles.iter().map(|c| c.apps.len()).sum(),
        organizations: programme.orgs.len(),
        experts: programme.experts.len(),
        notices: programme.notices.len(),
        winners: programme
            .cycles
            .iter()
            .map(|c| c.winners.iter().map(Vec::len).sum::<usize>())
            .sum(),
        as_of: programme.as_of,
        ..Summary::default()
    };
    for cycle in &programme.cycles {
        summary.withdrawn += cycle.apps.iter().filter(|a| a.withdrawn.is_some()).count();
        summary.failed += cycle
            .apps
            .iter()
            .filter(|a| a.qualification.as_ref().is_some_and(|q| !q.passed))
            .count();
        summary.objections += cycle.objections.len();
        summary.upheld += cycle.objections.iter().filter(|o| o.upheld).count();
    }
    for org in &programme.orgs {
        summary.revoked += org.sanctions.iter().filter(|s| s.revoked).count();
        summary.cancelled += org.sanctions.iter().filter(|s| !s.revoked).count();
    }
    let mut out = Writer::new(&options.out);
    write_content(&programme, &mut out)?;
    summary.files = out.files;
    summary.bytes = out.bytes;
    if let Some(dir) = &options.hugo {
        let mut w = Writer::new(dir);
        hugo::write_site(&programme, &mut w)?;
        summary.hugo_files = w.files;
        summary.hugo_bytes = w.bytes;
    }
    Ok(summary)
}

/// Refuses a folder that has anything in it: the generator never mixes its
/// output with other files.
fn prepare(dir: &Path) -> Result<(), Box<dyn Error>> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(format!("{} is not empty", dir.display()).into());
    }
    fs::create_dir_all(dir)?;
    Ok(())
}

/// Builds the whole programme in memory.
fn build(options: &Options) -> Programme {
    let mut rng = Rng::new(options.seed);
    let cycles = options.cycles as i16;
    let last_year = (2024 - cycles + 1).max(2000) + cycles - 1;
    let first_year = last_year - cycles + 1;
    let per_cycle: Vec<usize> = (0..options.cycles)
        .map(|c| {
            (options.applications / options.cycles + u32::from(c < options.applications % options.cycles)) as usize
        })
        .collect();
    let most = per_cycle.iter().copied().max().unwrap_or(1);

    // Organisations: enough for each to apply in most years, but never
    // twice in one (第三条). More are added when a cycle runs short.
    let first_call = date(first_year + 1, 4, 1);
    let mut orgs: Vec<Org> = Vec::new();
    let initial = (most as f64 * 1.2).ceil() as usize + 3;
    for _ in 0..initial {
        let org = new_org(&mut rng, orgs.len(), first_call, last_year);
        orgs.push(org);
    }

    let experts = new_experts(&mut rng, (most / 4).max(24), orgs.len());

    let as_of = date(last_year + 2, 6, 30);
    let mut programme = Programme {
        orgs,
        experts,
        cycles: Vec::new(),
        notices: Vec::new(),
        as_of,
        winners_cap: 5,
        onsite_cap: 20,
        candidates_cap: 10,
        once: options.one_org_per_application,
    };
    for (i, &n) in per_cycle.iter().enumerate() {
        let cycle = new_cycle(&mut rng, &mut programme, first_year + i as i16, n);
        programme.cycles.push(cycle);
    }
    for cycle in &programme.cycles {
        let [_, _, advanced, candidates, _, _] = cycle.counts();
        programme.onsite_cap = programme.onsite_cap.max(advanced);
        programme.candidates_cap = programme.candidates_cap.max(candidates);
        for w in &cycle.winners {
            programme.winners_cap = programme.winners_cap.max(w.len());
        }
    }
    programme.notices = notices(&mut rng, &programme);
    programme
}

fn new_org(rng: &mut Rng, index: usize, first_call: Date, last_year: i16) -> Org {
    let r = rng.weighted(RECOMMENDERS.iter().map(|r| r.weight));
    let i = rng.weighted(INDUSTRIES.iter().map(|i| i.weight));
    let recommender = &RECOMMENDERS[r];
    let industry = &INDUSTRIES[i];
    // The trade name is unique by construction: the index picks it.
    let chars = text::TRADE_NAME_CHARS;
    let n = chars.len();
    let trade_name = format!(
        "{}{}",
        chars[(index * 7 + index / n) % n],
        chars[(index / n * 5 + index + 3) % n]
    );
    let fictional = if rng.chance(0.7) { "示例" } else { "演示" };
    let trade = rng.pick(industry.trades);
    let cooperative = industry.id == "agriculture-forestry" && rng.chance(0.4);
    let (name, category) = if cooperative {
        (
            format!("{}{fictional}{trade_name}{trade}专业合作社", recommender.place),
            '3',
        )
    } else {
        let suffix = if recommender.direct {
            "集团有限公司"
        } else {
            rng.pick(text::COMPANY_SUFFIXES)
        };
        (
            format!("{}{fictional}{trade_name}{trade}{suffix}", recommender.place),
            '1',
        )
    };
    let id = format!("{}-{}-{:05}", recommender.id, industry.id, index);
    let uscc = uscc(rng, category, recommender.registers);
    // Most were founded long before the first call; some are young and
    // fail the operating years (第十一条(一)) in their first applications.
    let established = if rng.chance(0.93) {
        day_in(rng, date(1982, 1, 1), years_back(first_call, OPERATING_YEARS + 2))
    } else {
        day_in(
            rng,
            years_back(first_call, OPERATING_YEARS),
            date(last_year - OPERATING_YEARS, 12, 31),
        )
    };
    // Most adopted 卓越绩效管理 early; some late, and those not in a
    // waived industry fail the excellence years (第十一条(三)) at first.
    let excellence_since = if rng.chance(0.85) {
        // 卓越绩效管理 spread in China from 2001 (GB/T 19580 followed in 2004).
        let earliest = plus(established, 200).max(date(2001, 1, 1));
        day_in(
            rng,
            earliest,
            earliest.max(years_back(first_call, EXCELLENCE_YEARS + 1)),
        )
    } else {
        day_in(
            rng,
            plus(established, 200).max(years_back(first_call, EXCELLENCE_YEARS)),
            plus(established, 200).max(date(last_year, 6, 30)),
        )
    };
    let excellence_since = date(excellence_since.year(), excellence_since.month(), 1);
    let profile = profile(rng, &name, industry, established, excellence_since);
    Org {
        id,
        name,
        uscc,
        established,
        recommender: r,
        industry: i,
        website: rng.chance(0.6),
        profile,
        excellence_since,
        quality: 0.45 + 0.4 * rng.below(1000) as f64 / 1000.0,
        contact: format!("{}某某", rng.pick(text::SURNAMES)),
        phone: 88_000_000 + rng.below(999_999) as u32,
        sanctions: Vec::new(),
        banned_after: Vec::new(),
        applied: false,
    }
}

/// A 统一社会信用代码 of GB 32100-2015: department 9 (market regulation) or
/// 5, the category, the division code, a random organisation code and the
/// check character.
fn uscc(rng: &mut Rng, category: char, division: &str) -> String {
    const CHARSET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let mut code = String::with_capacity(18);
    code.push('9');
    code.push(category);
    code.push_str(division);
    for _ in 0..9 {
        code.push(char::from(*rng.pick(CHARSET)));
    }
    let sum: u32 = code
        .bytes()
        .zip(WEIGHTS)
        .map(|(c, w)| CHARSET.iter().position(|x| *x == c).unwrap_or(0) as u32 * w)
        .sum();
    let check = (31 - sum % 31) % 31;
    code.push(char::from(CHARSET[check as usize]));
    code
}

fn profile(rng: &mut Rng, name: &str, industry: &text::Industry, established: Date, excellence: Date) -> String {
    let mut p = String::with_capacity(1200);
    let _ = write!(
        p,
        "{name}成立于{}年，主要从事{}。公司现有员工{}余人，{}。\n\n",
        established.year(),
        rng.pick(industry.scopes),
        rng.range(1, 30) * 50,
        rng.pick(text::FACILITIES)
    );
    let _ = write!(
        p,
        "公司自{}年起系统导入卓越绩效管理模式，{}，{}。\n\n",
        excellence.year(),
        rng.pick(text::PRACTICES),
        rng.pick(text::RESULTS)
    );
    p.push_str("主要成果：\n\n");
    let _ = writeln!(
        p,
        "- 主导或参与制定国家标准 {} 项、行业标准 {} 项；",
        rng.range(1, 9),
        rng.range(2, 15)
    );
    let _ = writeln!(
        p,
        "- 拥有授权发明专利 {} 项、实用新型专利 {} 项；",
        rng.range(3, 40),
        rng.range(10, 120)
    );
    if rng.chance(0.5) {
        p.push_str("- 获“品字标浙江制造”认证，产品通过多项国际认证；\n");
    }
    let _ = writeln!(
        p,
        "- {}。",
        rng.pick(&[
            "被评为省级专精特新中小企业",
            "建有省级企业研究院",
            "被认定为国家高新技术企业"
        ])
    );
    p.push_str("\n（本简介为演示内容，企业名称和数据均属虚构。）\n");
    p
}

fn new_experts(rng: &mut Rng, n: usize, orgs: usize) -> Vec<Expert> {
    (0..n)
        .map(|i| {
            let s = rng.below(text::SURNAMES.len() as u64) as usize;
            let level = match rng.below(10) {
                0 => "municipal",
                1..=6 => "provincial",
                _ => "national",
            };
            let certificate = match level {
                "national" => format!(
                    "全国质量奖评审员证书（编号 CQA-{}-{:04}，演示）",
                    rng.range(2010, 2022),
                    i
                ),
                "provincial" => format!(
                    "浙江省人民政府质量奖评审员证书（编号 ZJQA-{}-{:04}，演示）",
                    rng.range(2012, 2023),
                    i
                ),
                _ => format!(
                    "温州市市长质量奖评审员证书（编号 WZQA-{}-{:04}，演示）",
                    rng.range(2015, 2023),
                    i
                ),
            };
            let conflicts = (0..rng.below(4)).map(|_| rng.below(orgs as u64) as usize).collect();
            Expert {
                id: format!("{}-{:04}", text::SURNAME_PINYIN[s], i),
                name: format!("{}某{}", text::SURNAMES[s], rng.pick(text::GIVEN)),
                level,
                certificate,
                affiliation: rng.word(text::AFFILIATIONS),
                conflicts,
            }
        })
        .collect()
}

/// Item scores near `quality` of each maximum; the score is their sum.
fn scores(rng: &mut Rng, quality: f64, with_items: bool) -> Scores {
    let items: Vec<u32> = ITEMS
        .iter()
        .map(|(_, max)| {
            let noise = (rng.below(200) as f64 - 100.0) / 1000.0;
            ((quality + noise).clamp(0.1, 0.98) * f64::from(*max)).round() as u32
        })
        .collect();
    Scores {
        score: items.iter().sum(),
        items: with_items.then_some(items),
    }
}

/// The reason an application cannot qualify, from the facts recorded.
fn disqualified(org: &Org, app: &App, deadline: Date) -> Option<String> {
    let industry = &INDUSTRIES[org.industry];
    if org.established > years_back(deadline, OPERATING_YEARS) {
        return Some(format!(
            "企业（组织）成立于{}，截至申报截止日（{}）正常运营未满{OPERATING_YEARS}年，不符合第十一条（一）项规定的申报条件。",
            zh(org.established),
            zh(deadline)
        ));
    }
    if !app.compliant {
        return Some(
            "申报声明生产经营存在不符合强制性标准要求的情况，不符合第十一条（二）项规定的申报条件。".to_owned(),
        );
    }
    if !industry.waived && org.excellence_since > years_back(deadline, EXCELLENCE_YEARS) {
        return Some(format!(
            "企业（组织）于{}年{}月开始实施卓越绩效管理，截至申报截止日（{}）未满{EXCELLENCE_YEARS}年，所属{}行业不在免除年限要求的行业之列，不符合第十一条（三）项规定的申报条件。",
            org.excellence_since.year(),
            org.excellence_since.month(),
            zh(deadline),
            industry.name
        ));
    }
    let since = years_back(deadline, RECORD_YEARS);
    app.incidents
        .iter()
        .find(|i| i.date > since && i.date <= deadline)
        .map(|i| {
            format!(
                "申报截止日前{RECORD_YEARS}年内（{}年{}月）发生{}，不符合第十一条（五）项规定的申报条件。",
                i.date.year(),
                i.date.month(),
                incident_zh(i.kind)
            )
        })
}

fn incident_zh(kind: &str) -> &'static str {
    match kind {
        "spot-check-failure" => "质量监督抽查不合格",
        "major-accident" => "较大以上安全生产事故",
        "major-complaint" => "因组织责任导致的重大投诉",
        _ => "严重违法违规行为",
    }
}

fn new_incident(rng: &mut Rng, d: Date) -> Incident {
    let (kind, description) = match rng.below(4) {
        0 => (
            "spot-check-failure",
            format!(
                "{}年{}月，一批次产品在省级质量监督抽查中主要性能指标不合格，已完成整改并通过复查。",
                d.year(),
                d.month()
            ),
        ),
        1 => (
            "major-complaint",
            format!(
                "{}年{}月，一批次产品质量问题引发消费者集体投诉，经市场监管部门调解处理，认定为企业责任。",
                d.year(),
                d.month()
            ),
        ),
        2 => (
            "major-accident",
            format!(
                "{}年{}月，厂区发生一起较大生产安全事故，经应急管理部门调查处理。",
                d.year(),
                d.month()
            ),
        ),
        _ => (
            "serious-violation",
            format!("{}年{}月，因违反环境保护法规受到行政处罚。", d.year(), d.month()),
        ),
    };
    Incident {
        kind,
        date: d,
        description,
    }
}

/// One cycle: the call, every application through every stage, the vote,
/// the publicity and the decision; then the sanctions that follow it.
fn new_cycle(rng: &mut Rng, programme: &mut Programme, year: i16, n: usize) -> Cycle {
    let c = year + 1;
    let published = date(c, 4, rng.range(8, 20) as i8);
    let deadline = date(c, 6, rng.range(12, 16) as i8);
    let qualification_done = plus(deadline, 21);
    let material_done = plus(qualification_done, 35);
    let onsite_start = plus(material_done, 17);
    let onsite_end = plus(onsite_start, 32);
    let vote = plus(onsite_end, 25);
    let publicity_start = plus(vote, 6);
    let publicity_end = plus(publicity_start, PUBLICITY_DAYS - 1);
    let decision = plus(publicity_end, 33);

    // Who applies: organisations that exist, practise excellence management
    // and are not barred (第二十一条), at most once each (第三条).
    let first_call = published;
    let once = programme.once;
    let eligible = |o: &Org| {
        !(once && o.applied)
            && o.established <= plus(published, -365)
            && o.excellence_since <= plus(published, -30)
            && !o
                .banned_after
                .iter()
                .any(|&d| deadline >= d && published <= plus(d, 366 * BAN_YEARS as i64))
    };
    let mut pool: Vec<usize> = (0..programme.orgs.len())
        .filter(|&i| eligible(&programme.orgs[i]))
        .collect();
    while pool.len() < n {
        let org = new_org(rng, programme.orgs.len(), first_call, year);
        let fits = eligible(&org);
        programme.orgs.push(org);
        if fits {
            pool.push(programme.orgs.len() - 1);
        }
    }
    for i in 0..n {
        let j = i + rng.below((pool.len() - i) as u64) as usize;
        pool.swap(i, j);
    }
    let mut chosen: Vec<usize> = pool[..n].to_vec();
    chosen.sort_by(|a, b| programme.orgs[*a].id.cmp(&programme.orgs[*b].id));
    for &o in &chosen {
        programme.orgs[o].applied = true;
    }

    let orgs = &programme.orgs;
    let mut apps: Vec<App> = Vec::with_capacity(n);
    for &o in &chosen {
        let org = &orgs[o];
        let submitted = day_in(rng, plus(published, 14), deadline);
        let mut incidents = Vec::new();
        if rng.chance(0.03) {
            let day = day_in(rng, plus(years_back(deadline, RECORD_YEARS), 1), plus(deadline, -30));
            incidents.push(new_incident(rng, day));
        } else if rng.chance(0.05) {
            let latest = plus(years_back(deadline, RECORD_YEARS), -30);
            let earliest = plus(org.established, 365);
            if earliest < latest {
                let day = day_in(rng, earliest, latest);
                incidents.push(new_incident(rng, day));
            }
        }
        let county_award = (!RECOMMENDERS[org.recommender].direct && year > 2001 && rng.chance(0.3)).then(|| {
            let y = rng.range(2000.max(i64::from(year) - 6), i64::from(year) - 1) as i16;
            let place = RECOMMENDERS[org.recommender].name;
            (y, format!("{y}年度{place}政府质量奖"))
        });
        apps.push(App {
            org: o,
            award: usize::from(rng.chance(0.45)),
            submitted,
            county_award,
            compliant: !rng.chance(0.005),
            incidents,
            self_score: (org.quality * 1000.0 + rng.range(20, 120) as f64).min(980.0) as u32,
            self_month: submitted.month(),
            qualification: None,
            material: None,
            onsite: None,
            withdrawn: None,
        });
    }

    // 第十四条: qualification. Facts decide; a few fail on their papers;
    // a few withdraw before the review.
    for app in &mut apps {
        if rng.chance(0.01) {
            app.withdrawn = Some((
                day_in(rng, app.submitted, plus(deadline, 10)),
                rng.word(text::WITHDRAWALS),
            ));
            continue;
        }
        let day = day_in(rng, plus(deadline, 1), qualification_done);
        let reason = disqualified(&orgs[app.org], app, deadline)
            .or_else(|| rng.chance(0.04).then(|| (*rng.pick(text::OTHER_FAILURES)).to_owned()));
        app.qualification = Some(Qualification {
            passed: reason.is_none(),
            date: day,
            notified: reason.as_ref().map(|_| plus(day, rng.range(3, 8))),
            reason,
        });
    }

    // 第十五条: material review; the best 30 % of all applications advance.
    let mut passed: Vec<usize> = Vec::new();
    for (i, app) in apps.iter_mut().enumerate() {
        if app.qualification.as_ref().is_some_and(|q| q.passed) {
            let with_items = rng.chance(0.6);
            let s = scores(rng, orgs[app.org].quality, with_items);
            app.material = Some((s, false, None));
            passed.push(i);
        }
    }
    passed.sort_by_key(|&i| std::cmp::Reverse(apps[i].material.as_ref().map_or(0, |m| m.0.score)));
    let advanced_n = ((n as f64 * 0.3).round() as usize).clamp(usize::from(!passed.is_empty()), passed.len());
    let mut advanced: Vec<usize> = passed[..advanced_n].to_vec();
    for &i in &passed[advanced_n..] {
        if let Some(m) = apps[i].material.as_mut() {
            m.2 = Some(plus(material_done, rng.range(3, 7)));
        }
    }
    for &i in &advanced {
        if let Some(m) = apps[i].material.as_mut() {
            m.1 = true;
        }
    }

    // 第九条, 第十条, 第二十四条: review groups of 3 to 5 provincial or
    // national examiners, none reviewing an organisation they declared an
    // interest in.
    advanced.sort();
    let mut groups: Vec<Group> = Vec::new();
    let mut rest = &advanced[..];
    while !rest.is_empty() {
        let take = (rng.range(3, 5) as usize).min(rest.len());
        let (these, tail) = rest.split_at(take);
        rest = tail;
        let group_orgs: Vec<usize> = these.iter().map(|&a| apps[a].org).collect();
        let size = rng.range(3, 5) as usize;
        let members = pick_examiners(rng, &programme.experts, &group_orgs, size);
        groups.push(Group {
            leader: members[0],
            members,
            apps: these.to_vec(),
        });
    }
    for (g, group) in groups.iter().enumerate() {
        for &a in &group.apps {
            let quality = orgs[apps[a].org].quality + 0.02;
            apps[a].onsite = Some(Onsite {
                group: g,
                scores: scores(rng, quality, true),
                signed_by: format!("{}某某", rng.pick(text::SURNAMES)),
                signed: day_in(rng, onsite_start, onsite_end),
                candidate: false,
            });
        }
    }

    // 第十六条: the better half of those reviewed on site are candidates.
    let onsite_score = |apps: &[App], i: usize| apps[i].onsite.as_ref().map_or(0, |o| o.scores.score);
    advanced.sort_by_key(|&i| (std::cmp::Reverse(onsite_score(&apps, i)), i));
    let candidates_n = advanced.len().div_ceil(2);
    let candidates: Vec<usize> = advanced[..candidates_n].to_vec();
    for &i in &candidates {
        if let Some(o) = apps[i].onsite.as_mut() {
            o.candidate = true;
        }
    }

    // 第十七条: the committee's secret ballot; tallies only. Four in five
    // candidates get a two-thirds majority and are shortlisted.
    let present = COMMITTEE - rng.range(0, 4) as u32;
    let two_thirds = (present * 2).div_ceil(3);
    let shortlisted_n = ((candidates.len() as f64 * 0.8).round() as usize).max(usize::from(!candidates.is_empty()));
    let mut tallies = Vec::new();
    let mut shortlisted: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    for (rank, &i) in candidates.iter().enumerate() {
        let votes_for = if rank < shortlisted_n {
            shortlisted[apps[i].award].push(i);
            rng.range(i64::from(two_thirds), i64::from(present)) as u32
        } else {
            rng.range(i64::from(present / 4), i64::from(two_thirds) - 1) as u32
        };
        let against = rng.range(0, i64::from(present - votes_for)) as u32;
        let abstain = present - votes_for - against;
        tallies.push((i, votes_for, against, abstain));
    }

    // 第十八条, 第十九条: objections during the publicity, investigated
    // before the decision; an upheld one removes the application.
    let mut objections = Vec::new();
    let mut winners: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    for (award, list) in shortlisted.iter().enumerate() {
        for &i in list {
            let objected = rng.chance(0.03);
            let upheld = objected && rng.chance(0.25);
            if objected {
                let received = day_in(rng, publicity_start, publicity_end);
                objections.push(Objection {
                    app: i,
                    received,
                    summary: rng.word(text::OBJECTION_SUMMARIES),
                    report: if upheld {
                        text::UPHELD_REPORT
                    } else {
                        rng.word(text::OBJECTION_REPORTS)
                    },
                    concluded: day_in(rng, plus(received, 5), plus(decision, -3)),
                    upheld,
                });
            }
            if !upheld {
                winners[award].push(i);
            }
        }
    }
    objections.sort_by_key(|o| (o.received, o.app));

    let cycle = Cycle {
        year,
        published,
        deadline,
        qualification_done,
        material_done,
        onsite_start,
        onsite_end,
        vote,
        publicity_start,
        publicity_end,
        decision,
        decision_document: format!("温政发〔{c}〕{}号", rng.range(20, 60)),
        call_document: format!("温市质奖办〔{c}〕1号"),
        apps,
        groups,
        present,
        tallies,
        shortlisted,
        objections,
        winners,
    };

    // 第二十一条: a few winners later lose the title. A revocation bars the
    // organisation for the ban years; a cancellation bars nothing.
    let mut k = 0;
    for (award, (_, _, award_title)) in AWARDS.iter().enumerate() {
        for org in cycle.winner_orgs(award).collect::<Vec<_>>() {
            let revoked = rng.chance(0.01);
            if !revoked && !rng.chance(0.01) {
                continue;
            }
            let when = plus(decision, rng.range(120, 400));
            if when > programme.as_of {
                continue;
            }
            k += 1;
            let title = award_title.replace("{year}", &year.to_string());
            let o = &mut programme.orgs[org];
            let reason = if revoked {
                format!(
                    "该企业（组织）获评后于{}年{}月发生重大生产安全事故，依据{DOCUMENT}第二十一条，撤销其{title}称号，{BAN_YEARS}年内不得再次申报。",
                    plus(when, -60).year(),
                    plus(when, -60).month()
                )
            } else {
                format!(
                    "获奖企业（组织）绩效评估中，该企业（组织）已停止实施卓越绩效管理，主要质量和经营指标明显下滑，依据第二十一条取消其{title}称号。"
                )
            };
            o.sanctions.push(Sanction {
                revoked,
                year,
                award,
                date: when,
                document: format!("温政发〔{}〕{}号", when.year(), 60 + k),
                reason,
                notice: format!(
                    "{}-{year}-{}",
                    if revoked { "revocation" } else { "cancellation" },
                    o.id
                ),
            });
            if revoked {
                o.banned_after.push(when);
            }
        }
    }
    cycle
}

/// `size` distinct examiners of an allowed level with no declared interest
/// in any of `orgs`.
fn pick_examiners(rng: &mut Rng, experts: &[Expert], orgs: &[usize], size: usize) -> Vec<usize> {
    let fits = |e: &Expert| e.level != "municipal" && !e.conflicts.iter().any(|c| orgs.contains(c));
    let mut members: Vec<usize> = Vec::with_capacity(size);
    for _ in 0..size * 50 {
        if members.len() == size {
            break;
        }
        let e = rng.below(experts.len() as u64) as usize;
        if !members.contains(&e) && fits(&experts[e]) {
            members.push(e);
        }
    }
    // A tiny pool: take the first that fit.
    for (e, expert) in experts.iter().enumerate() {
        if members.len() == size {
            break;
        }
        if !members.contains(&e) && fits(expert) {
            members.push(e);
        }
    }
    members
}

// ------------------------------------------------------------- notices --

fn notices(rng: &mut Rng, p: &Programme) -> Vec<Notice> {
    let mut out = Vec::new();
    for cycle in &p.cycles {
        let y = cycle.year;
        let c = y + 1;
        out.push(Notice {
            id: format!("{y}-call"),
            title: format!("关于组织申报{y}年度{PROGRAMME_NAME}的通知"),
            date: cycle.published,
            kind: "call",
            year: Some(y),
            document: Some(cycle.call_document.clone()),
            attachment: true,
            body: call_body(p, cycle),
        });
        out.push(Notice {
            id: format!("{y}-publicity"),
            title: format!("关于{y}年度{PROGRAMME_NAME}拟获奖企业（组织）名单的公示"),
            date: cycle.publicity_start,
            kind: "publicity",
            year: Some(y),
            document: None,
            attachment: false,
            body: publicity_body(p, cycle),
        });
        out.push(Notice {
            id: format!("{y}-result"),
            title: cycle.decision_title(),
            date: cycle.decision,
            kind: "result",
            year: Some(y),
            document: Some(cycle.decision_document.clone()),
            attachment: false,
            body: result_body(p, cycle),
        });
        let training = date(c, 3, rng.range(5, 20) as i8);
        out.push(Notice {
            id: format!("training-{c}"),
            title: format!("关于举办{c}年卓越绩效管理培训班的通知"),
            date: training,
            kind: "general",
            year: None,
            document: Some(format!("温市质奖办〔{c}〕2号")),
            attachment: false,
            body: training_body(training),
        });
    }
    for org in &p.orgs {
        for s in &org.sanctions {
            let verb = if s.revoked { "撤销" } else { "取消" };
            let title = p.award_title(s.award, s.year);
            out.push(Notice {
                id: s.notice.clone(),
                title: format!("温州市人民政府关于{verb}{}{title}称号的决定", org.name),
                date: s.date,
                kind: "revocation",
                year: Some(s.year),
                document: Some(s.document.clone()),
                attachment: false,
                body: format!(
                    "各县（市、区）人民政府，市政府直属各单位：\n\n{}获评“{title}”。{}\n\n根据{DOCUMENT}第二十一条的规定，经市评审办提请，市政府决定：\n\n1. {verb}{}“{title}”称号；\n2. 该企业（组织）应当自即日起停止使用温州市市长质量奖称号和标识。\n\n温州市人民政府\n\n{}\n",
                    org.name,
                    s.reason,
                    org.name,
                    zh(s.date)
                ),
            });
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn call_body(p: &Programme, cycle: &Cycle) -> String {
    let y = cycle.year;
    let mut b = String::with_capacity(4096);
    let _ = write!(
        b,
        "各县（市、区）质量奖评审办，瓯江口产业集聚区管委会、浙南产业集聚区管委会质量奖评审办，市政府直属各单位：\n\n\
为深入实施质量强市战略，引导和激励全市各行各业实施卓越绩效管理，根据《温州市市长质量奖评审管理办法（2020年修订）》（{DOCUMENT}，以下简称《办法》），现就组织申报{y}年度{PROGRAMME_NAME}有关事项通知如下。\n\n\
## 一、奖项设置\n\n\
{y}年度{PROGRAMME_NAME}包括“市长质量奖”和“质量管理创新奖”两个奖项，每个奖项获奖企业（组织）各不超过 {} 家，坚持“申报自愿、科学公正、好中选优、宁缺毋滥”的原则。{}；{}。\n\n\
## 二、申报条件\n\n\
申报企业（组织）应当符合《办法》第十一条规定的条件，各项年限均计算至申报截止日（{}）：\n\n\
1. 在我市行政区域内注册登记，具有独立法人资格，正常运营 {OPERATING_YEARS} 年以上；\n\
2. 生产经营符合国家、省市有关法律法规、强制性标准、产业政策要求；\n\
3. 实施卓越绩效管理满 {EXCELLENCE_YEARS} 年以上，并取得显著成效；数字经济、智能装备、生命健康、新能源汽车、新材料等新兴产业和农林业企业（组织），实施卓越绩效管理年限不作要求；\n\
4. 积极开展质量创新、标准创新和品牌创新，创新成果在省内外有较大影响；\n\
5. 近 {RECORD_YEARS} 年在各级质量监督抽查中未出现安全指标或者主要性能指标不合格，未发生较大以上的质量、安全生产、环境污染、公共卫生等事故，无因组织责任导致的重大投诉，无其他严重违法违规行为。\n\n\
被撤销温州市市长质量奖称号未满 {BAN_YEARS} 年的企业（组织），不得申报。\n\n\
## 三、申报程序\n\n\
1. **自我评价。** 申报企业（组织）按照 GB/T 19580《卓越绩效评价准则》开展自我评价，形成自我评价报告，填写《温州市市长质量奖申报表》，并提供相关证明材料。\n\
2. **推荐报送。** 申报材料于{}前报送所在县（市、区）或瓯江口产业集聚区、浙南产业集聚区质量奖评审办，经初审后择优推荐；省、市直属单位直接报送市评审办。逾期不予受理。\n\
3. **资格审查和资料评审。** 市评审办对申报企业（组织）的基本条件和申报内容的真实性进行审查，组织评审组进行资料评审，确定不超过 {} 家企业（组织）进入现场评审。未通过资格审查或未能进入现场评审的，由市评审办书面告知。\n\
4. **现场评审和审查表决。** 评审组进行现场评审，现场评审报告由受评企业（组织）负责人签字确认；市评委会以无记名投票方式确定初步入选名单，经 {PUBLICITY_DAYS} 天公示后报市政府批准公布。\n\n\
## 四、联系方式\n\n\
- 联系部门：{OFFICE}（设在市市场监管局质量发展处）\n\
- 联系电话：0577-88000000（演示号码）\n\
- 电子邮箱：zljpsb@example.gov.cn\n\n\
附件：温州市市长质量奖申报表\n\n\
{OFFICE}\n\n\
{}\n",
        p.winners_cap,
        text::CALL_PRIORITIES[0],
        text::CALL_PRIORITIES[1],
        zh(cycle.deadline),
        zh(cycle.deadline),
        p.onsite_cap,
        zh(cycle.published),
    );
    b
}

fn publicity_body(p: &Programme, cycle: &Cycle) -> String {
    let y = cycle.year;
    let mut b = String::with_capacity(4096);
    let _ = write!(
        b,
        "根据《温州市市长质量奖评审管理办法（2020年修订）》（{DOCUMENT}）规定，经企业（组织）自愿申报、推荐单位推荐、资格审查、资料评审、现场评审和市评委会审查表决，确定{y}年度{PROGRAMME_NAME}初步入选企业（组织）名单，现予以公示。\n\n\
## 一、公示名单\n\n\
| 序号 | 奖项 | 企业（组织）名称 | 推荐单位 |\n|---:|---|---|---|\n"
    );
    let mut k = 0;
    for (award, list) in cycle.shortlisted.iter().enumerate() {
        for &a in list {
            k += 1;
            let org = &p.orgs[cycle.apps[a].org];
            let _ = writeln!(
                b,
                "| {k} | {} | {} | {} |",
                p.award_name(award),
                org.name,
                RECOMMENDERS[org.recommender].name
            );
        }
    }
    let _ = write!(
        b,
        "\n## 二、公示期\n\n{}至{}，共 {PUBLICITY_DAYS} 天。\n\n\
## 三、异议受理\n\n\
公示期间，任何单位和个人对公示名单有异议的，请以书面形式向市评审办提出，并提供必要的证明材料。单位提出异议的，须在书面材料上加盖本单位公章；个人提出异议的，须签署真实姓名并注明联系方式。匿名或逾期提出的异议不予受理。\n\n\
- 联系部门：{OFFICE}\n- 联系电话：0577-88000000（演示号码）\n- 电子邮箱：zljpsb@example.gov.cn\n\n{OFFICE}\n\n{}\n",
        zh(cycle.publicity_start),
        zh(cycle.publicity_end),
        zh(cycle.publicity_start)
    );
    b
}

fn result_body(p: &Programme, cycle: &Cycle) -> String {
    let y = cycle.year;
    let mut b = String::with_capacity(4096);
    let _ = write!(
        b,
        "各县（市、区）人民政府，市政府直属各单位：\n\n根据《温州市市长质量奖评审管理办法（2020年修订）》（{DOCUMENT}），经企业（组织）自愿申报、推荐单位推荐、资格审查、资料评审、现场评审、市评委会审查表决和社会公示，市政府决定授予下列企业（组织）{y}年度{PROGRAMME_NAME}称号。现将名单公布如下。\n\n"
    );
    for award in 0..2 {
        let _ = write!(
            b,
            "## {}（{} 家）\n\n",
            p.award_title(award, y),
            cycle.winners[award].len()
        );
        for (k, org) in cycle.winner_orgs(award).enumerate() {
            let _ = writeln!(b, "{}. {}", k + 1, p.orgs[org].name);
        }
        b.push('\n');
    }
    let _ = write!(
        b,
        "希望获奖企业（组织）珍惜荣誉，持续实施卓越绩效管理，充分发挥质量标杆的示范引领作用。获奖企业（组织）可以在形象宣传中使用温州市市长质量奖称号和标识，但须注明获评年份，不得用于产品宣传。\n\n温州市人民政府\n\n{}\n",
        zh(cycle.decision)
    );
    b
}

fn training_body(day: Date) -> String {
    format!(
        "各县（市、区）质量奖评审办，各有关企业（组织）：\n\n\
为帮助企业（组织）深入理解 GB/T 19580《卓越绩效评价准则》，做好温州市市长质量奖申报准备，市评审办定于 {} 年 {} 月下旬举办卓越绩效管理培训班。\n\n\
## 一、培训内容\n\n1. 卓越绩效评价准则条款解读与评分要点；\n2. 自我评价报告的编写方法；\n3. 历年获评企业（组织）经验交流。\n\n\
## 二、报名方式\n\n请将报名回执发送至 zljpsb@example.gov.cn。培训不收取任何费用。\n\n{OFFICE}\n\n{}\n",
        day.year(),
        day.month(),
        zh(day)
    )
}

// -------------------------------------------------------------- output --

/// Writes files under a root, counting them.
pub(crate) struct Writer {
    root: PathBuf,
    pub files: usize,
    pub bytes: u64,
}

impl Writer {
    fn new(root: &Path) -> Self {
        Writer {
            root: root.to_path_buf(),
            files: 0,
            bytes: 0,
        }
    }

    pub fn dir(&self, rel: &str) -> Result<(), Box<dyn Error>> {
        fs::create_dir_all(self.root.join(rel))?;
        Ok(())
    }

    pub fn file(&mut self, rel: &str, contents: &[u8]) -> Result<(), Box<dyn Error>> {
        let path = self.root.join(rel);
        fs::write(&path, contents).map_err(|e| format!("{}: {e}", path.display()))?;
        self.files += 1;
        self.bytes += contents.len() as u64;
        Ok(())
    }
}

/// A YAML scalar: plain where that reads back as the same string, else
/// double-quoted (a JSON string is a valid YAML double-quoted scalar).
fn q(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit() || c.is_whitespace() || "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !s.ends_with(|c: char| c.is_whitespace() || c == ':')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.contains('\n')
        && !matches!(
            s,
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "~"
        );
    if plain {
        s.to_owned()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

fn write_content(p: &Programme, w: &mut Writer) -> Result<(), Box<dyn Error>> {
    w.file("programme.yaml", programme_yaml(p).as_bytes())?;

    w.dir("organizations")?;
    let mut buf = String::with_capacity(4096);
    for org in &p.orgs {
        buf.clear();
        org_yaml(p, org, &mut buf);
        w.file(&format!("organizations/{}.yaml", org.id), buf.as_bytes())?;
    }

    w.dir("experts")?;
    for e in &p.experts {
        buf.clear();
        let _ = writeln!(buf, "# 评审专家（内部信息，不在网站公开；姓名为虚构）");
        let _ = writeln!(buf, "name: {}", q(&e.name));
        let _ = writeln!(buf, "level: {}", e.level);
        let _ = writeln!(buf, "certificate: {}", q(&e.certificate));
        let _ = writeln!(buf, "affiliation: {}", q(e.affiliation));
        if !e.conflicts.is_empty() {
            let mut ids: Vec<&str> = e.conflicts.iter().map(|&o| p.orgs[o].id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            buf.push_str("# 第二十四条（二）：专家申报的利害关系\nconflicts:\n");
            for id in ids {
                let _ = writeln!(buf, "  - {id}");
            }
        }
        w.file(&format!("experts/{}.yaml", e.id), buf.as_bytes())?;
    }

    for cycle in &p.cycles {
        let dir = format!("cycles/{}", cycle.year);
        w.dir(&format!("{dir}/applications"))?;
        w.file(&format!("{dir}/cycle.yaml"), cycle_yaml(p, cycle).as_bytes())?;
        for app in &cycle.apps {
            buf.clear();
            app_yaml(p, cycle, app, &mut buf);
            w.file(
                &format!("{dir}/applications/{}.yaml", p.orgs[app.org].id),
                buf.as_bytes(),
            )?;
        }
    }

    w.dir("notices/files")?;
    w.file(
        "notices/files/申报表.txt",
        "温州市市长质量奖申报表（演示附件）\n\n一、企业（组织）基本情况\n二、卓越绩效管理实施情况\n三、近三年主要经济指标\n四、推荐单位意见\n".as_bytes(),
    )?;
    // 索引号: serials in date order within each year, as an office gives them.
    let mut order: Vec<&Notice> = p.notices.iter().collect();
    order.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    let mut serials: std::collections::BTreeMap<i16, u32> = std::collections::BTreeMap::new();
    let index_nos: std::collections::BTreeMap<&str, String> = order
        .into_iter()
        .map(|n| {
            let serial = serials.entry(n.date.year()).or_insert(0);
            *serial += 1;
            (n.id.as_str(), format!("{ORG_CODE}/{}-{serial:05}", n.date.year()))
        })
        .collect();
    for n in &p.notices {
        buf.clear();
        buf.push_str("---\n");
        let _ = writeln!(buf, "title: {}", q(&n.title));
        let _ = writeln!(buf, "date: {}", n.date);
        if let Some(index_no) = index_nos.get(n.id.as_str()) {
            let _ = writeln!(buf, "index_no: {index_no}");
        }
        let _ = writeln!(buf, "kind: {}", n.kind);
        if let Some(y) = n.year {
            let _ = writeln!(buf, "year: {y}");
        }
        if let Some(d) = &n.document {
            let _ = writeln!(buf, "document: {}", q(d));
        }
        if n.attachment {
            buf.push_str("attachments:\n  - title: 温州市市长质量奖申报表\n    file: 申报表.txt\n");
        }
        buf.push_str("---\n\n");
        buf.push_str(&n.body);
        w.file(&format!("notices/{}.md", n.id), buf.as_bytes())?;
    }
    Ok(())
}

/// The organisation code of the synthetic programme's 索引号.
const ORG_CODE: &str = "11330300000000000X";

fn programme_yaml(p: &Programme) -> String {
    let first = p.cycles.first().map_or(2000, |c| c.year);
    let last = p.cycles.last().map_or(2000, |c| c.year);
    let mut b = String::with_capacity(8192);
    for line in [
        "# 温州市市长质量奖 —— 项目配置（qaward 性能测试用的合成数据，企业、专家和评审记录均为虚构）",
        "",
        "name: 温州市市长质量奖",
        "issuer: 温州市人民政府",
        "",
        "office:",
        "  name: 温州市市长质量奖评审委员会办公室",
        "  host: 温州市市场监督管理局",
        "",
        "site:",
        "  title: 温州市市长质量奖公示公告（合成演示站点）",
        "  base_url: https://example.gov.cn/zlj/",
        "  language: zh-CN",
        "  footer:",
        "    sponsor: 温州市市长质量奖评审委员会办公室（演示）",
        "    site_code: \"0000000000\"",
        "    icp: 浙ICP备00000000号",
        "    police: 浙公网安备00000000000000号",
        "    contact: 联系电话：0577-88000000（演示号码）",
        "",
        "disclosure:",
        "  org_code: \"11330300000000000X\"",
        "  topic: 市场监管、安全生产监管/质量监督",
        "",
        "awards:",
    ] {
        b.push_str(line);
        b.push('\n');
    }
    for (id, name, title) in AWARDS {
        let _ = write!(b, "  {id}:\n    name: {name}\n    title: {}\n", q(title));
    }
    b.push_str("\nrecommenders:\n");
    for r in RECOMMENDERS {
        let _ = writeln!(b, "  {}:\n    name: {}", r.id, r.name);
        if let Some(d) = r.division {
            let _ = writeln!(b, "    division: \"{d}\"");
        }
        let _ = writeln!(b, "    direct: {}", r.direct);
    }
    b.push_str("\nindustries:\n");
    for i in INDUSTRIES {
        let _ = writeln!(
            b,
            "  {}:\n    name: {}\n    excellence_waived: {}",
            i.id, i.name, i.waived
        );
    }
    // The caps are data: raised so that a programme of this size keeps
    // within them (the real regulation has 5, 20 and 10).
    b.push_str("\n# 合成数据：为容纳本规模的申报数量，上限按规模放大（真实办法为 5、20、10）\n");
    b.push_str("regulations:\n  - id: wzb-2020-79-synth\n");
    let _ = writeln!(b, "    document: {DOCUMENT}");
    b.push_str("    title: 温州市市长质量奖评审管理办法（2020年修订，合成规模版）\n");
    let _ = writeln!(b, "    effective: {}", date(first, 1, 1));
    let _ = writeln!(b, "    expires: {}", date(last + 5, 12, 31));
    b.push_str("    standard: \"GB/T 19580-2012\"\n    rules:\n");
    let _ = writeln!(b, "      winners_per_award: {}", p.winners_cap);
    let _ = writeln!(b, "      onsite_max: {}", p.onsite_cap);
    let _ = writeln!(b, "      candidates_max: {}", p.candidates_cap);
    let _ = writeln!(b, "      publicity_days: {PUBLICITY_DAYS}");
    let _ = writeln!(b, "      revocation_ban_years: {BAN_YEARS}");
    let _ = writeln!(b, "      operating_years: {OPERATING_YEARS}");
    let _ = writeln!(b, "      excellence_years: {EXCELLENCE_YEARS}");
    let _ = writeln!(b, "      record_years: {RECORD_YEARS}");
    b.push_str("      group_size:\n        min: 3\n        max: 5\n");
    b.push_str("      expert_levels: [provincial, national]\n      call_quarter: 2\n      divisions: [\"3303\"]\n");
    b
}

fn org_yaml(p: &Programme, org: &Org, b: &mut String) {
    let _ = writeln!(b, "# {}（演示企业，名称与数据均属虚构）", org.name);
    let _ = writeln!(b, "name: {}", q(&org.name));
    let _ = writeln!(b, "uscc: \"{}\"", org.uscc);
    let _ = writeln!(b, "established: {}", org.established);
    let _ = writeln!(b, "recommender: {}", RECOMMENDERS[org.recommender].id);
    let _ = writeln!(b, "industry: {}", INDUSTRIES[org.industry].id);
    if org.website {
        let _ = writeln!(b, "website: https://{}.example.cn/", org.id);
    }
    b.push_str("profile: |\n");
    for line in org.profile.lines() {
        if line.is_empty() {
            b.push('\n');
        } else {
            let _ = writeln!(b, "  {line}");
        }
    }
    if !org.sanctions.is_empty() {
        b.push_str("\n# 第二十一条：称号的撤销或取消，自决定之日起在网站公开\nsanctions:\n");
        for s in &org.sanctions {
            let _ = write!(
                b,
                "  - kind: {}\n    year: {}\n    award: {}\n    date: {}\n    document: {}\n    reason: {}\n",
                if s.revoked { "revoked" } else { "cancelled" },
                s.year,
                p.award_id(s.award),
                s.date,
                q(&s.document),
                q(&s.reason)
            );
        }
    }
    let _ = write!(
        b,
        "\n# 联系人信息仅供市评审办内部使用，不在网站公开\ncontact:\n  person: {}\n  phone: \"0577-{}\"\n  email: {}@example.cn\n",
        org.contact, org.phone, org.id
    );
}

fn items_yaml(b: &mut String, items: &[u32]) {
    b.push_str("  items:\n");
    for ((clause, _), v) in ITEMS.iter().zip(items) {
        let _ = writeln!(b, "    \"{clause}\": {v}");
    }
}

fn app_yaml(p: &Programme, cycle: &Cycle, app: &App, b: &mut String) {
    let org = &p.orgs[app.org];
    let _ = writeln!(b, "# {}年度{} · {}", cycle.year, p.award_name(app.award), org.name);
    let _ = writeln!(b, "organization: {}", org.id);
    let _ = writeln!(b, "award: {}", p.award_id(app.award));
    let _ = writeln!(b, "recommender: {}", RECOMMENDERS[org.recommender].id);
    let _ = writeln!(b, "submitted: {}", app.submitted);
    let _ = writeln!(b, "excellence_since: {}", org.excellence_since);
    if let Some((year, title)) = &app.county_award {
        let _ = write!(b, "county_award:\n  year: {year}\n  title: {}\n", q(title));
    }
    b.push_str("\n# ---- 以下均为内部信息（第二十四条（四）），不在网站公开 ----\n\ndeclarations:\n");
    let _ = writeln!(b, "  compliant: {}", app.compliant);
    if app.incidents.is_empty() {
        b.push_str("  incidents: []\n");
    } else {
        b.push_str("  incidents:\n");
        for i in &app.incidents {
            let _ = write!(
                b,
                "    - kind: {}\n      date: {}\n      description: {}\n",
                i.kind,
                i.date,
                q(&i.description)
            );
        }
    }
    let _ = write!(
        b,
        "\nself_evaluation:\n  score: {}\n  report: {}\n",
        app.self_score,
        q(&format!(
            "《{}卓越绩效自我评价报告》（{}年{}月），按 GB/T 19580-2012 逐条目自评。",
            org.name,
            app.submitted.year(),
            app.self_month
        ))
    );
    if let Some((date, reason)) = &app.withdrawn {
        let _ = write!(b, "\nwithdrawn:\n  date: {date}\n  reason: {}\n", q(reason));
        return;
    }
    if let Some(qf) = &app.qualification {
        let _ = write!(
            b,
            "\nqualification:\n  result: {}\n  date: {}\n",
            if qf.passed { "passed" } else { "failed" },
            qf.date
        );
        if let Some(r) = &qf.reason {
            let _ = writeln!(b, "  reason: {}", q(r));
        }
        if let Some(n) = qf.notified {
            let _ = writeln!(b, "  notified: {n}   # 第十四条：书面告知");
        }
    }
    if let Some((s, advanced, notified)) = &app.material {
        let _ = write!(b, "\nmaterial:\n  score: {}\n", s.score);
        if let Some(items) = &s.items {
            items_yaml(b, items);
        }
        let _ = writeln!(b, "  result: {}", if *advanced { "advanced" } else { "not-advanced" });
        if let Some(n) = notified {
            let _ = writeln!(b, "  notified: {n}   # 第十五条：书面告知");
        }
    }
    if let Some(o) = &app.onsite {
        let _ = write!(
            b,
            "\nonsite:\n  group: group-{:04}\n  score: {}\n",
            o.group + 1,
            o.scores.score
        );
        if let Some(items) = &o.scores.items {
            items_yaml(b, items);
        }
        let _ = write!(
            b,
            "  signed_by: {}   # 第十六条：受评企业（组织）负责人签字确认\n  signed: {}\n  result: {}\n",
            o.signed_by,
            o.signed,
            if o.candidate { "candidate" } else { "not-candidate" }
        );
    }
}

fn cycle_yaml(p: &Programme, cycle: &Cycle) -> String {
    let y = cycle.year;
    let id = |a: usize| p.orgs[cycle.apps[a].org].id.as_str();
    let mut b = String::with_capacity(64 * 1024 + cycle.apps.len() * 128);
    let _ = write!(
        b,
        "# {y}年度{PROGRAMME_NAME}评审周期\n\nyear: {y}\n\n\
call:\n  notice: {y}-call\n  published: {}\n  deadline: {}\n\n\
qualification_review:\n  completed: {}\n\n\
material_review:\n  completed: {}\n\n\
onsite_review:\n  start: {}\n  end: {}\n\n\
# 评审组（内部信息）\nreview_groups:\n",
        cycle.published,
        cycle.deadline,
        cycle.qualification_done,
        cycle.material_done,
        cycle.onsite_start,
        cycle.onsite_end
    );
    for (g, group) in cycle.groups.iter().enumerate() {
        let members: Vec<&str> = group.members.iter().map(|&e| p.experts[e].id.as_str()).collect();
        let _ = write!(
            b,
            "  group-{:04}:\n    leader: {}\n    members: [{}]\n    applications:\n",
            g + 1,
            p.experts[group.leader].id,
            members.join(", ")
        );
        for &a in &group.apps {
            let _ = writeln!(b, "      - {}", id(a));
        }
    }
    let _ = write!(
        b,
        "\n# 第十七条：无记名投票，只记录票数\ncommittee_vote:\n  date: {}\n  members_total: {COMMITTEE}\n  members_present: {}\n  tallies:\n",
        cycle.vote, cycle.present
    );
    for &(a, f, against, abstain) in &cycle.tallies {
        let _ = writeln!(b, "    {}: {{for: {f}, against: {against}, abstain: {abstain}}}", id(a));
    }
    b.push_str("  shortlisted:\n");
    for (award, list) in cycle.shortlisted.iter().enumerate() {
        if list.is_empty() {
            let _ = writeln!(b, "    {}: []", p.award_id(award));
            continue;
        }
        let _ = writeln!(b, "    {}:", p.award_id(award));
        for &a in list {
            let _ = writeln!(b, "      - {}", id(a));
        }
    }
    let _ = write!(
        b,
        "\n# 第十八条：公示期 {PUBLICITY_DAYS} 天（首尾两日均计入）\npublicity:\n  start: {}\n  end: {}\n  notice: {y}-publicity\n  contact:\n    department: {OFFICE}\n    phone: 0577-88000000\n    address: 温州市示例大道 100 号市场监管大楼 806 室（演示地址）\n    email: zljpsb@example.gov.cn\n",
        cycle.publicity_start, cycle.publicity_end
    );
    if !cycle.objections.is_empty() {
        b.push_str("  objections:\n");
        for o in &cycle.objections {
            let _ = write!(
                b,
                "    - application: {}\n      received: {}\n      summary: {}\n      report: {}\n      concluded: {}\n      outcome: {}\n",
                id(o.app),
                o.received,
                q(o.summary),
                q(o.report),
                o.concluded,
                if o.upheld { "upheld" } else { "dismissed" }
            );
        }
    }
    let _ = write!(
        b,
        "\ndecision:\n  date: {}\n  document: {}\n  title: {}\n  winners:\n",
        cycle.decision,
        q(&cycle.decision_document),
        q(&cycle.decision_title())
    );
    for (award, list) in cycle.winners.iter().enumerate() {
        if list.is_empty() {
            let _ = writeln!(b, "    {}: []", p.award_id(award));
            continue;
        }
        let _ = writeln!(b, "    {}:", p.award_id(award));
        for &a in list {
            let _ = writeln!(b, "      - {}", id(a));
        }
    }
    b
}
