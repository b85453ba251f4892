//! Rule `uscc/checksum`, and the reading of a 统一社会信用代码 (GB 32100-2015)
//! that `art2/legal-person` and `art11/registered-locally` build on.
//!
//! A code has 18 characters over a 31-character set (the digits and the
//! capital letters without I, O, Z, S, V):
//!
//! | position | meaning |
//! |---|---|
//! | 1 | 登记管理部门代码 (registration department) |
//! | 2 | 机构类别代码 (category within that department) |
//! | 3–8 | 登记管理机关行政区划码 (division code) |
//! | 9–17 | 主体标识码 (the former organisation code) |
//! | 18 | 校验码 (check character) |
//!
//! The check character is `31 − (Σ value·weight mod 31)` over the first 17
//! characters, where a character's value is its index in the set and 31 is
//! written `0`. Everything here but [`uscc_checksum`] is pure.

use crate::catalogue;
use crate::diagnostics::{Diagnostic, Location, Message, code};
use crate::model::Model;
use crate::validate::Findings;

/// The GB 32100-2015 character set; a character's value is its index.
pub(crate) const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The weights of positions 1 to 17.
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// The length of a code.
pub(crate) const LENGTH: usize = 18;

/// A code that has the GB 32100-2015 form and check character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Uscc<'a> {
    code: &'a str,
}

impl<'a> Uscc<'a> {
    /// Position 1: the registration department.
    pub(crate) fn department(self) -> char {
        self.code.chars().next().unwrap_or('0')
    }

    /// Position 2: the category within the department.
    pub(crate) fn category(self) -> char {
        self.code.chars().nth(1).unwrap_or('0')
    }

    /// Positions 3 to 8: the registering authority's division code.
    pub(crate) fn division(self) -> &'a str {
        // A parsed code is ASCII, so byte offsets are character offsets.
        self.code.get(2..8).unwrap_or_default()
    }
}

/// Why a code does not have the GB 32100-2015 form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum UsccError {
    /// Not 18 characters long (the count is of characters).
    Length(usize),
    /// Characters outside the set: one-based position and character.
    Forbidden(Vec<(usize, char)>),
    /// Well formed, but the check character is wrong.
    Check { expected: char, found: char },
}

/// Reads a code, checking its length, characters and check character.
pub(crate) fn parse(text: &str) -> Result<Uscc<'_>, UsccError> {
    let length = text.chars().count();
    if length != LENGTH {
        return Err(UsccError::Length(length));
    }
    let forbidden: Vec<(usize, char)> = text
        .chars()
        .enumerate()
        .filter(|(_, c)| value(*c).is_none())
        .map(|(i, c)| (i + 1, c))
        .collect();
    if !forbidden.is_empty() {
        return Err(UsccError::Forbidden(forbidden));
    }
    let values: Vec<u32> = text.chars().filter_map(value).collect();
    let (body, found) = values.split_at(LENGTH - 1);
    let expected = check_character(body);
    let found = found.first().and_then(|v| character(*v)).unwrap_or('?');
    if expected != found {
        return Err(UsccError::Check { expected, found });
    }
    Ok(Uscc { code: text })
}

/// The value of a character of the set.
fn value(c: char) -> Option<u32> {
    CHARSET.find(c).and_then(|i| u32::try_from(i).ok())
}

/// The character of a value below 31.
fn character(value: u32) -> Option<char> {
    CHARSET.chars().nth(usize::try_from(value).ok()?)
}

/// The check character for the values of positions 1 to 17.
fn check_character(values: &[u32]) -> char {
    let sum: u32 = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    let check = (31 - sum % 31) % 31;
    character(check).unwrap_or('0')
}

/// A registration department of GB 32100-2015 table 1.
pub(crate) struct Department {
    pub code: char,
    pub zh: &'static str,
    pub en: &'static str,
}

