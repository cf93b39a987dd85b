//! The day-one name recogniser: capitalised-token runs, lexicon places,
//! person names after titles, organisations by their head word and outlets
//! by the verb that addresses them.

use std::collections::HashMap;

use dragoman_lexicon::NameHead;
use dragoman_model::{EntityKind, FeatureKind};
use dragoman_text::{QuoteDirection, TokenKind};

use crate::NameMention;
use crate::syntax::Syntax;
use crate::view::{TextView, is_name_particle, is_reflexive};

/// A name run never grows longer than this many tokens: longer capitalised
/// stretches are headlines or lists, not names.
const LONGEST_RUN: usize = 12;

/// Cities at least this large stand for their governments when they "say" something.
const SPEAKING_CITY_POPULATION: u64 = 1_000_000;

/// Capitalised words that open sentences or stand in names' way without being
/// names themselves; stripped from the start of a run.
const NOT_NAME_STARTS: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "But",
    "And",
    "Or",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "My",
    "There",
    "Here",
    "After",
    "Before",
    "When",
    "While",
    "If",
    "As",
    "For",
    "With",
    "Without",
    "By",
    "From",
    "To",
    "Under",
    "Over",
    "Since",
    "During",
    "Meanwhile",
    "However",
    "Also",
    "Yet",
    "So",
    "Some",
    "Many",
    "Most",
    "Several",
    "Both",
    "All",
    "Each",
    "Every",
    "No",
    "Not",
    "Asked",
    "Speaking",
    "According",
    "Earlier",
    "Later",
    "Last",
    "Next",
    "Despite",
    "Although",
    "Though",
    "Because",
    "Until",
    "Why",
    "What",
    "Who",
    "How",
    "Where",
    "Which",
    "Once",
    "Now",
    "Then",
    "Such",
    "Other",
    "Another",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Dozens",
    "Hundreds",
    "Thousands",
    "Instead",
    "Still",
    "Even",
    "Only",
    "Nearly",
    "About",
    "More",
    "Less",
    "Unlike",
    "Like",
    "Among",
    "Amid",
    "Against",
    "Between",
    "Through",
    "Into",
    "Near",
    "Former",
    "Acting",
    "Follow",
    "Already",
    "Read",
    "Watch",
    "Click",
    "Photo",
    "Image",
    "Reporting",
    "Editing",
    "Additional",
    "Update",
    "Breaking",
    "Exclusive",
    "Analysis",
    "Opinion",
    "Sign",
    "Subscribe",
    "Share",
    "Top",
    "Senior",
    "Newly",
];

/// Days and months are capitalised but name no entity.
const CALENDAR_WORDS: &[&str] = &[
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Aug.",
    "Sept.",
    "Sep.",
    "Oct.",
    "Nov.",
    "Dec.",
    "Mon.",
    "Tue.",
    "Wed.",
    "Thu.",
    "Fri.",
];

/// Capitalised adjectives that name no entity when they stand alone ("a
/// Shiite politician"); inside a longer name ("Islamic State") they stay.
const ADJECTIVES_OF_FAITH_AND_PEOPLE: &[&str] = &[
    "Central",
    "Shiite",
    "Shia",
    "Shi'ite",
    "Sunni",
    "Kurdish",
    "Kurd",
    "Kurds",
    "Arab",
    "Arabs",
    "Muslim",
    "Muslims",
    "Christian",
    "Christians",
    "Jewish",
    "Islamic",
    "Islamist",
    "Western",
    "Eastern",
    "Northern",
    "Southern",
    "European",
    "African",
    "Asian",
    "Persian",
    "Yazidi",
    "Turkmen",
    "Druze",
    "Alawite",
    "Coptic",
    "Catholic",
    "Orthodox",
    "Republican",
    "Democrat",
    "Democratic",
];

/// Lowercase words allowed inside organisation names once a head word has
/// shown the run to be one: "Ministry of Foreign Affairs".
const ORGANIZATION_LINKS: [&str; 3] = ["of", "for", "and"];

