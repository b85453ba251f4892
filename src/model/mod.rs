//! The typed content model: what the checks and the publisher read.
//!
//! Built only from documents that passed their schema, so deserialisation
//! failures here are rare (an impossible date) and reported under `schema`.
//! Every entity remembers its file so that checks can point into it.

pub mod index_no;
pub mod procedure;
pub mod standard;

use std::collections::BTreeMap;
use std::sync::Arc;

use indexmap::IndexMap;
use jiff::civil::Date;
use serde::Deserialize;

use crate::catalogue;
use crate::diagnostics::{Diagnostic, Location, Message};
use crate::load::{Document, Kind};

/// `programme.yaml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    pub name: String,
    pub issuer: String,
    pub office: Office,
    pub site: Site,
    #[serde(default)]
    pub disclosure: Option<Disclosure>,
    pub awards: IndexMap<String, Award>,
    pub recommenders: IndexMap<String, Recommender>,
    pub industries: IndexMap<String, Industry>,
    pub regulations: Vec<Regulation>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Office {
    pub name: String,
    pub host: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub title: String,
    pub base_url: String,
    pub language: String,
    pub footer: Footer,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Footer {
    pub sponsor: String,
    /// 网站标识码; with it the footer links 我为政府网站找错.
    #[serde(default)]
    pub site_code: Option<String>,
    #[serde(default)]
    pub icp: Option<String>,
    #[serde(default)]
    pub police: Option<String>,
    /// The registration page the 党政机关网站标识 links to.
    #[serde(default)]
    pub dzjg_url: Option<String>,
    pub contact: String,
}

/// The 政府信息公开 settings: what a notice's 信息公开 table defaults to
/// and the form of its 索引号.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    /// The publisher's organisation code (统一社会信用代码 or 组织机构代码).
    pub org_code: String,
    /// The form of an 索引号, `{code}/{year}-{serial}` by default.
    #[serde(default = "default_index_form")]
    pub index_form: String,
    #[serde(default = "default_serial_digits")]
    pub serial_digits: u8,
    /// The 主题分类 of a notice that names none.
    #[serde(default)]
    pub topic: Option<String>,
}

fn default_index_form() -> String {
    index_no::DEFAULT_FORM.to_owned()
}

fn default_serial_digits() -> u8 {
    index_no::DEFAULT_DIGITS
}

