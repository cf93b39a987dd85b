//! Places a recognised expression on the calendar: its TIMEX3 value against
//! the publication date, or the reason it has none.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use dragoman_model::{TimeKind, TimeModifier};

use crate::grammar::{Found, Meaning, duration_value, part_of_day_code};
use crate::lexicon::{Clock, Season, Shift, Unit};
use crate::tense::Tense;

pub(crate) const NO_PUBLICATION_DATE: &str = "no publication date known";
const NO_CALENDAR_DATE: &str = "not a calendar date";
const NO_PRECISE_REFERENCE: &str = "ambiguous: no earlier date of that precision";

/// A stretch of the calendar at the granularity the text gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Period {
    Day(NaiveDate),
    /// ISO year and week.
    Week(i32, u32),
    Weekend(i32, u32),
    Month(i32, u32),
    Quarter(i32, u32),
    Half(i32, u32),
    Season(i32, Season),
    Year(i32),
    Decade(i32),
    Century(i32),
}

impl Period {
    fn value(self) -> String {
        match self {
            Period::Day(date) => date.format("%Y-%m-%d").to_string(),
            Period::Week(year, week) => format!("{year:04}-W{week:02}"),
            Period::Weekend(year, week) => format!("{year:04}-W{week:02}-WE"),
            Period::Month(year, month) => format!("{year:04}-{month:02}"),
            Period::Quarter(year, quarter) => format!("{year:04}-Q{quarter}"),
            Period::Half(year, half) => format!("{year:04}-H{half}"),
            Period::Season(year, season) => format!("{year:04}-{}", season.code()),
            Period::Year(year) => format!("{year:04}"),
            Period::Decade(decade) => format!("{decade:03}"),
            Period::Century(century) => format!("{century:02}"),
        }
    }

    /// The period as a reference for anaphora ("the following month").
    fn as_reference(self) -> Option<Reference> {
        let (date, unit) = match self {
            Period::Day(date) => (date, Unit::Day),
            Period::Week(year, week) => (
                NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?,
                Unit::Week,
            ),
            Period::Month(year, month) => (NaiveDate::from_ymd_opt(year, month, 1)?, Unit::Month),
            Period::Quarter(year, quarter) => (
                NaiveDate::from_ymd_opt(year, quarter * 3 - 2, 1)?,
                Unit::Quarter,
            ),
            Period::Year(year) => (NaiveDate::from_ymd_opt(year, 1, 1)?, Unit::Year),
            _ => return None,
        };
        Some(Reference { date, unit })
    }

    /// The last day, for deadlines ("by the end of 2026" → 2026-12-31).
    fn last_day(self) -> Option<NaiveDate> {
        let end_of_month = |year: i32, month: u32| {
            NaiveDate::from_ymd_opt(year, month, 1)?
                .checked_add_months(Months::new(1))?
                .pred_opt()
        };
        match self {
            Period::Day(date) => Some(date),
            Period::Week(year, week) | Period::Weekend(year, week) => {
                NaiveDate::from_isoywd_opt(year, week, Weekday::Sun)
            }
            Period::Month(year, month) => end_of_month(year, month),
            Period::Quarter(year, quarter) => end_of_month(year, quarter * 3),
            Period::Half(year, half) => end_of_month(year, half * 6),
            Period::Year(year) => NaiveDate::from_ymd_opt(year, 12, 31),
            Period::Decade(decade) => {
                NaiveDate::from_ymd_opt(decade.checked_mul(10)?.checked_add(9)?, 12, 31)
            }
            Period::Century(century) => {
                NaiveDate::from_ymd_opt(century.checked_mul(100)?.checked_add(99)?, 12, 31)
            }
            Period::Season(..) => None,
        }
    }
}

/// A date the text spoke of, with the precision it gave it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Reference {
    /// The first day of the period.
    pub date: NaiveDate,
    pub unit: Unit,
}

