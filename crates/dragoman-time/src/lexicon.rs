//! The words of English time expressions and the shapes of numeric tokens.
//!
//! Every token is classified once, by a binary search in one sorted table of
//! lower-case words or by a scan of its digits, so that the grammar compares
//! small enums instead of strings.

use dragoman_model::{PartOfDay, TimeModifier};

/// A calendar or clock unit of durations and relative expressions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Fortnight,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

impl Season {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Season::Spring => "SP",
            Season::Summer => "SU",
            Season::Fall => "FA",
            Season::Winter => "WI",
        }
    }

    /// Order within a year; winter is last because `YYYY-WI` is the winter
    /// that begins in December of `YYYY`.
    pub(crate) fn order(self) -> i32 {
        match self {
            Season::Spring => 0,
            Season::Summer => 1,
            Season::Fall => 2,
            Season::Winter => 3,
        }
    }

    /// The season holding a date, as `year * 4 + order`: a count of seasons
    /// in which January and February still belong to the previous winter.
    pub(crate) fn index_of(year: i32, month: u32) -> i32 {
        match month {
            3..=5 => year * 4,
            6..=8 => year * 4 + 1,
            9..=11 => year * 4 + 2,
            12 => year * 4 + 3,
            _ => (year - 1) * 4 + 3,
        }
    }
}

/// Which way a deictic word moves from its origin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shift {
    /// "this", "current": the period holding the origin.
    This,
    /// "last", "past": the period before.
    Last,
    /// "next", "coming", "upcoming": the period after.
    Next,
    /// "previous": the period before the reference date.
    Previous,
    /// "following": the period after the reference date.
    Following,
    /// "same": the reference date's period.
    Same,
}

/// A vague reference to the past, present or future (TIMEX3 `*_REF`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Vague {
    Past,
    Present,
    Future,
}

impl Vague {
    pub(crate) fn value(self) -> &'static str {
        match self {
            Vague::Past => "PAST_REF",
            Vague::Present => "PRESENT_REF",
            Vague::Future => "FUTURE_REF",
        }
    }
}

/// A clock time written in one token (`18:00`, `5pm`, `10.30am`, `1800GMT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Clock {
    pub hour: u32,
    pub minute: u32,
    /// `Some(true)` for p.m., `Some(false)` for a.m.
    pub afternoon: Option<bool>,
    pub utc: bool,
}

/// What one token can contribute to a time expression.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Lexeme {
    /// 1 = January.
    Month(u32),
    /// 1 = Monday, as in TIMEX3 `XXXX-WXX-1`.
    Weekday(u32),
    Season(Season),
    Unit {
        unit: Unit,
        plural: bool,
    },
    /// A cardinal written as a word ("two", "dozen").
    NumberWord(u32),
    /// An ordinal written as a word ("third").
    OrdinalWord(u32),
    /// "a", "an": one of a unit.
    Article,
    /// "few", "several", "many": an unknown number of units.
    Several,
    Half,
    /// "yesterday" (-1), "today" (0), "tomorrow" (1).
    RelativeDay(i64),
    Tonight,
    VagueWord(Vague),
    /// "recent" in "recent years".
    Recent,
    Shift(Shift),
    The,
    Ago,
    /// "earlier" (-1) or "later" (1), after an amount or before "this".
    Beside(i64),
    PartOfDay(PartOfDay),
    Noon,
    Midnight,
    /// "a.m." (false) or "p.m." (true).
    Meridiem(bool),
    /// A time zone; `true` for UTC and its synonyms.
    Zone(bool),
    Every,
    Per,
    /// "daily", "weekly": a set with the given unit.
    Frequency(Unit),
    /// "early", "late", "mid".
    Edge(TimeModifier),
    /// "beginning", "start", "end", "middle": an edge noun followed by "of".
    EdgeNoun(TimeModifier),
    /// "about", "almost": an approximate amount.
    Approximately,
    Of,
    By,
    On,
    /// "and", "to", "until", "through", "or", "-": joins the two ends of a range.
    Connector,
    /// "in", "for", "within", "over", "during": may introduce a bare duration.
    Preposition,
    /// "BC" (true) or "AD" (false).
    Era(bool),
    Times,
    Long,
    Old,
    Hyphen,
    Comma,
    /// Digits only; `digits` counts them, so that `07` and `2026` keep their shape.
    Integer {
        value: u32,
        digits: u8,
    },
    Decimal(f64),
    /// "2nd", "19th".
    Ordinal(u32),
    /// "1990s" gives 199, "90s" gives 9 with two digits.
    Decade {
        value: u32,
        digits: u8,
    },
    Clock(Clock),
    /// `7/8/07` as month, day and year (year as written).
    SlashDate {
        first: u32,
        second: u32,
        year: u32,
        year_digits: u8,
    },
    /// "Q3".
    QuarterName(u32),
    Other,
}

