//! Feature extraction: each token's strings are hashed once, then every
//! feature is a cheap combination of a template number and those hashes.
//!
//! Template numbers are part of the model format. Part-of-speech features
//! were measured and left out: with jackknifed tags they did not change dev
//! F1, and with the shipped tagger's (optimistic) training tags they cost
//! about one point.

use std::ops::Range;
use std::sync::LazyLock;

use dragoman_learn::FeatureKey;
use dragoman_text::shape_class;

use crate::gazetteer::{
    GIVEN_NAME_BIT, Gazetteer, MAJOR_PLACE_BIT, NameMatch, SURNAME_BIT, label_bit,
};
use crate::label::{EntityLabel, Position};
use crate::lexicon::CommonWords;

const STRING_TEMPLATE: u16 = 0;
const BIAS: u16 = 1;
const WORD: u16 = 2;
const LOWER: u16 = 3;
const SHAPE: u16 = 4;
const SHORT_SHAPE: u16 = 5;
const PREFIXES: [u16; 3] = [10, 11, 12];
const SUFFIXES: [u16; 4] = [13, 14, 15, 16];
const LOWER_BEFORE: u16 = 20;
const LOWER_AFTER: u16 = 21;
const LOWER_TWO_BEFORE: u16 = 22;
const LOWER_TWO_AFTER: u16 = 23;
const SHAPE_BEFORE: u16 = 24;
const SHAPE_AFTER: u16 = 25;
const BIGRAM_BEFORE: u16 = 26;
const BIGRAM_AFTER: u16 = 27;
const SHAPE_TRIGRAM: u16 = 28;
const CASING_AT_START: u16 = 29;
const CASING_IN_SENTENCE: u16 = 30;
const CASING_TRIGRAM: u16 = 31;
const NAME_POSITION: u16 = 40;
const NAME_POSITION_CASED: u16 = 41;
const NAME_AROUND: u16 = 42;
const TITLE_BEFORE: u16 = 50;
const TITLE_TWO_BEFORE: u16 = 51;
const PARTICLE: u16 = 52;
const PARTICLE_BEFORE: u16 = 53;
const TITLE: u16 = 54;
const COMMON_WORD: u16 = 55;
const LOWER_BEFORE_CASING: u16 = 56;
const LOWER_AFTER_CASING: u16 = 57;
const RUN_FIRST: u16 = 58;
const RUN_LAST: u16 = 59;
const RUN_BEFORE: u16 = 60;
const RUN_AFTER: u16 = 61;
/// Transition features: the previous tag (or the sentence start) scores the current tag.
pub(crate) const TRANSITION: u16 = 100;

/// Words that introduce a person's name in news copy.
const TITLES: &[&str] = &[
    "president",
    "minister",
    "premier",
    "chancellor",
    "gen",
    "gen.",
    "general",
    "col",
    "col.",
    "colonel",
    "lt",
    "lt.",
    "lieutenant",
    "sgt",
    "sgt.",
    "sergeant",
    "capt",
    "capt.",
    "captain",
    "maj",
    "maj.",
    "major",
    "adm",
    "adm.",
    "admiral",
    "brig",
    "brig.",
    "brigadier",
    "marshal",
    "commander",
    "sheikh",
    "shaikh",
    "sheik",
    "ayatollah",
    "imam",
    "mullah",
    "mufti",
    "cleric",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "prof",
    "prof.",
    "professor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "king",
    "queen",
    "prince",
    "princess",
    "emir",
    "sultan",
    "senator",
    "sen",
    "sen.",
    "rep",
    "rep.",
    "congressman",
    "congresswoman",
    "governor",
    "gov",
    "gov.",
    "mayor",
    "chairman",
    "chairwoman",
    "secretary",
    "ambassador",
    "envoy",
    "judge",
    "justice",
    "pope",
    "cardinal",
    "bishop",
    "archbishop",
    "rev",
    "rev.",
    "reverend",
    "lord",
    "sir",
    "lady",
    "dame",
    "speaker",
    "deputy",
    "leader",
    "chief",
    "haji",
    "hajji",
    "coach",
    "striker",
    "officer",
    "director",
    "ceo",
    "founder",
    "candidate",
];

