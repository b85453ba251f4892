//! The rule catalogue: every check `validate` can report, with its id,
//! severity and the article of the regulation it enforces.
//!
//! The table is data: `qaward rules` prints it, SARIF embeds it as rule
//! metadata, and every [`crate::diagnostics::Diagnostic`] points at one entry.

use serde::Serialize;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One entry of the catalogue.
#[derive(Debug, Serialize)]
pub struct Rule {
    pub id: &'static str,
    /// The default severity. `art18/publicity-days` reports an error for a
    /// short period and a warning for a long one; its default is `error`.
    pub severity: Severity,
    /// The article cited, e.g. `第十五条`; empty for rules that guard the
    /// format rather than the regulation.
    pub article: &'static str,
    pub summary_zh: &'static str,
    pub summary_en: &'static str,
}

/// Declares rules as constants, one line each:
/// `NAME = ("id", Severity, "第N条", "中文摘要", "English summary");`,
/// and, after `list NAME;`, the list of them all. The catalogue and the
/// findings of `docs` are both declared with it.
macro_rules! rule_table {
    (list $all:ident; $($name:ident = $entry:tt;)*) => {
        $crate::catalogue::rule_table! { $($name = $entry;)* }
        pub const $all: &[&$crate::catalogue::Rule] = &[$($name),*];
    };
    ($($name:ident = ($id:literal, $sev:ident, $art:literal, $zh:literal, $en:literal);)*) => {
        $(pub const $name: &$crate::catalogue::Rule = &$crate::catalogue::Rule {
            id: $id,
            severity: $crate::catalogue::Severity::$sev,
            article: $art,
            summary_zh: $zh,
            summary_en: $en,
        };)*
    };
}
pub(crate) use rule_table;