/// One token of a sentence, classified.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Word {
    pub start: usize,
    pub end: usize,
    pub lexeme: Lexeme,
    /// Month and weekday names count only when capitalised: "march" and
    /// "may" are a verb and a modal.
    pub capitalized: bool,
    /// The token is written `mid-X` ("mid-March", "mid-2011").
    pub mid_prefix: bool,
}

/// Sorted by word so that [`lookup`] can binary-search it.
const WORDS: &[(&str, Lexeme)] = {
    use Lexeme::*;
    &[
        ("'ll", Other),
        ("a", Article),
        ("a.d.", Era(false)),
        ("a.m", Meridiem(false)),
        ("a.m.", Meridiem(false)),
        ("about", Approximately),
        ("ad", Era(false)),
        ("after", Preposition),
        ("afternoon", PartOfDay(dragoman_model::PartOfDay::Afternoon)),
        (
            "afternoons",
            PartOfDay(dragoman_model::PartOfDay::Afternoon),
        ),
        ("ago", Ago),
        ("almost", Approximately),
        ("am", Meridiem(false)),
        ("an", Article),
        ("and", Connector),
        ("annual", Frequency(self::Unit::Year)),
        ("annually", Frequency(self::Unit::Year)),
        ("approximately", Approximately),
        ("apr", Month(4)),
        ("apr.", Month(4)),
        ("april", Month(4)),
        ("around", Approximately),
        ("aug", Month(8)),
        ("aug.", Month(8)),
        ("august", Month(8)),
        ("autumn", Season(self::Season::Fall)),
        ("b.c.", Era(true)),
        ("b.c.e.", Era(true)),
        ("bc", Era(true)),
        ("bce", Era(true)),
        ("before", Preposition),
        ("beginning", EdgeNoun(TimeModifier::Start)),
        ("between", Preposition),
        ("biweekly", Frequency(self::Unit::Fortnight)),
        ("by", By),
        ("c.e.", Era(false)),
        ("cdt", Zone(false)),
        ("ce", Era(false)),
        (
            "centuries",
            Unit {
                unit: self::Unit::Century,
                plural: true,
            },
        ),
        (
            "century",
            Unit {
                unit: self::Unit::Century,
                plural: false,
            },
        ),
        ("cest", Zone(false)),
        ("cet", Zone(false)),
        ("coming", Shift(self::Shift::Next)),
        ("cst", Zone(false)),
        ("current", Shift(self::Shift::This)),
        ("currently", VagueWord(Vague::Present)),
        ("daily", Frequency(self::Unit::Day)),
        (
            "day",
            Unit {
                unit: self::Unit::Day,
                plural: false,
            },
        ),
        (
            "days",
            Unit {
                unit: self::Unit::Day,
                plural: true,
            },
        ),
        ("dec", Month(12)),
        ("dec.", Month(12)),
        (
            "decade",
            Unit {
                unit: self::Unit::Decade,
                plural: false,
            },
        ),
        (
            "decades",
            Unit {
                unit: self::Unit::Decade,
                plural: true,
            },
        ),
        ("december", Month(12)),
        ("dozen", NumberWord(12)),
        ("during", Preposition),
        ("each", Every),
        ("earlier", Beside(-1)),
        ("early", Edge(TimeModifier::Early)),
        ("edt", Zone(false)),
        ("eight", NumberWord(8)),
        ("eighteen", NumberWord(18)),
        ("eighth", OrdinalWord(8)),
        ("eighty", NumberWord(80)),
        ("eleven", NumberWord(11)),
        ("end", EdgeNoun(TimeModifier::End)),
        ("est", Zone(false)),
        ("evening", PartOfDay(dragoman_model::PartOfDay::Evening)),
        ("evenings", PartOfDay(dragoman_model::PartOfDay::Evening)),
        ("every", Every),
        ("fall", Season(self::Season::Fall)),
        ("feb", Month(2)),
        ("feb.", Month(2)),
        ("february", Month(2)),
        ("few", Several),
        ("fifteen", NumberWord(15)),
        ("fifth", OrdinalWord(5)),
        ("fifty", NumberWord(50)),
        ("first", OrdinalWord(1)),
        ("five", NumberWord(5)),
        ("following", Shift(self::Shift::Following)),
        ("for", Preposition),
        (
            "fortnight",
            Unit {
                unit: self::Unit::Fortnight,
                plural: false,
            },
        ),
        ("fortnightly", Frequency(self::Unit::Fortnight)),
        (
            "fortnights",
            Unit {
                unit: self::Unit::Fortnight,
                plural: true,
            },
        ),
        ("forty", NumberWord(40)),
        ("four", NumberWord(4)),
        ("fourteen", NumberWord(14)),
        ("fourth", OrdinalWord(4)),
        ("fri", Weekday(5)),
        ("fri.", Weekday(5)),
        ("friday", Weekday(5)),
        ("fridays", Weekday(5)),
        ("from", Preposition),
        ("gmt", Zone(true)),
        ("half", Half),
        (
            "hour",
            Unit {
                unit: self::Unit::Hour,
                plural: false,
            },
        ),
        ("hourly", Frequency(self::Unit::Hour)),
        (
            "hours",
            Unit {
                unit: self::Unit::Hour,
                plural: true,
            },
        ),
        ("in", Preposition),
        ("jan", Month(1)),
        ("jan.", Month(1)),
        ("january", Month(1)),
        ("jul", Month(7)),
        ("jul.", Month(7)),
        ("july", Month(7)),
        ("jun", Month(6)),
        ("jun.", Month(6)),
        ("june", Month(6)),
        ("last", Shift(self::Shift::Last)),
        ("late", Edge(TimeModifier::Late)),
        ("later", Beside(1)),
        ("long", Long),
        ("many", Several),
        ("mar", Month(3)),
        ("mar.", Month(3)),
        ("march", Month(3)),
        ("may", Month(5)),
        ("mid", Edge(TimeModifier::Mid)),
        ("middle", EdgeNoun(TimeModifier::Mid)),
        ("midnight", Midnight),
        (
            "minute",
            Unit {
                unit: self::Unit::Minute,
                plural: false,
            },
        ),
        (
            "minutes",
            Unit {
                unit: self::Unit::Minute,
                plural: true,
            },
        ),
        ("mon", Weekday(1)),
        ("mon.", Weekday(1)),
        ("monday", Weekday(1)),
        ("mondays", Weekday(1)),
        (
            "month",
            Unit {
                unit: self::Unit::Month,
                plural: false,
            },
        ),
        ("monthly", Frequency(self::Unit::Month)),
        (
            "months",
            Unit {
                unit: self::Unit::Month,
                plural: true,
            },
        ),
        ("morning", PartOfDay(dragoman_model::PartOfDay::Morning)),
        ("mornings", PartOfDay(dragoman_model::PartOfDay::Morning)),
        ("nearly", Approximately),
        ("next", Shift(self::Shift::Next)),
        ("night", PartOfDay(dragoman_model::PartOfDay::Night)),
        ("nightly", Frequency(self::Unit::Day)),
        ("nights", PartOfDay(dragoman_model::PartOfDay::Night)),
        ("nine", NumberWord(9)),
        ("nineteen", NumberWord(19)),
        ("ninety", NumberWord(90)),
        ("ninth", OrdinalWord(9)),
        ("noon", Noon),
        ("nov", Month(11)),
        ("nov.", Month(11)),
        ("november", Month(11)),
        ("now", VagueWord(Vague::Present)),
        ("nowadays", VagueWord(Vague::Present)),
        ("oct", Month(10)),
        ("oct.", Month(10)),
        ("october", Month(10)),
        ("of", Of),
        ("old", Old),
        ("on", On),
        ("one", NumberWord(1)),
        ("or", Connector),
        ("over", Preposition),
        ("p.m", Meridiem(true)),
        ("p.m.", Meridiem(true)),
        ("past", Shift(self::Shift::Last)),
        ("pdt", Zone(false)),
        ("per", Per),
        ("pm", Meridiem(true)),
        ("previous", Shift(self::Shift::Previous)),
        ("pst", Zone(false)),
        (
            "quarter",
            Unit {
                unit: self::Unit::Quarter,
                plural: false,
            },
        ),
        ("quarterly", Frequency(self::Unit::Quarter)),
        (
            "quarters",
            Unit {
                unit: self::Unit::Quarter,
                plural: true,
            },
        ),
        ("recent", Recent),
        ("recently", VagueWord(Vague::Past)),
        ("roughly", Approximately),
        ("same", Shift(self::Shift::Same)),
        ("sat", Weekday(6)),
        ("sat.", Weekday(6)),
        ("saturday", Weekday(6)),
        ("saturdays", Weekday(6)),
        ("second", OrdinalWord(2)),
        (
            "seconds",
            Unit {
                unit: self::Unit::Second,
                plural: true,
            },
        ),
        ("sep", Month(9)),
        ("sep.", Month(9)),
        ("sept", Month(9)),
        ("sept.", Month(9)),
        ("september", Month(9)),
        ("seven", NumberWord(7)),
        ("seventeen", NumberWord(17)),
        ("seventh", OrdinalWord(7)),
        ("seventy", NumberWord(70)),
        ("several", Several),
        ("since", Preposition),
        ("six", NumberWord(6)),
        ("sixteen", NumberWord(16)),
        ("sixth", OrdinalWord(6)),
        ("sixty", NumberWord(60)),
        ("spring", Season(self::Season::Spring)),
        ("start", EdgeNoun(TimeModifier::Start)),
        ("summer", Season(self::Season::Summer)),
        ("sun", Weekday(7)),
        ("sun.", Weekday(7)),
        ("sunday", Weekday(7)),
        ("sundays", Weekday(7)),
        ("ten", NumberWord(10)),
        ("tenth", OrdinalWord(10)),
        ("the", The),
        ("third", OrdinalWord(3)),
        ("thirteen", NumberWord(13)),
        ("thirty", NumberWord(30)),
        ("this", Shift(self::Shift::This)),
        ("three", NumberWord(3)),
        ("through", Connector),
        ("thu", Weekday(4)),
        ("thu.", Weekday(4)),
        ("thur", Weekday(4)),
        ("thurs", Weekday(4)),
        ("thurs.", Weekday(4)),
        ("thursday", Weekday(4)),
        ("thursdays", Weekday(4)),
        ("times", Times),
        ("to", Connector),
        ("today", RelativeDay(0)),
        ("tomorrow", RelativeDay(1)),
        ("tonight", Tonight),
        ("tue", Weekday(2)),
        ("tue.", Weekday(2)),
        ("tues", Weekday(2)),
        ("tues.", Weekday(2)),
        ("tuesday", Weekday(2)),
        ("tuesdays", Weekday(2)),
        ("twelfth", OrdinalWord(12)),
        ("twelve", NumberWord(12)),
        ("twentieth", OrdinalWord(20)),
        ("twenty", NumberWord(20)),
        ("twice", Times),
        ("two", NumberWord(2)),
        ("until", Connector),
        ("upcoming", Shift(self::Shift::Next)),
        ("utc", Zone(true)),
        ("wed", Weekday(3)),
        ("wed.", Weekday(3)),
        ("wednesday", Weekday(3)),
        ("wednesdays", Weekday(3)),
        (
            "week",
            Unit {
                unit: self::Unit::Week,
                plural: false,
            },
        ),
        (
            "weekend",
            Unit {
                unit: self::Unit::Weekend,
                plural: false,
            },
        ),
        (
            "weekends",
            Unit {
                unit: self::Unit::Weekend,
                plural: true,
            },
        ),
        ("weekly", Frequency(self::Unit::Week)),
        (
            "weeks",
            Unit {
                unit: self::Unit::Week,
                plural: true,
            },
        ),
        ("winter", Season(self::Season::Winter)),
        ("within", Preposition),
        (
            "year",
            Unit {
                unit: self::Unit::Year,
                plural: false,
            },
        ),
        ("yearly", Frequency(self::Unit::Year)),
        (
            "years",
            Unit {
                unit: self::Unit::Year,
                plural: true,
            },
        ),
        ("yesterday", RelativeDay(-1)),
        ("z", Zone(true)),
    ]
};