impl Disclosure {
    /// The form of this programme's 索引号.
    pub fn form(&self) -> index_no::IndexForm {
        index_no::IndexForm::new(&self.index_form, &self.org_code, self.serial_digits)
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Award {
    pub name: String,
    /// The year-marked title, holding `{year}` (第二十二条).
    pub title: String,
}

impl Award {
    /// The title for one award year.
    pub fn title_for(&self, year: i64) -> String {
        self.title.replace("{year}", &year.to_string())
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recommender {
    pub name: String,
    #[serde(default)]
    pub division: Option<String>,
    #[serde(default)]
    pub direct: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Industry {
    pub name: String,
    #[serde(default)]
    pub excellence_waived: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regulation {
    pub id: String,
    pub document: String,
    pub title: String,
    pub effective: Date,
    pub expires: Date,
    pub standard: String,
    pub rules: RuleNumbers,
}

impl Regulation {
    pub fn in_force_on(&self, day: Date) -> bool {
        self.effective <= day && day <= self.expires
    }
}

/// Every number the checks use; a new revision of the regulation is a new
/// entry of `regulations`, not a code change.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleNumbers {
    pub winners_per_award: u32,
    pub onsite_max: u32,
    pub candidates_max: u32,
    pub publicity_days: u32,
    pub revocation_ban_years: u32,
    pub operating_years: u32,
    pub excellence_years: u32,
    pub record_years: u32,
    pub group_size: GroupSize,
    pub expert_levels: Vec<ExpertLevel>,
    pub call_quarter: u32,
    pub divisions: Vec<String>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSize {
    pub min: u32,
    pub max: u32,
}

/// `organizations/<id>.yaml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    #[serde(skip)]
    pub id: String,
    #[serde(skip)]
    pub file: String,
    pub name: String,
    pub uscc: String,
    pub established: Date,
    pub recommender: String,
    pub industry: String,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub profile: Option<String>,
    /// Internal.
    #[serde(default)]
    pub contact: Option<Contact>,
    #[serde(default)]
    pub sanctions: Vec<Sanction>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub person: String,
    pub phone: String,
    pub email: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SanctionKind {
    /// 撤销: the title was obtained or kept improperly; bars new applications.
    Revoked,
    /// 取消: the organisation no longer meets the conditions.
    Cancelled,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sanction {
    pub kind: SanctionKind,
    pub year: i64,
    pub award: String,
    pub date: Date,
    pub document: String,
    pub reason: String,
}

/// `experts/<id>.yaml` (internal).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expert {
    #[serde(skip)]
    pub id: String,
    #[serde(skip)]
    pub file: String,
    pub name: String,
    pub level: ExpertLevel,
    pub certificate: String,
    pub affiliation: String,
    #[serde(default)]
    pub conflicts: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExpertLevel {
    Municipal,
    Provincial,
    National,
}

/// `cycles/<year>/cycle.yaml` with its applications.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cycle {
    #[serde(skip)]
    pub file: String,
    /// Shared, so that `serve` reuses an unchanged file's record without
    /// copying it.
    #[serde(skip)]
    pub applications: BTreeMap<String, Arc<Application>>,
    pub year: i64,
    pub call: Call,
    #[serde(default)]
    pub qualification_review: Option<Completed>,
    #[serde(default)]
    pub material_review: Option<Completed>,
    #[serde(default)]
    pub onsite_review: Option<Period>,
    #[serde(default)]
    pub review_groups: IndexMap<String, ReviewGroup>,
    #[serde(default)]
    pub committee_vote: Option<CommitteeVote>,
    #[serde(default)]
    pub publicity: Option<Publicity>,
    /// Internal: the list submitted for the government's approval (第十九条).
    #[serde(default)]
    pub approval: Option<Approval>,
    #[serde(default)]
    pub decision: Option<Decision>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Call {
    pub notice: String,
    pub published: Date,
    pub deadline: Date,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Completed {
    pub completed: Date,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewGroup {
    pub leader: String,
    pub members: Vec<String>,
    pub applications: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitteeVote {
    pub date: Date,
    pub members_total: u32,
    pub members_present: u32,
    pub tallies: IndexMap<String, Tally>,
    pub shortlisted: IndexMap<String, Vec<String>>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tally {
    #[serde(rename = "for")]
    pub in_favour: u32,
    pub against: u32,
    pub abstain: u32,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publicity {
    pub start: Date,
    pub end: Date,
    #[serde(default)]
    pub notice: Option<String>,
    pub contact: PublicityContact,
    #[serde(default)]
    pub objections: Vec<Objection>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicityContact {
    pub department: String,
    pub phone: String,
    pub address: String,
    pub email: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ObjectionOutcome {
    Dismissed,
    Upheld,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objection {
    pub application: String,
    pub received: Date,
    pub summary: String,
    #[serde(default)]
    pub report: Option<String>,
    #[serde(default)]
    pub concluded: Option<Date>,
    #[serde(default)]
    pub outcome: Option<ObjectionOutcome>,
}

/// The 拟获评 list sent to the government for approval (第十九条): when and
/// under which number. Only `qaward docs` reads it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub submitted: Date,
    #[serde(default)]
    pub document: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub date: Date,
    pub document: String,
    pub title: String,
    pub winners: IndexMap<String, Vec<String>>,
}

/// `cycles/<year>/applications/<id>.yaml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Application {
    #[serde(skip)]
    pub id: String,
    #[serde(skip)]
    pub file: String,
    pub organization: String,
    pub award: String,
    pub recommender: String,
    pub submitted: Date,
    pub excellence_since: Date,
    #[serde(default)]
    pub county_award: Option<CountyAward>,
    pub declarations: Declarations,
    pub self_evaluation: SelfEvaluation,
    #[serde(default)]
    pub qualification: Option<Qualification>,
    #[serde(default)]
    pub material: Option<Material>,
    #[serde(default)]
    pub onsite: Option<Onsite>,
    #[serde(default)]
    pub withdrawn: Option<Withdrawal>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountyAward {
    pub year: i64,
    pub title: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Declarations {
    pub compliant: bool,
    #[serde(default)]
    pub incidents: Vec<Incident>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IncidentKind {
    SpotCheckFailure,
    MajorAccident,
    MajorComplaint,
    SeriousViolation,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    pub kind: IncidentKind,
    pub date: Date,
    pub description: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfEvaluation {
    pub score: f64,
    pub report: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QualificationResult {
    Passed,
    Failed,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Qualification {
    pub result: QualificationResult,
    pub date: Date,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub notified: Option<Date>,
    /// The written notice's number (文号), when it has one.
    #[serde(default)]
    pub document: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MaterialResult {
    Advanced,
    NotAdvanced,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Material {
    pub score: f64,
    #[serde(default)]
    pub items: BTreeMap<String, f64>,
    /// Absent while the group has scored and the office has not decided.
    #[serde(default)]
    pub result: Option<MaterialResult>,
    /// Why it did not advance, for the written notice (optional).
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub notified: Option<Date>,
    /// The written notice's number (文号), when it has one.
    #[serde(default)]
    pub document: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OnsiteResult {
    Candidate,
    NotCandidate,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Onsite {
    pub group: String,
    pub score: f64,
    #[serde(default)]
    pub items: BTreeMap<String, f64>,
    #[serde(default)]
    pub signed_by: Option<String>,
    #[serde(default)]
    pub signed: Option<Date>,
    /// Absent while the group has scored and the office has not decided.
    #[serde(default)]
    pub result: Option<OnsiteResult>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Withdrawal {
    pub date: Date,
    pub reason: String,
}

/// A notice's front matter and body.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    #[serde(skip)]
    pub id: String,
    #[serde(skip)]
    pub file: String,
    #[serde(skip)]
    pub body: String,
    pub title: String,
    pub date: Date,
    pub kind: NoticeKind,
    #[serde(default)]
    pub year: Option<i64>,
    #[serde(default)]
    pub document: Option<String>,
    /// 索引号: unique in the content root, never changed once given.
    #[serde(default)]
    pub index_no: Option<String>,
    /// 发布机构 (default: the office's host).
    #[serde(default)]
    pub publisher: Option<String>,
    /// 成文日期 (default: `date`).
    #[serde(default)]
    pub written: Option<Date>,
    /// 主题分类 (default: `disclosure.topic`).
    #[serde(default)]
    pub topic: Option<String>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoticeKind {
    Call,
    Publicity,
    Result,
    Revocation,
    General,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    pub title: String,
    pub file: String,
}

/// The whole programme, as typed data.
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub programme: Option<Programme>,
    pub organizations: BTreeMap<String, Organization>,
    pub experts: BTreeMap<String, Expert>,
    /// Keyed by the cycle folder's year.
    pub cycles: BTreeMap<i64, Cycle>,
    pub notices: BTreeMap<String, Notice>,
}

impl Model {
    /// Assembles the model from the records of documents that passed
    /// their schema, in walk order.
    pub fn assemble(records: impl IntoIterator<Item = Record>) -> Model {
        let mut model = Model::default();
        let mut applications: Vec<(i64, Arc<Application>)> = Vec::new();
        for record in records {
            match record {
                Record::Programme(p) => model.programme = Some(*p),
                Record::Organization(o) => {
                    model.organizations.insert(o.id.clone(), *o);
                }
                Record::Expert(e) => {
                    model.experts.insert(e.id.clone(), *e);
                }
                Record::Cycle(c) => {
                    model.cycles.insert(c.year, *c);
                }
                Record::Application(year, a) => applications.push((year, a)),
                Record::Notice(n) => {
                    model.notices.insert(n.id.clone(), *n);
                }
            }
        }
        for (year, application) in applications {
            if let Some(cycle) = model.cycles.get_mut(&year) {
                cycle.applications.insert(application.id.clone(), application);
            }
        }
        model
    }

    /// The regulation version in force on `day`, the latest effective first.
    pub fn regulation_on(&self, day: Date) -> Option<&Regulation> {
        let programme = self.programme.as_ref()?;
        programme
            .regulations
            .iter()
            .filter(|r| r.in_force_on(day))
            .max_by_key(|r| r.effective)
    }
}

/// One document as typed data, before it takes its place in the [`Model`].
#[derive(Clone, Debug)]
pub enum Record {
    Programme(Box<Programme>),
    Organization(Box<Organization>),
    Expert(Box<Expert>),
    Cycle(Box<Cycle>),
    /// With the year of its cycle folder.
    Application(i64, Arc<Application>),
    Notice(Box<Notice>),
}

impl Record {
    /// Reads a document that passed its schema as typed data, consuming its
    /// value. Fails for a document that still does not fit (an impossible
    /// date, a cycle year that differs from its folder).
    pub fn read(doc: Document) -> Result<Option<Record>, Box<Diagnostic>> {
        let Document {
            kind,
            file,
            id,
            year,
            value,
            body,
        } = doc;
        let year: Option<i64> = year.as_deref().and_then(|y| y.parse().ok());
        let record = match kind {
            Kind::Programme => Record::Programme(typed(value, kind, &file)?),
            Kind::Organization => {
                let mut o: Box<Organization> = typed(value, kind, &file)?;
                (o.id, o.file) = (id, file);
                Record::Organization(o)
            }
            Kind::Expert => {
                let mut e: Box<Expert> = typed(value, kind, &file)?;
                (e.id, e.file) = (id, file);
                Record::Expert(e)
            }
            Kind::Cycle => {
                let mut c: Box<Cycle> = typed(value, kind, &file)?;
                if Some(c.year) != year {
                    return Err(Box::new(Diagnostic::new(
                        catalogue::SCHEMA,
                        Location::value(&file, "/year"),
                        Message::new(
                            format!("`year` 为 {}，与所在目录 cycles/{id}/ 不一致", c.year),
                            format!("`year` is {} but the folder is cycles/{id}/", c.year),
                        ),
                    )));
                }
                c.file = file;
                Record::Cycle(c)
            }
            Kind::Application => {
                let Some(year) = year else {
                    return Ok(None);
                };
                let mut a: Box<Application> = typed(value, kind, &file)?;
                (a.id, a.file) = (id, file);
                Record::Application(year, Arc::from(a))
            }
            Kind::Notice => {
                let mut n: Box<Notice> = typed(value, kind, &file)?;
                (n.id, n.file, n.body) = (id, file, body.unwrap_or_default());
                Record::Notice(n)
            }
        };
        Ok(Some(record))
    }
}

/// Moves a JSON value into its typed form.
fn typed<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
    kind: Kind,
    file: &str,
) -> Result<Box<T>, Box<Diagnostic>> {
    serde_json::from_value(value).map(Box::new).map_err(|err| {
        Box::new(Diagnostic::new(
            catalogue::SCHEMA,
            Location::value(file, ""),
            Message::new(
                format!("内容无法读取为{}：{err}", kind_zh(kind)),
                format!("the content cannot be read as {}: {err}", kind.name()),
            ),
        ))
    })
}

/// The Chinese name of a file kind, for messages.
pub fn kind_zh(kind: Kind) -> &'static str {
    match kind {
        Kind::Programme => "评选项目配置",
        Kind::Organization => "企业（组织）",
        Kind::Expert => "评审专家",
        Kind::Cycle => "年度评审周期",
        Kind::Application => "申报",
        Kind::Notice => "公告",
    }
}