rule_table! {
    list ALL;
    YAML = ("yaml", Error, "", "文件可解析为单个 YAML 文档，无重复键，不超过 8 MiB", "the file parses as one YAML document, without duplicate keys, at most 8 MiB");
    SCHEMA = ("schema", Error, "", "文件符合其 JSON Schema", "the file matches its JSON Schema");
    REF = ("ref", Error, "", "所有编号引用均可解析", "every id reference resolves");
    USCC_CHECKSUM = ("uscc/checksum", Error, "", "统一社会信用代码符合 GB 32100-2015 的格式与校验码", "the unified social credit code has the GB 32100-2015 form and check character");
    ART2_LEGAL_PERSON = ("art2/legal-person", Error, "第二条", "申报主体具有独立法人资格（非个体工商户）", "the applicant is an independent legal person (not a sole trader)");
    ART3_QUOTA = ("art3/quota", Error, "第三条", "每个奖项每年获奖不超过规定家数", "each award has at most the allowed number of winners a year");
    ART3_ONE_PER_YEAR = ("art3/one-per-year", Error, "第三条", "同一企业（组织）每年至多一份申报、一个奖项", "an organisation has at most one application and one award a year");
    ART4_SCORES = ("art4/scores", Error, "第四条", "各评分条款不超过 GB/T 19580 规定分值，合计与总分一致", "item scores are within the GB/T 19580 maxima and add up to the score");
    ART9_GROUP_SIZE = ("art9/group-size", Error, "第九条", "每个评审组的人数符合规定，组长为组员之一", "each review group has the allowed size and its leader among its members");
    ART10_EXPERT_LEVEL = ("art10/expert-level", Error, "第十条", "评审组成员具有规定级别的评审员资格", "every review-group member holds an allowed examiner level");
    ART11_REGISTERED_LOCALLY = ("art11/registered-locally", Error, "第十一条(一)", "在本市行政区域内注册登记", "the organisation is registered within the city");
    ART11_OPERATING_YEARS = ("art11/operating-years", Error, "第十一条(一)", "截止日前正常运营满规定年限", "the organisation has operated for the required years before the deadline");
    ART11_EXCELLENCE_YEARS = ("art11/excellence-years", Error, "第十一条(三)", "截止日前实施卓越绩效管理满规定年限（豁免行业除外）", "excellence management was in place for the required years before the deadline, unless the industry is waived");
    ART11_COMPLIANT = ("art11/compliant", Error, "第十一条(二)", "申报声明生产经营合法合规", "the application declares lawful and compliant operation");
    ART11_CLEAN_RECORD = ("art11/clean-record", Error, "第十一条(五)", "截止日前规定年限内无抽查不合格、较大事故、重大投诉或严重违法", "no disqualifying incident within the record period before the deadline");
    ART12_CALL_QUARTER = ("art12/call-quarter", Warning, "第十二条", "申报通知在规定季度发布", "the call is published in the usual quarter");
    ART13_RECOMMENDER = ("art13/recommender", Warning, "第十三条", "申报由企业（组织）所在地推荐单位推荐，或由省、市直属单位直接报送", "the application comes through the organisation's own recommender or a direct channel");
    ART14_WRITTEN_NOTICE = ("art14/written-notice", Error, "第十四条", "未通过资格审查的，已书面告知", "a failed qualification was notified in writing");
    ART15_ONSITE_CAP = ("art15/onsite-cap", Error, "第十五条", "每年进入现场评审的不超过规定家数", "at most the allowed number advance to on-site review a year");
    ART15_WRITTEN_NOTICE = ("art15/written-notice", Error, "第十五条", "未能进入现场评审的，已书面告知", "an application not advanced was notified in writing");
    ART16_REPORT_SIGNED = ("art16/report-signed", Error, "第十六条", "现场评审报告经受评企业（组织）负责人签字确认", "each on-site report was signed by the organisation's head");
    ART16_CANDIDATE_CAP = ("art16/candidate-cap", Error, "第十六条", "每年候选企业（组织）不超过规定家数", "at most the allowed number of candidates a year");
    ART17_SHORTLIST = ("art17/shortlist", Error, "第十七条", "初步入选名单出自候选名单；表决只记票数，票数不超过出席人数，出席人数不超过全体成员", "the shortlist is drawn from the candidates; tallies only, within those present and the full committee");
    ART18_PUBLICITY_DAYS = ("art18/publicity-days", Error, "第十八条", "公示期为规定天数（不足为错误，超过为警告）", "the publicity period lasts the required days (shorter is an error, longer a warning)");
    ART18_OBJECTIONS = ("art18/objections", Error, "第十八条", "公示期间的异议在审定前均已调查核实并形成报告", "every objection is concluded with a report before the decision");
    ART19_WINNERS = ("art19/winners", Error, "第十九条", "获奖名单出自公示名单（剔除异议成立者），审定在公示期满之后", "winners come from the publicised list less upheld objections, decided after the publicity ends");
    ART21_BAN = ("art21/ban", Error, "第二十一条", "被撤销称号的企业（组织）在规定年限内不得再次申报", "no application within the ban years after a revocation");
    ART22_YEAR_TITLE = ("art22/year-title", Error, "第二十二条", "每个奖项的称号注明获评年份（含 `{year}`）", "every award title carries the year (`{year}`)");
    ART24_CONFLICT = ("art24/conflict", Error, "第二十四条(二)", "评审专家回避与本人有利害关系或所在单位的评审", "no expert reviews an organisation they declared an interest in or work for");
    ART26_IN_FORCE = ("art26/in-force", Error, "第二十六条", "申报通知发布之日有有效的办法版本", "a regulation version is in force on the call date");
    TIMELINE_ORDER = ("timeline/order", Error, "", "各阶段日期依次不倒置", "stage dates are in order");
    INDEX_NO_MISSING = ("index-no/missing", Warning, "", "每份公告有政府信息公开索引号（`index_no`）", "every notice has a government-information index number (`index_no`)");
    INDEX_NO_FORM = ("index-no/form", Error, "", "索引号符合 programme.yaml 规定的格式", "the index number has the form set in programme.yaml");
    INDEX_NO_UNIQUE = ("index-no/unique", Error, "", "索引号在内容根目录内唯一", "no two notices share an index number");
    STAGE_SEQUENCE = ("stage/sequence", Error, "", "未通过前一阶段不得有后一阶段结果；撤回后不得有结果", "no stage result without passing the one before, none after withdrawal");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for rule in ALL {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            assert!(
                rule.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-/".contains(c)),
                "{}",
                rule.id
            );
            assert_eq!(rule.id.starts_with("art"), !rule.article.is_empty(), "{}", rule.id);
        }
        assert_eq!(ALL.len(), 35);
    }
}
