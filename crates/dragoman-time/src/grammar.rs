//! The grammar of time expressions, matched over the classified tokens of
//! one sentence.
//!
//! Each rule is a small function over the token sequence; at every position
//! the longest match of all rules wins, and matching resumes after it.
//! Signals that TIMEX3 leaves outside the expression ("on", "in", "by") stay
//! outside the span, but "by" still marks a deadline.

use std::ops::Range;

use dragoman_model::{PartOfDay, TimeModifier};

use crate::lexicon::{Clock, Lexeme, Season, Shift, Unit, Vague, Word};

/// What an expression says, before it is placed on the calendar.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Meaning {
    /// A date with the parts the text gives: "2020", "March 2", "March 2, 2026".
    Calendar {
        year: Option<i32>,
        month: Option<u32>,
        day: Option<u32>,
    },
    /// A month name without a year: "in September", "last September".
    Month {
        month: u32,
        shift: Option<Shift>,
    },
    /// "Monday", "next Monday".
    Weekday {
        day: u32,
        shift: Option<Shift>,
    },
    Season {
        season: Season,
        year: Option<i32>,
        shift: Option<Shift>,
    },
    Quarter {
        quarter: u32,
        year: Option<i32>,
    },
    Half {
        half: u32,
        year: Option<i32>,
    },
    /// The first three digits of the years of a decade: 199 for the 1990s.
    Decade(i32),
    /// The first two digits of the years of a century: 18 for the 19th.
    Century(i32),
    /// A year before the common era, or one written with its era.
    Historic(String),
    /// `amount` units away from the publication date ("yesterday", "last
    /// week", "two days ago") or, with `from_reference`, from the date the
    /// text last spoke of ("the previous day", "a week later").
    Relative {
        unit: Unit,
        amount: i64,
        from_reference: bool,
    },
    /// `None` amount: an unknown number of units ("several years").
    Duration {
        amount: Option<f64>,
        unit: Unit,
    },
    /// A TIMEX3 set value: `XXXX-WXX-5`, `P1W`.
    Set(String),
    /// "the weekend": the one before or after the publication date, by tense.
    TheWeekend,
    /// A clock time, on the day given or else the day of its context.
    Clock {
        clock: Clock,
        day: Option<Box<Meaning>>,
    },
    Vague(Vague),
}

/// One recognised expression within a sentence.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Found {
    /// Token indices within the sentence.
    pub tokens: Range<usize>,
    pub meaning: Meaning,
    pub modifier: Option<TimeModifier>,
    pub part_of_day: Option<PartOfDay>,
    /// Preceded by "by": the value is a deadline.
    pub deadline: bool,
}

/// The core of an expression: where it ends and what it means.
struct Core {
    end: usize,
    meaning: Meaning,
    part_of_day: Option<PartOfDay>,
}

impl Core {
    fn new(end: usize, meaning: Meaning) -> Option<Core> {
        Some(Core {
            end,
            meaning,
            part_of_day: None,
        })
    }
}

/// Finds every time expression in the classified tokens of one sentence.
pub(crate) fn find_in_sentence(text: &str, words: &[Word]) -> Vec<Found> {
    let parser = Parser { text, words };
    let mut found: Vec<Found> = Vec::new();
    let mut at = 0;
    while at < words.len() {
        match parser.expression_at(at) {
            Some(expression) => {
                at = expression.tokens.end;
                found.push(expression);
            }
            None => at += 1,
        }
    }
    share_years_across_ranges(&parser, &mut found);
    found
}

