//! Scaffolding for `qaward new` and the editor's new-record forms: the
//! text of new content files, pre-filled from `programme.yaml`.
//!
//! [`files`] checks a [`Request`] against the validated root (known
//! organisation, award, cycle, regulation in force) and builds the files;
//! the rest are pure functions. The callers (`cmd/new.rs`,
//! `serve/edit/new.rs`) write the result through `write`. Every file starts with the yaml-language-server modeline of
//! [`schemas::modeline`]. A value the office must supply is written empty
//! (`name:`), which YAML reads as null: `validate` reports each one as a
//! schema error at its own line until it is filled, so a placeholder never
//! passes silently. Optional fields are written as comments.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use jiff::ToSpan;
use jiff::civil::Date;
use serde_json::Value;

use crate::calendar;
use crate::load::Kind;
use crate::load::{self, Content};
use crate::model::{Model, NoticeKind, Programme, Regulation};
use crate::schemas;
use crate::suggest::suggest;
use crate::validate::Validation;

/// One file to create: its path relative to the content root and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NewFile {
    pub path: String,
    pub text: String,
}

/// A new record asked for: the arguments of `qaward new` or of a
/// new-record form, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Request {
    Cycle {
        year: String,
    },
    Application {
        year: String,
        org_id: String,
        award: String,
    },
    Organization {
        id: String,
    },
    Expert {
        id: String,
    },
    /// A notice dated `date`, today in Asia/Shanghai when `None`.
    Notice {
        id: String,
        date: Option<Date>,
    },
}

/// The files of `request`, after its checks: a valid id or year; for an
/// application a known organisation, award and cycle; for a cycle a
/// version of the regulation in force for its call.
pub(crate) fn files(
    request: &Request,
    programme: &Programme,
    validation: &Validation,
) -> Result<Vec<NewFile>, ScaffoldError> {
    match request {
        Request::Cycle { year } => {
            let year = parse_year(year)?;
            let call_year = call_year(&validation.model, year);
            let plan = plan_call(programme, call_year).ok_or(ScaffoldError::NoRegulation { year, call_year })?;
            Ok(cycle(programme, year, &plan, &used_index_nos(validation)))
        }
        Request::Application { year, org_id, award } => {
            let year = parse_year(year)?;
            check_id(org_id)?;
            check_organization(ids(&validation.content, Kind::Organization), org_id)?;
            check_award(programme, award)?;
            if !ids(&validation.content, Kind::Cycle).contains(&year.to_string()) {
                return Err(ScaffoldError::NoCycle { year });
            }
            let model = &validation.model;
            let regulation = model
                .cycles
                .get(&year)
                .and_then(|c| model.regulation_on(c.call.published));
            let value = load::read_value(&validation.content.root, Kind::Organization, org_id);
            let org = OrgFacts::from_value(programme, org_id, value.as_ref());
            Ok(vec![application(programme, regulation, year, &org, award)])
        }
        Request::Organization { id } => {
            check_id(id)?;
            Ok(vec![organization(programme, id)])
        }
        Request::Expert { id } => {
            check_id(id)?;
            Ok(vec![expert(id)])
        }
        Request::Notice { id, date } => {
            check_id(id)?;
            let date = date.unwrap_or_else(calendar::today_in_china);
            Ok(vec![notice(programme, id, date, &used_index_nos(validation))])
        }
    }
}

/// Every 索引号 the notices hold, read from the model, or from the file
/// itself for a notice that failed its schema, so that a number in use is
/// never given again.
fn used_index_nos(validation: &Validation) -> Vec<String> {
    let notices = &validation.model.notices;
    ids(&validation.content, Kind::Notice)
        .iter()
        .filter_map(|id| match notices.get(id) {
            Some(notice) => notice.index_no.clone(),
            None => load::read_value(&validation.content.root, Kind::Notice, id)?
                .get("index_no")?
                .as_str()
                .map(str::to_owned),
        })
        .collect()
}

