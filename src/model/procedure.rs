//! The award procedure of 第十二条 to 第十九条, written once: its stages in
//! order, each with its article, its names and the cycle fields that date
//! it; the three reviews an application passes through, with their
//! outcomes; and the questions every consumer asks of them (a cycle's
//! dates per stage, where a cycle stands on a day, how far an application
//! went, the counts at each review).
//!
//! Rules, `status`, the public cycle page, the documents and `diff` loop
//! over these tables; none of them names a stage or an outcome on its own.
//! A revised regulation that adds a stage or renames a result changes this
//! file.

use indexmap::IndexMap;
use jiff::civil::Date;

use super::{Application, Cycle, MaterialResult, OnsiteResult, QualificationResult, RuleNumbers};

/// A stage of the cycle, in the order of the regulation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// 第十二条 发布通知通告: the call is published.
    Call,
    /// 第十三条 申报推荐: applications and recommendations, until the
    /// deadline.
    Applications,
    /// 第十四条 资格审查.
    Qualification,
    /// 第十五条 资料评审.
    Material,
    /// 第十六条 现场评审.
    Onsite,
    /// 第十七条 审查表决: the committee's vote.
    Vote,
    /// 第十八条 初选公示.
    Publicity,
    /// 第十九条 审定批准: the government's decision, announced.
    Decision,
}

/// A dated field of `cycle.yaml`: its JSON pointer and what it is called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateField {
    pub pointer: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

/// What `status` says of a cycle whose latest stage reached is this one:
/// while it runs (its last day included) and after it.
struct Standing {
    during: (&'static str, &'static str),
    after: (&'static str, &'static str),
}

/// Everything the procedure knows of one stage: a flat table.
struct StageInfo {
    article: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
    /// The label of the public timeline, where it differs from the name.
    timeline_zh: &'static str,
    /// The section of `cycle.yaml` that records it.
    section: &'static str,
    start: DateField,
    /// The last day, for a stage that lasts a period.
    end: Option<DateField>,
    standing: Standing,
}

const fn field(pointer: &'static str, zh: &'static str, en: &'static str) -> DateField {
    DateField { pointer, zh, en }
}

// A flat table: one entry per stage of the regulation.
const STAGES: [StageInfo; 8] = [
    StageInfo {
        article: "第十二条",
        name_zh: "发布申报通知",
        name_en: "call for applications",
        timeline_zh: "发布申报通知",
        section: "/call",
        start: field("/call/published", "申报通知发布日期", "call published"),
        end: None,
        standing: Standing {
            during: ("申报中", "applications open"),
            after: ("申报中", "applications open"),
        },
    },
    StageInfo {
        article: "第十三条",
        name_zh: "申报推荐",
        name_en: "applications",
        timeline_zh: "申报截止",
        section: "/call",
        start: field("/call/deadline", "申报截止日期", "call deadline"),
        end: None,
        standing: Standing {
            during: ("申报中", "applications open"),
            after: ("申报已截止，资格审查中", "applications closed, qualification review"),
        },
    },
    StageInfo {
        article: "第十四条",
        name_zh: "资格审查",
        name_en: "qualification review",
        timeline_zh: "资格审查",
        section: "/qualification_review",
        start: field(
            "/qualification_review/completed",
            "资格审查完成日期",
            "qualification review completed",
        ),
        end: None,
        standing: Standing {
            during: ("资格审查已完成，资料评审中", "qualification done, material review"),
            after: ("资格审查已完成，资料评审中", "qualification done, material review"),
        },
    },
    StageInfo {
        article: "第十五条",
        name_zh: "资料评审",
        name_en: "material review",
        timeline_zh: "资料评审",
        section: "/material_review",
        start: field(
            "/material_review/completed",
            "资料评审完成日期",
            "material review completed",
        ),
        end: None,
        standing: Standing {
            during: (
                "资料评审已完成，待现场评审",
                "material review done, on-site review to come",
            ),
            after: (
                "资料评审已完成，待现场评审",
                "material review done, on-site review to come",
            ),
        },
    },
    StageInfo {
        article: "第十六条",
        name_zh: "现场评审",
        name_en: "on-site review",
        timeline_zh: "现场评审",
        section: "/onsite_review",
        start: field("/onsite_review/start", "现场评审开始日期", "on-site review start"),
        end: Some(field("/onsite_review/end", "现场评审结束日期", "on-site review end")),
        standing: Standing {
            during: ("现场评审中", "on-site review"),
            after: ("现场评审已结束，待审查表决", "on-site review over, vote to come"),
        },
    },
    StageInfo {
        article: "第十七条",
        name_zh: "市评委会审查表决",
        name_en: "committee vote",
        timeline_zh: "市评委会审查表决",
        section: "/committee_vote",
        start: field("/committee_vote/date", "评委会表决日期", "committee vote"),
        end: None,
        standing: Standing {
            during: ("市评委会已审查表决，待公示", "committee has voted, publicity to come"),
            after: ("市评委会已审查表决，待公示", "committee has voted, publicity to come"),
        },
    },
    StageInfo {
        article: "第十八条",
        name_zh: "初选公示",
        name_en: "publicity",
        timeline_zh: "初选公示",
        section: "/publicity",
        start: field("/publicity/start", "公示开始日期", "publicity start"),
        end: Some(field("/publicity/end", "公示结束日期", "publicity end")),
        standing: Standing {
            during: ("公示中", "publicity running"),
            after: ("公示期满，待审定批准", "publicity over, awaiting the decision"),
        },
    },
    StageInfo {
        article: "第十九条",
        name_zh: "审定批准并公布",
        name_en: "decision",
        timeline_zh: "审定批准并公布",
        section: "/decision",
        start: field("/decision/date", "审定日期", "decision"),
        end: None,
        standing: Standing {
            during: ("已公布获奖名单", "winners announced"),
            after: ("已公布获奖名单", "winners announced"),
        },
    },
];

