//! The word lists and the compact place table that dragoman's extraction
//! stages match names, titles, reporting verbs and sources against.
//!
//! Everything ships inside the binary (`include_str!` of the TSV files in
//! `data/`) and is parsed once by [`Lexicon::embedded`]; lookups go by the
//! keys of [`name_key`] (places: case, diacritics and Arabic articles folded)
//! and [`phrase_key`] (word lists: lowercase). [`build_place_table`]
//! regenerates `data/places.tsv` from GeoNames files.
//!
//! This crate holds facts, not analysis: it must never look at an article,
//! read files at run time (only the builder reads the GeoNames directory it is
//! given), or ship any text copied wholesale from its sources.

mod build;
mod normalize;
mod places;
mod words;

pub use build::build_place_table;
pub use normalize::{name_key, phrase_key};
pub use places::{PlaceEntry, PlaceTable};
pub use words::{AnonymousNoun, NameHead, Number, Pronoun, ReportingVerb, SourceKind, Title};
use words::{WordListTexts, WordLists};

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{table} table, line {line}: {problem}")]
    Table {
        table: &'static str,
        line: usize,
        problem: String,
    },
    #[error("cannot read {path}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: {message}")]
    Json { file: &'static str, message: String },
}

impl LexiconError {
    fn table(table: &'static str, line: usize, problem: &str) -> Self {
        LexiconError::Table {
            table,
            line,
            problem: problem.to_owned(),
        }
    }
}

/// All word lists and the place table, ready for lookups.
pub struct Lexicon {
    places: PlaceTable,
    words: WordLists,
    /// First words of titles and reporting verbs ("prime", "lt.", "according"),
    /// so that matchers try longer phrases only where one can start.
    title_starts: std::collections::HashSet<String>,
    multiword_verb_starts: std::collections::HashSet<String>,
    longest_title_words: usize,
    longest_verb_words: usize,
}

impl Lexicon {
    /// Parses the lists shipped inside the binary.
    pub fn embedded() -> Result<Lexicon, LexiconError> {
        Lexicon::parse(
            include_str!("../data/places.tsv"),
            &WordListTexts {
                titles: include_str!("../data/titles.tsv"),
                reporting_verbs: include_str!("../data/reporting_verbs.tsv"),
                pronouns: include_str!("../data/pronouns.tsv"),
                anonymous_nouns: include_str!("../data/anonymous_sources.tsv"),
                demonyms: include_str!("../data/demonyms.tsv"),
                country_aliases: include_str!("../data/country_aliases.tsv"),
                name_heads: include_str!("../data/name_heads.tsv"),
                regions: include_str!("../data/regions.tsv"),
            },
        )
    }

    fn parse(
        places_tsv: &'static str,
        texts: &WordListTexts<'static>,
    ) -> Result<Lexicon, LexiconError> {
        let mut places = PlaceTable::parse(places_tsv)?;
        let words = WordLists::parse(texts)?;
        for (region, alternate_names) in &words.regions {
            places.add_region(region.clone(), alternate_names);
        }
        for (alias, iso3) in &words.country_aliases {
            if !places.add_country_alias(alias, iso3) {
                return Err(LexiconError::table(
                    "country_aliases",
                    0,
                    &format!("no country {iso3}"),
                ));
            }
        }
        let longest = |keys: &mut dyn Iterator<Item = &String>| {
            keys.map(|key| key.split(' ').count()).max().unwrap_or(0)
        };
        let first_word = |key: &String| key.split([' ', '-']).next().unwrap_or_default().to_owned();
        let title_starts = words.titles.keys().map(first_word).collect();
        let multiword_verb_starts = words
            .reporting_verbs
            .keys()
            .filter(|key| key.contains(' '))
            .map(first_word)
            .collect();
        let longest_title_words = longest(&mut words.titles.keys());
        let longest_verb_words = longest(&mut words.reporting_verbs.keys());
        Ok(Lexicon {
            places,
            words,
            title_starts,
            multiword_verb_starts,
            longest_title_words,
            longest_verb_words,
        })
    }

    pub fn places(&self) -> &PlaceTable {
        &self.places
    }

    /// A title or role noun by its [`phrase_key`]: "prime minister", "gen.".
    pub fn title(&self, key: &str) -> Option<&Title> {
        self.words.titles.get(key)
    }

    /// Whether a title can start with this word (its [`phrase_key`], up to a
    /// space or hyphen): "prime", "lt.", "secretary".
    pub fn starts_title(&self, first_word: &str) -> bool {
        self.title_starts.contains(first_word)
    }

    /// Whether a reporting phrase of several words starts with this word ("according").
    pub fn starts_multiword_reporting_verb(&self, first_word: &str) -> bool {
        self.multiword_verb_starts.contains(first_word)
    }

    /// The most whitespace-separated words a title spans.
    pub fn longest_title_words(&self) -> usize {
        self.longest_title_words
    }

    /// A reporting verb form by its [`phrase_key`]: "said", "according to".
    pub fn reporting_verb(&self, key: &str) -> Option<&ReportingVerb> {
        self.words.reporting_verbs.get(key)
    }

    pub fn longest_reporting_verb_words(&self) -> usize {
        self.longest_verb_words
    }

    pub fn pronoun(&self, key: &str) -> Option<&Pronoun> {
        self.words.pronouns.get(key)
    }