/// The registration departments (position 1).
pub(crate) const DEPARTMENTS: &[Department] = &[
    Department {
        code: '1',
        zh: "机构编制",
        en: "establishment administration",
    },
    Department {
        code: '2',
        zh: "外交",
        en: "foreign affairs",
    },
    Department {
        code: '3',
        zh: "司法行政",
        en: "judicial administration",
    },
    Department {
        code: '4',
        zh: "文化",
        en: "culture",
    },
    Department {
        code: '5',
        zh: "民政",
        en: "civil affairs",
    },
    Department {
        code: '6',
        zh: "旅游",
        en: "tourism",
    },
    Department {
        code: '7',
        zh: "宗教",
        en: "religious affairs",
    },
    Department {
        code: '8',
        zh: "工会",
        en: "trade unions",
    },
    Department {
        code: '9',
        zh: "市场监管（工商）",
        en: "market regulation",
    },
    Department {
        code: 'A',
        zh: "中央军委改革和编制办公室",
        en: "military establishment office",
    },
    Department {
        code: 'N',
        zh: "农业",
        en: "agriculture",
    },
    Department {
        code: 'Y',
        zh: "其他",
        en: "other",
    },
];

/// The department of a code character.
pub(crate) fn department(code: char) -> Option<&'static Department> {
    DEPARTMENTS.iter().find(|d| d.code == code)
}

/// A category of an organisation under its department (position 2), and
/// whether it is an independent legal person (第二条).
pub(crate) struct Category {
    pub department: char,
    pub code: char,
    pub zh: &'static str,
    pub en: &'static str,
    pub legal_person: bool,
}

const fn row(department: char, code: char, zh: &'static str, en: &'static str, legal_person: bool) -> Category {
    Category {
        department,
        code,
        zh,
        en,
        legal_person,
    }
}

/// The categories of GB 32100-2015 appendix A.
///
/// Not legal persons: 个体工商户 and the resident offices of foreign or
/// external bodies (news agencies, tourism offices), which act for their
/// parent and have no legal personality of their own. Where a category mixes
/// both (law firms may be partnerships; `其他` is anything), it is treated as
/// a legal person: the code alone cannot show otherwise, and the
/// qualification review looks at the licence.
pub(crate) const CATEGORIES: &[Category] = &[
    row('1', '1', "机关", "government organ", true),
    row('1', '2', "事业单位", "public institution", true),
    row(
        '1',
        '3',
        "中央编办直接管理机构编制的群众团体",
        "mass organisation under the central establishment office",
        true,
    ),
    row('1', '9', "其他", "other", true),
    row(
        '2',
        '1',
        "外国常驻新闻机构",
        "resident office of a foreign news agency",
        false,
    ),
    row('2', '9', "其他", "other", true),
    row('3', '1', "律师执业机构", "law firm", true),
    row('3', '2', "公证处", "notary office", true),
    row('3', '3', "基层法律服务所", "grassroots legal service office", true),
    row('3', '4', "司法鉴定机构", "forensic examination institution", true),
    row('3', '5', "仲裁委员会", "arbitration commission", true),
    row('3', '9', "其他", "other", true),
    row('4', '1', "外国在华文化中心", "foreign cultural centre in China", true),
    row('4', '9', "其他", "other", true),
    row('5', '1', "社会团体", "social organisation", true),
    row('5', '2', "民办非企业单位", "private non-enterprise unit", true),
    row('5', '3', "基金会", "foundation", true),
    row('5', '9', "其他", "other", true),
    row(
        '6',
        '1',
        "外国旅游部门常驻代表机构",
        "resident office of a foreign tourism body",
        false,
    ),
    row(
        '6',
        '2',
        "港澳台地区旅游部门常驻内地（大陆）代表机构",
        "resident office of a Hong Kong, Macao or Taiwan tourism body",
        false,
    ),
    row('6', '9', "其他", "other", true),
    row('7', '1', "宗教活动场所", "place of religious activity", true),
    row('7', '2', "宗教院校", "religious college", true),
    row('7', '9', "其他", "other", true),
    row('8', '1', "基层工会", "grassroots trade union", true),
    row('8', '9', "其他", "other", true),
    row('9', '1', "企业", "enterprise", true),
    row('9', '2', "个体工商户", "individual business (sole trader)", false),
    row('9', '3', "农民专业合作社", "farmers' specialised cooperative", true),
    row('A', '1', "军队事业单位", "military public institution", true),
    row('A', '9', "其他", "other", true),
    row(
        'N',
        '1',
        "组级集体经济组织",
        "group-level collective economic organisation",
        true,
    ),
    row(
        'N',
        '2',
        "村级集体经济组织",
        "village-level collective economic organisation",
        true,
    ),
    row(
        'N',
        '3',
        "乡镇级集体经济组织",
        "township-level collective economic organisation",
        true,
    ),
    row('N', '9', "其他", "other", true),
    row('Y', '1', "其他", "other", true),
];

