//! The dependency parse as the attribution rules read it: heads, relations,
//! lemmas and children by token index, with the children indexed once so
//! that no rule scans the document to find them.

use std::ops::Range;

use dragoman_nlp::{Analysis, Upos};

pub(crate) struct Syntax<'a> {
    analysis: &'a Analysis,
    /// Children of token `t` are `children[child_start[t]..child_start[t + 1]]`.
    child_start: Vec<u32>,
    children: Vec<u32>,
}

impl<'a> Syntax<'a> {
    /// The parse of a text of `token_count` tokens, or `None` when the parse
    /// is not aligned with the tokens and so cannot be trusted.
    pub(crate) fn new(analysis: &'a Analysis, token_count: usize) -> Option<Syntax<'a>> {
        if analysis.tokens.len() != token_count {
            return None;
        }
        let mut counts = vec![0u32; token_count + 1];
        for token in &analysis.tokens {
            if let Some(head) = token.head {
                let head = head as usize;
                if head >= token_count {
                    return None;
                }
                counts[head + 1] += 1;
            }
        }
        for index in 1..counts.len() {
            counts[index] += counts[index - 1];
        }
        let mut filled = counts.clone();
        let mut children = vec![0u32; counts[token_count] as usize];
        for (index, token) in analysis.tokens.iter().enumerate() {
            if let Some(head) = token.head {
                let slot = &mut filled[head as usize];
                children[*slot as usize] = index as u32;
                *slot += 1;
            }
        }
        Some(Syntax {
            analysis,
            child_start: counts,
            children,
        })
    }

    pub(crate) fn head(&self, token: usize) -> Option<usize> {
        self.analysis.tokens[token].head.map(|head| head as usize)
    }

    /// The universal relation of `token` to its head: `nsubj`, `ccomp`, …
    pub(crate) fn relation(&self, token: usize) -> &'static str {
        self.analysis.tokens[token].deprel.universal()
    }

    pub(crate) fn lemma(&self, token: usize) -> &str {
        &self.analysis.tokens[token].lemma
    }

    pub(crate) fn is_verb(&self, token: usize) -> bool {
        matches!(self.analysis.tokens[token].upos, Upos::VERB | Upos::AUX)
    }

    /// Plural nouns by their fine tag: "officials", "Democrats".
    pub(crate) fn is_plural(&self, token: usize) -> bool {
        matches!(self.analysis.tokens[token].xpos.as_str(), "NNS" | "NNPS")
    }

    pub(crate) fn is_adverb(&self, token: usize) -> bool {
        self.analysis.tokens[token].upos == Upos::ADV
    }

    pub(crate) fn is_proper_noun(&self, token: usize) -> bool {
        self.analysis.tokens[token].upos == Upos::PROPN
    }

    pub(crate) fn is_nominal(&self, token: usize) -> bool {
        matches!(
            self.analysis.tokens[token].upos,
            Upos::NOUN | Upos::PROPN | Upos::PRON
        )
    }

    pub(crate) fn children(&self, token: usize) -> impl Iterator<Item = usize> + '_ {
        let range = self.child_start[token] as usize..self.child_start[token + 1] as usize;
        self.children[range].iter().map(|&child| child as usize)
    }

    /// The active subject of `token`; a passive subject is what was spoken
    /// about, not who spoke.
    pub(crate) fn subject(&self, token: usize) -> Option<usize> {
        self.children(token)
            .find(|&child| self.analysis.tokens[child].deprel.as_str() == "nsubj")
    }

    /// The subject of the clause `token` heads, borrowed from the verb it
    /// is coordinated with or complements, or that a participle without a
    /// subject of its own modifies: "X arrived and called it …", "X wants
    /// to call it …", "X hit back, calling it …".
    pub(crate) fn clause_subject(&self, token: usize) -> Option<usize> {
        let mut current = token;
        for _ in 0..3 {
            if let Some(subject) = self.subject(current) {
                return Some(subject);
            }
            let borrows = match self.relation(current) {
                "conj" | "xcomp" => true,
                "advcl" => self.is_present_participle(current),
                _ => false,
            };
            if !borrows {
                return None;
            }
            current = self.head(current)?;
        }
        None
    }

    /// The possessor of a noun: "Saleh" in "Saleh's remarks", "her" in "her claim".
    pub(crate) fn possessor(&self, token: usize) -> Option<usize> {
        self.children(token)
            .find(|&child| self.analysis.tokens[child].deprel.as_str() == "nmod:poss")
    }

    /// A verb in the past or present tense ("said", "says"), not a
    /// participle ("saying", "called").
    pub(crate) fn is_finite(&self, token: usize) -> bool {
        matches!(
            self.analysis.tokens[token].xpos.as_str(),
            "VBD" | "VBZ" | "VBP"
        )
    }

    pub(crate) fn is_present_participle(&self, token: usize) -> bool {
        self.analysis.tokens[token].xpos.as_str() == "VBG"
    }

    /// The tokens `token` dominates, as the range from its leftmost to its
    /// rightmost descendant.
    pub(crate) fn subtree(&self, token: usize) -> Range<usize> {
        let (mut first, mut last) = (token, token);
        let mut stack = vec![token];
        let mut visited = 0;
        while let Some(current) = stack.pop() {
            visited += 1;
            if visited > self.analysis.tokens.len() {
                break;
            }
            first = first.min(current);
            last = last.max(current);
            stack.extend(self.children(current));
        }
        first..last + 1
    }
}