/// The ids of `kind` on disk (valid or not).
pub(crate) fn ids(content: &Content, kind: Kind) -> &BTreeSet<String> {
    static NONE: BTreeSet<String> = BTreeSet::new();
    content.ids.get(&kind).unwrap_or(&NONE)
}

/// Why `new` refuses (exit code 2). Messages are Chinese, then English.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ScaffoldError {
    #[error(
        "编号 `{0}` 无效：编号须符合 ^[a-z0-9][a-z0-9-]*$，即只用小写英文字母、数字和连字符，并以字母或数字开头 \
         (invalid id `{0}`: an id must match ^[a-z0-9][a-z0-9-]*$, lowercase letters, digits and hyphens, starting with a letter or digit)"
    )]
    InvalidId(String),
    #[error(
        "年度 `{0}` 无效：应为 2000 至 2100 之间的四位数年份，例如 2026 \
         (invalid year `{0}`: write a four-digit year from 2000 to 2100, e.g. 2026)"
    )]
    InvalidYear(String),
    #[error("未知奖项 `{given}`{} (unknown award `{given}`{})", .hint.zh, .hint.en)]
    UnknownAward { given: String, hint: Hint },
    #[error("未知企业（组织） `{given}`{} (unknown organization `{given}`{})", .hint.zh, .hint.en)]
    UnknownOrganization { given: String, hint: Hint },
    #[error(
        "没有 {year} 年度的评审周期 cycles/{year}/cycle.yaml：请先运行 `qaward new cycle {year}` \
         (no cycle {year}: run `qaward new cycle {year}` first)"
    )]
    NoCycle { year: i64 },
    #[error(
        "{call_year} 年没有施行中的办法版本可以发布 {year} 年度申报通知：请先在 programme.yaml 的 regulations 中登记新版本（第二十六条） \
         (no version of the regulation is in force in {call_year} for the {year} call: record it in `regulations` of programme.yaml first)"
    )]
    NoRegulation { year: i64, call_year: i64 },
}

/// The tail of an "unknown" message: a "did you mean", else the known ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Hint {
    pub zh: String,
    pub en: String,
}

impl Hint {
    fn new(given: &str, known: &[String]) -> Hint {
        match suggest(given, known) {
            Some(s) => Hint {
                zh: format!("，是否想写 `{s}`？"),
                en: format!("; did you mean `{s}`?"),
            },
            None if known.is_empty() => Hint {
                zh: "；目前还没有任何编号".into(),
                en: "; there are none yet".into(),
            },
            None => Hint {
                zh: format!("；已有：{}", known.join("、")),
                en: "; the known ids are listed before".into(),
            },
        }
    }
}

/// Checks an id against `^[a-z0-9][a-z0-9-]*$`.
pub(crate) fn check_id(id: &str) -> Result<(), ScaffoldError> {
    let mut chars = id.chars();
    let valid = matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if valid {
        Ok(())
    } else {
        Err(ScaffoldError::InvalidId(id.to_owned()))
    }
}

/// Parses an award year: four digits, within the schema's 2000–2100.
pub(crate) fn parse_year(text: &str) -> Result<i64, ScaffoldError> {
    let invalid = || ScaffoldError::InvalidYear(text.to_owned());
    if text.len() != 4 || !text.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid());
    }
    let year: i64 = text.parse().map_err(|_| invalid())?;
    if (2000..=2100).contains(&year) {
        Ok(year)
    } else {
        Err(invalid())
    }
}

/// Checks that `award` is an award of the programme.
pub(crate) fn check_award(programme: &Programme, award: &str) -> Result<(), ScaffoldError> {
    if programme.awards.contains_key(award) {
        return Ok(());
    }
    let known: Vec<String> = programme.awards.keys().cloned().collect();
    Err(ScaffoldError::UnknownAward {
        given: award.to_owned(),
        hint: Hint::new(award, &known),
    })
}