/// Classifies one token of `text`.
pub(crate) fn classify(text: &str, start: usize, end: usize) -> Word {
    let surface = &text[start..end];
    let capitalized = surface
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_uppercase);
    let (mid_prefix, rest) = match surface.get(..4) {
        Some(prefix) if prefix.eq_ignore_ascii_case("mid-") && surface.len() > 4 => {
            (true, &surface[4..])
        }
        _ => (false, surface),
    };
    let rest_capitalized = if mid_prefix {
        rest.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
    } else {
        capitalized
    };
    Word {
        start,
        end,
        lexeme: lexeme_of(rest),
        capitalized: rest_capitalized,
        mid_prefix,
    }
}

fn lexeme_of(surface: &str) -> Lexeme {
    // No entry of the table is longer than 13 bytes; longer tokens can only
    // be numbers of some shape, or nothing.
    let bytes = surface.as_bytes();
    if bytes.first().is_some_and(u8::is_ascii_digit) {
        return number_shape(surface);
    }
    if bytes.len() == 1 && matches!(bytes[0], b'-') {
        return Lexeme::Hyphen;
    }
    if surface == "," {
        return Lexeme::Comma;
    }
    if surface == "–" {
        return Lexeme::Connector;
    }
    if bytes.len() == 2
        && (bytes[0] == b'Q' || bytes[0] == b'q')
        && (b'1'..=b'4').contains(&bytes[1])
    {
        return Lexeme::QuarterName(u32::from(bytes[1] - b'0'));
    }
    let mut buffer = [0u8; 16];
    if bytes.len() > buffer.len() || !surface.is_ascii() {
        return Lexeme::Other;
    }
    let lower = &mut buffer[..bytes.len()];
    lower.copy_from_slice(bytes);
    lower.make_ascii_lowercase();
    let Ok(lower) = std::str::from_utf8(lower) else {
        return Lexeme::Other;
    };
    match WORDS.binary_search_by(|(word, _)| (*word).cmp(lower)) {
        Ok(index) => WORDS[index].1,
        Err(_) => Lexeme::Other,
    }
}