/// The category of a (department, category) pair; `None` for a pair the
/// standard does not define, which cannot be judged from the code.
pub(crate) fn category(department: char, code: char) -> Option<&'static Category> {
    CATEGORIES.iter().find(|c| c.department == department && c.code == code)
}

/// `uscc/checksum`: every organisation's `uscc` has the GB 32100-2015 form
/// and check character. The award is for registered organisations, so their
/// code is the key the other eligibility checks read.
pub(super) fn uscc_checksum(model: &Model, sink: &mut Findings) {
    for org in model.organizations.values() {
        let Err(err) = parse(&org.uscc) else {
            continue;
        };
        let shown = code(&org.uscc);
        let message = match err {
            UsccError::Length(n) => Message::new(
                format!("统一社会信用代码 {shown} 为 {n} 位，应为 {LENGTH} 位"),
                format!("the unified social credit code {shown} has {n} characters, expected {LENGTH}"),
            ),
            UsccError::Forbidden(chars) => {
                let zh: Vec<String> = chars.iter().map(|(i, c)| format!("第 {i} 位 {}", code(c))).collect();
                let en: Vec<String> = chars
                    .iter()
                    .map(|(i, c)| format!("{} at position {i}", code(c)))
                    .collect();
                Message::new(
                    format!(
                        "统一社会信用代码 {shown} 含有代码字符集以外的字符：{}（只用数字和大写字母，不用 I、O、Z、S、V）",
                        zh.join("、")
                    ),
                    format!(
                        "the unified social credit code {shown} has characters outside its set: {} (digits and capital letters except I, O, Z, S, V)",
                        en.join(", ")
                    ),
                )
            }
            UsccError::Check { expected, found } => Message::new(
                format!(
                    "统一社会信用代码 {shown} 的校验码（第 18 位）应为 {}，实为 {}",
                    code(expected),
                    code(found)
                ),
                format!(
                    "the check character (position 18) of the unified social credit code {shown} should be {}, not {}",
                    code(expected),
                    code(found)
                ),
            ),
        };
        sink.push(Diagnostic::new(
            catalogue::USCC_CHECKSUM,
            Location::value(&org.file, "/uscc"),
            message,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a valid code from its first 17 characters.
    fn with_check(body: &str) -> String {
        let values: Vec<u32> = body.chars().map(|c| value(c).expect("charset")).collect();
        format!("{body}{}", check_character(&values))
    }

    #[test]
    fn charset_has_31_characters_without_i_o_z_s_v() {
        assert_eq!(CHARSET.chars().count(), 31);
        for c in ['I', 'O', 'Z', 'S', 'V'] {
            assert!(!CHARSET.contains(c), "{c}");
        }
    }

    #[test]
    fn accepts_valid_codes() {
        for code in [
            // Published examples of the GB 32100-2015 computation.
            "91350100M000100Y43",
            "91330302MA2ABCDE11",
            "91330382MA2FGHJK29",
        ] {
            assert!(parse(code).is_ok(), "{code}: {:?}", parse(code));
        }
    }

    #[test]
    fn reads_the_fields_of_a_valid_code() {
        let uscc = parse("91330302MA2ABCDE11").expect("valid");
        assert_eq!(uscc.department(), '9');
        assert_eq!(uscc.category(), '1');
        assert_eq!(uscc.division(), "330302");
    }

    #[test]
    fn check_value_31_is_written_zero() {
        // Find a body whose weighted sum is a multiple of 31.
        let body = (0..31u32)
            .map(|v| format!("9133030200000000{}", character(v).expect("value")))
            .find(|b| {
                let values: Vec<u32> = b.chars().filter_map(value).collect();
                values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum::<u32>() % 31 == 0
            })
            .expect("one of 31 last characters makes the sum divisible");
        assert!(with_check(&body).ends_with('0'));
        assert!(parse(&with_check(&body)).is_ok());
    }

    #[test]
    fn names_the_expected_check_character() {
        assert_eq!(
            parse("91330302MA2ABCDE12"),
            Err(UsccError::Check {
                expected: '1',
                found: '2'
            })
        );
    }

    #[test]
    fn refuses_wrong_length() {
        assert_eq!(parse("91330302MA2ABCDE1"), Err(UsccError::Length(17)));
        assert_eq!(parse("91330302MA2ABCDE111"), Err(UsccError::Length(19)));
        assert_eq!(parse(""), Err(UsccError::Length(0)));
        // Characters are counted, not bytes.
        assert_eq!(parse("９1330302MA2ABCDE1"), Err(UsccError::Length(17)));
    }

    #[test]
    fn refuses_forbidden_letters() {
        for c in ['I', 'O', 'Z', 'S', 'V', 'a', '-'] {
            let code = format!("91330302MA2AB{c}DE11");
            assert_eq!(parse(&code), Err(UsccError::Forbidden(vec![(14, c)])), "{code}");
        }
        assert_eq!(parse("91330302MA2ABCDEO1"), Err(UsccError::Forbidden(vec![(17, 'O')])));
    }

    #[test]
    fn every_department_of_a_category_is_known() {
        for c in CATEGORIES {
            assert!(department(c.department).is_some(), "{}{}", c.department, c.code);
            assert!(CHARSET.contains(c.department) && CHARSET.contains(c.code));
        }
    }

    /// One test per row of the legal-person table, written out by hand so
    /// that a change to the table has to change a test too.
    macro_rules! legal_person {
        ($($name:ident: $dept:literal $cat:literal => $expected:expr;)*) => {
            $(#[test]
            fn $name() {
                assert_eq!(category($dept, $cat).map(|c| c.legal_person), $expected);
            })*

            #[test]
            fn every_row_has_a_test() {
                assert_eq!(CATEGORIES.len(), [$(stringify!($name)),*].len());
            }
        };
    }

    legal_person! {
        organ_1_1: '1' '1' => Some(true);
        public_institution_1_2: '1' '2' => Some(true);
        mass_organisation_1_3: '1' '3' => Some(true);
        establishment_other_1_9: '1' '9' => Some(true);
        foreign_news_office_2_1: '2' '1' => Some(false);
        foreign_affairs_other_2_9: '2' '9' => Some(true);
        law_firm_3_1: '3' '1' => Some(true);
        notary_3_2: '3' '2' => Some(true);
        legal_service_3_3: '3' '3' => Some(true);
        forensic_3_4: '3' '4' => Some(true);
        arbitration_3_5: '3' '5' => Some(true);
        judicial_other_3_9: '3' '9' => Some(true);
        foreign_cultural_centre_4_1: '4' '1' => Some(true);
        culture_other_4_9: '4' '9' => Some(true);
        social_organisation_5_1: '5' '1' => Some(true);
        private_non_enterprise_5_2: '5' '2' => Some(true);
        foundation_5_3: '5' '3' => Some(true);
        civil_affairs_other_5_9: '5' '9' => Some(true);
        foreign_tourism_office_6_1: '6' '1' => Some(false);
        external_tourism_office_6_2: '6' '2' => Some(false);
        tourism_other_6_9: '6' '9' => Some(true);
        religious_site_7_1: '7' '1' => Some(true);
        religious_college_7_2: '7' '2' => Some(true);
        religious_other_7_9: '7' '9' => Some(true);
        trade_union_8_1: '8' '1' => Some(true);
        trade_union_other_8_9: '8' '9' => Some(true);
        enterprise_9_1: '9' '1' => Some(true);
        sole_trader_9_2: '9' '2' => Some(false);
        cooperative_9_3: '9' '3' => Some(true);
        military_institution_a_1: 'A' '1' => Some(true);
        military_other_a_9: 'A' '9' => Some(true);
        collective_group_n_1: 'N' '1' => Some(true);
        collective_village_n_2: 'N' '2' => Some(true);
        collective_township_n_3: 'N' '3' => Some(true);
        agriculture_other_n_9: 'N' '9' => Some(true);
        other_y_1: 'Y' '1' => Some(true);
    }

    #[test]
    fn undefined_pairs_are_not_judged() {
        assert!(category('9', '4').is_none());
        assert!(category('B', '1').is_none());
    }
}