/// Checks that `id` names an organisation file on disk.
pub(crate) fn check_organization(known: &BTreeSet<String>, id: &str) -> Result<(), ScaffoldError> {
    if known.contains(id) {
        return Ok(());
    }
    let known: Vec<String> = known.iter().cloned().collect();
    Err(ScaffoldError::UnknownOrganization {
        given: id.to_owned(),
        hint: Hint::new(id, &known),
    })
}

/// A YAML scalar for `text`: plain when YAML reads it back as the same
/// string, else double-quoted (a JSON string is a YAML double-quoted one).
fn scalar(text: &str) -> String {
    match crate::yaml::parse(text) {
        Ok(Value::String(s)) if s == text && !text.contains('\n') => text.to_owned(),
        _ => serde_json::Value::String(text.to_owned()).to_string(),
    }
}

/// The Chinese numeral of a quarter, for 第二季度.
fn quarter_zh(quarter: u32) -> &'static str {
    match quarter {
        1 => "一",
        2 => "二",
        3 => "三",
        _ => "四",
    }
}

/// The calendar year in which the call of award year `year` is published:
/// the offset the latest recorded cycle used (the example programme calls
/// the 2025年度 awards in 2026), else the next year.
pub(crate) fn call_year(model: &Model, year: i64) -> i64 {
    let offset = model
        .cycles
        .values()
        .next_back()
        .map_or(1, |c| i64::from(c.call.published.year()) - c.year);
    year + offset
}

/// The call of one cycle as planned by `new cycle`: the regulation version
/// in force, and call dates in its `call_quarter`.
#[derive(Clone, Debug)]
pub(crate) struct CallPlan<'a> {
    pub regulation: &'a Regulation,
    pub quarter: u32,
    /// The first day of the quarter on which the version is in force.
    pub published: Date,
    /// The last day of the quarter.
    pub deadline: Date,
}

/// Plans the call published in `call_year`: the latest-effective version of
/// the regulation that is in force on some day of its own call quarter.
pub(crate) fn plan_call(programme: &Programme, call_year: i64) -> Option<CallPlan<'_>> {
    let year = i16::try_from(call_year).ok()?;
    let mut versions: Vec<&Regulation> = programme.regulations.iter().collect();
    versions.sort_by_key(|r| std::cmp::Reverse(r.effective));
    versions.into_iter().find_map(|regulation| {
        let quarter = regulation.rules.call_quarter.clamp(1, 4);
        let month = i8::try_from(quarter * 3 - 2).ok()?;
        let start = Date::new(year, month, 1).ok()?;
        let end = start.checked_add(3.months()).ok()?.yesterday().ok()?;
        let published = start.max(regulation.effective);
        (published <= end.min(regulation.expires)).then_some(CallPlan {
            regulation,
            quarter,
            published,
            deadline: end,
        })
    })
}

/// `new cycle YEAR`: `cycles/YEAR/cycle.yaml` and its call notice
/// `notices/YEAR-call.md`, both complete and valid.
pub(crate) fn cycle(programme: &Programme, year: i64, plan: &CallPlan<'_>, used: &[String]) -> Vec<NewFile> {
    let notice_id = format!("{year}-call");
    let path = format!("cycles/{year}/cycle.yaml");
    let q = quarter_zh(plan.quarter);
    let text = format!(
        "{modeline}\n\
         # {year}年度{name}评审周期（由 qaward new 生成）\n\
         # 适用办法：{title}（{document}）\n\
         \n\
         year: {year}\n\
         \n\
         # 第十二条：一般在每年第{q}季度发布申报通知。\n\
         # 以下日期按第{q}季度预填，请改为实际日期；改动时同时修改 notices/{notice_id}.md 的 date 和正文。\n\
         call:\n  notice: {notice_id}\n  published: {published}\n  deadline: {deadline}\n\
         \n\
         # 以后各阶段完成时在此补充（格式见 docs/content-format.md）：\n\
         # qualification_review（第十四条）、material_review（第十五条）、onsite_review 和\n\
         # review_groups（第十六条）、committee_vote（第十七条）、publicity（第十八条）、decision（第十九条）。\n",
        modeline = schemas::modeline(Kind::Cycle, &path),
        name = programme.name,
        title = plan.regulation.title,
        document = plan.regulation.document,
        published = plan.published,
        deadline = plan.deadline,
    );
    let call = call_notice(programme, year, &notice_id, plan, used);
    vec![NewFile { path, text }, call]
}