/// The shape of a token that starts with a digit.
fn number_shape(surface: &str) -> Lexeme {
    let bytes = surface.as_bytes();
    let digits = bytes
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    let leading: Option<u32> = surface[..digits].parse().ok();
    let Some(leading) = leading else {
        return Lexeme::Other;
    };
    let rest = &surface[digits..];
    let lower_rest = rest.to_ascii_lowercase();
    let digit_count = u8::try_from(digits).unwrap_or(u8::MAX);
    match lower_rest.as_str() {
        "" => {
            return Lexeme::Integer {
                value: leading,
                digits: digit_count,
            };
        }
        "st" | "nd" | "rd" | "th" => return Lexeme::Ordinal(leading),
        "s" if digits == 4 && leading % 10 == 0 => {
            return Lexeme::Decade {
                value: leading / 10,
                digits: 3,
            };
        }
        "s" if digits == 2 && leading % 10 == 0 => {
            return Lexeme::Decade {
                value: leading / 10,
                digits: 1,
            };
        }
        "am" | "a.m." | "pm" | "p.m." if (1..=12).contains(&leading) && digits <= 2 => {
            return Lexeme::Clock(Clock {
                hour: leading,
                minute: 0,
                afternoon: Some(lower_rest.starts_with('p')),
                utc: false,
            });
        }
        "gmt" | "utc" | "z" if digits == 4 => {
            let (hour, minute) = (leading / 100, leading % 100);
            if hour < 24 && minute < 60 {
                return Lexeme::Clock(Clock {
                    hour,
                    minute,
                    afternoon: None,
                    utc: true,
                });
            }
            return Lexeme::Other;
        }
        _ => {}
    }
    if let Some(separator) = lower_rest.chars().next()
        && (separator == ':' || separator == '.')
        && digits <= 2
    {
        if let Some(clock) = clock_after_separator(leading, &lower_rest[1..], separator == ':') {
            return Lexeme::Clock(clock);
        }
        if separator == '.' {
            return surface.parse().map_or(Lexeme::Other, Lexeme::Decimal);
        }
        return Lexeme::Other;
    }
    if lower_rest.starts_with('.') {
        return surface.parse().map_or(Lexeme::Other, Lexeme::Decimal);
    }
    if let Some(after_slash) = lower_rest.strip_prefix('/') {
        return slash_date(leading, after_slash).unwrap_or(Lexeme::Other);
    }
    Lexeme::Other
}