pub(crate) fn baseline_mentions(view: &TextView<'_>) -> Vec<NameMention> {
    let mut mentions = Vec::new();
    let mut key = String::new();
    for sentence in &view.segmentation.sentences {
        let end = sentence.tokens.end.min(view.tokens.len());
        let mut at = sentence.tokens.start;
        while at < end {
            let title_end = view
                .is_capitalised(at)
                .then(|| view.title_at(at, end, &mut key, |title| title.precedes_names));
            if let Some(Some(title_end)) = title_end {
                let run_end = scan_run(view, title_end, end, &mut key);
                if run_end > title_end {
                    mentions.push(mention(view, title_end, run_end, EntityKind::Person));
                }
                at = run_end.max(title_end);
                continue;
            }
            if starts_run(view, at, end) {
                let run_end = scan_run(view, at, end, &mut key);
                if let Some(found) = classify_run(view, at, run_end, &mut key) {
                    mentions.push(found);
                }
                at = run_end.max(at + 1);
                continue;
            }
            at += 1;
        }
    }
    mentions
}

/// Names that neither recogniser found but the parse shows speaking: the
/// proper-noun subject of a reporting verb ("Braynard said", "says Acs",
/// "Sanders hit back, saying") or of the main verb of a sentence holding a
/// quotation. A speaker the recognisers missed would otherwise leave the
/// quotation without one; its kind is left open.
pub(crate) fn speaking_names(
    view: &TextView<'_>,
    syntax: &Syntax<'_>,
    found: &[NameMention],
) -> Vec<NameMention> {
    // Found mentions by start, each with the furthest end reached by it or
    // any mention before it, so that overlap is one binary search.
    let mut found_spans: Vec<(usize, usize)> = found
        .iter()
        .map(|mention| (mention.start, mention.end))
        .collect();
    found_spans.sort_unstable();
    let mut furthest = 0;
    for span in &mut found_spans {
        furthest = furthest.max(span.1);
        span.1 = furthest;
    }
    let covered = |first: usize, end: usize| {
        let (start, stop) = (view.tokens[first].start, view.tokens[end - 1].end);
        let before_stop = found_spans.partition_point(|&(mention_start, _)| mention_start < stop);
        found_spans[..before_stop]
            .last()
            .is_some_and(|&(_, furthest_end)| start < furthest_end)
    };
    // How often each word occurs, for one-word names that open a sentence;
    // counted once, on first need.
    let mut word_counts: Option<HashMap<&str, usize>> = None;
    let is_name_word = |token: usize| {
        syntax.is_proper_noun(token)
            && (view.is_capitalised(token) || is_name_particle(view.word(token)))
    };
    let mut key = String::new();
    let mut names: Vec<NameMention> = Vec::new();
    for verb in 0..view.tokens.len() {
        if view.kind(verb) != TokenKind::Word || !syntax.is_verb(verb) {
            continue;
        }
        view.phrase_key_into(verb, verb + 1, &mut key);
        let speech = view.lexicon.reporting_verb(&key).is_some()
            || crate::quotes::is_speech_lemma(syntax.lemma(verb));
        // The main verb of a sentence holding a quotation: "Sanders
        // delivered a snappy retort: "…"".
        let holds_quotation = syntax.head(verb).is_none()
            && view
                .sentence_tokens(verb)
                .any(|token| view.double_quote(token).is_some());
        if !speech && !holds_quotation {
            continue;
        }
        // '"…," reported Reuters': after a closing mark and a comma the
        // name follows its verb, whatever the parse made of it.
        let comma_and_mark = |comma: usize, mark: usize| {
            view.is_punctuation(comma, ",")
                && view.double_quote(mark) == Some(QuoteDirection::Closing)
        };
        let inverted =
            verb >= 2 && (comma_and_mark(verb - 1, verb - 2) || comma_and_mark(verb - 2, verb - 1));
        let Some(mut subject) = (inverted && verb + 1 < view.tokens.len())
            .then_some(verb + 1)
            .filter(|&after| is_name_word(after))
            .or_else(|| syntax.clause_subject(verb))
        else {
            continue;
        };
        // "Cruz himself said": the name stands before the reflexive.
        if subject > 0 && is_reflexive(view.word(subject)) {
            subject -= 1;
        }
        if !is_name_word(subject) || !view.is_capitalised(subject) {
            continue;
        }
        let sentence = view.sentence_of(subject);
        let within = view.segmentation.sentences[sentence].tokens.clone();
        let mut first = subject;
        while first > within.start && is_name_word(first - 1) {
            first -= 1;
        }
        let mut end = subject + 1;
        while end < within.end.min(view.tokens.len()) && is_name_word(end) {
            end += 1;
        }
        // "Washington said" is metonymy, which the place rules handle.
        let name = &view.text[view.tokens[first].start..view.tokens[end - 1].end];
        let known_place = view.lexicon.places().lookup(name).next().is_some();
        // A lone capitalised word opening a sentence may be any word the
        // tagger took for a name ("Aid reached Basra, said …"); a name recurs.
        let unsure = end == first + 1 && view.sentence_starts_at(first) && {
            let counts = word_counts.get_or_insert_with(|| {
                let mut counts = HashMap::new();
                for token in 0..view.tokens.len() {
                    *counts.entry(view.word(token)).or_insert(0) += 1;
                }
                counts
            });
            counts.get(name).copied().unwrap_or(0) < 2
        };
        if unsure {
            continue;
        }
        let already = names
            .last()
            .is_some_and(|last| last.end > view.tokens[first].start);
        if known_place || already || covered(first, end) {
            continue;
        }
        names.push(mention(view, first, end, EntityKind::Other));
    }
    names
}

