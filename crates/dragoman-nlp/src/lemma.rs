//! The lemmatiser: suffix-rewriting rules keyed on the PTB tag, learned from
//! the training treebank, with an exception list for the words the rules get
//! wrong (irregular verbs, pronouns, clitics).
//!
//! A rule maps (tag, last letters of the lowercased word) to an edit: strip
//! some characters and append others, on the word lowercased or as written
//! (proper nouns keep their case). Lookup takes the longest suffix known.

use std::collections::HashMap;

use crate::NlpError;
use crate::labels::Xpos;

/// Longest suffix a rule may key on; longer keys only memorise words.
const LONGEST_SUFFIX: usize = 5;

/// What an edit starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Base {
    AsWritten,
    Lowercased,
    /// Nothing: the edit appends the whole lemma (for words such as "i",
    /// whose lemma "I" no edit of the lowercased word gives).
    Empty,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Edit {
    base: Base,
    strip: usize,
    append: Box<str>,
}

impl Edit {
    /// The cheapest edit turning `form` into `lemma`; when lowercasing makes
    /// no difference to the cost, it lowercases, so that the rule also fits
    /// the capitalised word at the start of a sentence.
    fn between(form: &str, lemma: &str) -> Edit {
        let lowered = form.to_lowercase();
        let as_written = Edit::keeping_case(form, lemma, false);
        let lowercased = Edit::keeping_case(&lowered, lemma, true);
        if lowercased.cost() <= as_written.cost() {
            lowercased
        } else {
            as_written
        }
    }

    fn keeping_case(form: &str, lemma: &str, lowercase: bool) -> Edit {
        let common = form
            .chars()
            .zip(lemma.chars())
            .take_while(|(a, b)| a == b)
            .count();
        Edit {
            base: if lowercase {
                Base::Lowercased
            } else {
                Base::AsWritten
            },
            strip: form.chars().count() - common,
            append: lemma.chars().skip(common).collect::<String>().into(),
        }
    }

    fn cost(&self) -> usize {
        self.strip + self.append.chars().count()
    }

    /// Applies the edit; `None` when the word is too short for it.
    fn apply(&self, form: &str) -> Option<String> {
        let mut base = match self.base {
            Base::AsWritten => form.to_owned(),
            Base::Lowercased => form.to_lowercase(),
            Base::Empty => String::new(),
        };
        let length = base.chars().count();
        let keep = length.checked_sub(self.strip)?;
        let cut = base
            .char_indices()
            .nth(keep)
            .map_or(base.len(), |(at, _)| at);
        base.truncate(cut);
        base.push_str(&self.append);
        Some(base)
    }

    fn to_line(&self) -> String {
        let base = match self.base {
            Base::AsWritten => 0,
            Base::Lowercased => 1,
            Base::Empty => 2,
        };
        format!("{base}\t{}\t{}", self.strip, self.append)
    }

    fn from_fields(fields: &[&str]) -> Option<Edit> {
        match fields {
            [base, strip, append] => Some(Edit {
                base: match *base {
                    "0" => Base::AsWritten,
                    "1" => Base::Lowercased,
                    "2" => Base::Empty,
                    _ => return None,
                },
                strip: strip.parse().ok()?,
                append: (*append).into(),
            }),
            _ => None,
        }
    }
}

/// Edits keyed by a lowercased word or suffix, one table per tag (indexed
/// by [`Xpos::index`]) so that lookups borrow the word instead of copying it.
type Table = Vec<HashMap<Box<str>, Edit>>;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Lemmatizer {
    rules: Table,
    exceptions: Table,
}

impl Default for Lemmatizer {
    fn default() -> Self {
        Lemmatizer {
            rules: vec![HashMap::new(); Xpos::count()],
            exceptions: vec![HashMap::new(); Xpos::count()],
        }
    }
}