fn call_notice(programme: &Programme, year: i64, id: &str, plan: &CallPlan<'_>, used: &[String]) -> NewFile {
    let path = format!("notices/{id}.md");
    let title = format!("关于组织申报{year}年度{}的通知", programme.name);
    let text = format!(
        "---\n{modeline}\ntitle: {title}\ndate: {date}\n{index_no}kind: call\nyear: {year}\n\
         # 文号，可省略：\n# document: 温市质奖办〔{call_year}〕1号\n---\n\n{body}",
        modeline = schemas::modeline(Kind::Notice, &path),
        title = scalar(&title),
        date = plan.published,
        index_no = index_no_lines(programme, plan.published, used),
        call_year = plan.published.year(),
        body = call_body(programme, year, plan),
    );
    NewFile { path, text }
}

/// The body of a call notice, from the programme and the numbers of the
/// regulation in force: nothing in it is left to fill.
fn call_body(programme: &Programme, year: i64, plan: &CallPlan<'_>) -> String {
    let rules = &plan.regulation.rules;
    let awards: Vec<String> = programme.awards.values().map(|a| format!("“{}”", a.name)).collect();
    let deadline = calendar::zh(plan.deadline);
    let office = &programme.office.name;
    let mut body = format!(
        "各推荐单位，各有关企业（组织）：\n\n\
         根据《{title}》（{document}，以下简称《办法》），现就组织申报{year}年度{name}有关事项通知如下。\n\n\
         ## 一、奖项设置\n\n\
         {year}年度{name}设{awards}，每个奖项获奖企业（组织）各不超过 {winners} 家。\n\n\
         ## 二、申报条件\n\n\
         申报企业（组织）应当符合《办法》规定的申报条件，各项年限均计算至申报截止日（{deadline}）：\n\n\
         1. 在本市行政区域内注册登记，具有独立法人资格，正常运营 {operating} 年以上；\n\
         2. 生产经营符合法律法规、强制性标准和产业政策的要求；\n\
         3. 实施卓越绩效管理满 {excellence} 年以上并取得显著成效{waived}；\n\
         4. 近 {record} 年未出现质量监督抽查安全指标或主要性能指标不合格，未发生较大以上质量、安全生产、环境污染、公共卫生等事故，\
         无因组织责任导致的重大投诉，无其他严重违法违规行为。\n\n\
         称号被撤销未满 {ban} 年的企业（组织）不得申报。\n\n",
        title = plan.regulation.title,
        document = plan.regulation.document,
        name = programme.name,
        awards = awards.join("和"),
        winners = rules.winners_per_award,
        operating = rules.operating_years,
        excellence = rules.excellence_years,
        waived = waived_clause(programme),
        record = rules.record_years,
        ban = rules.revocation_ban_years,
    );
    let _ = write!(
        body,
        "## 三、申报程序\n\n\
         1. 申报企业（组织）按照 {standard} 开展自我评价，形成自我评价报告，填写申报表并提供证明材料。\n\
         2. 申报材料于{deadline}前报送推荐单位，经初审后推荐{direct}。逾期不予受理。\n\
         3. {office}组织资格审查和资料评审，确定不超过 {onsite} 家进入现场评审；根据现场评审结果确定不超过 {candidates} 家候选企业（组织）\
         提交市评委会审查表决，初步入选名单公示 {days} 天后报{issuer}批准公布。\n\n\
         ## 四、联系方式\n\n{contact}\n\n{office}\n\n{date}\n",
        standard = plan.regulation.standard,
        direct = direct_clause(programme),
        onsite = rules.onsite_max,
        candidates = rules.candidates_max,
        days = rules.publicity_days,
        issuer = programme.issuer,
        contact = programme.site.footer.contact,
        date = calendar::zh(plan.published),
    );
    body
}