/// What `status` says before the call is published.
const BEFORE_CALL: (&str, &str) = ("尚未发布申报通知", "call not yet published");

impl Stage {
    /// Every stage, in the order of the procedure.
    pub const ALL: [Stage; 8] = [
        Stage::Call,
        Stage::Applications,
        Stage::Qualification,
        Stage::Material,
        Stage::Onsite,
        Stage::Vote,
        Stage::Publicity,
        Stage::Decision,
    ];

    fn info(self) -> &'static StageInfo {
        &STAGES[self as usize]
    }

    /// The article of the regulation that sets the stage.
    pub fn article(self) -> &'static str {
        self.info().article
    }

    /// Its name in Chinese (发布申报通知, 申报推荐, …).
    pub fn name_zh(self) -> &'static str {
        self.info().name_zh
    }

    /// Its name in English.
    pub fn name_en(self) -> &'static str {
        self.info().name_en
    }

    /// Its label on the public timeline (the applications stage shows
    /// as 申报截止, the day it ends).
    pub fn timeline_zh(self) -> &'static str {
        self.info().timeline_zh
    }

    /// The section of `cycle.yaml` that records it (`/onsite_review`).
    pub fn section(self) -> &'static str {
        self.info().section
    }

    /// The field that dates it (its first day).
    pub fn start_field(self) -> DateField {
        self.info().start
    }

    /// The field of its last day, for a stage that lasts a period.
    pub fn end_field(self) -> Option<DateField> {
        self.info().end
    }

    /// Its dates in `cycle`, when the cycle records them.
    pub fn period(self, cycle: &Cycle) -> Option<Period> {
        let single = |d: Date| Period { start: d, end: d };
        match self {
            Stage::Call => Some(single(cycle.call.published)),
            Stage::Applications => Some(single(cycle.call.deadline)),
            Stage::Qualification => cycle.qualification_review.as_ref().map(|q| single(q.completed)),
            Stage::Material => cycle.material_review.as_ref().map(|m| single(m.completed)),
            Stage::Onsite => cycle.onsite_review.as_ref().map(|o| Period {
                start: o.start,
                end: o.end,
            }),
            Stage::Vote => cycle.committee_vote.as_ref().map(|v| single(v.date)),
            Stage::Publicity => cycle.publicity.as_ref().map(|p| Period {
                start: p.start,
                end: p.end,
            }),
            Stage::Decision => cycle.decision.as_ref().map(|d| single(d.date)),
        }
    }

    /// The stages that decide a list by award.
    pub const LISTS: [Stage; 2] = [Stage::Vote, Stage::Decision];

    /// Where [`Stage::list`] lives in `cycle.yaml` (for a stage of
    /// [`Stage::LISTS`]; the winners' for any other).
    pub fn list_pointer(self) -> &'static str {
        match self {
            Stage::Vote => "/committee_vote/shortlisted",
            _ => "/decision/winners",
        }
    }

    /// The list the stage decides, by award: the committee's shortlist
    /// (第十七条) and the winners (第十九条).
    pub fn list(self, cycle: &Cycle) -> Option<&IndexMap<String, Vec<String>>> {
        match self {
            Stage::Vote => cycle.committee_vote.as_ref().map(|v| &v.shortlisted),
            Stage::Decision => cycle.decision.as_ref().map(|d| &d.winners),
            _ => None,
        }
    }

    /// Every dated field of `cycle` that is present, in the order of the
    /// procedure, with its date.
    pub fn dated_fields(cycle: &Cycle) -> Vec<(DateField, Date)> {
        let mut fields = Vec::new();
        for stage in Stage::ALL {
            let Some(period) = stage.period(cycle) else {
                continue;
            };
            fields.push((stage.start_field(), period.start));
            if let Some(end) = stage.end_field() {
                fields.push((end, period.end));
            }
        }
        fields
    }
}

