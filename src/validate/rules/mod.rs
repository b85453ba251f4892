//! The rule checks: one function per rule of the catalogue, each over the
//! typed model. Every number comes from the regulation version in force on
//! the cycle's call date (`programme.yaml` `regulations[].rules`), never from
//! a constant in code.
//!
//! Stage rules judge the decisions recorded: a disqualifying fact on an
//! application recorded `failed` at qualification is correct; recorded
//! `passed` it is an error; not yet reviewed it is a warning that the
//! application will not qualify ([`disqualifying`]).

mod caps;
mod committee;
mod eligibility;
mod notices;
mod panel;
mod programme;
mod publicity;
mod refs;
mod scores;
mod stages;
mod timeline;
mod uscc;

use jiff::ToSpan;
use jiff::civil::Date;
use rayon::prelude::*;

use crate::catalogue::{Rule, Severity};
use crate::diagnostics::{Diagnostic, Location, Message, Related};
use crate::load::Content;
use crate::model::procedure::{Outcome, Review};
use crate::model::{Application, Cycle, Model, Programme, Regulation};
use crate::validate::Findings;

/// Runs every rule.
/// Runs every rule. The modules are independent of each other and run in
/// parallel; their findings are joined in this fixed order.
pub(crate) fn check(model: &Model, content: &Content) -> Vec<Diagnostic> {
    type Check<'a> = Box<dyn Fn(&mut Findings) + Sync + 'a>;
    let checks: Vec<Check<'_>> = vec![
        Box::new(|sink| refs::check(model, content, sink)),
        Box::new(|sink| uscc::uscc_checksum(model, sink)),
        Box::new(|sink| eligibility::check(model, sink)),
        Box::new(|sink| programme::check(model, sink)),
        Box::new(|sink| panel::check(model, sink)),
        Box::new(|sink| scores::check(model, sink)),
        Box::new(|sink| caps::check(model, sink)),
        Box::new(|sink| stages::check(model, sink)),
        Box::new(|sink| committee::check(model, sink)),
        Box::new(|sink| publicity::check(model, sink)),
        Box::new(|sink| timeline::check(model, sink)),
        Box::new(|sink| notices::check(model, sink)),
    ];
    let found: Vec<Findings> = checks
        .par_iter()
        .map(|check| {
            let mut sink = Vec::new();
            check(&mut sink);
            sink
        })
        .collect();
    found.concat()
}

/// A cycle with the programme and the regulation version that governs it.
pub(crate) struct CycleCtx<'a> {
    pub programme: &'a Programme,
    pub cycle: &'a Cycle,
    pub regulation: &'a Regulation,
}

/// Every cycle that has a regulation in force on its call date (the others
/// are reported by `art26/in-force` and skipped by number-based rules).
pub(crate) fn governed_cycles(model: &Model) -> impl Iterator<Item = CycleCtx<'_>> {
    let programme = model.programme.as_ref();
    model.cycles.values().filter_map(move |cycle| {
        let programme = programme?;
        let regulation = model.regulation_on(cycle.call.published)?;
        Some(CycleCtx {
            programme,
            cycle,
            regulation,
        })
    })
}

/// `date` moved back by `years` whole years (29 February falls back to 28).
pub(crate) fn years_before(date: Date, years: u32) -> Date {
    date.checked_sub(i64::from(years).years()).unwrap_or(Date::MIN)
}

/// Reports a fact that disqualifies an application at qualification
/// (第十四条), judged against the decision recorded:
/// - qualification `failed`: correct, nothing to report;
/// - qualification `passed`: an error, the review let it through;
/// - not yet reviewed: a warning that it will not qualify;
/// - withdrawn before any review: nothing to report.
///
/// `related` points at the other files that hold the fact.
pub(crate) fn disqualifying(
    sink: &mut Findings,
    rule: &'static Rule,
    app: &Application,
    at: Location,
    fact: Message,
    related: Vec<(Location, Message)>,
) {
    let (severity, zh, en) = match Review::Qualification.outcome(app) {
        Some(Outcome::Stops) => return,
        Some(Outcome::Proceeds) => (
            Severity::Error,
            format!("{}，但资格审查记录为通过", fact.zh),
            format!("{}, yet qualification is recorded as passed", fact.en),
        ),
        None if app.withdrawn.is_some() => return,
        None => (
            Severity::Warning,
            format!("{}：尚未资格审查，该申报将不能通过资格审查", fact.zh),
            format!("{}: not yet reviewed, this application will not qualify", fact.en),
        ),
    };
    let mut diagnostic = Diagnostic::new(rule, at, Message::new(zh, en)).with_severity(severity);
    diagnostic.related = related
        .into_iter()
        .map(|(location, message)| Related { location, message })
        .collect();
    sink.push(diagnostic);
}