/// "（数字经济、…等行业不作年限要求）" from the waived industries.
fn waived_clause(programme: &Programme) -> String {
    let waived: Vec<&str> = programme
        .industries
        .values()
        .filter(|i| i.excellence_waived)
        .map(|i| i.name.as_str())
        .collect();
    if waived.is_empty() {
        String::new()
    } else {
        format!("（{}等行业不作年限要求）", waived.join("、"))
    }
}

/// "；省、市直属单位直接报送…" from the `direct` recommender.
fn direct_clause(programme: &Programme) -> String {
    programme
        .recommenders
        .values()
        .find(|r| r.direct)
        .map(|r| format!("；{}直接报送{}", r.name, programme.office.name))
        .unwrap_or_default()
}

/// Wraps `items` into comment lines of at most `per_line` items.
fn comment_list(lead: &str, items: &[String], per_line: usize) -> String {
    let mut text = format!("# {lead}\n");
    for chunk in items.chunks(per_line.max(1)) {
        let _ = writeln!(text, "#   {}", chunk.join("、"));
    }
    text
}

/// `new organization ID`: every field to fill, the optional ones as
/// comments, with the recommenders and industries of the programme listed.
pub(crate) fn organization(programme: &Programme, id: &str) -> NewFile {
    let path = format!("organizations/{id}.yaml");
    let recommenders: Vec<String> = programme
        .recommenders
        .iter()
        .map(|(id, r)| format!("{id}（{}）", r.name))
        .collect();
    let industries: Vec<String> = programme
        .industries
        .iter()
        .map(|(id, i)| format!("{id}（{}）", i.name))
        .collect();
    let text = format!(
        "{modeline}\n\
         # 企业（组织）基本信息（由 qaward new 生成）。空着的字段都须填写，填好后运行 qaward validate。\n\
         # 列入公示名单或获奖后，除 contact 外的字段在网站公开。\n\
         \n\
         # 营业执照上的全称\n\
         name:\n\
         # 18 位统一社会信用代码，加引号书写\n\
         uscc:\n\
         # 成立日期，YYYY-MM-DD\n\
         established:\n\
         {recommenders}recommender:\n\
         {industries}industry:\n\
         \n\
         # 以下两项可省略，需要时删去行首的 # ：\n\
         # website: https://www.example.com/\n\
         # profile: 公开的企业（组织）简介（Markdown）\n\
         \n\
         # 联系人信息仅供{office}内部使用，不在网站公开（第二十四条（四））\n\
         contact:\n  person:\n  phone:\n  email:\n\
         \n\
         # 称号被撤销或取消时，在此添加 sanctions（第二十一条，格式见 docs/content-format.md）。\n",
        modeline = schemas::modeline(Kind::Organization, &path),
        recommenders = comment_list("推荐单位编号，可选：", &recommenders, 5),
        industries = comment_list("行业编号，可选：", &industries, 5),
        office = programme.office.name,
    );
    NewFile { path, text }
}

/// `new expert ID` (`experts/ID.yaml`, all internal): every field to fill,
/// in the schema's order, the levels listed and the conflicts as a comment.
pub(crate) fn expert(id: &str) -> NewFile {
    let path = format!("experts/{id}.yaml");
    let text = format!(
        "{modeline}\n\
         # 评审专家（由 qaward new 生成）。空着的字段都须填写，填好后运行 qaward validate。\n\
         # 专家信息全部为内部信息，不在网站公开（第二十四条（四））。\n\
         \n\
         # 姓名\n\
         name:\n\
         # 资格级别（第十条），可选：\n\
         #   municipal（市级）、provincial（省级）、national（国家级）\n\
         level:\n\
         # 评审员资格证书名称和编号\n\
         certificate:\n\
         # 工作单位的全称：专家不评审名称与之相同的企业（组织）（第二十四条（二））\n\
         affiliation:\n\
         \n\
         # 有利害关系、须回避的企业（组织）编号，可省略；需要时删去行首的 # ：\n\
         # conflicts:\n\
         #   - demo-pumps\n",
        modeline = schemas::modeline(Kind::Expert, &path),
    );
    NewFile { path, text }
}