/// Arabic and Persian name particles, which continue a name in lowercase.
const PARTICLES: &[&str] = &[
    "al", "el", "ad", "ar", "as", "ash", "at", "az", "bin", "ben", "ibn", "bint", "abu", "abou",
    "abdul", "abdel", "abd", "abdal", "ould", "umm",
];

/// What the features need to know of one token, hashed once.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TokenFacts {
    word: u64,
    lower: u64,
    shape: u64,
    short_shape: u64,
    prefixes: [u64; 3],
    suffixes: [u64; 4],
    casing: Casing,
    title: bool,
    particle: bool,
    connector: bool,
    common: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Casing {
    #[default]
    NoLetters,
    Lower,
    Capitalized,
    AllCaps,
    SingleCapital,
    Mixed,
}

/// Web and news copy are written in different registers: sentences with no
/// capitals at all, or headlines in title case, change what a capital means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SentenceCasing {
    Normal,
    NoCapitals,
    Headline,
}

/// The three labels, then major places (countries, regions, big cities),
/// given names and surnames.
const NAME_KINDS: usize = 6;
const NAME_KIND_BITS: [u8; NAME_KINDS] = [
    label_bit(EntityLabel::Person),
    label_bit(EntityLabel::Organization),
    label_bit(EntityLabel::Location),
    MAJOR_PLACE_BIT,
    GIVEN_NAME_BIT,
    SURNAME_BIT,
];

/// Lowercase words that may join the capitalised words of one name.
const CONNECTORS: &[&str] = &[
    "of", "and", "for", "the", "de", "&", "-", "'s", "on", "du", "la",
];

/// Reusable buffers for feature extraction.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    lowercase: String,
    lowercase_ranges: Vec<Range<usize>>,
    shape: String,
    facts: Vec<TokenFacts>,
    names: Vec<NameMatch>,
    /// For each token and name kind (the labels, then major places): the
    /// longest known name covering it.
    name_positions: Vec<[Option<(usize, Position)>; NAME_KINDS]>,
    /// For each token: the run of capitalised words (joined by connectors) it lies in.
    runs: Vec<Option<Range<usize>>>,
}

/// The features of one sentence: token `i`'s are `keys[starts[i]..starts[i + 1]]`.
#[derive(Debug, Default, Clone)]
pub(crate) struct SentenceFeatures {
    pub(crate) keys: Vec<u64>,
    pub(crate) starts: Vec<usize>,
}

impl SentenceFeatures {
    pub(crate) fn token(&self, index: usize) -> &[u64] {
        &self.keys[self.starts[index]..self.starts[index + 1]]
    }

    pub(crate) fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }
}

pub(crate) fn string_id(text: &str) -> u64 {
    FeatureKey::template(STRING_TEMPLATE).with(text).finish()
}

