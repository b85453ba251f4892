//! The 索引号 of the 政府信息公开 catalogue: its form, set in
//! `programme.yaml` `disclosure`, read and written. Pure.
//!
//! A form is text with three placeholders: `{code}` (the organisation
//! code), `{year}` (four digits) and `{serial}` (the year's serial, padded
//! with zeros to `serial_digits`). Every placeholder has a fixed width, so
//! reading an index number is a walk along the form, no pattern engine.

/// The form when `programme.yaml` names none.
pub const DEFAULT_FORM: &str = "{code}/{year}-{serial}";

/// The serial's width when `programme.yaml` names none.
pub const DEFAULT_DIGITS: u8 = 5;

/// One piece of a form.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Year,
    Serial,
}

/// A programme's form of the 索引号, with its organisation code filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexForm {
    pieces: Vec<Piece>,
    digits: usize,
    /// The form as written, for messages.
    shown: String,
}

/// An 索引号 read by its form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexNo {
    pub year: i16,
    pub serial: u32,
}

impl IndexForm {
    /// The form `form` with `code` for `{code}`. Text in braces that is no
    /// placeholder stays text (the schema refuses it before this is read).
    pub fn new(form: &str, code: &str, digits: u8) -> IndexForm {
        let mut pieces: Vec<Piece> = Vec::new();
        let mut text = String::new();
        let mut rest = form;
        while !rest.is_empty() {
            let placeholder = [
                ("{code}", None),
                ("{year}", Some(Piece::Year)),
                ("{serial}", Some(Piece::Serial)),
            ]
            .into_iter()
            .find(|(name, _)| rest.starts_with(name));
            match placeholder {
                Some((name, None)) => {
                    text.push_str(code);
                    rest = &rest[name.len()..];
                }
                Some((name, Some(piece))) => {
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    pieces.push(piece);
                    rest = &rest[name.len()..];
                }
                None => {
                    let mut chars = rest.chars();
                    if let Some(c) = chars.next() {
                        text.push(c);
                    }
                    rest = chars.as_str();
                }
            }
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        let digits = usize::from(digits.max(1));
        let shown = form
            .replace("{code}", code)
            .replace("{year}", "YYYY")
            .replace("{serial}", &"N".repeat(digits));
        IndexForm { pieces, digits, shown }
    }

    /// The form for messages, e.g. `11330300002580012X/YYYY-NNNNN`.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Reads an index number; `None` when it does not have the form. Where
    /// `{year}` or `{serial}` appears twice, both must agree.
    pub fn read(&self, text: &str) -> Option<IndexNo> {
        let mut rest = text;
        let (mut year, mut serial): (Option<i16>, Option<u32>) = (None, None);
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => rest = rest.strip_prefix(t.as_str())?,
                Piece::Year => {
                    let (digits, after) = take_digits(rest, 4)?;
                    let value: i16 = digits.parse().ok()?;
                    if year.is_some_and(|y| y != value) {
                        return None;
                    }
                    (year, rest) = (Some(value), after);
                }
                Piece::Serial => {
                    let (digits, after) = take_digits(rest, self.digits)?;
                    let value: u32 = digits.parse().ok()?;
                    if serial.is_some_and(|s| s != value) {
                        return None;
                    }
                    (serial, rest) = (Some(value), after);
                }
            }
        }
        if !rest.is_empty() {
            return None;
        }
        Some(IndexNo {
            year: year?,
            serial: serial?,
        })
    }

    /// Writes an index number; `None` when the serial does not fit its
    /// digits or the year is not four digits.
    pub fn write(&self, no: IndexNo) -> Option<String> {
        if !(1000..=9999).contains(&no.year) {
            return None;
        }
        let serial = format!("{:0width$}", no.serial, width = self.digits);
        if serial.len() > self.digits {
            return None;
        }
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Year => out.push_str(&no.year.to_string()),
                Piece::Serial => out.push_str(&serial),
            }
        }
        Some(out)
    }

    /// The next free index number of `year` among `used`: the largest
    /// serial of that year plus one (gaps are never filled, so nothing is
    /// renumbered and no number is given twice). `None` when it would not
    /// fit the form.
    pub fn next<'a>(&self, year: i16, used: impl IntoIterator<Item = &'a str>) -> Option<String> {
        let last = used
            .into_iter()
            .filter_map(|text| self.read(text))
            .filter(|no| no.year == year)
            .map(|no| no.serial)
            .max()
            .unwrap_or(0);
        self.write(IndexNo {
            year,
            serial: last.checked_add(1)?,
        })
    }
}

/// Exactly `n` ASCII digits at the start of `text`, and what follows.
fn take_digits(text: &str, n: usize) -> Option<(&str, &str)> {
    let head = text.get(..n)?;
    head.bytes().all(|b| b.is_ascii_digit()).then(|| (head, &text[n..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_form() -> IndexForm {
        IndexForm::new(DEFAULT_FORM, "11330300002580012X", DEFAULT_DIGITS)
    }

    #[test]
    fn reads_the_default_form() {
        let form = default_form();
        assert_eq!(
            form.read("11330300002580012X/2024-00001"),
            Some(IndexNo { year: 2024, serial: 1 })
        );
        assert_eq!(form.shown(), "11330300002580012X/YYYY-NNNNN");
    }

    #[test]
    fn refuses_every_near_miss() {
        let form = default_form();
        for bad in [
            "",
            "11330300002580012X/2024-0001",
            "11330300002580012X/2024-000001",
            "11330300002580012X/24-00001",
            "11330300002580012X/2024_00001",
            "11330300002580012x/2024-00001",
            "11330300002580012Y/2024-00001",
            "11330300002580012X/2024-00001 ",
            " 11330300002580012X/2024-00001",
            "11330300002580012X/２０２４-00001",
            "11330300002580012X/2024-0000一",
            "11330300002580012X/2024-+0001",
            "11330300002580012X/2024-",
            "/2024-00001",
        ] {
            assert_eq!(form.read(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_custom_form_with_text_and_no_code() {
        let form = IndexForm::new("温市监-{serial}〔{year}〕", "X", 3);
        assert_eq!(form.read("温市监-007〔2025〕"), Some(IndexNo { year: 2025, serial: 7 }));
        assert_eq!(form.read("温市监-0007〔2025〕"), None);
        assert_eq!(
            form.write(IndexNo { year: 2025, serial: 12 }).as_deref(),
            Some("温市监-012〔2025〕")
        );
        assert_eq!(form.shown(), "温市监-NNN〔YYYY〕");
    }

    #[test]
    fn a_repeated_placeholder_must_agree() {
        let form = IndexForm::new("{year}/{serial}/{year}", "", 2);
        assert_eq!(form.read("2024/01/2024"), Some(IndexNo { year: 2024, serial: 1 }));
        assert_eq!(form.read("2024/01/2025"), None);
    }

    #[test]
    fn next_is_the_largest_serial_of_the_year_plus_one() {
        let form = default_form();
        let used = [
            "11330300002580012X/2024-00001",
            "11330300002580012X/2024-00007",
            "11330300002580012X/2025-00030",
            "not an index number",
        ];
        assert_eq!(form.next(2024, used).as_deref(), Some("11330300002580012X/2024-00008"));
        assert_eq!(form.next(2026, used).as_deref(), Some("11330300002580012X/2026-00001"));
    }

    #[test]
    fn next_refuses_a_serial_that_does_not_fit() {
        let form = IndexForm::new(DEFAULT_FORM, "C", 2);
        assert_eq!(form.next(2024, ["C/2024-99"]), None);
        assert_eq!(form.write(IndexNo { year: 99, serial: 1 }), None);
    }
}