/// Orders units from fine to coarse.
fn coarseness(unit: Unit) -> u8 {
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => 0,
        Unit::Week | Unit::Weekend | Unit::Fortnight => 1,
        Unit::Month => 2,
        Unit::Quarter => 3,
        Unit::Year => 4,
        Unit::Decade => 5,
        Unit::Century => 6,
    }
}

/// The dates an expression may be resolved against.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Context {
    /// The publication date.
    pub anchor: Option<NaiveDate>,
    /// The last date the text spoke of, for "the previous day" and "the
    /// same month".
    pub reference: Option<Reference>,
    /// The last single day the text spoke of (at first the publication
    /// date), for clock times without a day of their own.
    pub last_day: Option<NaiveDate>,
}

/// The normalised form of one expression.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Resolved {
    pub kind: TimeKind,
    pub value: Option<String>,
    pub modifier: Option<TimeModifier>,
    /// The date a relative value was computed from.
    pub anchor: Option<NaiveDate>,
    pub unresolved: Option<&'static str>,
    /// The date the expression names, if it names one: the next reference.
    pub reference: Option<Reference>,
}

/// What a resolution step produced, before kind and modifiers are applied.
enum Outcome {
    Period {
        period: Period,
        from: Option<NaiveDate>,
    },
    Literal(String),
    Missing(&'static str),
}

pub(crate) fn resolve(found: &Found, context: &Context, tense: impl Fn() -> Tense) -> Resolved {
    let kind = match found.meaning {
        Meaning::Duration { .. } => TimeKind::Duration,
        Meaning::Set(_) => TimeKind::Set,
        Meaning::Clock { .. } => TimeKind::Time,
        _ if found.part_of_day.is_some() => TimeKind::Time,
        _ => TimeKind::Date,
    };
    let outcome = outcome(&found.meaning, context, &tense);
    let mut modifier = found.modifier;
    if found.deadline {
        modifier = Some(TimeModifier::Deadline);
    }
    let (value, anchor, unresolved, reference) = match outcome {
        Outcome::Literal(value) => (Some(value), None, None, None),
        Outcome::Missing(reason) => (None, None, Some(reason), None),
        Outcome::Period { period, from } => {
            let deadline_end = found.deadline && found.modifier == Some(TimeModifier::End);
            let period = match (deadline_end, period.last_day()) {
                (true, Some(last)) => Period::Day(last),
                _ => period,
            };
            let reference = period.as_reference();
            let mut value = period.value();
            if let (Some(part), Period::Day(_)) = (found.part_of_day, period) {
                value.push_str(part_of_day_code(part));
            }
            (Some(value), from, None, reference)
        }
    };
    Resolved {
        kind,
        value,
        modifier,
        anchor,
        unresolved,
        reference,
    }
}

fn outcome(meaning: &Meaning, context: &Context, tense: &impl Fn() -> Tense) -> Outcome {
    let anchored = |make: &dyn Fn(NaiveDate) -> Option<Period>| match context.anchor {
        None => Outcome::Missing(NO_PUBLICATION_DATE),
        Some(anchor) => match make(anchor) {
            Some(period) => Outcome::Period {
                period,
                from: Some(anchor),
            },
            None => Outcome::Missing(NO_CALENDAR_DATE),
        },
    };
    match *meaning {
        Meaning::Calendar {
            year: Some(year),
            month,
            day,
        } => match (month, day) {
            (Some(month), Some(day)) => {
                fixed(NaiveDate::from_ymd_opt(year, month, day).map(Period::Day))
            }
            (Some(month), None) => fixed(
                (1..=12)
                    .contains(&month)
                    .then_some(Period::Month(year, month)),
            ),
            _ => fixed(Some(Period::Year(year))),
        },
        Meaning::Calendar {
            year: None,
            month: Some(month),
            day: Some(day),
        } => anchored(&|anchor| month_day_near(anchor, month, day, tense()).map(Period::Day)),
        Meaning::Calendar { year: None, .. } => Outcome::Missing(NO_CALENDAR_DATE),
        Meaning::Month { month, shift } => anchored(&|anchor| {
            Some(Period::Month(
                month_year(anchor, month, shift, tense()),
                month,
            ))
        }),
        Meaning::Weekday { day, shift } => {
            anchored(&|anchor| weekday_near(anchor, day, shift, tense()).map(Period::Day))
        }
        Meaning::Season {
            season,
            year: Some(year),
            ..
        } => fixed(Some(Period::Season(year, season))),
        Meaning::Season {
            season,
            year: None,
            shift,
        } => anchored(&|anchor| Some(Period::Season(season_year(anchor, season, shift), season))),
        Meaning::Quarter {
            quarter,
            year: Some(year),
        } => fixed(Some(Period::Quarter(year, quarter))),
        Meaning::Quarter {
            quarter,
            year: None,
        } => anchored(&|anchor| Some(Period::Quarter(anchor.year(), quarter))),
        Meaning::Half {
            half,
            year: Some(year),
        } => fixed(Some(Period::Half(year, half))),
        Meaning::Half { half, year: None } => {
            anchored(&|anchor| Some(Period::Half(anchor.year(), half)))
        }
        Meaning::Decade(decade) => fixed(Some(Period::Decade(decade))),
        Meaning::Century(century) => fixed(Some(Period::Century(century))),
        Meaning::Historic(ref value) => Outcome::Literal(value.clone()),
        Meaning::Relative {
            unit,
            amount,
            from_reference,
        } => {
            let origin = match (from_reference, context.reference) {
                (false, _) | (true, None) => context.anchor,
                (true, Some(reference)) if coarseness(unit) >= coarseness(reference.unit) => {
                    Some(reference.date)
                }
                (true, Some(_)) => return Outcome::Missing(NO_PRECISE_REFERENCE),
            };
            match origin {
                None => Outcome::Missing(NO_PUBLICATION_DATE),
                Some(origin) => match shifted(origin, unit, amount) {
                    Some(period) => Outcome::Period {
                        period,
                        from: Some(origin),
                    },
                    None => Outcome::Missing(NO_CALENDAR_DATE),
                },
            }
        }
        Meaning::TheWeekend => anchored(&|anchor| {
            // On a Saturday or Sunday "the weekend" is the current one;
            // otherwise the one just past, or the coming one in the future.
            let weekday = anchor.weekday().number_from_monday();
            let weeks_back = i64::from(weekday < 6 && tense() != Tense::Future);
            shifted(anchor, Unit::Weekend, -weeks_back)
        }),
        Meaning::Duration { amount, unit } => Outcome::Literal(duration_value(amount, unit)),
        Meaning::Set(ref value) => Outcome::Literal(value.clone()),
        Meaning::Vague(vague) => Outcome::Literal(vague.value().to_owned()),
        Meaning::Clock { clock, ref day } => {
            let day = match day {
                Some(day) => match outcome(day, context, tense) {
                    Outcome::Period {
                        period: Period::Day(date),
                        ..
                    } => Some(date),
                    Outcome::Missing(reason) => return Outcome::Missing(reason),
                    _ => return Outcome::Missing(NO_CALENDAR_DATE),
                },
                // Without a day of its own, a clock time is on the day last spoken of.
                None => context.last_day,
            };
            match day {
                Some(day) => Outcome::Literal(clock_value(day, clock)),
                None => Outcome::Missing(NO_PUBLICATION_DATE),
            }
        }
    }
}

fn fixed(period: Option<Period>) -> Outcome {
    match period {
        Some(period) => Outcome::Period { period, from: None },
        None => Outcome::Missing(NO_CALENDAR_DATE),
    }
}

fn clock_value(day: NaiveDate, clock: Clock) -> String {
    let hour = match clock.afternoon {
        Some(true) if clock.hour < 12 => clock.hour + 12,
        Some(false) if clock.hour == 12 => 0,
        _ => clock.hour,
    };
    let zone = if clock.utc { "Z" } else { "" };
    format!(
        "{}T{hour:02}:{:02}{zone}",
        day.format("%Y-%m-%d"),
        clock.minute
    )
}

/// The period `amount` units from `origin`.
fn shifted(origin: NaiveDate, unit: Unit, amount: i64) -> Option<Period> {
    let days = |count: i64| -> Option<NaiveDate> {
        let magnitude = Days::new(count.unsigned_abs());
        if count >= 0 {
            origin.checked_add_days(magnitude)
        } else {
            origin.checked_sub_days(magnitude)
        }
    };
    let amount32 = i32::try_from(amount).ok()?;
    let months = |count: i32| -> Option<(i32, u32)> {
        let index = origin.year() * 12 + i32::try_from(origin.month0()).ok()? + count;
        Some((
            index.div_euclid(12),
            u32::try_from(index.rem_euclid(12)).ok()? + 1,
        ))
    };
    Some(match unit {
        // A few hours or minutes away is still about that day.
        Unit::Second | Unit::Minute | Unit::Hour => Period::Day(origin),
        Unit::Day => Period::Day(days(amount)?),
        Unit::Week | Unit::Fortnight => {
            let factor = if unit == Unit::Week { 7 } else { 14 };
            let week = days(amount.checked_mul(factor)?)?.iso_week();
            Period::Week(week.year(), week.week())
        }
        Unit::Weekend => {
            let week = days(amount.checked_mul(7)?)?.iso_week();
            Period::Weekend(week.year(), week.week())
        }
        Unit::Month => {
            let (year, month) = months(amount32)?;
            Period::Month(year, month)
        }
        Unit::Quarter => {
            let (year, month) = months(amount32.checked_mul(3)?)?;
            Period::Quarter(year, (month - 1) / 3 + 1)
        }
        Unit::Year => Period::Year(on_calendar(origin.year().checked_add(amount32)?, 1)?),
        Unit::Decade => Period::Decade(on_calendar(
            origin.year().div_euclid(10).checked_add(amount32)?,
            10,
        )?),
        Unit::Century => Period::Century(on_calendar(
            origin.year().div_euclid(100).checked_add(amount32)?,
            100,
        )?),
    })
}

/// `count` periods of `years` years each, if they start on the calendar.
fn on_calendar(count: i32, years: i32) -> Option<i32> {
    NaiveDate::from_ymd_opt(count.checked_mul(years)?, 1, 1).map(|_| count)
}

/// A weekday named without a date: the anchor itself when it is that day,
/// else the one before it (past or unknown tense: news reports what
/// happened) or after it (future tense).
fn weekday_near(
    anchor: NaiveDate,
    day: u32,
    shift: Option<Shift>,
    tense: Tense,
) -> Option<NaiveDate> {
    let today = anchor.weekday().number_from_monday();
    let ahead = i64::from((day + 7 - today) % 7);
    let behind = i64::from((today + 7 - day) % 7);
    let forward = match shift {
        Some(Shift::Next | Shift::Following) => true,
        Some(Shift::Last | Shift::Previous) => false,
        _ if ahead == 0 => return Some(anchor),
        // A weekday in the present is mostly a headline's past ("Rovers win
        // on Sunday"), so only the future points forward.
        _ => tense == Tense::Future,
    };
    if forward {
        anchor.checked_add_days(Days::new(if ahead == 0 { 7 } else { ahead.unsigned_abs() }))
    } else {
        anchor.checked_sub_days(Days::new(if behind == 0 {
            7
        } else {
            behind.unsigned_abs()
        }))
    }
}

/// The year of a month named without one.
fn month_year(anchor: NaiveDate, month: u32, shift: Option<Shift>, tense: Tense) -> i32 {
    let year = anchor.year();
    let current = anchor.month();
    match (shift, tense) {
        (Some(Shift::Last | Shift::Previous), _) => year - i32::from(month >= current),
        (Some(Shift::Next | Shift::Following), _) => year + i32::from(month <= current),
        // Without a cue the month is read in the publication year, which
        // served better on real copy than always looking back.
        (Some(_), _) | (None, Tense::Unknown) => year,
        (None, Tense::Past) => year - i32::from(month > current),
        (None, Tense::Present | Tense::Future) => year + i32::from(month < current),
    }
}

/// A month and day without a year: the nearest such date, unless the tense
/// points the other way by more than two months (news often reports in the
/// past tense an event announced for the coming days).
fn month_day_near(anchor: NaiveDate, month: u32, day: u32, tense: Tense) -> Option<NaiveDate> {
    let candidates: Vec<NaiveDate> = [anchor.year() - 1, anchor.year(), anchor.year() + 1]
        .into_iter()
        .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
        .collect();
    let nearest = *candidates
        .iter()
        .min_by_key(|date| (**date - anchor).num_days().abs())?;
    let offset = (nearest - anchor).num_days();
    let wanted = match tense {
        Tense::Past if offset > 60 => candidates.iter().rev().find(|date| **date <= anchor),
        Tense::Present | Tense::Future if offset < -60 => {
            candidates.iter().find(|date| **date >= anchor)
        }
        _ => None,
    };
    Some(wanted.copied().unwrap_or(nearest))
}

/// The year of a season named without one: the last one before the current
/// season, the next one after it, or else the nearest (the coming one on a tie).
fn season_year(anchor: NaiveDate, season: Season, shift: Option<Shift>) -> i32 {
    let current = Season::index_of(anchor.year(), anchor.month());
    let same_year = anchor.year() * 4 + season.order();
    let candidates = [same_year - 4, same_year, same_year + 4];
    let chosen = match shift {
        Some(Shift::Last | Shift::Previous) => {
            candidates.into_iter().rfind(|index| *index < current)
        }
        Some(Shift::Next | Shift::Following) => {
            candidates.into_iter().find(|index| *index > current)
        }
        _ => candidates
            .into_iter()
            .min_by_key(|index| ((index - current).abs(), *index < current)),
    };
    chosen.unwrap_or(same_year).div_euclid(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("test date")
    }

    #[test]
    fn weekdays_point_back_unless_the_verb_is_future() {
        let tuesday = date("2026-03-03");
        assert_eq!(
            weekday_near(tuesday, 1, None, Tense::Past),
            Some(date("2026-03-02"))
        );
        assert_eq!(
            weekday_near(tuesday, 1, None, Tense::Future),
            Some(date("2026-03-09"))
        );
        assert_eq!(weekday_near(tuesday, 2, None, Tense::Past), Some(tuesday));
        assert_eq!(
            weekday_near(tuesday, 2, Some(Shift::Next), Tense::Unknown),
            Some(date("2026-03-10"))
        );
    }

    #[test]
    fn months_and_days_find_their_year() {
        let anchor = date("2026-01-05");
        assert_eq!(
            month_day_near(anchor, 12, 28, Tense::Unknown),
            Some(date("2025-12-28"))
        );
        assert_eq!(month_year(anchor, 9, None, Tense::Future), 2026);
        assert_eq!(month_year(date("2026-11-05"), 9, None, Tense::Future), 2027);
        assert_eq!(month_year(anchor, 9, None, Tense::Past), 2025);
        assert_eq!(
            month_year(anchor, 9, Some(Shift::Last), Tense::Unknown),
            2025
        );
    }

    #[test]
    fn periods_shift_and_end() {
        let anchor = date("2004-11-24");
        assert_eq!(
            shifted(anchor, Unit::Week, -1),
            Some(Period::Week(2004, 47))
        );
        assert_eq!(
            shifted(anchor, Unit::Month, 2),
            Some(Period::Month(2005, 1))
        );
        assert_eq!(
            shifted(anchor, Unit::Quarter, -1),
            Some(Period::Quarter(2004, 3))
        );
        assert_eq!(Period::Year(2026).last_day(), Some(date("2026-12-31")));
        assert_eq!(Period::Month(2028, 2).last_day(), Some(date("2028-02-29")));
        assert_eq!(Period::Decade(199).value(), "199");
    }
}
