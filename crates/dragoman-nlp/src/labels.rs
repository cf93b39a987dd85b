//! The closed label sets the models predict: UPOS, PTB XPOS and UD relations.
//!
//! Labels are small copyable indices into static tables, so an analysis stores
//! one byte per label and extractors compare them without touching strings.

use std::fmt;

macro_rules! upos_enum {
    ($($variant:ident),* $(,)?) => {
        /// A Universal Dependencies part-of-speech tag.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Upos { $($variant),* }

        impl Upos {
            pub const ALL: &'static [Upos] = &[$(Upos::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Upos::$variant => stringify!($variant)),* }
            }

            pub fn from_name(name: &str) -> Option<Upos> {
                match name { $(stringify!($variant) => Some(Upos::$variant),)* _ => None }
            }
        }
    };
}

upos_enum!(
    ADJ, ADP, ADV, AUX, CCONJ, DET, INTJ, NOUN, NUM, PART, PRON, PROPN, PUNCT, SCONJ, SYM, VERB, X,
);

impl fmt::Display for Upos {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// Penn Treebank tags as used by EWT (with its web-text additions such as
/// `ADD`, `NFP` and `GW`).
const XPOS_NAMES: &[&str] = &[
    "$", "''", ",", "-LRB-", "-RRB-", ".", ":", "ADD", "AFX", "CC", "CD", "DT", "EX", "FW", "GW",
    "HYPH", "IN", "JJ", "JJR", "JJS", "LS", "MD", "NFP", "NN", "NNP", "NNPS", "NNS", "PDT", "POS",
    "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG", "VBN", "VBP",
    "VBZ", "WDT", "WP", "WP$", "WRB", "XX", "``",
];

/// A Penn Treebank part-of-speech tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Xpos(u8);

impl Xpos {
    pub fn from_name(name: &str) -> Option<Xpos> {
        XPOS_NAMES
            .iter()
            .position(|&known| known == name)
            .map(|index| Xpos(index as u8))
    }

    pub fn as_str(self) -> &'static str {
        XPOS_NAMES[usize::from(self.0)]
    }

    pub(crate) fn index(self) -> usize {
        usize::from(self.0)
    }

    pub(crate) fn count() -> usize {
        XPOS_NAMES.len()
    }

    pub(crate) fn all() -> impl Iterator<Item = Xpos> {
        (0..XPOS_NAMES.len()).map(|index| Xpos(index as u8))
    }
}

impl fmt::Display for Xpos {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// Universal relations, the subtypes EWT uses, and the older subtypes other
/// English treebanks still use (so that they can be read for evaluation).
const DEPREL_NAMES: &[&str] = &[
    "acl",
    "acl:relcl",
    "advcl",
    "advcl:relcl",
    "advmod",
    "amod",
    "appos",
    "aux",
    "aux:pass",
    "case",
    "cc",
    "cc:preconj",
    "ccomp",
    "clf",
    "compound",
    "compound:prt",
    "conj",
    "cop",
    "csubj",
    "csubj:outer",
    "csubj:pass",
    "dep",
    "det",
    "det:predet",
    "discourse",
    "dislocated",
    "expl",
    "fixed",
    "flat",
    "goeswith",
    "iobj",
    "list",
    "mark",
    "nmod",
    "nmod:desc",
    "nmod:npmod",
    "nmod:poss",
    "nmod:tmod",
    "nmod:unmarked",
    "nsubj",
    "nsubj:outer",
    "nsubj:pass",
    "nummod",
    "obj",
    "obl",
    "obl:agent",
    "obl:npmod",
    "obl:tmod",
    "obl:unmarked",
    "orphan",
    "parataxis",
    "punct",
    "reparandum",
    "root",
    "vocative",
    "xcomp",
];

/// A dependency relation with its subtype, e.g. `nsubj:pass`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DepRel(u8);

impl DepRel {
    pub const ROOT: DepRel = DepRel(53);

    /// The relation named `name`; an unknown subtype falls back to its
    /// universal relation, an unknown relation to `None`.
    pub fn from_name(name: &str) -> Option<DepRel> {
        let find = |wanted: &str| {
            DEPREL_NAMES
                .iter()
                .position(|&known| known == wanted)
                .map(|index| DepRel(index as u8))
        };
        find(name).or_else(|| find(name.split(':').next().unwrap_or(name)))
    }

    /// The full name, e.g. `nsubj:pass`.
    pub fn as_str(self) -> &'static str {
        DEPREL_NAMES[usize::from(self.0)]
    }

    /// The universal relation without its subtype, e.g. `nsubj`.
    pub fn universal(self) -> &'static str {
        let name = self.as_str();
        name.split(':').next().unwrap_or(name)
    }

    /// True when `name` is this relation's full name or its universal part,
    /// so `is("nsubj")` holds for both `nsubj` and `nsubj:pass`.
    pub fn is(self, name: &str) -> bool {
        self.as_str() == name || self.universal() == name
    }
}

impl fmt::Display for DepRel {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &upos in Upos::ALL {
            assert_eq!(Upos::from_name(upos.as_str()), Some(upos));
        }
        for name in XPOS_NAMES {
            assert_eq!(Xpos::from_name(name).unwrap().as_str(), *name);
        }
        for name in DEPREL_NAMES {
            assert_eq!(DepRel::from_name(name).unwrap().as_str(), *name);
        }
        assert_eq!(DepRel::ROOT.as_str(), "root");
    }

    #[test]
    fn unknown_subtypes_fall_back_to_their_relation() {
        let relation = DepRel::from_name("obl:about").unwrap();
        assert_eq!(relation.as_str(), "obl");
        assert!(DepRel::from_name("nonsense").is_none());
        let passive = DepRel::from_name("nsubj:pass").unwrap();
        assert!(passive.is("nsubj") && passive.is("nsubj:pass") && !passive.is("obj"));
    }
}