/// A stage's first and last day (the same day for a one-day stage).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

/// How a stage stands on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    Upcoming,
    Current,
    Done,
}

impl Progress {
    /// `done`, `current` or `upcoming`, as the public timeline marks it.
    pub fn as_str(self) -> &'static str {
        match self {
            Progress::Upcoming => "upcoming",
            Progress::Current => "current",
            Progress::Done => "done",
        }
    }
}

impl Period {
    /// How the period stands on `day`: done once it is over (a one-day
    /// stage on its day), current from its first day, else upcoming.
    pub fn progress(self, day: Date) -> Progress {
        if self.end < day || (self.end == day && self.start == self.end) {
            Progress::Done
        } else if self.start <= day {
            Progress::Current
        } else {
            Progress::Upcoming
        }
    }

    /// Whether its last day has come by `day`.
    pub fn ended_by(self, day: Date) -> bool {
        self.end <= day
    }

    /// Whether it has begun by `day` (or, misdated, already ended).
    fn reached_by(self, day: Date) -> bool {
        self.start <= day || self.end < day
    }
}

/// Where a cycle stands on `day`, in Chinese and English: the latest stage
/// it has reached, while it runs or after it.
pub fn standing(cycle: &Cycle, day: Date) -> (&'static str, &'static str) {
    let latest = Stage::ALL
        .into_iter()
        .rev()
        .find_map(|stage| stage.period(cycle).filter(|p| p.reached_by(day)).map(|p| (stage, p)));
    match latest {
        Some((stage, period)) if day <= period.end => stage.info().standing.during,
        Some((stage, _)) => stage.info().standing.after,
        None => BEFORE_CALL,
    }
}

/// A review each application passes through, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Review {
    Qualification,
    Material,
    Onsite,
}

/// How a review ended for an application: it goes on to the next stage
/// (通过, 进入现场评审, 确定为候选) or stops there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Proceeds,
    Stops,
}

/// The words for a review scored but not decided yet.
pub const UNDECIDED: (&str, &str) = ("已评分，待定", "scored, undecided");

/// Everything the procedure knows of one review: a flat table.
struct ReviewInfo {
    stage: Stage,
    key: &'static str,
    pointer: &'static str,
    result_pointer: &'static str,
    proceeds: (&'static str, &'static str),
    stops: (&'static str, &'static str),
}