/// What `new application` knows of the organisation, read from its file
/// whether or not that file is valid yet.
#[derive(Clone, Debug, Default)]
pub(crate) struct OrgFacts {
    pub id: String,
    pub name: Option<String>,
    /// The organisation's recommender, when it is one of the programme.
    pub recommender: Option<String>,
}

impl OrgFacts {
    /// Reads the facts from an organisation document's YAML value.
    pub fn from_value(programme: &Programme, id: &str, value: Option<&Value>) -> OrgFacts {
        let text = |key: &str| {
            value
                .and_then(|v| v.get(key))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        OrgFacts {
            id: id.to_owned(),
            name: text("name").filter(|n| !n.trim().is_empty()),
            recommender: text("recommender").filter(|r| programme.recommenders.contains_key(r)),
        }
    }
}

/// `new application YEAR ORG AWARD`: `cycles/YEAR/applications/ORG.yaml`
/// (an application is named after its organisation: one a year, 第三条),
/// with the recommender of the organisation's file.
pub(crate) fn application(
    programme: &Programme,
    regulation: Option<&Regulation>,
    year: i64,
    org: &OrgFacts,
    award: &str,
) -> NewFile {
    let path = format!("cycles/{year}/applications/{}.yaml", org.id);
    let award_name = programme.awards.get(award).map_or(award, |a| a.name.as_str());
    let direct = programme
        .recommenders
        .iter()
        .find(|(_, r)| r.direct)
        .map(|(id, r)| format!("；{}直接报送时写 {id}", r.name))
        .unwrap_or_default();
    let recommender = match &org.recommender {
        Some(r) => format!(
            "# 取自 organizations/{}.yaml{direct}（第十三条）\nrecommender: {}\n",
            org.id,
            scalar(r)
        ),
        None => format!(
            "# organizations/{}.yaml 尚未填写有效的推荐单位，请填写推荐单位编号{direct}（第十三条）\nrecommender:\n",
            org.id
        ),
    };
    let record = regulation.map_or_else(|| "规定年限".to_owned(), |r| format!("{} 年", r.rules.record_years));
    let text = format!(
        "{modeline}\n\
         # {year}年度{award_name} · {org_name}（由 qaward new 生成）。空着的字段都须填写，填好后运行 qaward validate。\n\
         organization: {org_id}\n\
         award: {award}\n\
         {recommender}\
         # 申报材料提交日期，YYYY-MM-DD\n\
         submitted:\n\
         # 开始实施卓越绩效管理的日期（第十一条（三））\n\
         excellence_since:\n\
         # 已获县级质量奖时填写（第十三条），需要时删去行首的 # ：\n\
         # county_award:\n\
         #   year: {county_year}\n\
         #   title: {county_year}年度某某县（市、区）质量奖\n\
         \n\
         # ---- 以下均为内部信息（第二十四条（四）），不在网站公开 ----\n\
         \n\
         declarations:\n\
         \x20 # 生产经营是否符合法律法规、强制性标准和产业政策：true 或 false（第十一条（二））\n\
         \x20 compliant:\n\
         \x20 # 截止日前 {record}内的不良事件，无则写 []（第十一条（五））\n\
         \x20 incidents:\n\
         \n\
         self_evaluation:\n\
         \x20 # 自评总分，0 至 1000（第四条）\n\
         \x20 score:\n\
         \x20 # 自我评价报告的名称或摘要（第十三条）\n\
         \x20 report:\n\
         \n\
         # 各评审阶段完成时在此补充 qualification（第十四条）、material（第十五条）、onsite（第十六条）。\n",
        modeline = schemas::modeline(Kind::Application, &path),
        org_name = org.name.as_deref().unwrap_or(&org.id),
        org_id = scalar(&org.id),
        award = scalar(award),
        county_year = year - 1,
    );
    NewFile { path, text }
}

/// The kind a notice id suggests, by its words (split at `-`):
/// `call`/`shenbao` → call; `publicity`/`gongshi` → publicity;
/// `result`/`results`/`decision`/`winners`/`gongbu` → result;
/// `revocation`/`revoke`/`cancellation`/`cancel`/`chexiao`/`quxiao` →
/// revocation; anything else → general. The first word that matches wins.
pub fn guess_kind(id: &str) -> NoticeKind {
    id.split('-')
        .find_map(|word| match word {
            "call" | "shenbao" => Some(NoticeKind::Call),
            "publicity" | "gongshi" => Some(NoticeKind::Publicity),
            "result" | "results" | "decision" | "winners" | "gongbu" => Some(NoticeKind::Result),
            "revocation" | "revoke" | "revoked" | "cancellation" | "cancel" | "cancelled" | "chexiao" | "quxiao" => {
                Some(NoticeKind::Revocation)
            }
            _ => None,
        })
        .unwrap_or(NoticeKind::General)
}

/// The award year a notice id names, for the kinds that concern one award
/// year by their id (call, publicity, result): its four-digit word.
pub fn guess_year(id: &str, kind: NoticeKind) -> Option<i64> {
    if !matches!(kind, NoticeKind::Call | NoticeKind::Publicity | NoticeKind::Result) {
        return None;
    }
    id.split('-').find_map(|word| parse_year(word).ok())
}

fn kind_name(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::Call => "call",
        NoticeKind::Publicity => "publicity",
        NoticeKind::Result => "result",
        NoticeKind::Revocation => "revocation",
        NoticeKind::General => "general",
    }
}