/// `30`, `30pm`, `30 a.m.` after `hour:` — a dotted time needs its meridiem
/// so that "2.5" stays a number.
fn clock_after_separator(hour: u32, rest: &str, colon: bool) -> Option<Clock> {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 2 {
        return None;
    }
    let minute: u32 = rest[..digits].parse().ok()?;
    let suffix = &rest[digits..];
    let afternoon = match suffix {
        "" if colon => None,
        "am" | "a.m." => Some(false),
        "pm" | "p.m." => Some(true),
        _ => return None,
    };
    let hour_limit = if afternoon.is_some() { 12 } else { 24 };
    (hour <= hour_limit && minute < 60).then_some(Clock {
        hour,
        minute,
        afternoon,
        utc: false,
    })
}

/// `7/8/07` or `12/25/2026`; a pair without a year (`9/11`) is no date.
fn slash_date(first: u32, rest: &str) -> Option<Lexeme> {
    let mut parts = rest.split('/');
    let second: u32 = parts.next()?.parse().ok()?;
    let year_text = parts.next()?;
    if parts.next().is_some() || !(year_text.len() == 2 || year_text.len() == 4) {
        return None;
    }
    let year: u32 = year_text.parse().ok()?;
    (first <= 31 && second <= 31).then_some(Lexeme::SlashDate {
        first,
        second,
        year,
        year_digits: u8::try_from(year_text.len()).ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_table_is_sorted_and_unique() {
        for pair in WORDS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
    }

    fn lexeme(surface: &str) -> Lexeme {
        classify(surface, 0, surface.len()).lexeme
    }

    #[test]
    fn numeric_shapes() {
        assert_eq!(
            lexeme("2026"),
            Lexeme::Integer {
                value: 2026,
                digits: 4
            }
        );
        assert_eq!(
            lexeme("07"),
            Lexeme::Integer {
                value: 7,
                digits: 2
            }
        );
        assert_eq!(lexeme("2nd"), Lexeme::Ordinal(2));
        assert_eq!(
            lexeme("1990s"),
            Lexeme::Decade {
                value: 199,
                digits: 3
            }
        );
        assert_eq!(
            lexeme("90s"),
            Lexeme::Decade {
                value: 9,
                digits: 1
            }
        );
        assert_eq!(lexeme("2.5"), Lexeme::Decimal(2.5));
        let clock = |hour, minute, afternoon, utc| {
            Lexeme::Clock(Clock {
                hour,
                minute,
                afternoon,
                utc,
            })
        };
        assert_eq!(lexeme("18:00"), clock(18, 0, None, false));
        assert_eq!(lexeme("5pm"), clock(5, 0, Some(true), false));
        assert_eq!(lexeme("10.30am"), clock(10, 30, Some(false), false));
        assert_eq!(lexeme("1800GMT"), clock(18, 0, None, true));
        assert_eq!(lexeme("25:00"), Lexeme::Other);
        assert_eq!(
            lexeme("7/8/07"),
            Lexeme::SlashDate {
                first: 7,
                second: 8,
                year: 7,
                year_digits: 2
            }
        );
        assert_eq!(lexeme("9/11"), Lexeme::Other);
        assert_eq!(lexeme("99999999999999"), Lexeme::Other);
    }

    #[test]
    fn words_ignore_case_and_keep_capitalisation_apart() {
        assert_eq!(lexeme("Sept."), Lexeme::Month(9));
        assert_eq!(lexeme("TUESDAY"), Lexeme::Weekday(2));
        assert!(!classify("may", 0, 3).capitalized);
        let mid = classify("mid-March", 0, 9);
        assert!(mid.mid_prefix && mid.capitalized);
        assert_eq!(mid.lexeme, Lexeme::Month(3));
        assert_eq!(lexeme("Q3"), Lexeme::QuarterName(3));
        assert_eq!(lexeme("zebra"), Lexeme::Other);
    }
}