// A flat table: one entry per review.
const REVIEWS: [ReviewInfo; 3] = [
    ReviewInfo {
        stage: Stage::Qualification,
        key: "qualification",
        pointer: "/qualification",
        result_pointer: "/qualification/result",
        proceeds: ("通过", "passed"),
        stops: ("未通过", "failed"),
    },
    ReviewInfo {
        stage: Stage::Material,
        key: "material",
        pointer: "/material",
        result_pointer: "/material/result",
        proceeds: ("进入现场评审", "advanced"),
        stops: ("未进入现场评审", "not advanced"),
    },
    ReviewInfo {
        stage: Stage::Onsite,
        key: "onsite",
        pointer: "/onsite",
        result_pointer: "/onsite/result",
        proceeds: ("确定为候选", "candidate"),
        stops: ("未确定为候选", "not a candidate"),
    },
];

impl Review {
    /// Every review, in order.
    pub const ALL: [Review; 3] = [Review::Qualification, Review::Material, Review::Onsite];

    /// The reviews that score an application against the standard
    /// (第十五条, 第十六条): their score sheets and summaries.
    pub const SCORED: [Review; 2] = [Review::Material, Review::Onsite];

    fn info(self) -> &'static ReviewInfo {
        &REVIEWS[self as usize]
    }

    /// The cycle's stage the review belongs to.
    pub fn stage(self) -> Stage {
        self.info().stage
    }

    /// The application's field that records it (`qualification`, …).
    pub fn key(self) -> &'static str {
        self.info().key
    }

    /// The JSON pointer of that field.
    pub fn pointer(self) -> &'static str {
        self.info().pointer
    }

    /// The JSON pointer of its result.
    pub fn result_pointer(self) -> &'static str {
        self.info().result_pointer
    }

    /// Its name in Chinese (资格审查, 资料评审, 现场评审).
    pub fn name_zh(self) -> &'static str {
        self.stage().name_zh()
    }

    /// The review before it, whose outcome lets an application in.
    pub fn previous(self) -> Option<Review> {
        match self {
            Review::Qualification => None,
            Review::Material => Some(Review::Qualification),
            Review::Onsite => Some(Review::Material),
        }
    }

    /// The outcome recorded for `app`, when one is.
    pub fn outcome(self, app: &Application) -> Option<Outcome> {
        let proceeds = match self {
            Review::Qualification => app
                .qualification
                .as_ref()
                .map(|q| q.result == QualificationResult::Passed),
            Review::Material => app
                .material
                .as_ref()
                .and_then(|m| m.result)
                .map(|r| r == MaterialResult::Advanced),
            Review::Onsite => app
                .onsite
                .as_ref()
                .and_then(|o| o.result)
                .map(|r| r == OnsiteResult::Candidate),
        }?;
        Some(if proceeds { Outcome::Proceeds } else { Outcome::Stops })
    }

    /// The recorded score and item scores of a scored review, if any
    /// (none for the qualification review, which scores nothing).
    pub fn scores(self, app: &Application) -> Option<(f64, &std::collections::BTreeMap<String, f64>)> {
        match self {
            Review::Qualification => None,
            Review::Material => app.material.as_ref().map(|m| (m.score, &m.items)),
            Review::Onsite => app.onsite.as_ref().map(|o| (o.score, &o.items)),
        }
    }

    /// Whether `app` records this review at all.
    pub fn recorded(self, app: &Application) -> bool {
        match self {
            Review::Qualification => app.qualification.is_some(),
            Review::Material => app.material.is_some(),
            Review::Onsite => app.onsite.is_some(),
        }
    }

    /// Whether `app` records this review's scores without its result yet:
    /// the group has scored, the office has not decided (scores come
    /// before results).
    pub fn undecided(self, app: &Application) -> bool {
        self.recorded(app) && self.outcome(app).is_none()
    }

    /// The stage of the cycle that follows this review: once the cycle
    /// records it, the review is over and its results are due.
    pub fn next_stage(self) -> Stage {
        match self {
            Review::Qualification => Stage::Material,
            Review::Material => Stage::Onsite,
            Review::Onsite => Stage::Vote,
        }
    }

    /// Whether `app` went on past this review.
    pub fn proceeded(self, app: &Application) -> bool {
        self.outcome(app) == Some(Outcome::Proceeds)
    }

    /// Whether `app` was let into this review: the previous one let it
    /// through (every application enters the qualification review).
    pub fn entered(self, app: &Application) -> bool {
        self.previous().is_none_or(|p| p.proceeded(app))
    }

    /// An outcome's words in Chinese and English (通过 / passed, …).
    pub fn outcome_words(self, outcome: Outcome) -> (&'static str, &'static str) {
        match outcome {
            Outcome::Proceeds => self.info().proceeds,
            Outcome::Stops => self.info().stops,
        }
    }

    /// For an application that stopped here, whether the review owes it a
    /// written notice (第十四条, 第十五条), and the date it was given.
    pub fn notice(self, app: &Application) -> Option<Option<Date>> {
        if self.outcome(app) != Some(Outcome::Stops) {
            return None;
        }
        match self {
            Review::Qualification => app.qualification.as_ref().map(|q| q.notified),
            Review::Material => app.material.as_ref().map(|m| m.notified),
            Review::Onsite => None,
        }
    }

    /// The regulation's cap on how many may proceed (第十五条, 第十六条).
    pub fn cap(self, rules: &RuleNumbers) -> Option<u32> {
        match self {
            Review::Qualification => None,
            Review::Material => Some(rules.onsite_max),
            Review::Onsite => Some(rules.candidates_max),
        }
    }
}