/// "between March and May 2026": the first end takes the year of the second.
fn share_years_across_ranges(parser: &Parser<'_>, found: &mut [Found]) {
    for index in 1..found.len() {
        let joined = found[index].tokens.start == found[index - 1].tokens.end + 1
            && matches!(
                parser.lexeme(found[index - 1].tokens.end),
                Lexeme::Connector | Lexeme::Hyphen
            );
        let Meaning::Calendar {
            year: Some(year), ..
        } = found[index].meaning
        else {
            continue;
        };
        if !joined {
            continue;
        }
        if let Meaning::Month { month, shift: None } = found[index - 1].meaning {
            found[index - 1].meaning = Meaning::Calendar {
                year: Some(year),
                month: Some(month),
                day: None,
            };
        } else if let Meaning::Calendar {
            year: ref mut first_year @ None,
            month: Some(_),
            ..
        } = found[index - 1].meaning
        {
            *first_year = Some(year);
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    words: &'a [Word],
}

fn shift_amount(shift: Shift) -> i64 {
    match shift {
        Shift::This | Shift::Same => 0,
        Shift::Last | Shift::Previous => -1,
        Shift::Next | Shift::Following => 1,
    }
}

impl Parser<'_> {
    fn lexeme(&self, index: usize) -> Lexeme {
        self.words
            .get(index)
            .map_or(Lexeme::Other, |word| word.lexeme)
    }

    fn previous(&self, index: usize) -> Lexeme {
        index
            .checked_sub(1)
            .map_or(Lexeme::Other, |before| self.lexeme(before))
    }

    fn surface(&self, index: usize) -> &str {
        self.words
            .get(index)
            .map_or("", |word| &self.text[word.start..word.end])
    }

    /// Two tokens written without a space between them.
    fn glued(&self, left: usize, right: usize) -> bool {
        match (self.words.get(left), self.words.get(right)) {
            (Some(left), Some(right)) => left.end == right.start,
            _ => false,
        }
    }

    /// A month or weekday name as a name: capitalised, and spelled out or
    /// abbreviated with a period ("Jan" is also a given name, "Sun" a paper).
    fn is_name(&self, index: usize) -> bool {
        let Some(word) = self.words.get(index) else {
            return false;
        };
        let surface = self.surface(index);
        let surface = if word.mid_prefix {
            &surface[4..]
        } else {
            surface
        };
        word.capitalized
            && (surface.len() > 4
                || surface.ends_with('.')
                || ["May", "June", "July", "MAY", "JUNE", "JULY"].contains(&surface))
    }

    /// A month name, also abbreviated without a period when a day or year
    /// follows.
    fn month_at(&self, index: usize) -> Option<u32> {
        let Lexeme::Month(month) = self.lexeme(index) else {
            return None;
        };
        let numeral_follows = matches!(
            self.lexeme(index + 1),
            Lexeme::Integer { .. } | Lexeme::Ordinal(_)
        );
        let word = &self.words[index];
        (self.is_name(index) || (word.capitalized && numeral_follows)).then_some(month)
    }

    fn weekday_at(&self, index: usize) -> Option<u32> {
        match self.lexeme(index) {
            Lexeme::Weekday(day) if self.is_name(index) => Some(day),
            _ => None,
        }
    }

    fn expression_at(&self, start: usize) -> Option<Found> {
        let mut at = start;
        let deadline = self.lexeme(at) == Lexeme::By;
        if deadline {
            at += 1;
        }
        let span_start = at;
        let mut modifier = None;
        let mut inside_edge_of = false;
        match self.lexeme(at) {
            Lexeme::Approximately => {
                modifier = Some(TimeModifier::Approximate);
                at += 1;
            }
            Lexeme::Edge(edge) => {
                modifier = Some(edge);
                at += 1;
                if self.lexeme(at) == Lexeme::Hyphen && self.glued(at - 1, at) {
                    at += 1;
                }
                if self.lexeme(at) == Lexeme::On {
                    at += 1;
                }
            }
            Lexeme::The => {
                if let (Lexeme::EdgeNoun(edge), Lexeme::Of) =
                    (self.lexeme(at + 1), self.lexeme(at + 2))
                {
                    modifier = Some(edge);
                    inside_edge_of = true;
                    at += 3;
                }
            }
            Lexeme::Beside(_)
                if matches!(
                    self.lexeme(at + 1),
                    Lexeme::Shift(Shift::This | Shift::Next | Shift::Last)
                ) =>
            {
                at += 1;
            }
            _ => {}
        }
        if self.words.get(at).is_some_and(|word| word.mid_prefix) {
            modifier = Some(TimeModifier::Mid);
        }
        let core = self.core_at(at, inside_edge_of)?;
        // An approximate amount is an amount: "about Monday" is not English.
        if modifier == Some(TimeModifier::Approximate)
            && !matches!(
                core.meaning,
                Meaning::Duration { .. } | Meaning::Relative { .. }
            )
        {
            return None;
        }
        Some(Found {
            tokens: span_start..core.end,
            meaning: core.meaning,
            modifier,
            part_of_day: core.part_of_day,
            deadline,
        })
    }

    fn core_at(&self, at: usize, inside_edge_of: bool) -> Option<Core> {
        let candidates = [
            self.calendar(at),
            self.year(at),
            self.decade(at),
            self.century(at),
            self.quarter_or_half(at),
            self.weekday(at),
            self.relative_day(at),
            self.deictic(at, inside_edge_of),
            self.amount(at),
            self.bare_units(at),
            self.clock(at),
            self.set(at),
            self.season(at),
            self.vague(at),
        ];
        candidates.into_iter().flatten().max_by_key(|core| core.end)
    }

    /// A four-digit year, 1000–2100, given by the token at `index`.
    fn year_number(&self, index: usize) -> Option<i32> {
        match self.lexeme(index) {
            Lexeme::Integer { value, digits: 4 } if (1000..=2100).contains(&value) => {
                i32::try_from(value).ok()
            }
            _ => None,
        }
    }

    fn day_number(&self, index: usize) -> Option<u32> {
        match self.lexeme(index) {
            Lexeme::Integer {
                value,
                digits: 1 | 2,
            }
            | Lexeme::Ordinal(value)
                if (1..=31).contains(&value) =>
            {
                Some(value)
            }
            _ => None,
        }
    }

    /// "March 2, 2026", "2 March 2026", "March 2", "November 2006",
    /// "Monday, March 2", "2026-03-02", "7/8/07", "the 2nd of March", "March".
    fn calendar(&self, at: usize) -> Option<Core> {
        if self.weekday_at(at).is_some() {
            let mut next = at + 1;
            if self.lexeme(next) == Lexeme::Comma {
                next += 1;
            }
            return self
                .calendar(next)
                .filter(|core| matches!(core.meaning, Meaning::Calendar { day: Some(_), .. }));
        }
        if let Some(month) = self.month_at(at) {
            if let Some(day) = self.day_number(at + 1) {
                let mut end = at + 2;
                let mut year_at = end;
                if self.lexeme(year_at) == Lexeme::Comma {
                    year_at += 1;
                }
                let year = self.year_number(year_at);
                if year.is_some() {
                    end = year_at + 1;
                }
                return Core::new(
                    end,
                    Meaning::Calendar {
                        year,
                        month: Some(month),
                        day: Some(day),
                    },
                );
            }
            if let Some(year) = self.year_number(at + 1) {
                return Core::new(
                    at + 2,
                    Meaning::Calendar {
                        year: Some(year),
                        month: Some(month),
                        day: None,
                    },
                );
            }
            // "May" alone is a modal verb more often than a month.
            let signalled = matches!(
                self.previous(at),
                Lexeme::Preposition
                    | Lexeme::Of
                    | Lexeme::By
                    | Lexeme::Connector
                    | Lexeme::Edge(_)
                    | Lexeme::Shift(_)
            ) || self.words[at].mid_prefix;
            if self.is_name(at) && (month != 5 || signalled) {
                return Core::new(at + 1, Meaning::Month { month, shift: None });
            }
            return None;
        }
        if let Some(day) = self.day_number(at) {
            let month_at = at + 1 + usize::from(self.lexeme(at + 1) == Lexeme::Of);
            let month = self.month_at(month_at)?;
            let mut end = month_at + 1;
            let year = self.year_number(end);
            if year.is_some() {
                end += 1;
            }
            return Core::new(
                end,
                Meaning::Calendar {
                    year,
                    month: Some(month),
                    day: Some(day),
                },
            );
        }
        if self.lexeme(at) == Lexeme::The
            && matches!(self.lexeme(at + 1), Lexeme::Ordinal(_))
            && self.lexeme(at + 2) == Lexeme::Of
        {
            return self.calendar(at + 1);
        }
        if let Some(year) = self.year_number(at)
            && let Lexeme::Integer {
                value: month,
                digits: 2,
            } = self.lexeme(at + 2)
            && let Lexeme::Integer {
                value: day,
                digits: 2,
            } = self.lexeme(at + 4)
            && self.lexeme(at + 1) == Lexeme::Hyphen
            && self.lexeme(at + 3) == Lexeme::Hyphen
            && (at..at + 4).all(|index| self.glued(index, index + 1))
        {
            return Core::new(
                at + 5,
                Meaning::Calendar {
                    year: Some(year),
                    month: Some(month),
                    day: Some(day),
                },
            );
        }
        if let Lexeme::SlashDate {
            first,
            second,
            year,
            year_digits,
        } = self.lexeme(at)
        {
            // American order, unless the first part cannot be a month.
            let (month, day) = if first > 12 {
                (second, first)
            } else {
                (first, second)
            };
            let year = i32::try_from(year).ok()?;
            let year = match year_digits {
                2 if year < 50 => 2000 + year,
                2 => 1900 + year,
                _ => year,
            };
            return Core::new(
                at + 1,
                Meaning::Calendar {
                    year: Some(year),
                    month: Some(month),
                    day: Some(day),
                },
            );
        }
        None
    }

    /// "2020", "1066" after a preposition, "44 BC", "AD 79".
    fn year(&self, at: usize) -> Option<Core> {
        if let Lexeme::Integer { value, digits } = self.lexeme(at)
            && digits <= 4
            && value > 0
            && let Lexeme::Era(before_common_era) = self.lexeme(at + 1)
        {
            let value = if before_common_era {
                format!("BC{value:04}")
            } else {
                format!("{value:04}")
            };
            return Core::new(at + 2, Meaning::Historic(value));
        }
        if self.lexeme(at) == Lexeme::Era(false)
            && let Lexeme::Integer { value, digits } = self.lexeme(at + 1)
            && digits <= 4
        {
            return Core::new(at + 2, Meaning::Historic(format!("{value:04}")));
        }
        let year = self.year_number(at)?;
        let currency_before = self.text[..self.words[at].start]
            .chars()
            .next_back()
            .is_some_and(|before| matches!(before, '$' | '€' | '£' | '¥'));
        if currency_before {
            return None;
        }
        let before = at.checked_sub(1).map_or("", |before| self.surface(before));
        let listed = |list: &[&str]| list.iter().any(|word| word.eq_ignore_ascii_case(before));
        // "in 1066", "since 2011", "late 2015": nothing but a year can follow.
        let temporal_signal = listed(&[
            "in", "since", "until", "till", "before", "after", "during", "by", "from", "between",
        ]) || matches!(
            self.previous(at),
            Lexeme::Edge(_) | Lexeme::EdgeNoun(_)
        ) || self.words[at].mid_prefix
            // "between 1830 and 1873", "the 1965 and 1971 wars".
            || matches!(self.previous(at), Lexeme::Connector | Lexeme::Hyphen)
                && at.checked_sub(2).is_some_and(|first| self.year_number(first).is_some());
        // "the 2015 elections", "its 2020 report": a determiner makes a
        // number of this century or the last a year.
        let determiner = matches!(self.previous(at), Lexeme::The | Lexeme::Article)
            || listed(&["'s", "’s", "its", "their", "his", "her", "our"]);
        // "2000 troops": a count.
        let next = self.surface(at + 1);
        let counted_noun = matches!(self.lexeme(at + 1), Lexeme::Unit { .. })
            || (next.len() > 3
                && next.ends_with('s')
                && next.bytes().all(|byte| byte.is_ascii_lowercase())
                && !matches!(next, "was" | "has" | "its" | "this" | "does"))
            || next == "people";
        let recent = (1900..=2100).contains(&year);
        if !(temporal_signal || recent && (determiner || !counted_noun)) {
            return None;
        }
        Core::new(
            at + 1,
            Meaning::Calendar {
                year: Some(year),
                month: None,
                day: None,
            },
        )
    }

    /// "the 1990s", "the '90s", "1990s".
    fn decade(&self, at: usize) -> Option<Core> {
        let mut index = at;
        if self.lexeme(index) == Lexeme::The {
            index += 1;
        }
        let apostrophe = matches!(self.surface(index), "'" | "’");
        if apostrophe {
            index += 1;
        }
        match self.lexeme(index) {
            Lexeme::Decade { value, digits: 3 } if !apostrophe => {
                Core::new(index + 1, Meaning::Decade(i32::try_from(value).ok()?))
            }
            Lexeme::Decade { value, digits: 1 } if apostrophe => {
                // News speaks of the '90s of the last century and the '20s of this one.
                let century = if value >= 3 { 190 } else { 200 };
                Core::new(
                    index + 1,
                    Meaning::Decade(century + i32::try_from(value).ok()?),
                )
            }
            _ => None,
        }
    }

    fn ordinal(&self, index: usize) -> Option<u32> {
        match self.lexeme(index) {
            Lexeme::Ordinal(value) | Lexeme::OrdinalWord(value) => Some(value),
            _ => None,
        }
    }

    /// "the 19th century", "the twentieth century".
    fn century(&self, at: usize) -> Option<Core> {
        let mut index = at;
        if self.lexeme(index) == Lexeme::The {
            index += 1;
        }
        let ordinal = self.ordinal(index)?;
        index += 1;
        if self.lexeme(index) == Lexeme::Hyphen {
            index += 1;
        }
        match self.lexeme(index) {
            Lexeme::Unit {
                unit: Unit::Century,
                plural: false,
            } if ordinal >= 1 => Core::new(
                index + 1,
                Meaning::Century(i32::try_from(ordinal).ok()? - 1),
            ),
            _ => None,
        }
    }

    /// "the first quarter of 2025", "Q3 2025", "the second half of 2024".
    fn quarter_or_half(&self, at: usize) -> Option<Core> {
        if let Lexeme::QuarterName(quarter) = self.lexeme(at) {
            let year = self.year_number(at + 1);
            let end = at + 1 + usize::from(year.is_some());
            return Core::new(end, Meaning::Quarter { quarter, year });
        }
        let mut index = at;
        if self.lexeme(index) == Lexeme::The {
            index += 1;
        }
        let ordinal = self.ordinal(index)?;
        let is_quarter = match self.lexeme(index + 1) {
            Lexeme::Unit {
                unit: Unit::Quarter,
                plural: false,
            } if (1..=4).contains(&ordinal) => true,
            Lexeme::Half if (1..=2).contains(&ordinal) => false,
            _ => return None,
        };
        let mut end = index + 2;
        let mut year = None;
        if self.lexeme(end) == Lexeme::Of
            && let Some(found) = self.year_number(end + 1)
        {
            year = Some(found);
            end += 2;
        }
        let meaning = if is_quarter {
            Meaning::Quarter {
                quarter: ordinal,
                year,
            }
        } else {
            Meaning::Half {
                half: ordinal,
                year,
            }
        };
        Core::new(end, meaning)
    }

    fn part_of_day_at(&self, index: usize) -> Option<PartOfDay> {
        match self.lexeme(index) {
            Lexeme::PartOfDay(part) if !self.surface(index).ends_with('s') => Some(part),
            _ => None,
        }
    }

    /// "Monday", "last Monday", "Monday night"; "on Fridays" is a set.
    fn weekday(&self, at: usize) -> Option<Core> {
        let (shift, index) = match self.lexeme(at) {
            Lexeme::Shift(shift @ (Shift::This | Shift::Last | Shift::Next)) => {
                (Some(shift), at + 1)
            }
            _ => (None, at),
        };
        let day = self.weekday_at(index)?;
        let surface = self.surface(index);
        if shift.is_none() && surface.len() > 6 && surface.ends_with('s') {
            return Core::new(index + 1, Meaning::Set(format!("XXXX-WXX-{day}")));
        }
        let part_of_day = self.part_of_day_at(index + 1);
        Some(Core {
            end: index + 1 + usize::from(part_of_day.is_some()),
            meaning: Meaning::Weekday { day, shift },
            part_of_day,
        })
    }

    /// "yesterday", "tomorrow morning", "tonight", "this morning", "last night".
    fn relative_day(&self, at: usize) -> Option<Core> {
        let (amount, mut part_of_day, mut end) = match self.lexeme(at) {
            Lexeme::RelativeDay(amount) => (amount, None, at + 1),
            Lexeme::Tonight => (0, Some(PartOfDay::Night), at + 1),
            Lexeme::Shift(Shift::This) => (0, Some(self.part_of_day_at(at + 1)?), at + 2),
            Lexeme::Shift(Shift::Last) => match self.part_of_day_at(at + 1)? {
                PartOfDay::Night => (-1, Some(PartOfDay::Night), at + 2),
                _ => return None,
            },
            _ => return None,
        };
        if part_of_day.is_none()
            && let Some(part) = self.part_of_day_at(end)
        {
            part_of_day = Some(part);
            end += 1;
        }
        Some(Core {
            end,
            meaning: Meaning::Relative {
                unit: Unit::Day,
                amount,
                from_reference: false,
            },
            part_of_day,
        })
    }

    /// An amount of units: "two", "a few", "twenty-five", "two and a half".
    /// Returns the amount (`None` when unknown) and the index after it.
    fn amount_at(&self, at: usize) -> Option<(Option<f64>, usize)> {
        let (mut amount, mut end) = match self.lexeme(at) {
            Lexeme::Integer { value, .. } => (Some(f64::from(value)), at + 1),
            Lexeme::Decimal(value) => (Some(value), at + 1),
            Lexeme::NumberWord(value) => {
                if let (Lexeme::Hyphen, Lexeme::NumberWord(units)) =
                    (self.lexeme(at + 1), self.lexeme(at + 2))
                    && value >= 20
                    && units < 10
                {
                    (Some(f64::from(value + units)), at + 3)
                } else {
                    (Some(f64::from(value)), at + 1)
                }
            }
            Lexeme::Article if self.lexeme(at + 1) == Lexeme::Several => (None, at + 2),
            Lexeme::Article => (Some(1.0), at + 1),
            Lexeme::Several => (None, at + 1),
            Lexeme::Half if self.lexeme(at + 1) == Lexeme::Article => (Some(0.5), at + 2),
            _ => return None,
        };
        if amount.is_some_and(|value| value >= 1.0)
            && self.surface(end) == "and"
            && self.lexeme(end + 1) == Lexeme::Article
            && self.lexeme(end + 2) == Lexeme::Half
        {
            amount = amount.map(|value| value + 0.5);
            end += 3;
        }
        Some((amount, end))
    }

    /// "three years", "72-hour", "a week", "two days ago", "a week earlier",
    /// "$5 billion a year" (a set), "decades-long".
    fn amount(&self, at: usize) -> Option<Core> {
        let (amount, mut index) = self.amount_at(at)?;
        let adjectival = self.lexeme(index) == Lexeme::Hyphen;
        if adjectival {
            index += 1;
        }
        let Lexeme::Unit { unit, plural } = self.lexeme(index) else {
            return None;
        };
        let article = self.lexeme(at) == Lexeme::Article && amount == Some(1.0);
        if article && plural {
            return None;
        }
        let mut end = index + 1;
        // "the Six-Day War", "the Hundred Years War": part of a name.
        let in_a_name = self.words[index].capitalized
            && self.words.get(end).is_some_and(|next| next.capitalized);
        if in_a_name {
            return None;
        }
        if self.lexeme(end) == Lexeme::Hyphen {
            match self.lexeme(end + 1) {
                // An age describes a person, not a time.
                Lexeme::Old => return None,
                Lexeme::Long => end += 2,
                _ => {}
            }
        }
        if article && !adjectival && self.after_a_quantity(at) {
            return Core::new(end, Meaning::Set(duration_value(Some(1.0), unit)));
        }
        if !adjectival {
            match self.lexeme(end) {
                Lexeme::Ago => {
                    let meaning = match whole(amount) {
                        Some(amount) => Meaning::Relative {
                            unit,
                            amount: -amount,
                            from_reference: false,
                        },
                        None => Meaning::Vague(Vague::Past),
                    };
                    return Core::new(end + 1, meaning);
                }
                Lexeme::Beside(direction) => {
                    if let Some(amount) = whole(amount) {
                        return Core::new(
                            end + 1,
                            Meaning::Relative {
                                unit,
                                amount: direction * amount,
                                from_reference: true,
                            },
                        );
                    }
                }
                _ => {}
            }
        }
        Core::new(end, Meaning::Duration { amount, unit })
    }

    /// "$5 billion a year", "twice a week": the amount before "a" is counted
    /// per unit.
    fn after_a_quantity(&self, at: usize) -> bool {
        matches!(
            self.previous(at),
            Lexeme::Integer { .. } | Lexeme::Decimal(_) | Lexeme::Times | Lexeme::NumberWord(_)
        ) || at.checked_sub(1).is_some_and(|before| {
            matches!(
                self.surface(before),
                "million" | "billion" | "trillion" | "thousand" | "percent" | "%" | "dollars"
            )
        })
    }

    /// "for years", "decades-long", "years ago", "per year".
    fn bare_units(&self, at: usize) -> Option<Core> {
        if self.lexeme(at) == Lexeme::Per {
            let Lexeme::Unit {
                unit,
                plural: false,
            } = self.lexeme(at + 1)
            else {
                return None;
            };
            return Core::new(at + 2, Meaning::Set(duration_value(Some(1.0), unit)));
        }
        let Lexeme::Unit { unit, plural: true } = self.lexeme(at) else {
            return None;
        };
        if unit == Unit::Weekend {
            return None;
        }
        if self.lexeme(at + 1) == Lexeme::Ago {
            return Core::new(at + 2, Meaning::Vague(Vague::Past));
        }
        if self.lexeme(at + 1) == Lexeme::Hyphen && self.lexeme(at + 2) == Lexeme::Long {
            return Core::new(at + 3, Meaning::Duration { amount: None, unit });
        }
        if self.previous(at) == Lexeme::Preposition {
            return Core::new(at + 1, Meaning::Duration { amount: None, unit });
        }
        None
    }

    /// "last week", "next month", "this year", "last September", "this
    /// summer", "the previous day", "the past two years", "the coming weeks",
    /// "recent years", and after "the end of": "the year".
    fn deictic(&self, at: usize, inside_edge_of: bool) -> Option<Core> {
        let the = self.lexeme(at) == Lexeme::The;
        let index = at + usize::from(the);
        if self.lexeme(index) == Lexeme::Recent {
            return match self.lexeme(index + 1) {
                Lexeme::Unit { plural: true, .. } => {
                    Core::new(index + 2, Meaning::Vague(Vague::Past))
                }
                _ => None,
            };
        }
        if the
            && inside_edge_of
            && let Lexeme::Unit {
                unit,
                plural: false,
            } = self.lexeme(index)
            && unit != Unit::Day
        {
            return Core::new(
                index + 1,
                Meaning::Relative {
                    unit,
                    amount: 0,
                    from_reference: false,
                },
            );
        }
        if the
            && self.lexeme(index)
                == (Lexeme::Unit {
                    unit: Unit::Weekend,
                    plural: false,
                })
        {
            return Core::new(index + 1, Meaning::TheWeekend);
        }
        let Lexeme::Shift(shift) = self.lexeme(index) else {
            return None;
        };
        let after = index + 1;
        if the {
            return self.definite_deictic(shift, after);
        }
        if matches!(shift, Shift::Previous | Shift::Following | Shift::Same) {
            return None;
        }
        match self.lexeme(after) {
            Lexeme::Unit {
                unit,
                plural: false,
            } if unit != Unit::Day => Core::new(
                after + 1,
                Meaning::Relative {
                    unit,
                    amount: shift_amount(shift),
                    from_reference: false,
                },
            ),
            Lexeme::Season(season) if !self.season_is_a_noun(after) => Core::new(
                after + 1,
                Meaning::Season {
                    season,
                    year: None,
                    shift: Some(shift),
                },
            ),
            Lexeme::Month(month) if self.is_name(after) => Core::new(
                after + 1,
                Meaning::Month {
                    month,
                    shift: Some(shift),
                },
            ),
            _ => None,
        }
    }

    /// After "the" and a shift word: "the previous day", "the past two
    /// years", "the coming weeks", "the last quarter".
    fn definite_deictic(&self, shift: Shift, after: usize) -> Option<Core> {
        if let Some((amount, index)) = self.amount_at(after)
            && let Lexeme::Unit { unit, .. } = self.lexeme(index)
            && self.lexeme(after) != Lexeme::Article
            && matches!(shift, Shift::Last | Shift::Next)
        {
            return Core::new(index + 1, Meaning::Duration { amount, unit });
        }
        let Lexeme::Unit { unit, plural } = self.lexeme(after) else {
            return None;
        };
        let end = after + 1;
        if plural {
            return match shift {
                Shift::Next => Core::new(end, Meaning::Vague(Vague::Future)),
                Shift::Last => Core::new(end, Meaning::Duration { amount: None, unit }),
                _ => None,
            };
        }
        let relative = |from_reference| {
            Core::new(
                end,
                Meaning::Relative {
                    unit,
                    amount: shift_amount(shift),
                    from_reference,
                },
            )
        };
        match shift {
            Shift::Previous | Shift::Following | Shift::Same => relative(true),
            // "the next day", "the next year": after the one just told of;
            // "the coming week" counts from the publication date.
            Shift::Next => relative(self.surface(after - 1).eq_ignore_ascii_case("next")),
            // Quarters are reporting periods: "the last quarter" is one of them.
            Shift::Last if unit == Unit::Quarter => relative(false),
            Shift::Last => Core::new(
                end,
                Meaning::Duration {
                    amount: Some(1.0),
                    unit,
                },
            ),
            Shift::This => None,
        }
    }

    /// "18:00 UTC", "5 p.m.", "1800 GMT", "noon", "5 p.m. Monday".
    fn clock(&self, at: usize) -> Option<Core> {
        let (mut clock, mut end) = match self.lexeme(at) {
            Lexeme::Clock(clock) => (clock, at + 1),
            Lexeme::Integer {
                value,
                digits: 1 | 2,
            } if (1..=12).contains(&value) => match self.lexeme(at + 1) {
                Lexeme::Meridiem(afternoon) => (
                    Clock {
                        hour: value,
                        minute: 0,
                        afternoon: Some(afternoon),
                        utc: false,
                    },
                    at + 2,
                ),
                _ => return None,
            },
            Lexeme::Integer { value, digits: 4 }
                if matches!(self.lexeme(at + 1), Lexeme::Zone(_))
                    && value / 100 < 24
                    && value % 100 < 60 =>
            {
                (
                    Clock {
                        hour: value / 100,
                        minute: value % 100,
                        afternoon: None,
                        utc: false,
                    },
                    at + 1,
                )
            }
            Lexeme::Noon => (
                Clock {
                    hour: 12,
                    minute: 0,
                    afternoon: None,
                    utc: false,
                },
                at + 1,
            ),
            Lexeme::Midnight => (
                Clock {
                    hour: 24,
                    minute: 0,
                    afternoon: None,
                    utc: false,
                },
                at + 1,
            ),
            _ => return None,
        };
        if clock.afternoon.is_none()
            && clock.hour <= 12
            && let Lexeme::Meridiem(afternoon) = self.lexeme(end)
        {
            clock.afternoon = Some(afternoon);
            end += 1;
        }
        if let Lexeme::Zone(utc) = self.lexeme(end) {
            clock.utc |= utc;
            end += 1;
        }
        let day = [
            self.weekday(end),
            self.relative_day(end),
            self.calendar(end),
        ]
        .into_iter()
        .flatten()
        .filter(|core| core.part_of_day.is_none())
        .max_by_key(|core| core.end);
        let (end, day) = match day {
            Some(day) => (day.end, Some(Box::new(day.meaning))),
            None => (end, None),
        };
        Core::new(end, Meaning::Clock { clock, day })
    }

    /// "every Friday", "each year", "every two weeks", "daily".
    fn set(&self, at: usize) -> Option<Core> {
        if let Lexeme::Frequency(unit) = self.lexeme(at) {
            // "Daily Mail", "Weekly Standard": the name of a paper.
            let names_a_paper = self.words[at].capitalized
                && self.words.get(at + 1).is_some_and(|next| next.capitalized);
            return (!names_a_paper)
                .then(|| Core::new(at + 1, Meaning::Set(duration_value(Some(1.0), unit))))
                .flatten();
        }
        if self.lexeme(at) != Lexeme::Every {
            return None;
        }
        let index = at + 1;
        if let Some(day) = self.weekday_at(index) {
            return Core::new(index + 1, Meaning::Set(format!("XXXX-WXX-{day}")));
        }
        if let Some(month) = self.month_at(index) {
            return Core::new(index + 1, Meaning::Set(format!("XXXX-{month:02}")));
        }
        if let Some(part) = self.part_of_day_at(index) {
            return Core::new(
                index + 1,
                Meaning::Set(format!("XXXX-XX-XX{}", part_of_day_code(part))),
            );
        }
        if let Lexeme::Unit {
            unit,
            plural: false,
        } = self.lexeme(index)
        {
            return Core::new(index + 1, Meaning::Set(duration_value(Some(1.0), unit)));
        }
        let (amount, after) = self.amount_at(index)?;
        let Lexeme::Unit { unit, .. } = self.lexeme(after) else {
            return None;
        };
        amount?;
        Core::new(after + 1, Meaning::Set(duration_value(amount, unit)))
    }

    /// "summer 2020", "in the spring", "this winter" (the shift is handled by
    /// [`Parser::deictic`]). "Spring" and "fall" need a signal before them.
    fn season(&self, at: usize) -> Option<Core> {
        let Lexeme::Season(season) = self.lexeme(at) else {
            return None;
        };
        let mut year_at = at + 1;
        if self.lexeme(year_at) == Lexeme::Of {
            year_at += 1;
        }
        if let Some(year) = self.year_number(year_at) {
            return Core::new(
                year_at + 1,
                Meaning::Season {
                    season,
                    year: Some(year),
                    shift: None,
                },
            );
        }
        if self.season_is_a_noun(at) {
            return None;
        }
        let signalled = matches!(
            self.previous(at),
            Lexeme::The | Lexeme::Preposition | Lexeme::Of | Lexeme::By | Lexeme::Edge(_)
        );
        let unambiguous = matches!(season, Season::Summer | Season::Winter)
            || self.surface(at).eq_ignore_ascii_case("autumn");
        (signalled || unambiguous).then_some(())?;
        Core::new(
            at + 1,
            Meaning::Season {
                season,
                year: None,
                shift: None,
            },
        )
    }

    /// "the fall of the city", "this fall in prices", "a spring in his
    /// step": "fall" and "spring" followed by "of" or "in" without a year
    /// are not seasons.
    fn season_is_a_noun(&self, index: usize) -> bool {
        let surface = self.surface(index);
        let ambiguous =
            surface.eq_ignore_ascii_case("fall") || surface.eq_ignore_ascii_case("spring");
        ambiguous
            && matches!(self.lexeme(index + 1), Lexeme::Of | Lexeme::Preposition)
            && self.year_number(index + 2).is_none()
    }

    fn vague(&self, at: usize) -> Option<Core> {
        match self.lexeme(at) {
            Lexeme::VagueWord(vague) => Core::new(at + 1, Meaning::Vague(vague)),
            _ => None,
        }
    }
}

/// The whole number of an amount, if it is one.
fn whole(amount: Option<f64>) -> Option<i64> {
    let amount = amount?;
    // The bound keeps the conversion exact.
    (amount.fract() == 0.0 && amount.abs() < 1e9).then_some(amount as i64)
}

pub(crate) fn part_of_day_code(part: PartOfDay) -> &'static str {
    match part {
        PartOfDay::Morning => "TMO",
        PartOfDay::Afternoon => "TAF",
        PartOfDay::Evening => "TEV",
        PartOfDay::Night => "TNI",
    }
}

