//! Dates as the office and the citizens read them: today in Asia/Shanghai,
//! and 2023年11月15日.

use jiff::civil::Date;
use serde::Serialize;

/// Today in Asia/Shanghai (UTC+8 all year; China has kept no daylight
/// saving time since 1991), so no time-zone database is needed.
pub fn today_in_china() -> Date {
    jiff::tz::Offset::constant(8).to_datetime(jiff::Timestamp::now()).date()
}

/// A date in Chinese: 2023年11月15日.
pub(crate) fn zh(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// A date for templates: ISO and 2023年11月15日.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateView {
    pub iso: String,
    pub zh: String,
}

impl From<Date> for DateView {
    fn from(d: Date) -> Self {
        DateView {
            iso: d.to_string(),
            zh: zh(d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_dates_carry_no_leading_zeros() {
        let d: Date = jiff::civil::date(2023, 1, 5);
        assert_eq!(zh(d), "2023年1月5日");
        assert_eq!(DateView::from(d).iso, "2023-01-05");
    }
}