fn mention(view: &TextView<'_>, first: usize, end: usize, kind: EntityKind) -> NameMention {
    NameMention {
        start: view.tokens[first].start,
        end: view.tokens[end - 1].end,
        kind,
    }
}

/// A capitalised word, or a particle glued to one ("al-Anbar").
fn starts_run(view: &TextView<'_>, at: usize, end: usize) -> bool {
    view.is_capitalised(at) || particle_joins(view, at, end)
}

/// A lowercase particle followed by a hyphen and a capitalised word, or by a
/// capitalised word after a space ("bin Salman").
fn particle_joins(view: &TextView<'_>, at: usize, end: usize) -> bool {
    if !is_name_particle(view.word(at)) {
        return false;
    }
    if at + 2 < end && view.is_punctuation(at + 1, "-") && view.attached(at, at + 1) {
        return view.is_capitalised(at + 2);
    }
    at + 1 < end && view.is_capitalised(at + 1)
}

/// The end of the name run starting at `first`.
fn scan_run(view: &TextView<'_>, first: usize, end: usize, key: &mut String) -> usize {
    let mut at = first;
    let mut has_head = false;
    while at < end && at - first < LONGEST_RUN {
        // A line break ends a name: headlines and bylines stand on lines of their own.
        if at > first && view.text[view.tokens[at - 1].end..view.tokens[at].start].contains('\n') {
            break;
        }
        if at > first
            && view.is_capitalised(at)
            && view
                .title_at(at, end, key, |title| title.precedes_names)
                .is_some()
        {
            // "Iraqi Prime Minister X": the title starts a new name.
            break;
        }
        if view.is_capitalised(at) || is_acronym(view, at) {
            view.phrase_key_into(at, at + 1, key);
            has_head |= view.lexicon.name_head(key).is_some();
            at += 1;
            continue;
        }
        let word = view.word(at);
        if word == "-"
            && at > first
            && at + 1 < end
            && view.attached(at - 1, at)
            && view.attached(at, at + 1)
            && (view.is_capitalised(at + 1) || particle_joins(view, at + 1, end))
        {
            at += 1;
            continue;
        }
        if view.kind(at) == TokenKind::Word && particle_joins(view, at, end) {
            at += 1;
            continue;
        }
        if has_head && ORGANIZATION_LINKS.contains(&word) && link_continues(view, at, end) {
            at += 1;
            continue;
        }
        break;
    }
    // A run never ends on a hyphen or a link word.
    while at > first && !(view.is_capitalised(at - 1) || is_acronym(view, at - 1)) {
        at -= 1;
    }
    at
}

/// "of the European Union", "for Trade and Industry": a link word followed
/// by a capitalised word; only "of" and "for" may take "the" in between,
/// since "X and the Y" joins two names.
fn link_continues(view: &TextView<'_>, at: usize, end: usize) -> bool {
    let next = at + 1;
    if next >= end {
        return false;
    }
    if view.is_capitalised(next) {
        return true;
    }
    let takes_article = view.is_word(at, "of") || view.is_word(at, "for");
    takes_article && view.is_word(next, "the") && next + 1 < end && view.is_capitalised(next + 1)
}

fn is_acronym(view: &TextView<'_>, at: usize) -> bool {
    let word = view.word(at);
    view.kind(at) == TokenKind::Word
        && word.len() >= 2
        && word
            .chars()
            .all(|character| character.is_ascii_uppercase() || character == '.')
}

fn is_not_name_start(word: &str) -> bool {
    NOT_NAME_STARTS.contains(&word) || is_calendar_word(word)
}