/// The next free 索引号 of `date`'s year among `used` (SPEC section 9):
/// the largest serial of that year plus one, so that no notice is ever
/// renumbered. `None` without `disclosure` in `programme.yaml`, or when
/// the serial would outgrow its digits.
pub(crate) fn next_index_no(programme: &Programme, date: Date, used: &[String]) -> Option<String> {
    let form = programme.disclosure.as_ref()?.form();
    form.next(date.year(), used.iter().map(String::as_str))
}

/// The `index_no` line of a new notice with its comment, or a comment
/// saying why there is none.
fn index_no_lines(programme: &Programme, date: Date, used: &[String]) -> String {
    match next_index_no(programme, date, used) {
        Some(index_no) => format!(
            "# 索引号（政府信息公开）：当年下一个未用的编号，发布后不再改变\nindex_no: {}\n",
            scalar(&index_no)
        ),
        None if programme.disclosure.is_none() => {
            "# 索引号（政府信息公开）：在 programme.yaml 的 disclosure 中设置组织机构代码 org_code 后填写\n# index_no:\n"
                .to_owned()
        }
        None => format!(
            "# 索引号（政府信息公开）：{}年的流水号已超出 programme.yaml 规定的位数 serial_digits，请按格式手工填写\n# index_no:\n",
            date.year()
        ),
    }
}