    /// A noun describing an unnamed source: "source", "officials".
    pub fn anonymous_noun(&self, key: &str) -> Option<&AnonymousNoun> {
        self.words.anonymous_nouns.get(key)
    }

    /// The ISO 3166 alpha-3 country of a demonym by its [`phrase_key`]: "iraqi" → IRQ.
    pub fn demonym(&self, key: &str) -> Option<&str> {
        self.words.demonyms.get(key).map(String::as_str)
    }

    /// What a capitalised head word makes of the name it ends: "ministry", "news", "base".
    pub fn name_head(&self, key: &str) -> Option<NameHead> {
        self.words.name_heads.get(key).copied()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use dragoman_model::FeatureKind;

    use super::*;

    static LEXICON: LazyLock<Lexicon> =
        LazyLock::new(|| Lexicon::embedded().expect("the shipped lexicon parses"));

    /// `name` resolves first to the place `expected` ("Name/feature/ISO3").
    fn check_place(name: &str, expected: &str) {
        let found = LEXICON.places().lookup(name).next().map(|place| {
            let feature = match place.feature {
                FeatureKind::Country => "country",
                FeatureKind::AdminRegion => "admin1",
                FeatureKind::Continent => "continent",
                FeatureKind::Region => "region",
                _ => "city",
            };
            format!("{}/{feature}/{}", place.name, place.country)
        });
        assert_eq!(found.as_deref(), Some(expected), "lookup({name:?})");
    }

    #[test]
    fn shipped_places_resolve_news_spellings() {
        check_place("Iraq", "Iraq/country/IRQ");
        check_place("Saudi Arabia", "Saudi Arabia/country/SAU");
        check_place("United States", "United States/country/USA");
        check_place("U.S.", "United States/country/USA");
        check_place("Britain", "United Kingdom/country/GBR");
        check_place("Baghdad", "Baghdad/city/IRQ");
        check_place("Erbil", "Erbil/city/IRQ");
        check_place("Irbil", "Erbil/city/IRQ");
        check_place("al-Anbar", "Al Anbar/admin1/IRQ");
        check_place("Anbar", "Al Anbar/admin1/IRQ");
        check_place("Fallujah", "Al Fallūjah/city/IRQ");
        check_place("Washington", "Washington/city/USA");
        check_place("Tehran", "Tehran/city/IRN");
        check_place("Jordan", "Jordan/country/JOR");
        check_place("Europe", "Europe/continent/");
        check_place("West Bank", "West Bank/admin1/PSE");
        check_place("Red Sea", "Red Sea/region/");
        check_place("Gulf", "Persian Gulf/region/");
        assert_eq!(LEXICON.places().lookup("Ministry").count(), 0);
    }

    #[test]
    fn shipped_word_lists_answer_by_phrase_key() {
        let title = LEXICON.title("prime minister").unwrap();
        assert!(title.precedes_names && title.heads_roles);
        assert_eq!(title.sector.as_deref(), Some("GOV"));
        assert!(LEXICON.title("lt. col.").unwrap().precedes_names);
        assert!(!LEXICON.title("spokesman").unwrap().precedes_names);
        assert_eq!(LEXICON.reporting_verb("told").unwrap().lemma, "tell");
        assert!(
            LEXICON
                .reporting_verb("according to")
                .unwrap()
                .source_follows
        );
        assert_eq!(LEXICON.longest_reporting_verb_words(), 2);
        assert!(
            LEXICON.starts_title("prime")
                && LEXICON.starts_title("lt.")
                && LEXICON.starts_title("vice")
        );
        assert!(!LEXICON.starts_title("troops"));
        assert!(LEXICON.starts_multiword_reporting_verb("according"));
        assert!(!LEXICON.starts_multiword_reporting_verb("said"));
        assert_eq!(LEXICON.pronoun("she").unwrap().number, Number::Singular);
        assert_eq!(
            LEXICON.anonymous_noun("officials").unwrap().lemma,
            "official"
        );
        assert_eq!(LEXICON.demonym("iraqi"), Some("IRQ"));
        assert_eq!(LEXICON.demonym("iranians"), Some("IRN"));
        assert_eq!(LEXICON.name_head("forces"), Some(NameHead::Organization));
        assert_eq!(LEXICON.name_head("times"), Some(NameHead::Media));
    }

    #[test]
    fn a_broken_word_list_names_its_table_and_line() {
        let places = "geonameid\tfeature\tname\tlatitude\tlongitude\tcountry\tadmin1\tpopulation\talternate_keys\n";
        let texts = WordListTexts {
            titles: "# comment\nPresident\tboth\tGOV\nGeneral\tsometimes\tMIL\n",
            reporting_verbs: "",
            pronouns: "",
            anonymous_nouns: "",
            demonyms: "",
            country_aliases: "",
            name_heads: "",
            regions: "",
        };
        let error = Lexicon::parse(places, &texts).err().unwrap();
        assert_eq!(
            error.to_string(),
            "titles table, line 3: use must be title, role or both"
        );
        let texts = WordListTexts {
            titles: "",
            demonyms: "Iraqi\tIraq\n",
            ..texts
        };
        let error = Lexicon::parse(places, &texts).err().unwrap();
        assert_eq!(
            error.to_string(),
            "demonyms table, line 1: country must be an ISO 3166 alpha-3 code"
        );
        let texts = WordListTexts {
            demonyms: "",
            country_aliases: "Atlantis\tATL\n",
            ..texts
        };
        assert!(Lexicon::parse(places, &texts).is_err());
    }
}