pub(crate) fn is_calendar_word(word: &str) -> bool {
    CALENDAR_WORDS.contains(&word)
}

/// Decides what a run is, after stripping sentence openers and demonyms from
/// its start; `None` when nothing name-like is left.
fn classify_run(
    view: &TextView<'_>,
    first: usize,
    end: usize,
    key: &mut String,
) -> Option<NameMention> {
    let mut first = first;
    while first < end && (is_not_name_start(view.word(first)) || view.word(first) == "-") {
        first += 1;
    }
    let mut end = end;
    while end > first && is_calendar_word(view.word(end - 1)) {
        end -= 1;
    }
    // A capitalised ordinary word opening the sentence before a known name:
    // "Already Israel", "Former US".
    if end > first + 1
        && view.sentence_starts_at(first)
        && !is_known_name(view, first, end, key)
        && is_known_name(view, first + 1, end, key)
    {
        first += 1;
    }
    let mut head = None;
    for token in first..end {
        view.phrase_key_into(token, token + 1, key);
        if let Some(found) = view.lexicon.name_head(key) {
            head = Some(found);
        }
    }
    let whole_is_place = first < end && {
        let name = &view.text[view.tokens[first].start..view.tokens[end - 1].end];
        view.lexicon.places().lookup(name).next().is_some()
    };
    if head.is_none() && !whole_is_place {
        while first < end && {
            view.phrase_key_into(first, first + 1, key);
            view.lexicon.demonym(key).is_some()
                || ADJECTIVES_OF_FAITH_AND_PEOPLE.contains(&view.word(first))
        } {
            first += 1;
        }
    }
    let adjectives_only = (first..end).all(|token| {
        ADJECTIVES_OF_FAITH_AND_PEOPLE.contains(&view.word(token)) || {
            view.phrase_key_into(token, token + 1, key);
            view.lexicon.demonym(key).is_some()
        }
    });
    if first >= end || (adjectives_only && head.is_none()) {
        return None;
    }
    let found = |kind| Some(mention(view, first, end, kind));
    let name = &view.text[view.tokens[first].start..view.tokens[end - 1].end];
    let best_place = view.lexicon.places().lookup(name).next();
    let is_place = best_place.is_some();
    // "Bamberg said", "Bamberg also said".
    let verb_at = if end < view.tokens.len() && view.is_word(end, "also") {
        end + 1
    } else {
        end
    };
    let speaks = verb_at < view.tokens.len()
        && view
            .reporting_verb_at(verb_at, view.tokens.len(), key)
            .is_some_and(|(_, verb)| !verb.source_follows);
    // Countries, regions and capitals speak through their governments ("Iraq
    // said", "Baghdad said"); a town that speaks is more likely a person.
    if speaks
        && best_place.is_some_and(|place| {
            place.feature == FeatureKind::City && place.population < SPEAKING_CITY_POPULATION
        })
    {
        return found(EntityKind::Person);
    }
    let told = first > 0 && addresses_outlet(view, first);
    match head {
        Some(NameHead::Media) => return found(EntityKind::Media),
        Some(NameHead::Facility) => return found(EntityKind::Place),
        Some(NameHead::Other) => return found(EntityKind::Other),
        Some(NameHead::Organization) if !told => return found(EntityKind::Organization),
        _ => {}
    }
    if told && !is_place {
        return found(EntityKind::Media);
    }
    if is_place {
        return found(EntityKind::Place);
    }
    if head == Some(NameHead::Organization) {
        return found(EntityKind::Organization);
    }
    let name_words = (first..end)
        .filter(|&token| view.is_capitalised(token) || is_acronym(view, token))
        .count();
    if speaks {
        return found(EntityKind::Person);
    }
    let sentence_initial = view.sentence_starts_at(first)
        || (first > 0
            && view.kind(first - 1) == TokenKind::Quote
            && view.sentence_starts_at(first - 1));
    if name_words == 1 && end - first == 1 {
        if sentence_initial {
            // A lone capitalised word opening a sentence is usually just a word.
            return None;
        }
        if is_acronym(view, first) {
            return found(EntityKind::Organization);
        }
        return found(EntityKind::Other);
    }
    if (2..=4).contains(&name_words) {
        return found(EntityKind::Person);
    }
    found(EntityKind::Other)
}