/// `new notice ID`: front matter dated `date` with the next free 索引号 of
/// its year among `used`, the kind guessed from the id, the title to fill,
/// and an empty body.
pub(crate) fn notice(programme: &Programme, id: &str, date: Date, used: &[String]) -> NewFile {
    let path = format!("notices/{id}.md");
    let kind = guess_kind(id);
    let year = match guess_year(id, kind) {
        Some(year) => format!("# 公告涉及的评审年度（由编号推测）\nyear: {year}\n"),
        None => "# 公告涉及的评审年度，可省略：\n# year: 2026\n".to_owned(),
    };
    let text = format!(
        "---\n{modeline}\n\
         # 公告标题，须填写\n\
         title:\n\
         # 发布日期：网站自该日起公开本公告\n\
         date: {date}\n\
         {index_no}\
         # 由编号推测为 {kind}；可选 call（申报通知）、publicity（初选公示）、result（获奖名单）、revocation（撤销或取消称号）、general（其他）\n\
         kind: {kind}\n\
         {year}\
         # 文号，可省略：\n\
         # document: 温市质奖办〔{doc_year}〕1号\n\
         ---\n\
         \n\
         <!-- 在此撰写公告正文（Markdown）。本行是注释，网站不显示。 -->\n",
        modeline = schemas::modeline(Kind::Notice, &path),
        kind = kind_name(kind),
        index_no = index_no_lines(programme, date, used),
        doc_year = date.year(),
    );
    NewFile { path, text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_years_are_checked() {
        assert!(check_id("demo-pumps").is_ok());
        assert!(check_id("2026-call").is_ok());
        for bad in ["Demo", "示例", "a b", "..", "a/b", "-a", "", "a_b", "../x"] {
            assert_eq!(check_id(bad), Err(ScaffoldError::InvalidId(bad.to_owned())), "{bad}");
        }
        assert_eq!(parse_year("2026"), Ok(2026));
        for bad in ["26", "20266", "1999", "2101", "２０２６", "abcd", "-202"] {
            assert!(parse_year(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_new_expert_has_its_modeline_first_and_the_schema_keys_in_order() {
        let file = expert("qian-mouli");
        assert_eq!(file.path, "experts/qian-mouli.yaml");
        let first = file.text.lines().next().unwrap_or_default();
        assert_eq!(first, schemas::modeline(Kind::Expert, &file.path));
        let schema: Value = serde_json::from_str(schemas::text(Kind::Expert)).unwrap_or(Value::Null);
        let order: Vec<&str> = schema["properties"]
            .as_object()
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let keys: Vec<&str> = file
            .text
            .lines()
            .filter_map(|l| l.trim_start_matches("# ").split_once(':'))
            .map(|(k, _)| k)
            .filter(|k| order.contains(k))
            .collect();
        assert_eq!(keys, order, "every key, in the schema's order");
        // The required fields are left empty (null), to be reported until filled.
        let value = crate::yaml::parse(&file.text).unwrap_or(Value::Null);
        for key in ["name", "level", "certificate", "affiliation"] {
            assert_eq!(value.get(key), Some(&Value::Null), "{key}");
        }
        assert_eq!(value.get("conflicts"), None, "the optional list is a comment");
    }

    #[test]
    fn kinds_are_guessed_from_words() {
        assert_eq!(guess_kind("2026-call"), NoticeKind::Call);
        assert_eq!(guess_kind("2026-gongshi"), NoticeKind::Publicity);
        assert_eq!(guess_kind("2026-decision"), NoticeKind::Result);
        assert_eq!(guess_kind("cancellation-demo"), NoticeKind::Revocation);
        assert_eq!(guess_kind("training-2026"), NoticeKind::General);
        assert_eq!(guess_kind("recall-2026"), NoticeKind::General);
        assert_eq!(guess_year("2026-publicity", NoticeKind::Publicity), Some(2026));
        assert_eq!(guess_year("training-2026", NoticeKind::General), None);
    }

    #[test]
    fn scalars_that_yaml_would_retype_are_quoted() {
        assert_eq!(scalar("demo-pumps"), "demo-pumps");
        assert_eq!(scalar("2026"), "\"2026\"");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("null"), "\"null\"");
        assert_eq!(scalar("1e3"), "\"1e3\"");
        assert_eq!(scalar("关于: 通知"), "\"关于: 通知\"");
        assert_eq!(
            scalar("关于组织申报2026年度温州市市长质量奖的通知"),
            "关于组织申报2026年度温州市市长质量奖的通知"
        );
    }
}