/// Combines a template number with parts that are already hashes (or small
/// numbers). Token strings are hashed once with [`FeatureKey`]; re-hashing
/// their hashes byte by byte for each of ~50 features would cost more than
/// all the rest of recognition, so parts are mixed a word at a time (one
/// multiply and shift each, as in splitmix64). Part of the model format.
fn combine(template: u16, parts: &[u64]) -> u64 {
    let mut mixed = (u64::from(template) + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for &part in parts {
        mixed = (mixed ^ part).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        mixed ^= mixed >> 31;
    }
    // The weight table reserves 0 for empty slots.
    mixed.max(1)
}

fn feature(template: u16, value: u64) -> u64 {
    combine(template, &[value])
}

fn pair(template: u16, first: u64, second: u64) -> u64 {
    combine(template, &[first, second])
}

fn triple(template: u16, first: u64, second: u64, third: u64) -> u64 {
    combine(template, &[first, second, third])
}

const TITLE_WORD: u8 = 1;
const PARTICLE_WORD: u8 = 2;
const CONNECTOR_WORD: u8 = 4;

/// The hashed lowercase forms of the word lists, with their kinds, sorted
/// for binary search: cheaper per token than comparing strings.
static WORD_KINDS: LazyLock<Vec<(u64, u8)>> = LazyLock::new(|| {
    let mut kinds: Vec<(u64, u8)> = Vec::new();
    let lists = [
        (TITLES, TITLE_WORD),
        (PARTICLES, PARTICLE_WORD),
        (CONNECTORS, CONNECTOR_WORD),
    ];
    for (words, kind) in lists {
        for word in words {
            let id = string_id(word);
            match kinds.iter_mut().find(|(known, _)| *known == id) {
                Some((_, kinds)) => *kinds |= kind,
                None => kinds.push((id, kind)),
            }
        }
    }
    kinds.sort_unstable();
    kinds
});

pub(crate) fn is_title(lower: &str) -> bool {
    word_kinds(string_id(lower)) & TITLE_WORD != 0
}

fn word_kinds(lower_id: u64) -> u8 {
    WORD_KINDS
        .binary_search_by_key(&lower_id, |&(id, _)| id)
        .map_or(0, |index| WORD_KINDS[index].1)
}

pub(crate) fn transition_feature(previous: Option<usize>) -> u64 {
    // The sentence start takes a number no tag has.
    feature(TRANSITION, previous.map_or(u64::MAX, |tag| tag as u64))
}

/// Computes the features of `words` (one sentence) into `out`.
pub(crate) fn extract(
    gazetteer: &Gazetteer,
    common_words: &CommonWords,
    words: &[&str],
    scratch: &mut Scratch,
    out: &mut SentenceFeatures,
) {
    out.keys.clear();
    out.starts.clear();
    read_tokens(words, common_words, scratch);
    find_names(gazetteer, scratch);
    find_capitalised_runs(scratch);
    let facts = &scratch.facts;
    let sentence_casing = sentence_casing(facts);
    let outside = TokenFacts {
        word: string_id("<edge>"),
        lower: string_id("<edge>"),
        shape: string_id("<edge>"),
        short_shape: string_id("<edge>"),
        ..TokenFacts::default()
    };
    let at = |index: isize| -> &TokenFacts {
        usize::try_from(index)
            .ok()
            .and_then(|index| facts.get(index))
            .unwrap_or(&outside)
    };
    for (index, token) in facts.iter().enumerate() {
        out.starts.push(out.keys.len());
        let signed = index as isize;
        let before = at(signed - 1);
        let after = at(signed + 1);
        let two_before = at(signed - 2);
        let keys = &mut out.keys;
        keys.push(feature(BIAS, 0));
        keys.push(feature(WORD, token.word));
        keys.push(feature(LOWER, token.lower));
        keys.push(feature(SHAPE, token.shape));
        keys.push(feature(SHORT_SHAPE, token.short_shape));
        for (template, &prefix) in PREFIXES.iter().zip(&token.prefixes) {
            if prefix != 0 {
                keys.push(feature(*template, prefix));
            }
        }
        for (template, &suffix) in SUFFIXES.iter().zip(&token.suffixes) {
            if suffix != 0 {
                keys.push(feature(*template, suffix));
            }
        }
        keys.push(feature(LOWER_BEFORE, before.lower));
        keys.push(feature(LOWER_AFTER, after.lower));
        keys.push(feature(LOWER_TWO_BEFORE, two_before.lower));
        keys.push(feature(LOWER_TWO_AFTER, at(signed + 2).lower));
        keys.push(feature(SHAPE_BEFORE, before.short_shape));
        keys.push(feature(SHAPE_AFTER, after.short_shape));
        keys.push(pair(BIGRAM_BEFORE, before.lower, token.lower));
        keys.push(pair(BIGRAM_AFTER, token.lower, after.lower));
        keys.push(triple(
            SHAPE_TRIGRAM,
            before.short_shape,
            token.short_shape,
            after.short_shape,
        ));
        keys.push(pair(
            CASING_AT_START,
            token.casing as u64,
            u64::from(index == 0),
        ));
        keys.push(pair(
            CASING_IN_SENTENCE,
            token.casing as u64,
            sentence_casing as u64,
        ));
        keys.push(triple(
            CASING_TRIGRAM,
            before.casing as u64,
            token.casing as u64,
            after.casing as u64,
        ));
        for (label_index, known) in scratch.name_positions[index].iter().enumerate() {
            if let Some((_, position)) = known {
                let label = label_index as u64;
                keys.push(pair(NAME_POSITION, label, *position as u64));
                keys.push(combine(
                    NAME_POSITION_CASED,
                    &[
                        label,
                        *position as u64,
                        token.casing as u64,
                        u64::from(token.common),
                    ],
                ));
            }
        }
        let name_before = index
            .checked_sub(1)
            .map(|before| name_bits(&scratch.name_positions[before]));
        let name_after = scratch.name_positions.get(index + 1).map(name_bits);
        keys.push(pair(
            NAME_AROUND,
            u64::from(name_before.unwrap_or(0)),
            u64::from(name_after.unwrap_or(0)),
        ));
        if before.title {
            keys.push(pair(TITLE_BEFORE, 1, token.casing as u64));
        }
        if two_before.title {
            keys.push(pair(TITLE_TWO_BEFORE, 1, token.casing as u64));
        }
        if token.title {
            keys.push(pair(TITLE, 1, token.casing as u64));
        }
        if token.particle {
            keys.push(pair(PARTICLE, before.casing as u64, after.casing as u64));
        }
        keys.push(triple(
            COMMON_WORD,
            u64::from(token.common),
            token.casing as u64,
            u64::from(index == 0),
        ));
        keys.push(pair(LOWER_BEFORE_CASING, before.lower, token.casing as u64));
        keys.push(pair(LOWER_AFTER_CASING, after.lower, token.casing as u64));
        if let Some(run) = &scratch.runs[index] {
            let position = if run.len() == 1 {
                Position::Unit
            } else if index == run.start {
                Position::Begin
            } else if index + 1 == run.end {
                Position::Last
            } else {
                Position::Inside
            } as u64;
            keys.push(pair(RUN_FIRST, facts[run.start].lower, position));
            keys.push(pair(RUN_LAST, facts[run.end - 1].lower, position));
            // The words around the whole run ("at … Inc", "the … 's") reach
            // its inner words, which their own neighbours do not tell.
            keys.push(pair(RUN_BEFORE, at(run.start as isize - 1).lower, position));
            keys.push(pair(RUN_AFTER, at(run.end as isize).lower, position));
        }
        if before.particle {
            keys.push(pair(PARTICLE_BEFORE, 1, token.casing as u64));
        }
    }
    out.starts.push(out.keys.len());
}

fn name_bits(positions: &[Option<(usize, Position)>; NAME_KINDS]) -> u8 {
    NAME_KIND_BITS
        .iter()
        .zip(positions)
        .filter(|(_, known)| known.is_some())
        .fold(0, |bits, (&bit, _)| bits | bit)
}

fn read_tokens(words: &[&str], common_words: &CommonWords, scratch: &mut Scratch) {
    scratch.lowercase.clear();
    scratch.lowercase_ranges.clear();
    scratch.facts.clear();
    for word in words {
        let start = scratch.lowercase.len();
        if word.is_ascii() {
            scratch.lowercase.extend(
                word.bytes()
                    .map(|byte| char::from(byte.to_ascii_lowercase())),
            );
        } else {
            scratch
                .lowercase
                .extend(word.chars().flat_map(char::to_lowercase));
        }
        let lower = &scratch.lowercase[start..];
        let lower_id = string_id(lower);
        let kinds = word_kinds(lower_id);
        let facts = TokenFacts {
            word: string_id(word),
            lower: lower_id,
            shape: shape_id(word, &mut scratch.shape, false),
            short_shape: shape_id(word, &mut scratch.shape, true),
            prefixes: [1, 2, 3].map(|length| affix_id(lower, length, true)),
            suffixes: [1, 2, 3, 4].map(|length| affix_id(lower, length, false)),
            casing: casing(word),
            title: kinds & TITLE_WORD != 0,
            particle: kinds & PARTICLE_WORD != 0,
            connector: kinds & CONNECTOR_WORD != 0,
            common: common_words.contains(lower_id),
        };
        scratch.facts.push(facts);
        scratch
            .lowercase_ranges
            .push(start..scratch.lowercase.len());
    }
}

fn find_names(gazetteer: &Gazetteer, scratch: &mut Scratch) {
    scratch.names.clear();
    let lowercase_tokens: Vec<&str> = scratch
        .lowercase_ranges
        .iter()
        .map(|range| &scratch.lowercase[range.clone()])
        .collect();
    gazetteer.find_names(&lowercase_tokens, &mut scratch.names);
    scratch.name_positions.clear();
    scratch
        .name_positions
        .resize(lowercase_tokens.len(), [None; NAME_KINDS]);
    for name in &scratch.names {
        let length = name.end - name.start;
        for (kind, bit) in NAME_KIND_BITS.iter().enumerate() {
            if name.labels & bit == 0 {
                continue;
            }
            for index in name.start..name.end {
                let slot = &mut scratch.name_positions[index][kind];
                if slot.is_some_and(|(longest, _)| longest >= length) {
                    continue;
                }
                let position = if length == 1 {
                    Position::Unit
                } else if index == name.start {
                    Position::Begin
                } else if index + 1 == name.end {
                    Position::Last
                } else {
                    Position::Inside
                };
                *slot = Some((length, position));
            }
        }
    }
}

/// Finds runs such as "Housing Authority of New Orleans": capitalised words,
/// possibly joined by connectors. The run's first and last words (often the
/// name's kind: "Authority", "Street", "Forces") tell every word of it what
/// it is part of.
fn find_capitalised_runs(scratch: &mut Scratch) {
    let facts = &scratch.facts;
    let length = facts.len();
    let capitalised = |index: usize| {
        matches!(
            facts[index].casing,
            Casing::Capitalized | Casing::AllCaps | Casing::SingleCapital | Casing::Mixed
        )
    };
    scratch.runs.clear();
    scratch.runs.resize(length, None);
    let mut index = 0;
    while index < length {
        if !capitalised(index) {
            index += 1;
            continue;
        }
        let start = index;
        let mut end = index + 1;
        loop {
            if end < length && capitalised(end) {
                end += 1;
            } else if end + 1 < length && facts[end].connector && capitalised(end + 1) {
                end += 2;
            } else {
                break;
            }
        }
        for slot in &mut scratch.runs[start..end] {
            *slot = Some(start..end);
        }
        index = end;
    }
}

/// The first (`from_start`) or last `length` characters, when the word is longer.
fn affix_id(lower: &str, length: usize, from_start: bool) -> u64 {
    let mut boundaries = lower.char_indices().map(|(at, _)| at);
    let count = lower.chars().count();
    if count <= length {
        return 0;
    }
    let cut = if from_start {
        boundaries.nth(length).unwrap_or(lower.len())
    } else {
        boundaries.nth(count - length).unwrap_or(0)
    };
    let affix = if from_start {
        &lower[..cut]
    } else {
        &lower[cut..]
    };
    FeatureKey::template(STRING_TEMPLATE)
        .with_number(length as u64)
        .with(affix)
        .finish()
}

/// The word's shape: `X` upper, `x` lower, `d` digit, other characters kept.
/// The long shape keeps runs up to four; the short one collapses every run
/// ("Baghdad" → `Xxxxx` and `Xx`, "U.S." → `X.X.` for both).
fn shape_id(word: &str, buffer: &mut String, short: bool) -> u64 {
    buffer.clear();
    let mut previous = '\0';
    let mut run = 0;
    for class in word.chars().map(shape_class) {
        if class == previous {
            run += 1;
        } else {
            run = 1;
            previous = class;
        }
        let limit = if short { 1 } else { 4 };
        if run <= limit {
            buffer.push(class);
        }
    }
    FeatureKey::template(STRING_TEMPLATE)
        .with_number(u64::from(short))
        .with(buffer)
        .finish()
}

fn casing(word: &str) -> Casing {
    let mut letters = 0;
    let mut uppers = 0;
    let mut first_upper = None;
    for character in word.chars() {
        if character.is_alphabetic() {
            letters += 1;
            let upper = character.is_uppercase();
            uppers += usize::from(upper);
            first_upper.get_or_insert(upper);
        }
    }
    match (letters, uppers, first_upper) {
        (0, _, _) => Casing::NoLetters,
        (_, 0, _) => Casing::Lower,
        (1, 1, _) => Casing::SingleCapital,
        (letters, uppers, _) if letters == uppers => Casing::AllCaps,
        (_, _, Some(true)) => Casing::Capitalized,
        _ => Casing::Mixed,
    }
}

fn sentence_casing(facts: &[TokenFacts]) -> SentenceCasing {
    let words = facts
        .iter()
        .filter(|token| token.casing != Casing::NoLetters);
    let (mut count, mut capitalised) = (0, 0);
    for token in words {
        count += 1;
        capitalised += usize::from(token.casing != Casing::Lower);
    }
    if capitalised == 0 {
        SentenceCasing::NoCapitals
    } else if count >= 4 && capitalised * 5 >= count * 4 {
        SentenceCasing::Headline
    } else {
        SentenceCasing::Normal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(word: &str, short: bool) -> String {
        let mut buffer = String::new();
        shape_id(word, &mut buffer, short);
        buffer
    }

    #[test]
    fn shapes_follow_character_classes() {
        assert_eq!(shape("Baghdad", false), "Xxxxx");
        assert_eq!(shape("Baghdad", true), "Xx");
        assert_eq!(shape("U.S.", true), "X.X.");
        assert_eq!(shape("2026", true), "d");
        assert_eq!(shape("PMF", false), "XXX");
    }

    #[test]
    fn casing_tells_names_from_acronyms_and_words() {
        assert_eq!(casing("Sudani"), Casing::Capitalized);
        assert_eq!(casing("NATO"), Casing::AllCaps);
        assert_eq!(casing("said"), Casing::Lower);
        assert_eq!(casing("I"), Casing::SingleCapital);
        assert_eq!(casing("iPhone"), Casing::Mixed);
        assert_eq!(casing("42"), Casing::NoLetters);
    }

    #[test]
    fn affixes_skip_words_no_longer_than_the_affix() {
        assert_eq!(affix_id("al", 2, false), 0);
        assert_ne!(affix_id("baghdad", 3, false), 0);
        assert_ne!(affix_id("ırak", 2, true), 0);
        assert_ne!(affix_id("baghdad", 3, false), affix_id("baghdad", 3, true));
    }

    #[test]
    fn capitalised_runs_join_names_across_connectors() {
        let words = [
            "The",
            "Housing",
            "Authority",
            "of",
            "New",
            "Orleans",
            "said",
            "of",
            "it",
        ];
        let mut scratch = Scratch::default();
        read_tokens(&words, &CommonWords::default(), &mut scratch);
        find_capitalised_runs(&mut scratch);
        assert_eq!(scratch.runs[2], Some(0..6));
        assert_eq!(scratch.runs[6], None);
        assert_eq!(scratch.runs[7], None);
    }

    #[test]
    fn inner_words_of_a_run_see_the_words_around_it() {
        let words = [
            "He",
            "joined",
            "the",
            "Housing",
            "Authority",
            "of",
            "New",
            "Orleans",
            "in",
            "May",
        ];
        let mut scratch = Scratch::default();
        let mut features = SentenceFeatures::default();
        extract(
            &Gazetteer::default(),
            &CommonWords::default(),
            &words,
            &mut scratch,
            &mut features,
        );
        let inside = Position::Inside as u64;
        let before = pair(RUN_BEFORE, string_id("the"), inside);
        let after = pair(RUN_AFTER, string_id("in"), inside);
        assert!(features.token(6).contains(&before));
        assert!(features.token(6).contains(&after));
        // "May" is a run of its own, after "in".
        let unit = Position::Unit as u64;
        assert!(
            features
                .token(9)
                .contains(&pair(RUN_BEFORE, string_id("in"), unit))
        );
        assert!(!features.token(9).contains(&before));
    }

    #[test]
    fn each_token_gets_its_features_and_a_title_marks_the_next_word() {
        let words = ["Sheikh", "Ali", "visited", "Mosul", "."];
        let mut scratch = Scratch::default();
        let mut plain = SentenceFeatures::default();
        extract(
            &Gazetteer::default(),
            &CommonWords::default(),
            &words,
            &mut scratch,
            &mut plain,
        );
        assert_eq!(plain.len(), words.len());
        assert!(plain.token(1).len() > 20);
        // The title before "Ali" fires; the same word after "visited" does not.
        let title = pair(TITLE_BEFORE, 1, Casing::Capitalized as u64);
        assert!(plain.token(1).contains(&title));
        assert!(!plain.token(3).contains(&title));
    }
}
