//! The hand-written word lists: one TSV row per fact, `#` lines are comments.

use dragoman_model::FeatureKind;

use crate::normalize::phrase_key;
use crate::places::WordMap;
use crate::{LexiconError, PlaceEntry};

/// A title before a name or a role noun heading an appositive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Title {
    /// As listed: "Prime Minister", "spokesman".
    pub phrase: String,
    /// The actor sector it suggests: GOV, MIL, LEG, JUD, REL, …; `None` for
    /// courtesy titles ("Mr.") that say nothing about the sector.
    pub sector: Option<String>,
    /// Stands before a person's name: "Prime Minister Ali Hassan".
    pub precedes_names: bool,
    /// Heads an appositive or description: "Ali Hassan, a spokesman for …".
    pub heads_roles: bool,
}

/// A word form that reports speech.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportingVerb {
    pub form: String,
    pub lemma: String,
    /// Introduces its source after it ("according to the ministry").
    pub source_follows: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Number {
    Singular,
    Plural,
}

/// A personal pronoun that can stand for a speaker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pronoun {
    pub form: String,
    pub number: Number,
}

/// A noun that describes a source the article does not name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnonymousNoun {
    pub form: String,
    /// The singular form, which "the source" is matched on.
    pub lemma: String,
    pub kind: SourceKind,
    pub number: Number,
}

/// What an unnamed source is: a person ("a senior official"), a body ("the
/// ministry") or a document that speaks for one ("the statement").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceKind {
    Person,
    Organization,
    Document,
}

/// What a capitalised head word says about the name it ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameHead {
    Organization,
    Media,
    /// A military site or facility: "Ain al-Asad Air Base".
    Facility,
    /// An event, agreement or law: "Oslo Accords", "Geneva Conference".
    Other,
}

/// Rows of a word-list TSV with their 1-based line numbers, comments skipped.
fn rows<'t>(
    table: &'static str,
    text: &'t str,
    columns: usize,
) -> impl Iterator<Item = Result<(usize, Vec<&'t str>), LexiconError>> + 't {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty())
        .map(move |(index, line)| {
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            if fields.len() == columns && fields.iter().all(|field| !field.is_empty()) {
                Ok((index + 1, fields))
            } else {
                Err(LexiconError::table(
                    table,
                    index + 1,
                    "wrong number of columns or an empty field",
                ))
            }
        })
}

/// Word-list maps keyed by [`phrase_key`].
pub(crate) struct WordLists {
    pub(crate) titles: WordMap<Title>,
    pub(crate) reporting_verbs: WordMap<ReportingVerb>,
    pub(crate) pronouns: WordMap<Pronoun>,
    pub(crate) anonymous_nouns: WordMap<AnonymousNoun>,
    pub(crate) demonyms: WordMap<String>,
    pub(crate) country_aliases: Vec<(String, String)>,
    pub(crate) name_heads: WordMap<NameHead>,
    /// Hand-listed regions with their other names.
    pub(crate) regions: Vec<(PlaceEntry, Vec<&'static str>)>,
}

pub(crate) struct WordListTexts<'t> {
    pub(crate) titles: &'t str,
    pub(crate) reporting_verbs: &'t str,
    pub(crate) pronouns: &'t str,
    pub(crate) anonymous_nouns: &'t str,
    pub(crate) demonyms: &'t str,
    pub(crate) country_aliases: &'t str,
    pub(crate) name_heads: &'t str,
    pub(crate) regions: &'t str,
}