/// The TIMEX3 duration of `amount` units: `P3Y`, `PT72H`, `P2.5Y`, `PXY`.
///
/// Decades and centuries are written in years and fortnights and quarters in
/// weeks and months, so that equal durations get equal values.
pub(crate) fn duration_value(amount: Option<f64>, unit: Unit) -> String {
    let (factor, designator, clock) = match unit {
        Unit::Second => (1.0, "S", true),
        Unit::Minute => (1.0, "M", true),
        Unit::Hour => (1.0, "H", true),
        Unit::Day => (1.0, "D", false),
        Unit::Week => (1.0, "W", false),
        Unit::Weekend => (1.0, "WE", false),
        Unit::Fortnight => (2.0, "W", false),
        Unit::Month => (1.0, "M", false),
        Unit::Quarter => (3.0, "M", false),
        Unit::Year => (1.0, "Y", false),
        Unit::Decade => (10.0, "Y", false),
        Unit::Century => (100.0, "Y", false),
    };
    let number = match amount {
        Some(amount) => format!("{}", amount * factor),
        None => "X".to_owned(),
    };
    let time = if clock { "T" } else { "" };
    format!("P{time}{number}{designator}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_written_in_timex3() {
        assert_eq!(duration_value(Some(3.0), Unit::Year), "P3Y");
        assert_eq!(duration_value(Some(72.0), Unit::Hour), "PT72H");
        assert_eq!(duration_value(Some(2.5), Unit::Year), "P2.5Y");
        assert_eq!(duration_value(None, Unit::Month), "PXM");
        assert_eq!(duration_value(Some(1.0), Unit::Decade), "P10Y");
        assert_eq!(duration_value(Some(30.0), Unit::Minute), "PT30M");
    }
}