/// A country, region or continent, or a name with an organisation, outlet or
/// facility head word. Towns are left out: too many share a surname.
fn is_known_name(view: &TextView<'_>, first: usize, end: usize, key: &mut String) -> bool {
    let name = &view.text[view.tokens[first].start..view.tokens[end - 1].end];
    view.lexicon
        .places()
        .lookup(name)
        .next()
        .is_some_and(|place| place.feature != FeatureKind::City)
        || (first..end).any(|token| {
            view.phrase_key_into(token, token + 1, key);
            view.lexicon.name_head(key).is_some()
        })
}

/// "told Reuters", "in an interview with Kurdistan Today", "reported by …".
fn addresses_outlet(view: &TextView<'_>, first: usize) -> bool {
    let mut before = first - 1;
    // "told the Tigris Wire": outlets often carry their article.
    if before >= 1 && view.is_word(before, "the") {
        before -= 1;
    }
    if view.is_word(before, "told") {
        return true;
    }
    before >= 2 && view.is_word(before, "with") && view.is_word(before - 1, "interview")
}

#[cfg(test)]
mod tests {
    use crate::testing::LEXICON;

    /// Every mention the baseline finds in `text`, as "Kind text".
    fn check(text: &str, expected: &[&str]) {
        let segmentation = dragoman_text::segment(text);
        let found: Vec<String> = crate::baseline_mentions(text, &segmentation, &LEXICON)
            .iter()
            .map(|mention| format!("{:?} {}", mention.kind, &text[mention.start..mention.end]))
            .collect();
        assert_eq!(found, expected, "in {text:?}");
    }

    #[test]
    fn baseline_mentions() {
        check(
            "Prime Minister Mohammed Shia al-Sudani met Foreign Minister Leila Haddad in Baghdad.",
            &[
                "Person Mohammed Shia al-Sudani",
                "Person Leila Haddad",
                "Place Baghdad",
            ],
        );
        check(
            "Iraqi Prime Minister Karim Hassan flew to Tehran.",
            &["Person Karim Hassan", "Place Tehran"],
        );
        check(
            "Gen. Tariq Mahdi and Lt. Col. Adel Kareem toured Ain al-Asad Air Base.",
            &[
                "Person Tariq Mahdi",
                "Person Adel Kareem",
                "Place Ain al-Asad Air Base",
            ],
        );
        check(
            "Sheikh Ahmed bin Khalid arrived late.",
            &["Person Ahmed bin Khalid"],
        );
        check(
            "The Ministry of Foreign Affairs and the Popular Mobilization Forces issued statements.",
            &[
                "Organization Ministry of Foreign Affairs",
                "Organization Popular Mobilization Forces",
            ],
        );
        check(
            "Troops left al-Anbar for Saudi Arabia and the United States.",
            &[
                "Place al-Anbar",
                "Place Saudi Arabia",
                "Place United States",
            ],
        );
        check(
            "Iraqi officials met Iranian envoys on Monday in September.",
            &[],
        );
        check(
            "A Shiite politician spoke. Central Asian leaders met. Kurdish Muslim leaders met.",
            &[],
        );
        check(
            "Leaders met at the Geneva Conference on the Oslo Accords.",
            &["Other Geneva Conference", "Other Oslo Accords"],
        );
        check(
            "Already Israel had moved. Former US envoy Omar Saleh spoke.",
            &["Place Israel", "Place US", "Person Omar Saleh"],
        );
        check(
            "Talks on Oct. 3 took place near Downing Street and in Europe.",
            &["Place Downing Street", "Place Europe"],
        );
        check(
            "Ahmad Kareem\nSaleh Nouri",
            &["Person Ahmad Kareem", "Person Saleh Nouri"],
        );
        check(
            "The source told Asharq Al-Awsat that talks had stalled.",
            &["Media Asharq Al-Awsat"],
        );
        check(
            "In an interview with Kurdistan Today, Omar Saleh said the deal held.",
            &["Media Kurdistan Today", "Person Omar Saleh"],
        );
        check(
            "Omar Saleh told the Zagros Daily that talks had stalled.",
            &["Person Omar Saleh", "Media Zagros Daily"],
        );
        check(
            "The Baghdad Post reported the move.",
            &["Media Baghdad Post"],
        );
        check("Numan said the convoy had left.", &["Person Numan"]);
        check(
            "Troops withdrew. Later the PMF moved in.",
            &["Organization PMF"],
        );
        check("\"We stay,\" Haddad added.", &["Person Haddad"]);
        check("", &[]);
    }
}
