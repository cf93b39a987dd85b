//! Publication dates as inputs write them. The date is taken as the outlet
//! wrote it, in its own time zone: a story filed at 23:30 in Baghdad on
//! 2 March is dated 2 March even though it was 20:30 UTC.

use chrono::{DateTime, NaiveDate};

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The calendar date in `written`, or `None` if it is not a date form we know:
/// `2026-03-02` (alone or starting an ISO timestamp), RFC 3339, RFC 2822,
/// `2 March 2026`, `March 2, 2026`, `Mon, Mar. 2nd 2026`, `2026/03/02`.
pub(crate) fn parse_date(written: &str) -> Option<NaiveDate> {
    let written = written.trim();
    if let Ok(stamp) = DateTime::parse_from_rfc3339(written) {
        return Some(stamp.date_naive());
    }
    if let Ok(stamp) = DateTime::parse_from_rfc2822(written) {
        return Some(stamp.date_naive());
    }
    iso_prefix(written).or_else(|| date_with_month_name(written))
}

/// `2026-03-02`, `2026/03/02` or `20260302`, possibly followed by a time.
fn iso_prefix(written: &str) -> Option<NaiveDate> {
    let digits_and_separators: String = written
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-' || *c == '/')
        .collect();
    ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(&digits_and_separators, format).ok())
}

/// A month name with a day number right before or after it and a four-digit
/// year somewhere: `2 March 2026`, `March 2, 2026`, `Monday 2nd March 2026`.
fn date_with_month_name(written: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = written
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    let month_position = words.iter().position(|word| month_number(word).is_some())?;
    let month = month_number(words[month_position])?;
    let day_next_to_month = [month_position.checked_sub(1), Some(month_position + 1)]
        .into_iter()
        .flatten()
        .filter_map(|position| words.get(position))
        .find_map(|word| day_number(word))?;
    let year = words.iter().find_map(|word| year_number(word))?;
    NaiveDate::from_ymd_opt(year, month, day_next_to_month)
}

fn month_number(word: &str) -> Option<u32> {
    let lower = word.to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    let index = MONTHS.iter().position(|month| lower.starts_with(month))?;
    let full_names = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    // Accept "Mar", "March" and "Sept" but not "Marching" or "Mayor".
    let is_month = full_names[index].starts_with(&lower) || lower == "sept";
    is_month.then_some(index as u32 + 1)
}

fn day_number(word: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| {
            word.to_ascii_lowercase()
                .strip_suffix(suffix)
                .map(str::to_owned)
        })
        .unwrap_or_else(|| word.to_owned());
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|day| (1..=31).contains(day))
}

fn year_number(word: &str) -> Option<i32> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok()
}

#[cfg(test)]
mod tests {
    use chrono::Datelike;

    use super::*;

    fn check(written: &str, expected: Option<(i32, u32, u32)>) {
        let expected = expected.map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert_eq!(parse_date(written), expected, "{written:?}");
    }

    #[test]
    fn reads_the_common_forms() {
        check("2026-03-02", Some((2026, 3, 2)));
        check(" 2026/03/02 ", Some((2026, 3, 2)));
        check("2026-03-02T23:30:00+03:00", Some((2026, 3, 2)));
        check("2026-03-02T23:30:00Z", Some((2026, 3, 2)));
        check("2026-03-02 10:15", Some((2026, 3, 2)));
        check("Mon, 02 Mar 2026 10:15:00 +0000", Some((2026, 3, 2)));
        check("2 March 2026", Some((2026, 3, 2)));
        check("March 2, 2026", Some((2026, 3, 2)));
        check("Mar. 2, 2026", Some((2026, 3, 2)));
        check("Monday 2nd March 2026, 10:15 GMT", Some((2026, 3, 2)));
        check("Sept 30, 2025", Some((2025, 9, 30)));
        check("30 September 2025", Some((2025, 9, 30)));
    }

    #[test]
    fn keeps_the_outlets_local_date() {
        check("2026-03-02T23:30:00+03:00", Some((2026, 3, 2)));
        check("2026-03-02T01:30:00-05:00", Some((2026, 3, 2)));
    }

    proptest::proptest! {
        #[test]
        fn a_date_found_has_its_year_written_in_the_input(written in "\\PC{0,40}") {
            if let Some(date) = parse_date(&written) {
                proptest::prop_assert!(written.contains(&date.year().abs().to_string()));
            }
        }
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        check("", None);
        check("yesterday", None);
        check("March 2026", None);
        check("31 February 2026", None);
        check("Mayor Ahmed, 2026", None);
        check("2026-13-40", None);
    }
}