impl Lemmatizer {
    /// Learns rules and exceptions from (form, tag, lemma) triples.
    pub(crate) fn learn<'a>(words: impl Iterator<Item = (&'a str, Xpos, &'a str)>) -> Lemmatizer {
        let mut by_word: HashMap<(Xpos, String), HashMap<Edit, usize>> = HashMap::new();
        let mut by_suffix: HashMap<(Xpos, String), HashMap<Edit, usize>> = HashMap::new();
        let mut whole_lemmas: HashMap<(Xpos, String), HashMap<&str, usize>> = HashMap::new();
        for (form, xpos, lemma) in words {
            let edit = Edit::between(form, lemma);
            let lowered = form.to_lowercase();
            for suffix in suffixes(&lowered) {
                *by_suffix
                    .entry((xpos, suffix.to_owned()))
                    .or_default()
                    .entry(edit.clone())
                    .or_default() += 1;
            }
            *whole_lemmas
                .entry((xpos, lowered.clone()))
                .or_default()
                .entry(lemma)
                .or_default() += 1;
            *by_word
                .entry((xpos, lowered))
                .or_default()
                .entry(edit)
                .or_default() += 1;
        }
        let majority = |counts: &HashMap<Edit, usize>| {
            counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.to_line().cmp(&a.0.to_line())))
                .map(|(edit, _)| edit.clone())
        };
        // Keep a suffix rule only where it changes what a shorter suffix
        // would say: shorter keys are decided first, so lookups agree.
        let mut keys: Vec<&(Xpos, String)> = by_suffix.keys().collect();
        keys.sort_by_key(|(xpos, suffix)| (suffix.chars().count(), *xpos, suffix.clone()));
        let mut lemmatizer = Lemmatizer::default();
        for key in keys {
            let Some(edit) = majority(&by_suffix[key]) else {
                continue;
            };
            let (xpos, suffix) = key;
            if lemmatizer.rule_for(*xpos, suffix) != Some(&edit) || suffix.is_empty() {
                lemmatizer.rules[xpos.index()].insert(suffix.as_str().into(), edit);
            }
        }
        for (key, counts) in &by_word {
            let Some(mut edit) = majority(counts) else {
                continue;
            };
            // A word whose lemma is the same whatever its case ("i", "I")
            // is better served by that lemma than by any edit.
            let (xpos, lowered) = key;
            let whole = whole_lemmas[key]
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)));
            if let Some((&lemma, &count)) = whole
                && count > counts[&edit]
            {
                edit = Edit {
                    base: Base::Empty,
                    strip: 0,
                    append: lemma.into(),
                };
            }
            if lemmatizer.rule_for(*xpos, lowered) != Some(&edit) {
                lemmatizer.exceptions[xpos.index()].insert(lowered.as_str().into(), edit);
            }
        }
        lemmatizer
    }

    /// The lemma of `form` (already normalised) tagged `xpos`.
    pub(crate) fn lemmatize(&self, form: &str, xpos: Xpos, lowered: &str) -> String {
        let edit = self.exceptions[xpos.index()]
            .get(lowered)
            .or_else(|| self.rule_for(xpos, lowered));
        edit.and_then(|edit| edit.apply(form))
            .filter(|lemma| !lemma.is_empty())
            .unwrap_or_else(|| form.to_owned())
    }

    fn rule_for(&self, xpos: Xpos, lowered: &str) -> Option<&Edit> {
        suffixes(lowered)
            .rev()
            .find_map(|suffix| self.rules[xpos.index()].get(suffix))
    }

    /// Serialises as two text sections: rules and exceptions, one per line.
    pub(crate) fn to_sections(&self) -> (String, String) {
        let lines = |table: &Table| {
            let mut lines: Vec<String> = Xpos::all()
                .flat_map(|xpos| {
                    table[xpos.index()]
                        .iter()
                        .map(move |(key, edit)| format!("{xpos}\t{key}\t{}\n", edit.to_line()))
                })
                .collect();
            lines.sort_unstable();
            lines.concat()
        };
        (lines(&self.rules), lines(&self.exceptions))
    }

    pub(crate) fn from_sections(rules: &str, exceptions: &str) -> Result<Lemmatizer, NlpError> {
        let read = |text: &str| -> Result<Table, NlpError> {
            let mut table: Table = vec![HashMap::new(); Xpos::count()];
            for line in text.lines() {
                let fields: Vec<&str> = line.split('\t').collect();
                let parsed = match fields.as_slice() {
                    [xpos, _key, rest @ ..] => Xpos::from_name(xpos).zip(Edit::from_fields(rest)),
                    _ => None,
                };
                let (xpos, edit) =
                    parsed.ok_or_else(|| NlpError::BadModel(format!("bad lemma rule {line:?}")))?;
                table[xpos.index()].insert(fields[1].into(), edit);
            }
            Ok(table)
        };
        Ok(Lemmatizer {
            rules: read(rules)?,
            exceptions: read(exceptions)?,
        })
    }
}

/// The suffixes of `lowered` from the empty one up to [`LONGEST_SUFFIX`]
/// characters, shortest first.
fn suffixes(lowered: &str) -> impl DoubleEndedIterator<Item = &str> {
    let starts: Vec<usize> = lowered
        .char_indices()
        .map(|(at, _)| at)
        .rev()
        .take(LONGEST_SUFFIX)
        .collect();
    std::iter::once(&lowered[lowered.len()..]).chain(starts.into_iter().map(|at| &lowered[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(name: &str) -> Xpos {
        Xpos::from_name(name).unwrap()
    }

    fn learned() -> Lemmatizer {
        let words = [
            ("walked", "VBD", "walk"),
            ("talked", "VBD", "talk"),
            ("jumped", "VBD", "jump"),
            ("went", "VBD", "go"),
            ("troops", "NNS", "troop"),
            ("ministers", "NNS", "minister"),
            ("Baghdad", "NNP", "Baghdad"),
            ("The", "DT", "the"),
            ("I", "PRP", "I"),
            ("I", "PRP", "I"),
            ("i", "PRP", "I"),
        ];
        Lemmatizer::learn(words.iter().map(|&(f, x, l)| (f, tag(x), l)))
    }

    fn lemma(lemmatizer: &Lemmatizer, form: &str, xpos: &str) -> String {
        lemmatizer.lemmatize(form, tag(xpos), &form.to_lowercase())
    }

    #[test]
    fn rules_generalise_and_exceptions_hold() {
        let lemmatizer = learned();
        assert_eq!(lemma(&lemmatizer, "marked", "VBD"), "mark");
        assert_eq!(lemma(&lemmatizer, "went", "VBD"), "go");
        assert_eq!(lemma(&lemmatizer, "soldiers", "NNS"), "soldier");
        assert_eq!(lemma(&lemmatizer, "Erbil", "NNP"), "Erbil");
        assert_eq!(lemma(&lemmatizer, "A", "DT"), "a");
        assert_eq!(lemma(&lemmatizer, "i", "PRP"), "I");
    }

    #[test]
    fn sections_round_trip() {
        let lemmatizer = learned();
        let (rules, exceptions) = lemmatizer.to_sections();
        assert_eq!(
            Lemmatizer::from_sections(&rules, &exceptions).unwrap(),
            lemmatizer
        );
        assert!(Lemmatizer::from_sections("nonsense", "").is_err());
    }

    #[test]
    fn edits_never_panic_on_short_words() {
        let edit = Edit {
            base: Base::Lowercased,
            strip: 4,
            append: "x".into(),
        };
        assert_eq!(edit.apply("ab"), None);
        assert_eq!(edit.apply("Éabcd").as_deref(), Some("éx"));
    }
}