/// The figures of one review in a cycle.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReviewCount {
    /// Recorded as going on.
    pub proceeded: usize,
    /// Recorded as stopping there.
    pub stopped: usize,
    /// Scored, the result not yet recorded, by id.
    pub undecided: Vec<String>,
    /// Of those, the ones still owed their written notice, by id.
    pub notices_owed: Vec<String>,
}

/// The figures of a cycle at each stage.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub applications: usize,
    pub withdrawn: usize,
    /// By [`Review`], in order.
    pub reviews: [ReviewCount; 3],
}

impl Counts {
    /// The figures of one review.
    pub fn review(&self, review: Review) -> &ReviewCount {
        &self.reviews[review as usize]
    }
}

/// Counts the applications of `cycle` at each review.
pub fn counts(cycle: &Cycle) -> Counts {
    let mut counts = Counts {
        applications: cycle.applications.len(),
        ..Counts::default()
    };
    for app in cycle.applications.values() {
        counts.withdrawn += usize::from(app.withdrawn.is_some());
        for review in Review::ALL {
            let count = &mut counts.reviews[review as usize];
            match review.outcome(app) {
                Some(Outcome::Proceeds) => count.proceeded += 1,
                Some(Outcome::Stops) => count.stopped += 1,
                None if review.recorded(app) => count.undecided.push(app.id.clone()),
                None => {}
            }
            if review.notice(app) == Some(None) {
                count.notices_owed.push(app.id.clone());
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn the_tables_follow_the_enums() {
        for (i, stage) in Stage::ALL.into_iter().enumerate() {
            assert_eq!(stage as usize, i);
        }
        let articles: Vec<&str> = Stage::ALL.iter().map(|s| s.article()).collect();
        assert_eq!(
            articles,
            [
                "第十二条",
                "第十三条",
                "第十四条",
                "第十五条",
                "第十六条",
                "第十七条",
                "第十八条",
                "第十九条"
            ]
        );
        for review in Review::ALL {
            assert_eq!(review.key(), &review.pointer()[1..]);
            assert!(review.result_pointer().starts_with(review.pointer()));
        }
    }

    #[test]
    fn a_one_day_stage_is_done_on_its_day_and_a_period_on_the_day_after() {
        let one = Period {
            start: day("2024-06-01"),
            end: day("2024-06-01"),
        };
        assert_eq!(one.progress(day("2024-05-31")), Progress::Upcoming);
        assert_eq!(one.progress(day("2024-06-01")), Progress::Done);
        let span = Period {
            start: day("2024-06-01"),
            end: day("2024-06-07"),
        };
        assert_eq!(span.progress(day("2024-06-01")), Progress::Current);
        assert_eq!(span.progress(day("2024-06-07")), Progress::Current);
        assert_eq!(span.progress(day("2024-06-08")), Progress::Done);
        assert!(span.ended_by(day("2024-06-07")));
        assert!(!span.ended_by(day("2024-06-06")));
    }
}
