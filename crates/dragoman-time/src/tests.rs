//! One line per case: text, publication date (`""` when unknown), and the
//! expected expressions with their TIMEX3 value and modifier. The texts are
//! invented wire copy.

use dragoman_model::{PartOfDay, TimeKind, TimeModifier};
use proptest::prelude::*;

use super::*;
use TimeModifier::*;

type Expected<'a> = (&'a str, &'a str, Option<TimeModifier>);

/// Recognises `text` published on `published` and compares the surface,
/// value (`-` for none) and modifier of every expression, in order.
fn check(text: &str, published: &str, expected: &[Expected<'_>]) {
    let found = run(text, published);
    let actual: Vec<Expected<'_>> = found
        .iter()
        .map(|expression| {
            (
                expression.span.text.as_str(),
                expression.value.as_deref().unwrap_or("-"),
                expression.modifier,
            )
        })
        .collect();
    assert_eq!(actual, expected, "text: {text:?}");
}

fn run(text: &str, published: &str) -> Vec<TimeExpression> {
    let published = (!published.is_empty()).then(|| published.parse().expect("test date"));
    let found = recognize(text, &dragoman_text::segment(text), published);
    assert_spans_slice(text, &found);
    found
}

fn assert_spans_slice(text: &str, found: &[TimeExpression]) {
    let mut previous_end = 0;
    for (index, expression) in found.iter().enumerate() {
        assert_eq!(
            text.get(expression.span.range()),
            Some(expression.span.text.as_str())
        );
        assert!(expression.span.start >= previous_end, "overlap or disorder");
        assert_eq!(expression.id, TimeId::nth(index));
        previous_end = expression.span.end;
    }
}

// 2026-03-03 is a Tuesday in ISO week 10.
const TUESDAY: &str = "2026-03-03";

#[test]
fn calendar_dates() {
    check(
        "It began on March 2, 2026.",
        TUESDAY,
        &[("March 2, 2026", "2026-03-02", None)],
    );
    check(
        "Talks opened on 2 March 2026 in Geneva.",
        TUESDAY,
        &[("2 March 2026", "2026-03-02", None)],
    );
    check(
        "The decree is dated 2026-03-02.",
        TUESDAY,
        &[("2026-03-02", "2026-03-02", None)],
    );
    check(
        "Troops arrived on March 2.",
        TUESDAY,
        &[("March 2", "2026-03-02", None)],
    );
    check(
        "Voting ends Dec. 28.",
        "2026-01-05",
        &[("Dec. 28", "2025-12-28", None)],
    );
    check(
        "The accord of 7/8/07 lapsed.",
        TUESDAY,
        &[("7/8/07", "2007-07-08", None)],
    );
    check(
        "Monday, March 2, 2026 was calm.",
        TUESDAY,
        &[("Monday, March 2, 2026", "2026-03-02", None)],
    );
    check(
        "Polls closed on the 2nd of March.",
        TUESDAY,
        &[("the 2nd of March", "2026-03-02", None)],
    );
    check(
        "It was founded in November 2006.",
        TUESDAY,
        &[("November 2006", "2006-11", None)],
    );
}

#[test]
fn weekdays_follow_the_tense_of_their_verb() {
    check(
        "Convoys moved late Monday from the airbase.",
        TUESDAY,
        &[("late Monday", "2026-03-02", Some(Late))],
    );
    check(
        "The minister met envoys on Tuesday.",
        TUESDAY,
        &[("Tuesday", "2026-03-03", None)],
    );
    check(
        "The minister will travel to Cairo on Friday.",
        TUESDAY,
        &[("Friday", "2026-03-06", None)],
    );
    check(
        "The minister travelled to Cairo on Friday.",
        TUESDAY,
        &[("Friday", "2026-02-27", None)],
    );
    check(
        "He said the talks would resume on Thursday.",
        TUESDAY,
        &[("Thursday", "2026-03-05", None)],
    );
    check(
        "Rebels attacked early on Sunday.",
        TUESDAY,
        &[("early on Sunday", "2026-03-01", Some(Early))],
    );
    check(
        "They meet again next Monday.",
        TUESDAY,
        &[("next Monday", "2026-03-09", None)],
    );
    check(
        "They met last Monday.",
        TUESDAY,
        &[("last Monday", "2026-03-02", None)],
    );
}

#[test]
fn months_seasons_years_decades_and_centuries() {
    check(
        "The pull-out will start in September.",
        TUESDAY,
        &[("September", "2026-09", None)],
    );
    check(
        "The pull-out started in September.",
        TUESDAY,
        &[("September", "2025-09", None)],
    );
    check(
        "The plan was agreed in January.",
        TUESDAY,
        &[("January", "2026-01", None)],
    );
    check(
        "Fighting flared in mid-March.",
        TUESDAY,
        &[("mid-March", "2026-03", Some(Mid))],
    );
    check(
        "He will visit this summer.",
        TUESDAY,
        &[("this summer", "2026-SU", None)],
    );
    check(
        "Crops failed last winter.",
        TUESDAY,
        &[("last winter", "2025-WI", None)],
    );
    check(
        "The factory closed in 2020.",
        TUESDAY,
        &[("2020", "2020", None)],
    );
    check(
        "Trade flourished in the 1990s.",
        TUESDAY,
        &[("the 1990s", "199", None)],
    );
    check(
        "A fort built in the 19th century stands.",
        TUESDAY,
        &[("the 19th century", "18", None)],
    );
    check("The city fell in 1066.", TUESDAY, &[("1066", "1066", None)]);
    check(
        "The legion crossed in 49 BC.",
        TUESDAY,
        &[("49 BC", "BC0049", None)],
    );
    check(
        "Profit rose in the first quarter of 2025.",
        TUESDAY,
        &[("the first quarter of 2025", "2025-Q1", None)],
    );
    check(
        "Sales fell in the last quarter.",
        TUESDAY,
        &[("the last quarter", "2025-Q4", None)],
    );
    check(
        "Output grew in early 2009.",
        TUESDAY,
        &[("early 2009", "2009", Some(Early))],
    );
}

#[test]
fn months_follow_their_cues() {
    check(
        "Under the accord the pull-out starts in September.",
        TUESDAY,
        &[("September", "2026-09", None)],
    );
    check(
        "Prices have soared since September.",
        TUESDAY,
        &[("September", "2025-09", None)],
    );
    check(
        "Tension after the annulment of a vote in December.",
        TUESDAY,
        &[("December", "2026-12", None)],
    );
    check(
        "She is likely to lose the November election.",
        TUESDAY,
        &[("November", "2026-11", None)],
    );
}

#[test]
fn weekends_and_anaphora() {
    check(
        "Clashes erupted over the weekend.",
        TUESDAY,
        &[("the weekend", "2026-W09-WE", None)],
    );
    check(
        "Talks will resume at the weekend.",
        TUESDAY,
        &[("the weekend", "2026-W10-WE", None)],
    );
    check(
        "Inflation eased late last year.",
        TUESDAY,
        &[("late last year", "2025", Some(Late))],
    );
    check(
        "Rebels took the town in March 2015 and lost it the next year.",
        TUESDAY,
        &[
            ("March 2015", "2015-03", None),
            ("the next year", "2016", None),
        ],
    );
    check(
        "It was captured in November 2015, and a port in the same month.",
        TUESDAY,
        &[
            ("November 2015", "2015-11", None),
            ("the same month", "2015-11", None),
        ],
    );
    check(
        "It fell in 2015; the previous day is unknown.",
        TUESDAY,
        &[("2015", "2015", None), ("the previous day", "-", None)],
    );
}

#[test]
fn years_against_counts() {
    check(
        "He won the 2015 elections and its 2016 runoffs.",
        TUESDAY,
        &[("2015", "2015", None), ("2016", "2016", None)],
    );
    check(
        "The war lasted from 1914 to 1918.",
        TUESDAY,
        &[("1914", "1914", None), ("1918", "1918", None)],
    );
    check(
        "Revolts between 1830 and 1873 and the 1965 and 1971 wars.",
        TUESDAY,
        &[
            ("1830", "1830", None),
            ("1873", "1873", None),
            ("1965", "1965", None),
            ("1971", "1971", None),
        ],
    );
    check(
        "Rates rose in March-May 2025.",
        TUESDAY,
        &[("March", "2025-03", None), ("May 2025", "2025-05", None)],
    );
    check(
        "A force of 2000 soldiers and over 1950 tanks.",
        TUESDAY,
        &[],
    );
}

#[test]
fn times_and_parts_of_day() {
    check(
        "The blast happened at 5 p.m.",
        TUESDAY,
        &[("5 p.m.", "2026-03-03T17:00", None)],
    );
    check(
        "Guns fell silent Monday night.",
        TUESDAY,
        &[("Monday night", "2026-03-02TNI", None)],
    );
    check(
        "On Monday, the plane landed at 18:00 UTC.",
        TUESDAY,
        &[
            ("Monday", "2026-03-02", None),
            ("18:00 UTC", "2026-03-02T18:00Z", None),
        ],
    );
    check(
        "Sirens sounded this morning.",
        TUESDAY,
        &[("this morning", "2026-03-03TMO", None)],
    );
    check(
        "Shelling resumed last night.",
        TUESDAY,
        &[("last night", "2026-03-02TNI", None)],
    );
    check(
        "The curfew starts at midnight.",
        TUESDAY,
        &[("midnight", "2026-03-03T24:00", None)],
    );
    let found = run("Guns fell silent Monday night.", TUESDAY);
    assert_eq!(
        (found[0].kind, found[0].part_of_day),
        (TimeKind::Time, Some(PartOfDay::Night))
    );
}

#[test]
fn relative_expressions() {
    check(
        "Protests spread yesterday, continue today and end tomorrow.",
        TUESDAY,
        &[
            ("yesterday", "2026-03-02", None),
            ("today", "2026-03-03", None),
            ("tomorrow", "2026-03-04", None),
        ],
    );
    check(
        "Talks stalled last week.",
        TUESDAY,
        &[("last week", "2026-W09", None)],
    );
    check(
        "Prices rose earlier this month.",
        TUESDAY,
        &[("earlier this month", "2026-03", None)],
    );
    check(
        "Elections are due next year.",
        TUESDAY,
        &[("next year", "2027", None)],
    );
    check(
        "More troops will arrive in the coming weeks.",
        TUESDAY,
        &[("the coming weeks", "FUTURE_REF", None)],
    );
    check(
        "The ship sank two days ago.",
        TUESDAY,
        &[("two days ago", "2026-03-01", None)],
    );
    check(
        "The envoy arrived on Friday. The previous day, talks collapsed.",
        TUESDAY,
        &[
            ("Friday", "2026-02-27", None),
            ("The previous day", "2026-02-26", None),
        ],
    );
    check(
        "Talks stalled on March 2, a week after they had opened.",
        TUESDAY,
        &[("March 2", "2026-03-02", None), ("a week", "P1W", None)],
    );
    check(
        "Talks stalled on March 2; they had opened three days earlier.",
        TUESDAY,
        &[
            ("March 2", "2026-03-02", None),
            ("three days earlier", "2026-02-27", None),
        ],
    );
    check(
        "Exports recovered in recent years.",
        TUESDAY,
        &[("recent years", "PAST_REF", None)],
    );
    check(
        "The mayor recently resigned.",
        TUESDAY,
        &[("recently", "PAST_REF", None)],
    );
    check(
        "This weekend the border reopens.",
        TUESDAY,
        &[("This weekend", "2026-W10-WE", None)],
    );
}

#[test]
fn deadlines_and_ranges() {
    check(
        "Troops will leave by the end of 2026.",
        TUESDAY,
        &[("the end of 2026", "2026-12-31", Some(Deadline))],
    );
    check(
        "The pull-out ends by the end of next year.",
        TUESDAY,
        &[("the end of next year", "2027-12-31", Some(Deadline))],
    );
    check(
        "The report is due by March.",
        TUESDAY,
        &[("March", "2026-03", Some(Deadline))],
    );
    check(
        "Output slumped at the end of 2025.",
        TUESDAY,
        &[("the end of 2025", "2025", Some(End))],
    );
    check(
        "The vote will take place between March and May.",
        TUESDAY,
        &[("March", "2026-03", None), ("May", "2026-05", None)],
    );
    check(
        "Rates rose between March and May 2025.",
        TUESDAY,
        &[("March", "2025-03", None), ("May 2025", "2025-05", None)],
    );
    check(
        "Jets arrive from 2009 to 2011.",
        TUESDAY,
        &[("2009", "2009", None), ("2011", "2011", None)],
    );
}

#[test]
fn durations() {
    check(
        "He ruled for three years.",
        TUESDAY,
        &[("three years", "P3Y", None)],
    );
    check(
        "A 72-hour truce began.",
        TUESDAY,
        &[("72-hour", "PT72H", None)],
    );
    check(
        "The two-year closure ended.",
        TUESDAY,
        &[("two-year", "P2Y", None)],
    );
    check(
        "It took almost two and a half years.",
        TUESDAY,
        &[("almost two and a half years", "P2.5Y", Some(Approximate))],
    );
    check(
        "The talks lasted 18 months.",
        TUESDAY,
        &[("18 months", "P18M", None)],
    );
    check(
        "The feud went on for years.",
        TUESDAY,
        &[("years", "PXY", None)],
    );
    check(
        "A decades-long dispute ended.",
        TUESDAY,
        &[("decades-long", "PXY", None)],
    );
    check(
        "Growth slowed over the past decade.",
        TUESDAY,
        &[("the past decade", "P10Y", None)],
    );
    check(
        "Budgets grow over the next four years.",
        TUESDAY,
        &[("the next four years", "P4Y", None)],
    );
    check("A 26-year-old man was held.", TUESDAY, &[]);
    check("Veterans of the Six-Day War met.", TUESDAY, &[]);
    let found = run("He ruled for three years.", TUESDAY);
    assert_eq!(found[0].kind, TimeKind::Duration);
}

#[test]
fn sets() {
    check(
        "Markets close every Friday.",
        TUESDAY,
        &[("every Friday", "XXXX-WXX-5", None)],
    );
    check(
        "Patrols run daily and reports go out weekly.",
        TUESDAY,
        &[("daily", "P1D", None), ("weekly", "P1W", None)],
    );
    check(
        "They meet twice a year.",
        TUESDAY,
        &[("a year", "P1Y", None)],
    );
    check(
        "It costs $5 billion a year.",
        TUESDAY,
        &[("a year", "P1Y", None)],
    );
    check(
        "Shops close on Fridays.",
        TUESDAY,
        &[("Fridays", "XXXX-WXX-5", None)],
    );
    check(
        "Elections are held every four years.",
        TUESDAY,
        &[("every four years", "P4Y", None)],
    );
    let found = run("Markets close every Friday.", TUESDAY);
    assert_eq!(found[0].kind, TimeKind::Set);
}

#[test]
fn an_article_without_a_publication_date_keeps_relative_expressions_unresolved() {
    check(
        "Troops left on Monday, under the 2020 accord, for three years.",
        "",
        &[
            ("Monday", "-", None),
            ("2020", "2020", None),
            ("three years", "P3Y", None),
        ],
    );
    let found = run("Talks resume tomorrow.", "");
    assert_eq!(found[0].value, None);
    assert_eq!(
        found[0].unresolved.as_deref(),
        Some("no publication date known")
    );
    assert_eq!(found[0].anchor, None);
    let found = run("Talks resume tomorrow.", TUESDAY);
    assert_eq!(found[0].anchor, TUESDAY.parse().ok());
    assert_eq!(found[0].unresolved, None);
}

#[test]
fn words_that_only_look_like_dates_are_left_alone() {
    check("You may go.", TUESDAY, &[]);
    check("Veterans will march on.", TUESDAY, &[]);
    check("About 2000 people marched.", TUESDAY, &[]);
    check(
        "A force of 2000 soldiers and over 1950 tanks.",
        TUESDAY,
        &[],
    );
    check("Jan Kowalski told The Sun.", TUESDAY, &[]);
    check("It cost $2010 in fees.", TUESDAY, &[]);
    check("Early elections were called.", TUESDAY, &[]);
    check(
        "Since the fall of the city, this fall in prices hurt.",
        TUESDAY,
        &[],
    );
    check("The Daily Mail and the Arab Spring.", TUESDAY, &[]);
    check("", TUESDAY, &[]);
}

#[test]
fn huge_numbers_stay_out_of_the_calendar_without_panicking() {
    check(
        "By the end of the 2000000000th century.",
        TUESDAY,
        &[(
            "the end of the 2000000000th century",
            "1999999999",
            Some(Deadline),
        )],
    );
    check(
        "It happened 900000000 decades ago.",
        TUESDAY,
        &[("900000000 decades ago", "-", None)],
    );
    check(
        "It lasted 4294967295 years.",
        TUESDAY,
        &[("4294967295 years", "P4294967295Y", None)],
    );
}

#[test]
fn part_of_speech_tags_decide_the_direction_of_a_weekday() {
    let text = "Ministers meet Friday";
    let segmentation = dragoman_text::segment(text);
    let published = TUESDAY.parse().ok();
    let value = |tags: &[&str]| {
        recognize_with_tags(text, &segmentation, published, Some(tags))[0]
            .value
            .clone()
    };
    assert_eq!(value(&["NNS", "VBD", "NNP"]).as_deref(), Some("2026-02-27"));
    assert_eq!(value(&["NNS", "VBP", "NNP"]).as_deref(), Some("2026-02-27"));
    let misaligned = recognize_with_tags(text, &segmentation, published, Some(&["VBD"]));
    assert_eq!(misaligned[0].value.as_deref(), Some("2026-02-27"));
}

#[test]
fn a_segmentation_of_another_text_gives_no_panic() {
    let long = "Troops left on Monday, March 2, 2026, at 5 p.m.";
    let short = "Monday é";
    let segmentation = dragoman_text::segment(long);
    let found = recognize(short, &segmentation, TUESDAY.parse().ok());
    assert_spans_slice(short, &found);
}

/// Fragments of wire copy whose combinations exercise every rule.
const PIECES: &[&str] = &[
    "Monday",
    "March",
    "May",
    "2",
    "2026",
    "-",
    "03",
    ",",
    ".",
    "by",
    "the",
    "end",
    "of",
    "early",
    "late",
    "mid-",
    "last",
    "next",
    "this",
    "week",
    "year",
    "years",
    "two",
    "a",
    "half",
    "and",
    "ago",
    "earlier",
    "every",
    "5",
    "p.m.",
    "18:00",
    "UTC",
    "1990s",
    "'",
    "90s",
    "19th",
    "century",
    "BC",
    "Q3",
    "quarter",
    "first",
    "summer",
    "will",
    "said",
    "7/8/07",
    "in",
    "for",
    "-long",
    "old",
    "noon",
    "tonight",
    "yesterday",
    "between",
    "to",
    "é",
    "“",
    "\n\n",
    " ",
];

proptest! {
    #[test]
    fn arbitrary_text_never_panics_and_spans_slice(text in any::<String>()) {
        for published in ["", TUESDAY] {
            run(&text, published);
        }
    }

    #[test]
    fn time_like_text_never_panics_and_spans_slice(parts in prop::collection::vec(
        (prop::sample::select(PIECES), prop::sample::select(&[" ", ""][..])),
        0..40,
    )) {
        let text: String = parts.into_iter().flat_map(|(piece, gap)| [piece, gap]).collect();
        for published in ["", TUESDAY, "0001-01-01", "9999-12-31"] {
            run(&text, published);
        }
    }
}