impl WordLists {
    pub(crate) fn parse(texts: &WordListTexts<'static>) -> Result<WordLists, LexiconError> {
        let mut titles = WordMap::default();
        for row in rows("titles", texts.titles, 3) {
            let (line, fields) = row?;
            let (precedes_names, heads_roles) = match fields[1] {
                "title" => (true, false),
                "role" => (false, true),
                "both" => (true, true),
                _ => {
                    return Err(LexiconError::table(
                        "titles",
                        line,
                        "use must be title, role or both",
                    ));
                }
            };
            let sector = (fields[2] != "-").then(|| fields[2].to_owned());
            // "President" (before names) and "president" (in appositives) share a key.
            let title = titles
                .entry(phrase_key(fields[0]))
                .or_insert_with(|| Title {
                    phrase: fields[0].to_owned(),
                    sector: sector.clone(),
                    precedes_names: false,
                    heads_roles: false,
                });
            title.precedes_names |= precedes_names;
            title.heads_roles |= heads_roles;
            title.sector = title.sector.take().or(sector);
        }
        let mut reporting_verbs = WordMap::default();
        for row in rows("reporting_verbs", texts.reporting_verbs, 3) {
            let (line, fields) = row?;
            let source_follows = match fields[2] {
                "before" => false,
                "after" => true,
                _ => {
                    return Err(LexiconError::table(
                        "reporting_verbs",
                        line,
                        "source must be before or after",
                    ));
                }
            };
            for form in fields[0].split(',').map(str::trim) {
                reporting_verbs.insert(
                    phrase_key(form),
                    ReportingVerb {
                        form: form.to_owned(),
                        lemma: fields[1].to_owned(),
                        source_follows,
                    },
                );
            }
        }
        let mut pronouns = WordMap::default();
        for row in rows("pronouns", texts.pronouns, 2) {
            let (line, fields) = row?;
            let number = parse_number(fields[1])
                .ok_or_else(|| LexiconError::table("pronouns", line, "bad number"))?;
            pronouns.insert(
                phrase_key(fields[0]),
                Pronoun {
                    form: fields[0].to_owned(),
                    number,
                },
            );
        }
        let mut anonymous_nouns = WordMap::default();
        for row in rows("anonymous_sources", texts.anonymous_nouns, 3) {
            let (line, fields) = row?;
            let (singular, plural) = (fields[0], fields[1]);
            let kind = match fields[2] {
                "person" => SourceKind::Person,
                "organization" => SourceKind::Organization,
                "document" => SourceKind::Document,
                _ => {
                    return Err(LexiconError::table(
                        "anonymous_sources",
                        line,
                        "unknown kind",
                    ));
                }
            };
            for (form, number) in [(singular, Number::Singular), (plural, Number::Plural)] {
                anonymous_nouns.insert(
                    phrase_key(form),
                    AnonymousNoun {
                        form: form.to_owned(),
                        lemma: singular.to_owned(),
                        kind,
                        number,
                    },
                );
            }
        }
        let mut demonyms = WordMap::default();
        for row in rows("demonyms", texts.demonyms, 2) {
            let (line, fields) = row?;
            check_iso3("demonyms", line, fields[1])?;
            for form in fields[0].split(',').map(str::trim) {
                demonyms.insert(phrase_key(form), fields[1].to_owned());
            }
        }
        let mut country_aliases = Vec::new();
        for row in rows("country_aliases", texts.country_aliases, 2) {
            let (line, fields) = row?;
            check_iso3("country_aliases", line, fields[1])?;
            country_aliases.push((fields[0].to_owned(), fields[1].to_owned()));
        }
        let mut name_heads = WordMap::default();
        for row in rows("name_heads", texts.name_heads, 2) {
            let (line, fields) = row?;
            let head = match fields[1] {
                "organization" => NameHead::Organization,
                "media" => NameHead::Media,
                "facility" => NameHead::Facility,
                "other" => NameHead::Other,
                _ => return Err(LexiconError::table("name_heads", line, "unknown head kind")),
            };
            name_heads.insert(phrase_key(fields[0]), head);
        }
        let mut regions = Vec::new();
        for row in rows("regions", texts.regions, 5) {
            let (line, fields) = row?;
            if fields[1] != "-" {
                check_iso3("regions", line, fields[1])?;
            }
            let coordinate = |field: &str| {
                field
                    .parse::<f64>()
                    .map_err(|_| LexiconError::table("regions", line, "bad coordinate"))
            };
            let region = PlaceEntry {
                geonameid: None,
                feature: FeatureKind::Region,
                name: fields[0],
                latitude: coordinate(fields[2])?,
                longitude: coordinate(fields[3])?,
                country: if fields[1] == "-" { "" } else { fields[1] },
                admin1: None,
                population: 0,
            };
            let alternate_names = fields[4]
                .split(',')
                .map(str::trim)
                .filter(|name| *name != "-")
                .collect();
            regions.push((region, alternate_names));
        }
        Ok(WordLists {
            titles,
            reporting_verbs,
            pronouns,
            anonymous_nouns,
            demonyms,
            country_aliases,
            name_heads,
            regions,
        })
    }
}

fn check_iso3(table: &'static str, line: usize, code: &str) -> Result<(), LexiconError> {
    if code.len() == 3 && code.bytes().all(|byte| byte.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(LexiconError::table(
            table,
            line,
            "country must be an ISO 3166 alpha-3 code",
        ))
    }
}

fn parse_number(label: &str) -> Option<Number> {
    match label {
        "singular" => Some(Number::Singular),
        "plural" => Some(Number::Plural),
        _ => None,
    }
}
