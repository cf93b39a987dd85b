//! Quotations in double marks and their attribution: the cue (reporting
//! verb), the speaker it names, the outlet a statement was given to, and the
//! running speaker of quotations that carry no cue of their own.

use std::collections::HashMap;
use std::ops::Range;

use dragoman_lexicon::{Number, ReportingVerb, SourceKind};
use dragoman_model::{Diagnostic, EntityKind, MentionKind, QuoteKind, Span};
use dragoman_text::{QuoteDirection, TokenKind};

use crate::entities::{Cluster, Clustering};
use crate::gender::{Gender, gender_of_pronoun, gender_of_word};
use crate::roles::appositive_end;
use crate::syntax::Syntax;
use crate::view::{TextView, is_reflexive};

/// How far from its quotation a cue may stand: further away it belongs to
/// another clause.
const CUE_REACH: usize = 40;
/// How far back a pronoun or description looks for the entity it stands for.
const ANTECEDENT_REACH: usize = 60;
/// The longest description of a source: "a senior official in the
/// ministry's oil marketing company".
const LONGEST_DESCRIPTION: usize = 16;

/// Words that open a description of a source.
const DETERMINERS: [&str; 9] = [
    "a", "an", "the", "one", "two", "several", "some", "many", "other",
];
/// Possessives that open a description of a person: "his predecessor".
const POSSESSIVE_DETERMINERS: [&str; 4] = ["his", "her", "their", "its"];
/// Words that end a description on its left: "a proposal that legal experts say".
const CLAUSE_WORDS: [&str; 14] = [
    "that", "which", "who", "whom", "when", "while", "after", "before", "as", "because", "if",
    "and", "but", "or",
];
/// Words between a source and its verb that belong to neither.
const TRAILING_ADVERBS: [&str; 23] = [
    "also",
    "is",
    "are",
    "was",
    "were",
    "been",
    "’s",
    "'s",
    "later",
    "earlier",
    "previously",
    "then",
    "have",
    "has",
    "had",
    "would",
    "will",
    "recently",
    "again",
    "repeatedly",
    "separately",
    "reportedly",
    "once",
];
/// An adverb or auxiliary between a source and its verb ("also", "has").
fn is_adverbial(view: &TextView<'_>, syntax: Option<&Syntax<'_>>, token: usize) -> bool {
    TRAILING_ADVERBS
        .iter()
        .any(|word| view.is_word(token, word))
        // "Clinton, exasperated, famously responded": a manner adverb.
        || syntax.is_some_and(|syntax| syntax.is_adverb(token) && view.word(token).ends_with("ly"))
}

/// A hyphen joining two words with no space on either side ("al-Anbar").
fn is_inner_hyphen(view: &TextView<'_>, token: usize) -> bool {
    view.is_punctuation(token, "-")
        && token > 0
        && token + 1 < view.tokens.len()
        && view.attached(token - 1, token)
        && view.attached(token, token + 1)
}

/// Whether a quotation opens its sentence, or follows only a linking word
/// ("But "…"", "And, "…""), and so goes on from what came before.
/// Tokens a dateline may hold after its place name before the dash:
/// "LOS ANGELES, Sept. 28 (UPI) —".
const LONGEST_DATELINE_TAIL: usize = 10;

/// A name opening its sentence that is where the story was filed: a dash
/// follows it after nothing but capitalised words, numbers and punctuation.
fn is_dateline(view: &TextView<'_>, first: usize, end: usize) -> bool {
    if !view.sentence_starts_at(first) {
        return false;
    }
    for token in end..(end + LONGEST_DATELINE_TAIL).min(view.tokens.len()) {
        if matches!(view.word(token), "—" | "--" | "–") {
            return true;
        }
        let lowercase_word = view.kind(token) == TokenKind::Word && !view.is_capitalised(token);
        if lowercase_word {
            return false;
        }
    }
    false
}

fn opens_its_sentence(view: &TextView<'_>, open: usize) -> bool {
    let start = view.sentence_tokens(open).start;
    match open - start {
        0 => true,
        1 | 2 => {
            LINKING_WORDS.iter().any(|word| view.is_word(start, word))
                && (open - start == 1 || view.is_punctuation(start + 1, ","))
        }
        _ => false,
    }
}

/// A transcript's speaker label at token `first`: one or two capitalised
/// words, after an optional courtesy title ("PENCE:", "MR. SMITH:"), and
/// the colon that ends it.
fn transcript_label(view: &TextView<'_>, first: usize) -> Option<(Range<usize>, usize)> {
    /// "MR." may come as one token or as "MR" and ".".
    const COURTESY_TITLES: [&str; 4] = ["MR", "MS", "MRS", "DR"];
    let mut start = first;
    if start < view.tokens.len()
        && COURTESY_TITLES.contains(&view.word(start).trim_end_matches('.'))
    {
        start += 1;
        if start < view.tokens.len() && view.is_punctuation(start, ".") {
            start += 1;
        }
    }
    let is_capitalised = |token: usize| {
        let word = view.word(token);
        view.kind(token) == TokenKind::Word
            && word.chars().count() >= 2
            && word
                .chars()
                .all(|c| c.is_uppercase() || c == '’' || c == '\'')
    };
    let mut end = start;
    while end < view.tokens.len() && end - start < 2 && is_capitalised(end) {
        end += 1;
    }
    (end > start && end < view.tokens.len() && view.is_punctuation(end, ":"))
        .then_some((first..end, end))
}

/// The person a transcript label names: the named person whose last name
/// is the label's last word ("PENCE" for "Mike Pence").
fn labelled_person(
    view: &TextView<'_>,
    label: Range<usize>,
    clustering: &Clustering,
) -> Option<usize> {
    let surname = view.word(label.end - 1);
    clustering.clusters.iter().position(|cluster| {
        !cluster.anonymous
            && cluster.kind() == EntityKind::Person
            && cluster
                .name
                .rsplit(' ')
                .next()
                .is_some_and(|last| last.eq_ignore_ascii_case(surname))
    })
}

/// Conjunctions and adverbs that open a sentence continuing the last one.
/// Cue verbs that usually take an object, so that a noun phrase after them
/// is a speaker only when it names a source ("demanded the spokesman").
const OBJECT_TAKING_CUES: [&str; 14] = [
    "demand",
    "call",
    "describe",
    "urge",
    "deny",
    "recall",
    "predict",
    "suggest",
    "announce",
    "pledge",
    "vow",
    "reiterate",
    "clarify",
    "recount",
];

/// Words that open what was asked: "asked whether …", "asked that …".
const QUESTION_WORDS: [&str; 10] = [
    "whether", "if", "why", "how", "what", "who", "when", "where", "which", "that",
];

/// Quantifiers that stand alone for unnamed people as the subject of a cue.
const UNNAMED_PEOPLE: [&str; 6] = ["others", "some", "many", "several", "another", "both"];

const LINKING_WORDS: [&str; 6] = ["but", "and", "yet", "still", "so", "however"];

/// How far into the sentence after a question or exclamation its cue may
/// stand: "the group shouted", "Omar Saleh, a teacher, asked".
const CUE_AFTER_A_QUESTION: usize = 8;

/// The longest party and state tag after a name: "(D-N.Y.)".
const LONGEST_PARTY_TAG: usize = 8;
/// The most title and descriptor words before a name after its cue: "said
/// conservative radio host X".
const LONGEST_DESCRIPTOR: usize = 5;

/// Modifiers a source noun may carry: "a veteran Shiite politician".
const MOST_MODIFIERS: usize = 4;
const PREPOSITIONS: [&str; 10] = [
    "to", "of", "for", "at", "in", "with", "from", "on", "by", "about",
];

/// A quotation found by its marks, before attribution.
#[derive(Debug)]
struct Marked {
    open: usize,
    /// The closing mark, or the last token of the paragraph when the
    /// quotation runs on into the next paragraph or is never closed.
    close: Option<usize>,
    last: usize,
    content: Range<usize>,
    /// Opens a paragraph that continues the previous paragraph's unclosed quotation.
    continues_previous: bool,
}

/// A quotation with everything but ids: the speaker and outlet are clusters.
#[derive(Debug)]
pub(crate) struct QuoteDraft {
    pub(crate) kind: QuoteKind,
    pub(crate) content: Span,
    pub(crate) speaker: Option<usize>,
    pub(crate) cue: Option<Span>,
    pub(crate) outlet: Option<usize>,
    /// Index of the quotation this one continues.
    pub(crate) continues: Option<usize>,
    pub(crate) evidence: Span,
}

/// Who a cue's subject or object turned out to be.
enum SourceRef {
    Named(usize),
    /// Words standing for a named cluster: a relative pronoun ("Saleh, who
    /// said …") or a description beside the name ("His predecessor, Omar
    /// Latif, said").
    Alias {
        tokens: Range<usize>,
        kind: MentionKind,
        cluster: usize,
    },
    Pronoun {
        token: usize,
        number: Number,
    },
    /// "I said": the writer of a first-person piece, one entity per article.
    Narrator {
        token: usize,
    },
    Description {
        span: Range<usize>,
        lemma: String,
        definite: bool,
        number: Number,
    },
}

struct Attributor<'v, 'a> {
    view: &'v TextView<'a>,
    syntax: Option<&'v Syntax<'v>>,
    quoted: Vec<bool>,
    key: String,
    /// Anonymous sources by the lemma of their noun, latest last, with the token where each was introduced.
    anonymous_by_lemma: HashMap<String, Vec<(usize, usize)>>,
    anonymous: Vec<(usize, usize, Number)>,
    /// (token where the role is stated, cluster, last word of the role title) in text order.
    role_holders: Vec<(usize, usize, String)>,
    /// The gender of each named cluster, where a given name or a courtesy
    /// title states it; clusters made later (unnamed sources) have none.
    genders: Vec<Option<Gender>>,
    /// The cluster of the article's first-person writer, once "I" speaks.
    narrator: Option<usize>,
}

pub(crate) fn extract_quotes(
    view: &TextView<'_>,
    syntax: Option<&Syntax<'_>>,
    clustering: &mut Clustering,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<QuoteDraft> {
    let marked = find_marked(view, diagnostics);
    let mut quoted = vec![false; view.tokens.len()];
    for quotation in &marked {
        quoted[quotation.open..=quotation.last].fill(true);
    }
    let mut role_holders: Vec<(usize, usize, String)> = clustering
        .clusters
        .iter()
        .enumerate()
        .flat_map(|(cluster, entry)| {
            entry.roles.iter().map(move |role| {
                let noun = role
                    .title
                    .rsplit(' ')
                    .next()
                    .unwrap_or_default()
                    .to_lowercase();
                (view.token_from(role.evidence.start), cluster, noun)
            })
        })
        .collect();
    role_holders.sort();
    let genders = cluster_genders(view, clustering);
    let mut attributor = Attributor {
        view,
        syntax,
        quoted,
        key: String::new(),
        anonymous_by_lemma: HashMap::new(),
        anonymous: Vec::new(),
        role_holders,
        genders,
        narrator: None,
    };
    // The word patterns stay beside the parse: where the parser misreads a
    // clause ("said on Monday that …" as a relative clause) they still hold.
    let mut indirect: Vec<IndirectCue<'_>> = match syntax {
        Some(syntax) => parsed_indirect_cues(view, syntax, &attributor.quoted),
        None => Vec::new(),
    };
    let mut parsed_sentence = vec![false; view.segmentation.sentences.len()];
    for cue in &indirect {
        parsed_sentence[view.sentence_of(cue.first())] = true;
    }
    indirect.extend(
        indirect_cues(view, &attributor.quoted)
            .into_iter()
            .filter(|cue| !parsed_sentence[view.sentence_of(cue.0)])
            .map(IndirectCue::Pattern),
    );
    indirect.sort_by_key(IndirectCue::first);
    let mut indirect = indirect.into_iter().peekable();
    let mut drafts: Vec<QuoteDraft> = Vec::with_capacity(marked.len());
    // The latest quotation drafted from marks: (its last token, its draft).
    let mut enclosing: Option<(usize, usize)> = None;
    for quotation in &marked {
        // Reported speech before this quotation is attributed first, so that
        // the sources it introduces are known to the quotation's cue.
        while let Some(cue) = indirect.next_if(|cue| cue.first() < quotation.open) {
            drafts.extend(attributor.indirect_cue(cue, clustering));
        }
        // Words quoted inside a quotation are its own speaker's when a
        // speech verb inside says whose ("Trump walked on, chanting
        // “U-S-A!”"), else the quoting speaker's ("PENCE: … thinks this
        // is “Shark Tank.”").
        if let Some((outer_last, outer)) = enclosing
            && quotation.last < outer_last
        {
            let mut draft = attributor.attribute(quotation, clustering, None, false);
            let speaks_inside = draft.speaker.is_some()
                && draft.cue.as_ref().is_some_and(|cue| {
                    let verb = view.token_from(cue.start);
                    !syntax.is_some_and(|syntax| {
                        ATTITUDE_LEMMAS.contains(&syntax.lemma(verb).to_ascii_lowercase().as_str())
                    })
                });
            if !speaks_inside {
                let outer = &drafts[outer];
                draft.speaker = outer.speaker;
                draft.cue = None;
                draft.outlet = None;
                draft.evidence = outer.evidence.clone();
            }
            draft.kind = QuoteKind::Partial;
            drafts.push(draft);
            continue;
        }
        let draft = attributor.attribute(
            quotation,
            clustering,
            drafts.last().map(|draft| (drafts.len() - 1, draft)),
            marked_paragraph_gap(view, quotation, &drafts),
        );
        enclosing = Some((quotation.last, drafts.len()));
        drafts.push(draft);
    }
    for cue in indirect {
        drafts.extend(attributor.indirect_cue(cue, clustering));
    }
    // A continuation that names its speaker lends it to the opening part.
    for index in (1..drafts.len()).rev() {
        if let (Some(previous), Some(speaker)) = (drafts[index].continues, drafts[index].speaker)
            && drafts[previous].speaker.is_none()
        {
            drafts[previous].speaker = Some(speaker);
        }
    }
    drafts
}

/// Each cluster's gender: from a courtesy title before any of its name
/// mentions ("Mrs. Haddad"), else from its given name ("Layla Haddad").
fn cluster_genders(view: &TextView<'_>, clustering: &Clustering) -> Vec<Option<Gender>> {
    let mut genders: Vec<Option<Gender>> = clustering
        .clusters
        .iter()
        .map(|cluster| cluster.given_name().and_then(gender_of_word))
        .collect();
    for placed in &clustering.placed {
        if placed.first > 0
            && let Some(gender) = gender_of_word(view.word(placed.first - 1))
        {
            genders[placed.cluster] = Some(gender);
        }
    }
    genders
}

/// Whether the previous quotation lies in this quotation's paragraph or the one before.
fn marked_paragraph_gap(view: &TextView<'_>, quotation: &Marked, drafts: &[QuoteDraft]) -> bool {
    let Some(previous) = drafts.last() else {
        return false;
    };
    let paragraph = view.paragraph_of(quotation.open);
    let previous_paragraph = view.paragraph_of(
        view.token_until(previous.content.end)
            .saturating_sub(1)
            .min(quotation.open),
    );
    paragraph - previous_paragraph <= 1
}

/// Verbs whose clause reports what someone said: "officials said the road
/// was closed". Verbs that also take plain objects or infinitives ("asked
/// the court", "continued to fight", "urged calm") are left out.
const INDIRECT_LEMMAS: [&str; 19] = [
    "say",
    "tell",
    "add",
    "state",
    "warn",
    "claim",
    "explain",
    "insist",
    "argue",
    "stress",
    "confirm",
    "announce",
    "declare",
    "acknowledge",
    "admit",
    "assert",
    "note",
    "predict",
    "according to",
];
/// Verbs of belief and intention: what a source thinks or means to do is
/// attributed to it like what it says ("officials believe the road will
/// reopen", "the ministry plans to reopen the road").
const ATTITUDE_LEMMAS: [&str; 27] = [
    "believe",
    "think",
    "want",
    "plan",
    "hope",
    "fear",
    "expect",
    "doubt",
    "feel",
    "worry",
    "suspect",
    "know",
    "intend",
    "promise",
    "realize",
    "recognize",
    "understand",
    "assume",
    "guess",
    "suppose",
    "imagine",
    "wonder",
    "decide",
    "learn",
    "seek",
    "aim",
    "refuse",
];
/// Of those, the verbs whose infinitive complement is the attributed
/// intention ("plans to reopen"); others need a finite clause.
const INTENTION_LEMMAS: [&str; 14] = [
    "want", "plan", "hope", "expect", "intend", "promise", "vow", "pledge", "threaten", "seek",
    "aim", "refuse", "decide", "agree",
];
/// Speech verbs read from the parse besides [`INDIRECT_LEMMAS`]: verbs that
/// also take plain objects are safe here because a clause complement is required.
const PARSED_SPEECH_LEMMAS: [&str; 29] = [
    "report",
    "question",
    "wonder",
    "write",
    "tweet",
    "reply",
    "respond",
    "deny",
    "suggest",
    "recall",
    "ask",
    "vow",
    "pledge",
    "threaten",
    "allege",
    "contend",
    "maintain",
    "concede",
    "estimate",
    "indicate",
    "reveal",
    "show",
    "conclude",
    "emphasize",
    "caution",
    "complain",
    "boast",
    "testify",
    "agree",
];

/// How many complement clauses a quotation may sit below the speech verb
/// that reports it.
const LONGEST_REPORT_CLIMB: usize = 2;

/// Verbs that name or qualify something in the subject's own words: "X
/// characterized her as, "…"", "X dubbed it "…"", "referred to him as "…"".
const NAMING_LEMMAS: [&str; 8] = [
    "call",
    "describe",
    "characterize",
    "label",
    "dub",
    "brand",
    "term",
    "refer",
];

/// Verbs of judging someone in words: quoted words they govern are their
/// subject's ("the court ruled the search "unlawful"", "X accused Y of
/// "betrayal"").
const JUDGING_LEMMAS: [&str; 14] = [
    "rule",
    "find",
    "determine",
    "accuse",
    "blame",
    "praise",
    "criticize",
    "condemn",
    "denounce",
    "dismiss",
    "mock",
    "slam",
    "hail",
    "reject",
];

/// Verbs of crying out, singing and quick retorts: quoted words in their sentence are
/// their subject's ("the protesters chanted "…"", "he demurred: "…"").
const OUTCRY_LEMMAS: [&str; 17] = [
    "chant", "shout", "yell", "scream", "cry", "holler", "roar", "echo", "cheer", "boom", "retort",
    "demur", "exclaim", "quip", "joke", "mutter", "sing",
];

/// Nouns of speech whose possessor is the speaker: "Saleh's remark that
/// "…"", "her response was: "…"".
const SPEECH_NOUNS: [&str; 22] = [
    "remark",
    "comment",
    "statement",
    "word",
    "claim",
    "response",
    "reply",
    "message",
    "tweet",
    "promise",
    "pledge",
    "warning",
    "assertion",
    "argument",
    "answer",
    "speech",
    "slogan",
    "admission",
    "description",
    "quip",
    "retort",
    "vow",
];

fn reports_or_holds(lemma: &str) -> bool {
    INDIRECT_LEMMAS.contains(&lemma)
        || ATTITUDE_LEMMAS.contains(&lemma)
        || PARSED_SPEECH_LEMMAS.contains(&lemma)
}

/// Any verb whose subject owns quoted words near it: speech, belief,
/// naming and outcry.
pub(crate) fn is_speech_lemma(lemma: &str) -> bool {
    reports_or_holds(lemma) || NAMING_LEMMAS.contains(&lemma) || OUTCRY_LEMMAS.contains(&lemma)
}

/// The longest dateline before a dash: "ASWAN, Egypt —".
const DATELINE_WORDS: usize = 6;

/// Reported speech found by its words or by the parse.
enum IndirectCue<'a> {
    /// (first token, end token, verb) of a lexicon cue.
    Pattern((usize, usize, &'a ReportingVerb)),
    /// A verb whose clause complement is the content.
    Parsed {
        verb: usize,
        clause: Range<usize>,
        subject: usize,
    },
}

impl IndirectCue<'_> {
    fn first(&self) -> usize {
        match self {
            IndirectCue::Pattern((first, _, _)) => *first,
            IndirectCue::Parsed { verb, clause, .. } => (*verb).min(clause.start),
        }
    }
}

/// "More than 2,000 refugees arrived, the agency said": the parser may call
/// the clause before a trailing speech cue an adverbial clause (`advcl`)
/// where the treebank says `ccomp`. It counts as what was said when it
/// stands before the subject, a comma between them, with a subject of its
/// own and no subordinating word ("After the talks ended, X said" is not).
fn is_clause_before_trailing_cue(
    view: &TextView<'_>,
    syntax: &Syntax<'_>,
    clause: usize,
    subject_start: usize,
    lemma: &str,
) -> bool {
    syntax.relation(clause) == "advcl"
        && !ATTITUDE_LEMMAS.contains(&lemma)
        && clause < subject_start
        && subject_start > 0
        && view.word(subject_start - 1) == ","
        && syntax.clause_subject(clause).is_some()
        && !syntax
            .children(clause)
            .any(|child| syntax.relation(child) == "mark")
}

/// Reported speech, beliefs and intentions by the parse: a speech or
/// attitude verb with a subject and a clause complement ("X said the road
/// was closed", "X plans to reopen it") or a parenthetical speech verb
/// after its clause ("The road was closed, X said"). Clauses holding quoted
/// words are left to the quotations.
fn parsed_indirect_cues<'a>(
    view: &TextView<'a>,
    syntax: &Syntax<'_>,
    quoted: &[bool],
) -> Vec<IndirectCue<'a>> {
    let mut cues = Vec::new();
    for sentence in &view.segmentation.sentences {
        let tokens = sentence.tokens.clone();
        for verb in tokens.clone() {
            if !syntax.is_verb(verb) || view.kind(verb) != TokenKind::Word {
                continue;
            }
            let lemma = syntax.lemma(verb).to_ascii_lowercase();
            if !reports_or_holds(&lemma) {
                continue;
            }
            let Some(subject) = syntax.clause_subject(verb) else {
                continue;
            };
            let subject_start = syntax.subtree(subject).start;
            let complement = syntax.children(verb).find(|&child| {
                syntax.relation(child) == "ccomp"
                    || (syntax.relation(child) == "xcomp"
                        && INTENTION_LEMMAS.contains(&lemma.as_str())
                        && syntax.is_verb(child))
                    || is_clause_before_trailing_cue(view, syntax, child, subject_start, &lemma)
            });
            let clause = match complement {
                // "Ana Ruiz, noting the crowd, said": a participle before its
                // verb describes the speaker, it is not what was said.
                Some(complement)
                    if complement < verb && syntax.is_present_participle(complement) =>
                {
                    continue;
                }
                Some(complement) => {
                    let mut clause = syntax.subtree(complement);
                    // "said that …": the complementiser is not what was said.
                    while clause.start < clause.end
                        && (view.is_word(clause.start, "that")
                            || view.kind(clause.start) == TokenKind::Punctuation)
                    {
                        clause.start += 1;
                    }
                    // A clause after its verb runs to the end of the sentence:
                    // the parser often attaches its last conjunct to the verb.
                    if clause.start > verb {
                        clause.end = tokens.end;
                        // …and from its "that", whatever the parser hung elsewhere.
                        if let Some(that) =
                            (verb + 1..clause.start).find(|&token| view.is_word(token, "that"))
                        {
                            clause.start = that + 1;
                        }
                    }
                    clause
                }
                None if syntax.relation(verb) == "parataxis"
                    && !ATTITUDE_LEMMAS.contains(&lemma.as_str()) =>
                {
                    let Some(head) = syntax.head(verb) else {
                        continue;
                    };
                    let whole = syntax.subtree(head);
                    let own = syntax.subtree(verb);
                    if own.start <= whole.start {
                        continue;
                    }
                    whole.start..own.start
                }
                None => continue,
            };
            let mut clause = without_dateline(view, clause.start..clause.end.min(tokens.end));
            while clause.end > clause.start && view.kind(clause.end - 1) == TokenKind::Punctuation {
                clause.end -= 1;
            }
            let words = clause
                .clone()
                .filter(|&token| view.kind(token) == TokenKind::Word)
                .count();
            // "asked not to be named": only a question or a request is
            // what someone asked.
            let asks_nothing = lemma == "ask"
                && !QUESTION_WORDS
                    .iter()
                    .any(|word| view.is_word(clause.start, word));
            if words < SHORTEST_CLAUSE
                || asks_nothing
                || clause.contains(&subject)
                || quoted[clause.clone()].iter().any(|&inside| inside)
                || clause
                    .clone()
                    .any(|token| view.kind(token) == TokenKind::Quote)
            {
                continue;
            }
            cues.push(IndirectCue::Parsed {
                verb,
                clause,
                subject,
            });
        }
    }
    cues
}

/// `clause` without a dateline at its start: "ASWAN, Egypt — …" says where
/// the story was filed, not what was said.
fn without_dateline(view: &TextView<'_>, clause: Range<usize>) -> Range<usize> {
    match (clause.start..clause.end.min(clause.start + DATELINE_WORDS))
        .find(|&token| matches!(view.word(token), "—" | "--" | "–"))
    {
        Some(dash) => dash + 1..clause.end,
        None => clause,
    }
}

/// A reported clause shorter than this many words is not a statement.
const SHORTEST_CLAUSE: usize = 3;
/// How far "that" may stand from its verb: "said on Monday that".
const THAT_REACH: usize = 8;

/// The first speech verb of every sentence without quotation marks, as
/// (first token, end token, verb).
fn indirect_cues<'a>(
    view: &TextView<'a>,
    quoted: &[bool],
) -> Vec<(usize, usize, &'a ReportingVerb)> {
    let mut key = String::new();
    let mut cues = Vec::new();
    for sentence in &view.segmentation.sentences {
        let tokens = sentence.tokens.clone();
        if quoted[tokens.clone()].iter().any(|&inside| inside)
            || tokens
                .clone()
                .any(|token| view.kind(token) == TokenKind::Quote)
        {
            continue;
        }
        let found = tokens.clone().find_map(|token| {
            let (end, verb) = view.reporting_verb_at(token, tokens.end, &mut key)?;
            INDIRECT_LEMMAS
                .contains(&verb.lemma.as_str())
                .then_some((token, end, verb))
        });
        cues.extend(found);
    }
    cues
}

/// Pairs the double quotation marks of the text.
fn find_marked(view: &TextView<'_>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Marked> {
    let mut marked = Vec::new();
    let mut open: Option<(usize, bool)> = None;
    // Tokens up to here belong to a quotation nested in the open one.
    let mut nested_until = 0;
    for token in 0..view.tokens.len() {
        if token < nested_until {
            continue;
        }
        let Some(direction) = view.double_quote(token) else {
            continue;
        };
        let mut continues_previous = false;
        if let Some((opening, continuing)) = open
            && view.paragraph_of(token) != view.paragraph_of(opening)
        {
            let last = last_token_of_paragraph(view, opening);
            let wire_continuation = direction == QuoteDirection::Opening
                && view.paragraph_of(token) == view.paragraph_of(opening) + 1
                && view.segmentation.sentences[view.sentence_of(token)]
                    .tokens
                    .start
                    == token
                && first_of_paragraph(view, token);
            if !wire_continuation {
                diagnostics.push(
                    Diagnostic::warning("quotation not closed before the paragraph ends")
                        .at(view.tokens[opening].start),
                );
            }
            push_marked(view, &mut marked, opening, None, last, continuing);
            open = None;
            continues_previous = wire_continuation;
        }
        match (open, direction) {
            (None, QuoteDirection::Opening) => open = Some((token, continues_previous)),
            (Some((opening, continuing)), QuoteDirection::Closing) => {
                push_marked(view, &mut marked, opening, Some(token), token, continuing);
                open = None;
            }
            (Some((opening, continuing)), QuoteDirection::Opening) => {
                if let Some(close) = nested_close(view, opening, token) {
                    push_marked(view, &mut marked, token, Some(close), close, false);
                    nested_until = close + 1;
                } else if view.word(token) == "\"" {
                    // A straight mark glued to the next word reads as opening; inside an open quotation it closes.
                    push_marked(view, &mut marked, opening, Some(token), token, continuing);
                    open = None;
                } else {
                    diagnostics.push(Diagnostic::warning("quotation mark opens inside an open quotation; the earlier one is dropped").at(view.tokens[opening].start));
                    open = Some((token, false));
                }
            }
            (None, QuoteDirection::Closing) => {
                diagnostics.push(
                    Diagnostic::warning("closing quotation mark without an opening one")
                        .at(view.tokens[token].start),
                );
            }
        }
    }
    if let Some((opening, continuing)) = open {
        diagnostics.push(
            Diagnostic::warning("quotation not closed before the paragraph ends")
                .at(view.tokens[opening].start),
        );
        let last = last_token_of_paragraph(view, opening);
        push_marked(view, &mut marked, opening, None, last, continuing);
    }
    // A nested quotation was pushed before the one around it.
    marked.sort_by_key(|quotation| quotation.open);
    marked
}

/// The closing mark of a quotation nested in one opened by a straight mark:
/// '"PENCE: … an episode of “Shark Tank.” But …"'. The curly pair must
/// close in the paragraph before any straight mark does.
fn nested_close(view: &TextView<'_>, outer: usize, inner: usize) -> Option<usize> {
    if view.word(outer) != "\"" || view.word(inner) != "“" {
        return None;
    }
    let paragraph = view.paragraph_of(inner);
    (inner + 1..view.tokens.len())
        .take_while(|&token| view.paragraph_of(token) == paragraph)
        .find(|&token| view.double_quote(token).is_some())
        .filter(|&token| view.word(token) == "”")
}

fn first_of_paragraph(view: &TextView<'_>, token: usize) -> bool {
    token == 0 || view.paragraph_of(token - 1) != view.paragraph_of(token)
}

fn last_token_of_paragraph(view: &TextView<'_>, token: usize) -> usize {
    let paragraph = view.paragraph_of(token);
    let mut last = token;
    while last + 1 < view.tokens.len() && view.paragraph_of(last + 1) == paragraph {
        last += 1;
    }
    last
}

fn push_marked(
    view: &TextView<'_>,
    marked: &mut Vec<Marked>,
    open: usize,
    close: Option<usize>,
    last: usize,
    continues_previous: bool,
) {
    let start = view.tokens[open].end;
    let end = match close {
        Some(close) => view.tokens[close].start,
        None => view.tokens[last].end,
    };
    if start >= end {
        return;
    }
    let inner = &view.text[start..end];
    let trimmed_start = start + (inner.len() - inner.trim_start().len());
    let trimmed_end = end - (inner.len() - inner.trim_end().len());
    if trimmed_start >= trimmed_end {
        return;
    }
    marked.push(Marked {
        open,
        close,
        last,
        content: trimmed_start..trimmed_end,
        continues_previous,
    });
}

impl<'a> Attributor<'_, 'a> {
    /// "She said she speaks … because "…"": a pronoun that is the subject of
    /// a speech verb before a quotation in its sentence joins its
    /// antecedent even when the quotation's own cue lies elsewhere, so that
    /// every reporting clause names its speaker.
    fn resolve_reporting_pronouns(&mut self, quotation: &Marked, clustering: &mut Clustering) {
        let Some(syntax) = self.syntax else {
            return;
        };
        let view = self.view;
        let sentence = view.sentence_tokens(quotation.open);
        for verb in sentence.start..quotation.open {
            if self.quoted[verb]
                || !syntax.is_verb(verb)
                || !reports_or_holds(&syntax.lemma(verb).to_ascii_lowercase())
            {
                continue;
            }
            let Some(subject) = syntax.subject(verb) else {
                continue;
            };
            if self.quoted[subject] {
                continue;
            }
            view.phrase_key_into(subject, subject + 1, &mut self.key);
            if let Some(number) = view
                .lexicon
                .pronoun(&self.key)
                .map(|pronoun| pronoun.number)
            {
                self.resolve(
                    SourceRef::Pronoun {
                        token: subject,
                        number,
                    },
                    clustering,
                );
            }
        }
    }

    fn attribute(
        &mut self,
        quotation: &Marked,
        clustering: &mut Clustering,
        previous: Option<(usize, &QuoteDraft)>,
        previous_is_near: bool,
    ) -> QuoteDraft {
        self.resolve_reporting_pronouns(quotation, clustering);
        let view = self.view;
        let open_sentence = view.sentence_of(quotation.open);
        let close_sentence = view.sentence_of(quotation.last);
        let kind = self.quote_kind(quotation, open_sentence, close_sentence);
        let mut speaker = None;
        let mut cue = None;
        let mut outlet = None;
        let mut cue_sentence = None;
        // ""PENCE: We will …"": a transcript's speaker label names the speaker.
        if let Some((label, colon)) = transcript_label(view, quotation.open + 1)
            && let Some(cluster) = labelled_person(view, label.clone(), clustering)
        {
            speaker = self.resolve(
                SourceRef::Alias {
                    tokens: label,
                    kind: MentionKind::Name,
                    cluster,
                },
                clustering,
            );
            cue = Some(colon..colon + 1);
            cue_sentence = Some(view.sentence_of(colon));
        }
        // A labelled quotation needs no cue word.
        let labelled = speaker.is_some();
        for (verb_first, verb_end, verb, inverted) in self
            .cue_candidates(quotation)
            .into_iter()
            .filter(|_| !labelled)
        {
            // '"…," saying the city …' is a participle, never an inverted cue.
            let inverted = inverted
                && !self
                    .syntax
                    .is_some_and(|syntax| syntax.is_present_participle(verb_first));
            // '"…," demanded a parliamentary inquiry': after a verb that
            // takes an object, an unlisted noun phrase is that object, while
            // 'wrote one commenter' names the writer.
            let takes_any_phrase =
                verb.source_follows || !OBJECT_TAKING_CUES.contains(&verb.lemma.as_str());
            let source = if verb.source_follows || inverted {
                let after = self.source_after(verb_end, clustering).filter(|source| {
                    takes_any_phrase
                        || !matches!(source, SourceRef::Description { lemma, .. }
                            if !self.is_listed_source_lemma(lemma))
                });
                after.or_else(|| {
                    (!verb.source_follows)
                        .then(|| self.subject_before(verb_first, clustering))
                        .flatten()
                })
            } else {
                self.participle_source(verb_first, clustering)
                    .or_else(|| self.subject_before(verb_first, clustering))
            };
            if cue.is_none() {
                cue = Some(verb_first..verb_end);
                cue_sentence = Some(view.sentence_of(verb_first));
            }
            if let Some(source) = source {
                cue = Some(verb_first..verb_end);
                cue_sentence = Some(view.sentence_of(verb_first));
                speaker = self.resolve(source, clustering);
                if verb.lemma == "tell" {
                    outlet = self.outlet_after(verb_end, clustering);
                }
                break;
            }
        }
        // "Omar Saleh: "We will stay."", "Omar Saleh, 25, a teacher: "…"": a
        // name opening a verbless lead-in and a colon introduce the statement.
        if cue.is_none() && quotation.open >= 2 && view.is_punctuation(quotation.open - 1, ":") {
            let colon = quotation.open - 1;
            if let Some(placed) = self.colon_lead_in(colon, clustering) {
                speaker = Some(placed);
                cue = Some(colon..quotation.open);
                cue_sentence = Some(view.sentence_of(colon));
            }
        }
        // "“We will stay.” ― Omar Saleh": a dash and a name sign a statement.
        if cue.is_none()
            && let Some(close) = quotation.close
            && close + 2 < view.tokens.len()
            && matches!(view.word(close + 1), "―" | "—" | "–" | "-")
            && let Some(placed) = clustering.mention_starting_at(close + 2)
            && view.paragraph_of(placed.first) == view.paragraph_of(close)
        {
            speaker = Some(placed.cluster);
            cue = Some(close + 1..close + 2);
            cue_sentence = Some(view.sentence_of(close + 1));
        }
        // "She then addressed the crowd:" before the quotation.
        if speaker.is_none()
            && let Some((verb, source)) = self.colon_sentence_source(quotation, clustering)
        {
            speaker = self.resolve(source, clustering);
            if speaker.is_some() {
                cue = Some(verb..verb + 1);
                cue_sentence = Some(view.sentence_of(verb));
            }
        }
        // "X called her "Miss Housekeeping"": quoted words inside a clause
        // belong to the clause's subject when the parse says so.
        if speaker.is_none()
            && !quotation.continues_previous
            && let Some((verb, source)) = self.clause_source(quotation, clustering)
        {
            speaker = self.resolve(source, clustering);
            if speaker.is_some() && cue.is_none() {
                cue = Some(verb..verb + 1);
                cue_sentence = Some(view.sentence_of(verb));
            }
        }
        // The parse may hang the quoted words anywhere: a speech verb of the
        // same sentence with a subject still says whose they are.
        if speaker.is_none()
            && !quotation.continues_previous
            && let Some((verb, source)) = self.sentence_speech_source(quotation, clustering)
        {
            speaker = self.resolve(source, clustering);
            if speaker.is_some() && cue.is_none() {
                cue = Some(verb..verb + 1);
                cue_sentence = Some(view.sentence_of(verb));
            }
        }
        // "Howard continued his remarks. "Eight years ago …"": a quotation
        // opening its sentence without a cue takes the subject of the
        // sentence that leads up to it, before any older running speaker.
        if speaker.is_none()
            && cue.is_none()
            && !quotation.continues_previous
            && opens_its_sentence(view, quotation.open)
            && let Some((verb, source)) = self.lead_in_sentence_source(quotation, clustering)
        {
            speaker = self.resolve(source, clustering);
            if speaker.is_some() {
                cue_sentence = Some(view.sentence_of(verb));
            }
        }
        let mut continues = None;
        if quotation.continues_previous {
            continues = previous.map(|(index, _)| index);
        }
        if cue.is_none()
            && speaker.is_none()
            && let Some((index, draft)) = previous
        {
            let opens_sentence = opens_its_sentence(view, quotation.open);
            if quotation.continues_previous
                || (opens_sentence && previous_is_near && draft.speaker.is_some())
            {
                speaker = draft.speaker;
                continues = Some(index);
            }
        }
        if let Some(speaker) = speaker {
            clustering.clusters[speaker].settle_as_speaker();
        }
        if outlet.is_none()
            && let Some(cue_sentence) = cue_sentence
            && speaker.is_some()
        {
            outlet = self.interview_outlet(cue_sentence, clustering);
        }
        let first_sentence =
            cue_sentence.map_or(open_sentence, |sentence| sentence.min(open_sentence));
        let last_sentence =
            cue_sentence.map_or(close_sentence, |sentence| sentence.max(close_sentence));
        let sentences = &view.segmentation.sentences;
        QuoteDraft {
            kind,
            content: Span::of(view.text, quotation.content.clone()),
            speaker,
            cue: cue.map(|tokens| {
                Span::of(
                    view.text,
                    view.tokens[tokens.start].start..view.tokens[tokens.end - 1].end,
                )
            }),
            outlet,
            continues,
            evidence: Span::of(
                view.text,
                sentences[first_sentence].start..sentences[last_sentence].end,
            ),
        }
    }

    fn indirect_cue(
        &mut self,
        cue: IndirectCue<'a>,
        clustering: &mut Clustering,
    ) -> Option<QuoteDraft> {
        match cue {
            IndirectCue::Pattern(cue) => self.indirect(cue, clustering),
            IndirectCue::Parsed {
                verb,
                clause,
                subject,
            } => Some(self.indirect_parsed(verb, clause, subject, clustering)),
        }
    }

    /// Reported speech read from the parse; the speaker stays `None` when the
    /// subject is nobody this stage can name ("it" with no body before it).
    fn indirect_parsed(
        &mut self,
        verb: usize,
        clause: Range<usize>,
        subject: usize,
        clustering: &mut Clustering,
    ) -> QuoteDraft {
        let view = self.view;
        // A subject the parse mistags ("official" as an adjective) may still
        // be found by the word rules right before the verb.
        // Nouns the lexicon does not know as sources come last: the parser's
        // subject may be a misattached "the capital" where the words before
        // the verb say "two security officials".
        let source = self
            .subject_source(subject, false, clustering)
            .or_else(|| self.subject_before(verb, clustering))
            .or_else(|| self.subject_source(subject, true, clustering));
        let speaker = source.and_then(|source| self.resolve(source, clustering));
        if let Some(speaker) = speaker {
            clustering.clusters[speaker].settle_as_speaker();
        }
        let outlet = if self
            .syntax
            .is_some_and(|syntax| syntax.lemma(verb) == "tell")
        {
            self.outlet_after(verb + 1, clustering)
        } else {
            self.interview_outlet(view.sentence_of(verb), clustering)
        };
        let sentence = &view.segmentation.sentences[view.sentence_of(verb)];
        QuoteDraft {
            kind: QuoteKind::Indirect,
            content: Span::of(
                view.text,
                view.tokens[clause.start].start..view.tokens[clause.end - 1].end,
            ),
            speaker,
            cue: Some(Span::of(view.text, view.tokens[verb].range())),
            outlet,
            continues: None,
            evidence: Span::of(view.text, sentence.start..sentence.end),
        }
    }

    /// The speaker of a verbless lead-in ending in a colon: the first name
    /// in it ("Omar Saleh, 25, a teacher from Basra:").
    fn colon_lead_in(&self, colon: usize, clustering: &Clustering) -> Option<usize> {
        /// A lead-in longer than this is a sentence of its own.
        const LONGEST_LEAD_IN: usize = 16;
        let view = self.view;
        let start = view.sentence_tokens(colon).start;
        if colon - start > LONGEST_LEAD_IN {
            return None;
        }
        let verbless = self
            .syntax
            .is_some_and(|syntax| !(start..colon).any(|token| syntax.is_verb(token)));
        if verbless
            && let Some(placed) = clustering.mention_starting_at(start)
            && placed.end < colon
            && view.is_punctuation(placed.end, ",")
        {
            return Some(placed.cluster);
        }
        clustering
            .mention_ending_at(colon)
            .filter(|placed| placed.first >= start)
            .map(|placed| placed.cluster)
    }

    /// The subject of the clause that quoted words stand in, by the parse:
    /// the verb governing the quotation must report speech or thought, or
    /// take the quotation (or the phrase holding it) as its complement.
    fn clause_source(
        &mut self,
        quotation: &Marked,
        clustering: &Clustering,
    ) -> Option<(usize, SourceRef)> {
        /// Nominal heads a quotation may sit under before its verb:
        /// "promised a cure for "belly fat"".
        const LONGEST_NOMINAL_CLIMB: usize = 3;
        let syntax = self.syntax?;
        let view = self.view;
        let inside = quotation.open..quotation.last + 1;
        let sentence = view.sentence_tokens(quotation.open);
        let (mut child, mut current) = (quotation.open + 1..quotation.last).find_map(|token| {
            let head = syntax.head(token)?;
            (!inside.contains(&head) && sentence.contains(&head)).then_some((token, head))
        })?;
        for _ in 0..LONGEST_NOMINAL_CLIMB {
            if syntax.is_verb(current) {
                break;
            }
            if let Some(source) = self.possessor_source(current, clustering) {
                return Some((current, source));
            }
            if !matches!(
                syntax.relation(child),
                "nmod" | "appos" | "amod" | "compound" | "conj" | "obj" | "obl" | "flat"
            ) || syntax.subject(current).is_some()
            {
                return None;
            }
            child = current;
            current = syntax.head(current)?;
        }
        if !syntax.is_verb(current) {
            return None;
        }
        // "X rejected her claim that "…"": the parser hangs the clause on the
        // verb, beside the noun of speech whose possessor said it.
        let objects: Vec<usize> = syntax
            .children(current)
            .filter(|&object| syntax.relation(object) == "obj" && object < quotation.open)
            .collect();
        for object in objects {
            if let Some(source) = self.possessor_source(object, clustering) {
                return Some((object, source));
            }
        }
        let is_speech = |verb: usize| {
            let lemma = syntax.lemma(verb).to_ascii_lowercase();
            reports_or_holds(&lemma)
                || NAMING_LEMMAS.contains(&lemma.as_str())
                || JUDGING_LEMMAS.contains(&lemma.as_str())
                || view
                    .lexicon
                    .reporting_verb(&view.word(verb).to_lowercase())
                    .is_some()
        };
        let mut speech = is_speech(current);
        // "X questioned why the troops were leaving "at such a moment"": the
        // quoted words belong to a clause that a speech verb higher up
        // reports, and that verb's subject is the one who used them.
        let mut reporting = current;
        for _ in 0..LONGEST_REPORT_CLIMB {
            // The parser often takes a reported "why/how" clause for an
            // adverbial one, so both relations lead up to the reporting verb.
            if speech || !matches!(syntax.relation(reporting), "ccomp" | "advcl" | "conj") {
                break;
            }
            reporting = syntax.head(reporting)?;
            if is_speech(reporting) {
                current = reporting;
                speech = true;
            }
        }
        let complement = matches!(
            syntax.relation(child),
            "obj" | "iobj" | "xcomp" | "ccomp" | "obl"
        );
        if !speech && !complement {
            return None;
        }
        let subject = syntax.clause_subject(current)?;
        if inside.contains(&subject) {
            return None;
        }
        // Quoted words in the clause are its subject's, whatever the verb:
        // "The report faults the agency for "years of neglect"". Without a
        // speech verb a description must name a listed source.
        let source = self.subject_source(subject, speech, clustering)?;
        Some((current, source))
    }

    /// What a subject token stands for: a name, a pronoun, or a description
    /// of a source. A noun the lexicon does not know as a source ("the
    /// announcer", "the commission") is accepted only where the clause
    /// holds the quoted words (`of_speech`), not as the subject of any verb.
    fn subject_source(
        &mut self,
        subject: usize,
        of_speech: bool,
        clustering: &Clustering,
    ) -> Option<SourceRef> {
        let syntax = self.syntax?;
        let view = self.view;
        if let Some(placed) = clustering.mention_covering(subject) {
            // "NAIROBI — Aid agencies said": a dateline the parser took into
            // the subject is where the story was filed, not who spoke.
            if is_dateline(view, placed.first, placed.end) {
                return None;
            }
            // "the spokesman for Prime Minister X" has its own head noun, so a
            // name covering the subject is the subject's own name.
            return Some(SourceRef::Named(placed.cluster));
        }
        // "Cruz himself said": the parser may take the reflexive for the
        // subject; the name before it is.
        if subject > 0
            && is_reflexive(view.word(subject))
            && let Some(placed) = clustering.mention_covering(subject - 1)
        {
            return Some(SourceRef::Named(placed.cluster));
        }
        // "Trump, who has called it …": a relative pronoun stands for the
        // name its clause modifies.
        let relative = view.word(subject).to_ascii_lowercase();
        if matches!(relative.as_str(), "who" | "that" | "which") {
            let by_parse = syntax
                .head(subject)
                .filter(|&verb| syntax.relation(verb) == "acl")
                .and_then(|verb| syntax.head(verb))
                .and_then(|antecedent| clustering.mention_covering(antecedent));
            // The parser often misses a relative clause after a comma;
            // "Name, who" says it all the same.
            let by_position = || {
                (relative == "who" && subject >= 2 && view.is_punctuation(subject - 1, ","))
                    .then(|| clustering.mention_ending_at(subject - 1))
                    .flatten()
            };
            if let Some(placed) = by_parse.or_else(by_position) {
                return Some(SourceRef::Alias {
                    tokens: subject..subject + 1,
                    kind: MentionKind::Pronoun,
                    cluster: placed.cluster,
                });
            }
        }
        view.phrase_key_into(subject, subject + 1, &mut self.key);
        if let Some(pronoun) = view.lexicon.pronoun(&self.key) {
            return Some(SourceRef::Pronoun {
                token: subject,
                number: pronoun.number,
            });
        }
        if of_speech && syntax.relation(subject) == "nsubj" && view.is_word(subject, "it") {
            return Some(SourceRef::Pronoun {
                token: subject,
                number: Number::Singular,
            });
        }
        if of_speech && view.word(subject) == "I" {
            return Some(SourceRef::Narrator { token: subject });
        }
        if !syntax.is_nominal(subject) || view.kind(subject) != TokenKind::Word {
            return None;
        }
        if let Some(source) = self.possessor_source(subject, clustering) {
            return Some(source);
        }
        // "Foreign Minister Faisal bin Mansour": a name right after the head
        // noun is the subject's own.
        if let Some(placed) = clustering.mention_starting_at(subject + 1) {
            return Some(SourceRef::Named(placed.cluster));
        }
        let phrase = syntax.subtree(subject);
        let start = phrase.start;
        // The description ends where a comma, a verb or a relative clause
        // starts, whatever the parser hung below the noun; a hyphen inside a
        // word ("al-Anbar") does not end it.
        let mut end = subject + 1;
        while end < phrase.end
            && end - start < LONGEST_DESCRIPTION
            && (view.kind(end) != TokenKind::Punctuation || is_inner_hyphen(view, end))
            && !syntax.is_verb(end)
            && !CLAUSE_WORDS.iter().any(|word| view.is_word(end, word))
        {
            end += 1;
        }
        if let Some(description) = self.description_in(start, end) {
            return Some(description);
        }
        // "Others, reacting to the video, shouted": a quantifier standing
        // alone for people the article does not name.
        let word = view.word(subject).to_ascii_lowercase();
        if of_speech
            && syntax.relation(subject) == "nsubj"
            && UNNAMED_PEOPLE.contains(&word.as_str())
        {
            let number = if word == "another" {
                Number::Singular
            } else {
                Number::Plural
            };
            return Some(SourceRef::Description {
                span: subject..subject + 1,
                lemma: word,
                definite: false,
                number,
            });
        }
        // Pronouns the lexicon does not list ("it", "I", "who") name nobody here.
        if of_speech
            && syntax.relation(subject) == "nsubj"
            && syntax
                .lemma(subject)
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
            && !matches!(
                view.word(subject).to_ascii_lowercase().as_str(),
                "it" | "i" | "we" | "you" | "who" | "that" | "which" | "this" | "what" | "one"
            )
            && start < subject
        {
            // The parser may hang a whole clause below the noun: the
            // description starts after its last verb, clause word or mark.
            let start = (start..subject)
                .rev()
                .find(|&token| {
                    syntax.is_verb(token)
                        || view.kind(token) != TokenKind::Word
                        || CLAUSE_WORDS.iter().any(|word| view.is_word(token, word))
                })
                .map_or(start, |boundary| boundary + 1);
            return Some(SourceRef::Description {
                span: start..subject + 1,
                lemma: syntax.lemma(subject).to_lowercase(),
                definite: view.is_word(start, "the"),
                number: if syntax.is_plural(subject) {
                    Number::Plural
                } else {
                    Number::Singular
                },
            });
        }
        None
    }

    /// Reported speech around a verb: the source before it ("officials said
    /// …", "X told Outlet that …") or after "according to"; `None` when the
    /// source or the reported clause cannot be found.
    fn indirect(
        &mut self,
        (verb_first, verb_end, verb): (usize, usize, &'a ReportingVerb),
        clustering: &mut Clustering,
    ) -> Option<QuoteDraft> {
        let view = self.view;
        let sentence = view.sentence_tokens(verb_first);
        let mut clause_end = sentence.end;
        while clause_end > sentence.start && view.kind(clause_end - 1) == TokenKind::Punctuation {
            clause_end -= 1;
        }
        let (source, clause, tells_outlet) = if verb.source_follows {
            let source = self.source_after(verb_end, clustering)?;
            let clause = if verb_first == sentence.start {
                let comma =
                    (verb_end..clause_end).find(|&token| view.is_punctuation(token, ","))?;
                comma + 1..clause_end
            } else {
                let mut end = verb_first;
                while end > sentence.start && view.kind(end - 1) == TokenKind::Punctuation {
                    end -= 1;
                }
                sentence.start..end
            };
            (source, clause, false)
        } else {
            let source = self.subject_before(verb_first, clustering)?;
            let reach = (verb_end + THAT_REACH).min(clause_end);
            let that = (verb_end..reach).find(|&token| view.is_word(token, "that"));
            let tells = verb.lemma == "tell";
            let parenthetical = verb_end >= clause_end || view.is_punctuation(verb_end, ",");
            let clause = if parenthetical && that.is_none() {
                // "The visitors were older, she said, and …": the statement
                // stands before the comma that opens the cue.
                let comma = (sentence.start..verb_first)
                    .rev()
                    .find(|&token| view.is_punctuation(token, ","))?;
                sentence.start..comma
            } else {
                // "told reporters on Monday that …": without "that" the object is not a clause.
                let start = match that {
                    Some(that) => that + 1,
                    None if tells => return None,
                    None => verb_end,
                };
                start..clause_end
            };
            (source, clause, tells)
        };
        let clause = without_dateline(view, clause);
        let words = clause
            .clone()
            .filter(|&token| view.kind(token) == TokenKind::Word)
            .count();
        if words < SHORTEST_CLAUSE || clause.start >= clause.end {
            return None;
        }
        let speaker = self.resolve(source, clustering)?;
        clustering.clusters[speaker].settle_as_speaker();
        let outlet = if tells_outlet {
            self.outlet_after(verb_end, clustering)
        } else {
            None
        };
        let bytes =
            |range: Range<usize>| view.tokens[range.start].start..view.tokens[range.end - 1].end;
        let sentences = &view.segmentation.sentences;
        let sentence_index = view.sentence_of(verb_first);
        Some(QuoteDraft {
            kind: QuoteKind::Indirect,
            content: Span::of(view.text, bytes(clause)),
            speaker: Some(speaker),
            cue: Some(Span::of(view.text, bytes(verb_first..verb_end))),
            outlet,
            continues: None,
            evidence: Span::of(
                view.text,
                sentences[sentence_index].start..sentences[sentence_index].end,
            ),
        })
    }

    /// A whole statement opens its sentence, follows a colon, spans sentences
    /// or ends in its own punctuation; anything else is a few quoted words.
    fn quote_kind(
        &self,
        quotation: &Marked,
        open_sentence: usize,
        close_sentence: usize,
    ) -> QuoteKind {
        let view = self.view;
        let opens_sentence = view.sentence_starts_at(quotation.open);
        let after_colon = quotation.open > 0 && view.is_punctuation(quotation.open - 1, ":");
        let ends_in_punctuation =
            view.text[quotation.content.clone()].ends_with([',', '.', '?', '!', '…']);
        if opens_sentence
            || after_colon
            || open_sentence != close_sentence
            || ends_in_punctuation
            || quotation.close.is_none()
        {
            QuoteKind::Direct
        } else {
            QuoteKind::Partial
        }
    }

    /// Reporting verbs near the quotation, the most likely first: after the
    /// closing mark in its sentence, then before the opening mark in its own.
    /// Each comes with whether it directly follows the closing mark ("…," said X).
    fn cue_candidates(
        &mut self,
        quotation: &Marked,
    ) -> Vec<(usize, usize, &'a ReportingVerb, bool)> {
        let view = self.view;
        let mut candidates = Vec::new();
        let after = quotation.last + 1;
        let after_end = view
            .sentence_tokens(quotation.last)
            .end
            .min(after + CUE_REACH);
        let mut only_punctuation = true;
        let mut token = after;
        while token < after_end && !self.quoted[token] {
            if let Some((end, verb)) = view.reporting_verb_at(token, after_end, &mut self.key) {
                candidates.push((token, end, verb, only_punctuation));
                token = end;
                only_punctuation = false;
                continue;
            }
            only_punctuation &= view.kind(token) == TokenKind::Punctuation;
            token += 1;
        }
        // "X said:" ending the paragraph before introduces the quotation
        // that opens the next one.
        let lead_in = match self.colon_before(quotation) {
            Some(colon) => colon,
            None => quotation.open,
        };
        let before_start = view
            .sentence_tokens(lead_in)
            .start
            .max(quotation.open.saturating_sub(CUE_REACH));
        let mut token = quotation.open;
        while token > before_start && !self.quoted[token - 1] {
            token -= 1;
            if let Some((end, verb)) = view.reporting_verb_at(token, quotation.open, &mut self.key)
            {
                candidates.push((token, end, verb, false));
            }
        }
        candidates
    }

    /// The speaker of a participle cue, from the parse: the subject of the
    /// clause it hangs on ("Saleh rejected the plan after meeting the
    /// envoys, adding …"), or of the verb whose object it describes ("the
    /// ministry released a statement saying …"). The words before a
    /// participle are seldom its subject, so the parse decides first.
    fn participle_source(&mut self, verb: usize, clustering: &Clustering) -> Option<SourceRef> {
        let syntax = self.syntax?;
        if !syntax.is_present_participle(verb) {
            return None;
        }
        let subject = syntax.clause_subject(verb).or_else(|| {
            let noun = syntax
                .head(verb)
                .filter(|_| syntax.relation(verb) == "acl")?;
            let governor = syntax.head(noun).filter(|&head| syntax.is_verb(head))?;
            syntax.clause_subject(governor)
        })?;
        if self.quoted[subject] {
            return None;
        }
        self.subject_source(subject, true, clustering)
    }

    /// Whose words a noun of speech holds: "Saleh's remark that "…"", "her
    /// response was: "…"".
    fn possessor_source(&mut self, noun: usize, clustering: &Clustering) -> Option<SourceRef> {
        let syntax = self.syntax?;
        let lemma = syntax.lemma(noun).to_ascii_lowercase();
        if !SPEECH_NOUNS.contains(&lemma.as_str()) {
            return None;
        }
        let view = self.view;
        // The parse may miss a possessive the words still show: "Saleh's remark".
        let by_words = || {
            let before = noun.checked_sub(1)?;
            if matches!(view.word(before), "’s" | "'s") {
                let placed = clustering.mention_ending_at(before)?;
                return Some(placed.end - 1);
            }
            matches!(
                view.word(before).to_ascii_lowercase().as_str(),
                "his" | "her" | "their"
            )
            .then_some(before)
        };
        let possessor = syntax.possessor(noun).or_else(by_words)?;
        let number = match view.word(possessor).to_ascii_lowercase().as_str() {
            "his" | "her" => Number::Singular,
            "their" => Number::Plural,
            _ => return self.subject_source(possessor, false, clustering),
        };
        Some(SourceRef::Pronoun {
            token: possessor,
            number,
        })
    }

    /// The first speech verb outside the quotation in its sentence whose
    /// subject names a source: "X said that by refusing to act, others were "…"".
    fn sentence_speech_source(
        &mut self,
        quotation: &Marked,
        clustering: &Clustering,
    ) -> Option<(usize, SourceRef)> {
        let syntax = self.syntax?;
        let view = self.view;
        let sentence = view.sentence_tokens(quotation.open);
        // ""Why now?" Omar Saleh asked.": the segmenter ends a sentence at
        // the question or exclamation mark, so the cue starting the next
        // one still counts.
        let mut reach = sentence.clone();
        if let Some(close) = quotation.close
            && close > 0
            && close + 1 == sentence.end
            && close + 1 < view.tokens.len()
            && matches!(view.word(close - 1), "?" | "!")
            && view.paragraph_of(close + 1) == view.paragraph_of(close)
        {
            let next = view.sentence_tokens(close + 1);
            reach.end = next.end.min(next.start + CUE_AFTER_A_QUESTION);
        }
        let candidates: Vec<usize> = reach
            .filter(|&token| {
                !self.quoted[token]
                    && syntax.is_verb(token)
                    && view.kind(token) == TokenKind::Word
                    && {
                        is_speech_lemma(&syntax.lemma(token).to_ascii_lowercase())
                            || view
                                .lexicon
                                .reporting_verb(&view.word(token).to_lowercase())
                                .is_some()
                    }
            })
            .collect();
        for verb in candidates {
            // ", said Geert Wilders.": after a comma the source follows the
            // verb, whatever the parse takes for its subject.
            if verb > sentence.start
                && view.is_punctuation(verb - 1, ",")
                && syntax.is_finite(verb)
                && let Some(source) = self.source_after(verb + 1, clustering)
                && match &source {
                    // "said in a statement that …" is no source.
                    SourceRef::Description { span, .. } => span.start == verb + 1,
                    _ => true,
                }
            {
                return Some((verb, source));
            }
            let Some(subject) = syntax.clause_subject(verb) else {
                continue;
            };
            if self.quoted[subject] {
                continue;
            }
            if let Some(source) = self.subject_source(subject, true, clustering) {
                return Some((verb, source));
            }
        }
        // Without a speech verb, quoted words in a sentence are its
        // subject's, whoever or whatever that is, unless it is a place: "He
        // held up the sign, mouthing "…"", "The report faults the agency
        // for "years of neglect"".
        let root = sentence
            .clone()
            .find(|&token| syntax.head(token).is_none() && !self.quoted[token])?;
        let subject = syntax.clause_subject(root)?;
        if self.quoted[subject] {
            return None;
        }
        match self.subject_source(subject, false, clustering)? {
            SourceRef::Named(cluster)
                if clustering.clusters[cluster].kind() == EntityKind::Place =>
            {
                None
            }
            source => Some((root, source)),
        }
    }

    /// The subject of the sentence right before a quotation, in its
    /// paragraph or ending the one before, when that sentence quotes nothing
    /// itself and its subject is a person, a body or a pronoun.
    fn lead_in_sentence_source(
        &mut self,
        quotation: &Marked,
        clustering: &Clustering,
    ) -> Option<(usize, SourceRef)> {
        let syntax = self.syntax?;
        let view = self.view;
        let before = quotation.open.checked_sub(1)?;
        if view.paragraph_of(before) + 1 < view.paragraph_of(quotation.open) {
            return None;
        }
        let sentence = view.sentence_tokens(before);
        if sentence.clone().any(|token| self.quoted[token]) {
            return None;
        }
        let root = sentence
            .clone()
            .find(|&token| syntax.head(token).is_none())?;
        let subject = syntax.clause_subject(root)?;
        let source = self.subject_source(subject, false, clustering)?;
        let fits = match &source {
            SourceRef::Named(cluster) => matches!(
                clustering.clusters[*cluster].kind(),
                EntityKind::Person | EntityKind::Organization | EntityKind::Group
            ),
            SourceRef::Pronoun { .. } | SourceRef::Alias { .. } | SourceRef::Narrator { .. } => {
                true
            }
            SourceRef::Description { .. } => false,
        };
        fits.then_some((root, source))
    }

    /// The colon right before the opening mark, in this paragraph or ending the one before.
    fn colon_before(&self, quotation: &Marked) -> Option<usize> {
        let colon = quotation.open.checked_sub(1)?;
        (self.view.is_punctuation(colon, ":") && !self.quoted[colon]).then_some(colon)
    }

    /// The subject of the sentence a colon ends, when no cue word names the
    /// speaker: "She then addressed the crowd again: "…"".
    fn colon_sentence_source(
        &mut self,
        quotation: &Marked,
        clustering: &Clustering,
    ) -> Option<(usize, SourceRef)> {
        let syntax = self.syntax?;
        let colon = self.colon_before(quotation)?;
        let sentence = self.view.sentence_tokens(colon);
        // "Her response was:": a noun of speech before the colon names whose words follow.
        for noun in sentence.start..colon {
            if let Some(source) = self.possessor_source(noun, clustering) {
                return Some((noun, source));
            }
        }
        let root = sentence
            .clone()
            .find(|&token| syntax.head(token).is_none())?;
        // "Her response was:": the copula's subject holds the words.
        let (verb, subject) = match syntax.clause_subject(root) {
            Some(subject) => (root, subject),
            None => return None,
        };
        // The lead-in speaks, not the quoted words the parse may root the sentence in.
        if !syntax.is_verb(verb) || verb > colon || subject > colon {
            return None;
        }
        let source = self.subject_source(subject, true, clustering)?;
        Some((verb, source))
    }

    /// The source standing right before a reporting verb: a name, a pronoun,
    /// a description, or any of these before an appositive
    /// ("Ali Hassan, a member of the committee, said").
    fn subject_before(&mut self, verb_first: usize, clustering: &Clustering) -> Option<SourceRef> {
        let view = self.view;
        let floor = self.clause_floor(verb_first);
        // "Bamberg also said", "Sanders on Tuesday said": skip what stands between.
        let mut verb_first = verb_first;
        while verb_first > floor + 1 && is_adverbial(view, self.syntax, verb_first - 1) {
            verb_first -= 1;
        }
        if verb_first > floor + 2
            && view.is_word(verb_first - 2, "on")
            && crate::mentions::is_calendar_word(view.word(verb_first - 1))
        {
            verb_first -= 2;
        }
        // "Sen. Ana Ruiz (D-Mo.) said": a party and state tag closes the name.
        if verb_first > floor + 1
            && view.is_punctuation(verb_first - 1, ")")
            && let Some(open) = (floor..verb_first - 1)
                .rev()
                .take(LONGEST_PARTY_TAG)
                .find(|&token| view.is_punctuation(token, "("))
            && clustering.mention_ending_at(open).is_some()
        {
            verb_first = open;
        }
        if verb_first <= floor {
            return None;
        }
        let before = verb_first - 1;
        if view.is_punctuation(before, ",") {
            let mut opening_comma = (floor..before)
                .rev()
                .take(LONGEST_DESCRIPTION * 2)
                .find(|&token| view.is_punctuation(token, ","))?;
            // "Ana Ruiz, 34, of Tulsa, Okla., said": an age, a hometown and
            // its state are appositives too; the name stands before them.
            let mut segment_end = before;
            while self.is_age_or_hometown(opening_comma + 1..segment_end, clustering)
                && let Some(previous) = (floor..opening_comma)
                    .rev()
                    .take(LONGEST_DESCRIPTION)
                    .find(|&token| view.is_punctuation(token, ","))
            {
                segment_end = opening_comma;
                opening_comma = previous;
            }
            // "Sen. Ana Ruiz (D-Mo.), noting …, said": the party tag closes
            // the name before the comma.
            if opening_comma > floor + 1
                && view.is_punctuation(opening_comma - 1, ")")
                && let Some(placed) = (floor..opening_comma - 1)
                    .rev()
                    .take(LONGEST_PARTY_TAG)
                    .find(|&token| view.is_punctuation(token, "("))
                    .and_then(|open| clustering.mention_ending_at(open))
            {
                return Some(SourceRef::Named(placed.cluster));
            }
            // An anonymous source is named by its description alone: "a
            // veteran politician", not the appositive that follows it…
            let described = self.source_ending_at(opening_comma, floor, clustering);
            // …unless the appositive is a name: "His predecessor, Omar Latif,".
            let appositive_name = clustering
                .mention_ending_at(before)
                .filter(|placed| placed.first == opening_comma + 1);
            return match (described, appositive_name) {
                (Some(SourceRef::Description { span, .. }), Some(placed)) => {
                    Some(SourceRef::Alias {
                        tokens: span,
                        kind: MentionKind::Description,
                        cluster: placed.cluster,
                    })
                }
                (None, Some(placed)) => {
                    // "His predecessor": a short phrase with a determiner is
                    // a description of the name that follows it.
                    let phrase_start = (floor..opening_comma)
                        .rev()
                        .take(MOST_MODIFIERS)
                        .take_while(|&token| view.kind(token) == TokenKind::Word)
                        .find(|&token| {
                            POSSESSIVE_DETERMINERS
                                .iter()
                                .chain(&DETERMINERS)
                                .any(|word| view.is_word(token, word))
                        });
                    Some(match phrase_start {
                        Some(phrase_start) => SourceRef::Alias {
                            tokens: phrase_start..opening_comma,
                            kind: MentionKind::Description,
                            cluster: placed.cluster,
                        },
                        None => SourceRef::Named(placed.cluster),
                    })
                }
                (described, _) => described,
            };
        }
        self.source_ending_at(verb_first, floor, clustering)
    }

    /// Whether the words between two commas are an age ("34"), a hometown
    /// ("of Tulsa", "from Basra"), a place name or an abbreviated one
    /// ("Okla.").
    fn is_age_or_hometown(&self, words: Range<usize>, clustering: &Clustering) -> bool {
        let view = self.view;
        if words.is_empty() {
            return false;
        }
        let age = words.len() == 1 && view.kind(words.start) == TokenKind::Number;
        let hometown = view.is_word(words.start, "of") || view.is_word(words.start, "from");
        let place = clustering
            .mention_starting_at(words.start)
            .is_some_and(|placed| {
                placed.end >= words.end.saturating_sub(1)
                    && clustering.clusters[placed.cluster].kind() == EntityKind::Place
            });
        // A state's abbreviation the recognisers may not know: "Okla.".
        let abbreviation = view.is_capitalised(words.start)
            && ((words.len() == 1 && view.word(words.start).ends_with('.'))
                || (words.len() == 2 && view.is_punctuation(words.start + 1, ".")));
        age || hometown || place || abbreviation
    }

    /// The first token of the clause a cue at `verb_first` can reach back to.
    fn clause_floor(&self, verb_first: usize) -> usize {
        let view = self.view;
        let sentence_start = view.sentence_tokens(verb_first).start;
        let mut token = verb_first;
        while token > sentence_start && !self.quoted[token - 1] && verb_first - token < CUE_REACH {
            token -= 1;
        }
        if self.quoted[token] { token + 1 } else { token }
    }

    /// A name, pronoun or description ending right before token `end`.
    fn source_ending_at(
        &mut self,
        end: usize,
        floor: usize,
        clustering: &Clustering,
    ) -> Option<SourceRef> {
        let view = self.view;
        if end <= floor {
            return None;
        }
        let named = clustering
            .mention_ending_at(end)
            .filter(|placed| placed.first >= floor);
        if named.is_none() {
            let last = end - 1;
            view.phrase_key_into(last, end, &mut self.key);
            if let Some(pronoun) = view.lexicon.pronoun(&self.key) {
                return Some(SourceRef::Pronoun {
                    token: last,
                    number: pronoun.number,
                });
            }
            // "it said": a body or a document speaks.
            if view.is_word(last, "it") {
                return Some(SourceRef::Pronoun {
                    token: last,
                    number: Number::Singular,
                });
            }
            if view.word(last) == "I" {
                return Some(SourceRef::Narrator { token: last });
            }
        }
        // Names inside a description do not end it: "a senior official in
        // the Ministry of Foreign Affairs", "the spokesman for Prime Minister X".
        let mut start = end;
        while start > floor
            && end - start < LONGEST_DESCRIPTION
            && (matches!(view.kind(start - 1), TokenKind::Word | TokenKind::Number)
                || view.is_punctuation(start - 1, "-"))
        {
            start -= 1;
        }
        let Some(placed) = named else {
            return self.description_in(start, end).or_else(|| {
                // "the 43-year-old asked": a determiner opening the words
                // before the verb makes them a source, if they end in a noun.
                (start..end)
                    .rev()
                    .take(MOST_MODIFIERS + 1)
                    .find(|&token| view.kind(token) == TokenKind::Word && DETERMINERS.iter().chain(["another"].iter()).any(|word| view.is_word(token, word)))
                    .and_then(|determiner| self.plain_noun_phrase(determiner, end))
                    .filter(|source| matches!(source, SourceRef::Description { span, .. } if span.end == end))
            });
        };
        // "the United Nations mission in Libya said": a noun phrase of its
        // own before the preposition is the source, even one the lexicon
        // does not list.
        let description = self.description_in(start, placed.first).or_else(|| {
            let determiner = (start..placed.first)
                .find(|&token| DETERMINERS.iter().any(|word| view.is_word(token, word)))?;
            self.plain_noun_phrase(determiner, placed.first)
        });
        // The preposition must stand before any title of the name: "the
        // spokesman for Prime Minister X" is linked, "US Secretary of State X" is not.
        let title_start = crate::roles::title_before(view, placed.first, placed.end, &mut self.key)
            .map_or(placed.first, |role| view.token_from(role.evidence.start));
        let linked = (start..title_start).any(|token| {
            PREPOSITIONS
                .iter()
                .any(|preposition| view.is_word(token, preposition))
        });
        match description {
            Some(SourceRef::Description {
                span,
                lemma,
                definite,
                number,
            }) if linked && span.end > span.start => Some(SourceRef::Description {
                span: span.start..end,
                lemma,
                definite,
                number,
            }),
            _ => Some(SourceRef::Named(placed.cluster)),
        }
    }

    /// A source after a reporting verb: "said Ali Hassan", "said the
    /// spokesman", "according to a source close to the talks".
    fn source_after(&mut self, verb_end: usize, clustering: &Clustering) -> Option<SourceRef> {
        let view = self.view;
        let sentence_end = view.sentence_tokens(verb_end.saturating_sub(1)).end;
        if verb_end >= sentence_end {
            return None;
        }
        let name_start = if view.is_word(verb_end, "the") {
            verb_end + 1
        } else {
            verb_end
        };
        // "said Rep. Ana Ruiz", "said radio host Ana Ruiz": titles and
        // descriptors before the name are not part of it.
        let is_descriptor = |token: usize| {
            matches!(view.kind(token), TokenKind::Word | TokenKind::Number)
                && !PREPOSITIONS.iter().any(|word| view.is_word(token, word))
                && !CLAUSE_WORDS.iter().any(|word| view.is_word(token, word))
        };
        let mut probe = name_start;
        let named = loop {
            if let Some(placed) = clustering.mention_starting_at(probe) {
                break Some(placed);
            }
            if probe + 1 >= sentence_end
                || probe >= name_start + LONGEST_DESCRIPTOR
                || !is_descriptor(probe)
            {
                break None;
            }
            probe += 1;
        };
        if let Some(placed) = named {
            // "said an Iowa Democrat": a name modifying a source noun is not
            // the source.
            if placed.end < sentence_end && self.is_source_noun(placed.end) {
                let end = appositive_end(view, verb_end, sentence_end, &mut self.key);
                return self.description_in(verb_end, end);
            }
            // "according to Iraq's oil ministry": the source is what Iraq owns.
            let possessive =
                placed.end < sentence_end && view.word(placed.end).starts_with(['\'', '’']);
            if !possessive {
                return Some(SourceRef::Named(placed.cluster));
            }
            let end = appositive_end(view, placed.end + 1, sentence_end, &mut self.key);
            return self.description_in(placed.end + 1, end);
        }
        view.phrase_key_into(verb_end, verb_end + 1, &mut self.key);
        if let Some(pronoun) = view.lexicon.pronoun(&self.key) {
            return Some(SourceRef::Pronoun {
                token: verb_end,
                number: pronoun.number,
            });
        }
        let end = appositive_end(view, verb_end, sentence_end, &mut self.key);
        self.description_in(verb_end, end)
            .or_else(|| self.plain_noun_phrase(verb_end, end))
    }

    /// Any noun phrase with a determiner after an inverted cue, for sources
    /// no lexicon lists: "wrote one commenter", "tweeted another".
    fn plain_noun_phrase(&self, start: usize, end: usize) -> Option<SourceRef> {
        let syntax = self.syntax?;
        let view = self.view;
        let opens = |word: &str| DETERMINERS.contains(&word) || UNNAMED_PEOPLE.contains(&word);
        if start >= end || !opens(view.word(start).to_lowercase().as_str()) {
            return None;
        }
        let mut head = start;
        while head + 1 < end
            && head - start <= MOST_MODIFIERS
            && view.kind(head + 1) == TokenKind::Word
            && !PREPOSITIONS.iter().any(|word| view.is_word(head + 1, word))
            && !CLAUSE_WORDS.iter().any(|word| view.is_word(head + 1, word))
            && !syntax.is_verb(head + 1)
        {
            head += 1;
        }
        let stands_alone = head == start
            && UNNAMED_PEOPLE
                .iter()
                .chain(&["one"])
                .any(|word| view.is_word(head, word));
        let is_common_noun = head > start
            && syntax.is_nominal(head)
            && view
                .word(head)
                .chars()
                .next()
                .is_some_and(char::is_lowercase);
        if !(stands_alone || is_common_noun) {
            return None;
        }
        Some(SourceRef::Description {
            span: start..head + 1,
            lemma: syntax.lemma(head).to_lowercase(),
            definite: view.is_word(start, "the"),
            number: if syntax.is_plural(head) {
                Number::Plural
            } else {
                Number::Singular
            },
        })
    }

    /// A description of a source inside tokens `start..end`: an optional
    /// determiner, modifiers, and a source noun or role noun, with whatever
    /// follows it up to `end` ("a source close to the prime minister").
    fn description_in(&mut self, start: usize, end: usize) -> Option<SourceRef> {
        let view = self.view;
        let mut noun_key = String::new();
        let mut source_noun = |token: usize| {
            if view.kind(token) != TokenKind::Word {
                return None;
            }
            view.phrase_key_into(token, token + 1, &mut noun_key);
            if let Some(noun) = view.lexicon.anonymous_noun(&noun_key) {
                return Some((token, noun.lemma.clone(), noun.number));
            }
            view.lexicon
                .title(&noun_key)
                .filter(|title| title.heads_roles)
                .map(|_| (token, noun_key.clone(), Number::Singular))
        };
        let (mut noun, mut lemma, mut number) = (start..end).find_map(&mut source_noun)?;
        // "a veteran Shiite politician": the last source noun of the words
        // before a preposition or clause is the head.
        let syntax = self.syntax;
        let mut next = noun + 1;
        while next < end
            && view.kind(next) == TokenKind::Word
            && ![&PREPOSITIONS[..], &CLAUSE_WORDS, &DETERMINERS]
                .iter()
                .any(|words| words.iter().any(|word| view.is_word(next, word)))
            && !syntax.is_some_and(|syntax| syntax.is_verb(next))
            && view.reporting_verb_at(next, end, &mut self.key).is_none()
        {
            if let Some(head) = source_noun(next) {
                (noun, lemma, number) = head;
            }
            next += 1;
        }
        // A description holds no reporting verb of its own: "spokesman X said
        // … and" before a later cue is a clause, not a source.
        if (noun + 1..end).any(|token| view.reporting_verb_at(token, end, &mut self.key).is_some())
        {
            return None;
        }
        // Only modifiers may stand between the start of the clause and the noun.
        let mut np_start = noun;
        while np_start > start && noun - np_start <= MOST_MODIFIERS {
            let previous = np_start - 1;
            let word = view.word(previous);
            if view.kind(previous) != TokenKind::Word
                || PREPOSITIONS.iter().any(|p| word.eq_ignore_ascii_case(p))
                || CLAUSE_WORDS.iter().any(|w| word.eq_ignore_ascii_case(w))
            {
                break;
            }
            view.phrase_key_into(previous, np_start, &mut self.key);
            if view.lexicon.reporting_verb(&self.key).is_some()
                || view.lexicon.pronoun(&self.key).is_some()
            {
                break;
            }
            np_start = previous;
            if DETERMINERS.iter().any(|d| word.eq_ignore_ascii_case(d)) {
                break;
            }
        }
        // "Iraqi officials also said": adverbs and auxiliaries before the verb are not the source.
        let mut end = end;
        while end > noun + 1
            && TRAILING_ADVERBS
                .iter()
                .any(|word| view.is_word(end - 1, word))
        {
            end -= 1;
        }
        let definite = view.is_word(np_start, "the");
        Some(SourceRef::Description {
            span: np_start..end,
            lemma,
            definite,
            number,
        })
    }

    /// The outlet of "in an interview with X" anywhere in the sentence.
    fn interview_outlet(&mut self, sentence: usize, clustering: &mut Clustering) -> Option<usize> {
        let view = self.view;
        let tokens = view.segmentation.sentences[sentence].tokens.clone();
        let with = tokens.clone().skip(1).find(|&token| {
            view.is_word(token, "with") && view.word(token - 1).eq_ignore_ascii_case("interview")
        })?;
        if with + 1 >= tokens.end {
            return None;
        }
        let name_start = if view.is_word(with + 1, "the") {
            with + 2
        } else {
            with + 1
        };
        self.outlet_after(name_start, clustering)
    }

    /// The outlet after "told": a name that is not a person's, with or
    /// without its article ("told Reuters", "told the Tigris Wire").
    fn outlet_after(&mut self, verb_end: usize, clustering: &mut Clustering) -> Option<usize> {
        let name_start = if verb_end < self.view.tokens.len() && self.view.is_word(verb_end, "the")
        {
            verb_end + 1
        } else {
            verb_end
        };
        let placed = clustering.mention_starting_at(name_start)?;
        let cluster = &mut clustering.clusters[placed.cluster];
        if cluster.kind() == EntityKind::Person {
            return None;
        }
        cluster.vote(EntityKind::Media);
        Some(placed.cluster)
    }

    /// Whether a description's noun is one the lexicon lists as a source.
    fn is_listed_source_lemma(&self, lemma: &str) -> bool {
        self.lexicon_names_source(lemma) || UNNAMED_PEOPLE.contains(&lemma)
    }

    /// Whether the lexicon lists a key as a source noun or a role noun.
    fn lexicon_names_source(&self, key: &str) -> bool {
        let lexicon = self.view.lexicon;
        lexicon.anonymous_noun(key).is_some()
            || lexicon.title(key).is_some_and(|title| title.heads_roles)
    }

    /// A noun that describes a source: "official", "Democrat", "spokesman".
    fn is_source_noun(&mut self, token: usize) -> bool {
        let view = self.view;
        if view.kind(token) != TokenKind::Word {
            return false;
        }
        view.phrase_key_into(token, token + 1, &mut self.key);
        self.lexicon_names_source(&self.key)
    }

    /// The cluster a source stands for, adding the pronoun or description
    /// mention to it, or a new anonymous source.
    fn resolve(&mut self, source: SourceRef, clustering: &mut Clustering) -> Option<usize> {
        let view = self.view;
        match source {
            SourceRef::Named(cluster) => Some(cluster),
            SourceRef::Alias {
                tokens,
                kind,
                cluster,
            } => {
                let span = Span::of(
                    view.text,
                    view.tokens[tokens.start].start..view.tokens[tokens.end - 1].end,
                );
                clustering.clusters[cluster].add_mention(span, kind);
                Some(cluster)
            }
            SourceRef::Narrator { token } => {
                let span = Span::of(view.text, view.tokens[token].range());
                let cluster = match self.narrator {
                    Some(cluster) => {
                        clustering.clusters[cluster].add_mention(span, MentionKind::Pronoun);
                        cluster
                    }
                    None => {
                        let mut writer = Cluster::anonymous(span, EntityKind::Person);
                        writer.name = "the writer".to_owned();
                        writer.mentions[0].kind = MentionKind::Pronoun;
                        clustering.clusters.push(writer);
                        let cluster = clustering.clusters.len() - 1;
                        self.narrator = Some(cluster);
                        cluster
                    }
                };
                Some(cluster)
            }
            SourceRef::Pronoun { token, number } => {
                let gender = gender_of_pronoun(view.word(token));
                let genders = &self.genders;
                // "it" stands for a body, an outlet or a document; "he",
                // "she" for a person; "they" for a group or a body.
                let neuter = view.is_word(token, "it");
                let kind_fits_pronoun = |kind: EntityKind| match number {
                    Number::Singular if neuter => matches!(
                        kind,
                        EntityKind::Organization | EntityKind::Media | EntityKind::Other
                    ),
                    Number::Singular => kind == EntityKind::Person,
                    Number::Plural => matches!(kind, EntityKind::Group | EntityKind::Organization),
                };
                let wanted = |cluster: usize| {
                    let kind_fits = kind_fits_pronoun(clustering.clusters[cluster].kind());
                    // "he" passes over a woman named since: gender is known
                    // only for some names, so an unknown one fits either.
                    let gender_fits = match (gender, genders.get(cluster).copied().flatten()) {
                        (Some(wanted), Some(known)) => wanted == known,
                        _ => true,
                    };
                    kind_fits && gender_fits
                };
                let mut fitting = clustering
                    .mentions_before(token)
                    .take(ANTECEDENT_REACH)
                    .filter(|placed| wanted(placed.cluster));
                let nearest = fitting.next();
                // Among the names of the nearest sentence that has one, a
                // pronoun stands for the subject rather than the nearest:
                // "Saleh praised Hassan, and he said …" and "Saleh met
                // Hassan. He said …" are Saleh. Of several subjects the one
                // nearest the root of the parse: "While Comey said that
                // Clinton was careless, he said …" is Comey.
                let subject = nearest.and_then(|nearest| {
                    [nearest]
                        .into_iter()
                        .chain(fitting.take_while(|placed| {
                            view.sentence_of(placed.first) == view.sentence_of(nearest.first)
                        }))
                        .filter(|placed| self.is_subject_mention(placed.first..placed.end))
                        .min_by_key(|placed| self.depth(placed.first))
                });
                let named = subject
                    .or(nearest)
                    .map(|placed| (placed.end, placed.cluster));
                let unnamed = self
                    .anonymous
                    .iter()
                    .rev()
                    .find(|&&(at, cluster, anonymous_number)| {
                        at <= token
                            && anonymous_number == number
                            && kind_fits_pronoun(clustering.clusters[cluster].kind())
                    })
                    .map(|&(at, cluster, _)| (at, cluster));
                let (_, cluster) = match (named, unnamed) {
                    (Some(named), Some(unnamed)) => named.max(unnamed),
                    (found, None) | (None, found) => found?,
                };
                let span = Span::of(view.text, view.tokens[token].range());
                clustering.clusters[cluster].add_mention(span, MentionKind::Pronoun);
                Some(cluster)
            }
            SourceRef::Description {
                span,
                lemma,
                definite,
                number,
            } => {
                let at = span.start;
                let bytes = view.tokens[span.start].start..view.tokens[span.end - 1].end;
                if definite
                    && let Some(cluster) =
                        self.antecedent_of_description(at, &lemma, number, clustering)
                {
                    clustering.clusters[cluster]
                        .add_mention(Span::of(view.text, bytes), MentionKind::Description);
                    return Some(cluster);
                }
                let body = view.lexicon.anonymous_noun(&lemma).map(|noun| noun.kind);
                let kind = match (body, number) {
                    (Some(SourceKind::Organization), _) => EntityKind::Organization,
                    (Some(SourceKind::Document), _) => EntityKind::Other,
                    (_, Number::Plural) => EntityKind::Group,
                    (_, Number::Singular) => EntityKind::Person,
                };
                clustering
                    .clusters
                    .push(Cluster::anonymous(Span::of(view.text, bytes), kind));
                let cluster = clustering.clusters.len() - 1;
                self.anonymous_by_lemma
                    .entry(lemma)
                    .or_default()
                    .push((at, cluster));
                self.anonymous.push((at, cluster, number));
                Some(cluster)
            }
        }
    }

    /// "the spokesman": the latest entity holding that role, or the latest
    /// anonymous source of that description; "the source" stands for any
    /// anonymous source.
    /// How many heads lie between a token and the root of its parse.
    fn depth(&self, token: usize) -> usize {
        let Some(syntax) = self.syntax else {
            return 0;
        };
        let mut depth = 0;
        let mut current = token;
        while let Some(head) = syntax.head(current) {
            depth += 1;
            current = head;
            if depth > self.view.tokens.len() {
                break;
            }
        }
        depth
    }

    /// Whether the parse makes a name the subject of its clause.
    fn is_subject_mention(&self, tokens: Range<usize>) -> bool {
        let Some(syntax) = self.syntax else {
            return false;
        };
        tokens.clone().any(|token| {
            syntax
                .head(token)
                .is_none_or(|head| !tokens.contains(&head))
                && matches!(syntax.relation(token), "nsubj" | "nsubj:pass")
        })
    }

    fn antecedent_of_description(
        &self,
        at: usize,
        lemma: &str,
        number: Number,
        clustering: &Clustering,
    ) -> Option<usize> {
        let role_holder = self.role_holders[..self
            .role_holders
            .partition_point(|(token, _, _)| *token < at)]
            .iter()
            .rev()
            .take(ANTECEDENT_REACH)
            .find(|(_, _, noun)| noun == lemma)
            .map(|&(token, cluster, _)| (token, cluster));
        let unnamed = if lemma == "source" {
            self.anonymous
                .iter()
                .rev()
                .find(|(token, _, anonymous_number)| *token < at && *anonymous_number == number)
                .map(|&(token, cluster, _)| (token, cluster))
        } else {
            self.anonymous_by_lemma
                .get(lemma)
                .and_then(|found| found.iter().rev().find(|(token, _)| *token < at).copied())
        };
        // "the ministry" after "the Ministry of Foreign Affairs": a named body
        // whose name holds the noun.
        let named_body = clustering
            .mentions_before(at)
            .take(ANTECEDENT_REACH)
            .find(|placed| {
                let cluster = &clustering.clusters[placed.cluster];
                cluster.kind() == EntityKind::Organization
                    && cluster
                        .name
                        .split([' ', '-'])
                        .any(|word| word.eq_ignore_ascii_case(lemma))
            })
            .map(|placed| (placed.first, placed.cluster));
        [role_holder, unnamed, named_body]
            .into_iter()
            .flatten()
            .max()
            .map(|(_, cluster)| cluster)
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{render_quote, run};

    /// Every quotation of `text`, as rendered by [`render_quote`].
    fn check(text: &str, expected: &[&str]) {
        let extraction = run(text);
        let found: Vec<String> = extraction
            .quotes
            .iter()
            .map(|quote| render_quote(&extraction, quote))
            .collect();
        assert_eq!(found, expected, "in {text:?}");
    }

    #[test]
    fn a_clause_before_a_trailing_cue_is_reported_but_not_an_adverbial_one() {
        check(
            "More than 2,000 refugees arrived in Aswan over the weekend, the UN refugee agency said on Monday.",
            &[
                "Indirect «More than 2,000 refugees arrived in Aswan over the weekend» by the UN refugee agency cue said",
            ],
        );
        check(
            "After the talks ended in Doha, the mediators said nothing.",
            &[],
        );
    }

    #[test]
    fn a_dateline_is_not_part_of_what_was_said() {
        check(
            "ERBIL, Iraq — The road to Mosul is closed, according to Iraq's oil ministry officials.",
            &["Indirect «The road to Mosul is closed» by oil ministry officials cue according to"],
        );
    }

    #[test]
    fn an_outlet_with_its_article() {
        check(
            "\"We will stay,\" Omar Saleh told the Zagros Daily.",
            &["Direct «We will stay,» by Omar Saleh cue told to Zagros Daily"],
        );
    }

    #[test]
    fn a_partial_quote_in_a_clause_reported_by_a_speech_verb_higher_up() {
        check(
            "Karim Haddad questioned why the convoys were leaving \u{201c}at such a sensitive moment\u{201d} for the region.",
            &["Partial «at such a sensitive moment» by Karim Haddad cue questioned"],
        );
    }

    #[test]
    fn cues_after_and_before_the_quotation() {
        check(
            "\"We will stay,\" Omar Saleh said.",
            &["Direct «We will stay,» by Omar Saleh cue said"],
        );
        check(
            "\u{201c}We will stay,\u{201d} said Omar Saleh.",
            &["Direct «We will stay,» by Omar Saleh cue said"],
        );
        check(
            "Omar Saleh said: \"We will stay.\"",
            &["Direct «We will stay.» by Omar Saleh cue said"],
        );
        check(
            "Omar Saleh: \"We will stay.\"",
            &["Direct «We will stay.» by Omar Saleh cue :"],
        );
        check(
            "Omar Saleh said that \"the deal is dead.\"",
            &["Direct «the deal is dead.» by Omar Saleh cue said"],
        );
        check(
            "\"The border is closed,\" according to Omar Saleh.",
            &["Direct «The border is closed,» by Omar Saleh cue according to"],
        );
        check(
            "\"We will stay,\" Omar Saleh said, \"and we will fight.\"",
            &[
                "Direct «We will stay,» by Omar Saleh cue said",
                "Direct «and we will fight.» by Omar Saleh cue said",
            ],
        );
        check(
            "Omar Saleh said the deal was \"a historic step\" for Iraq.",
            &["Partial «a historic step» by Omar Saleh cue said"],
        );
    }

    #[test]
    fn speakers_by_appositive_pronoun_and_description() {
        check(
            "\"We were not consulted,\" Farid Haddad, a member of the security committee, said.",
            &["Direct «We were not consulted,» by Farid Haddad cue said"],
        );
        check(
            "Omar Saleh visited Erbil. \"We will stay,\" he said.",
            &["Direct «We will stay,» by Omar Saleh cue said"],
        );
        check(
            "Sabah al-Numan, spokesman for the army, spoke. \"We will stay,\" the spokesman said.",
            &["Direct «We will stay,» by Sabah al-Numan cue said"],
        );
        check(
            "\"The road is closed,\" Iraqi officials said.",
            &["Direct «The road is closed,» by Iraqi officials cue said"],
        );
        check(
            "\"The road is closed,\" Iraqi officials also said.",
            &["Direct «The road is closed,» by Iraqi officials cue said"],
        );
        check(
            "Layla Khoury, adviser to Prime Minister Karim Hassan, told Reuters: \"We expect calm.\"",
            &["Direct «We expect calm.» by Layla Khoury cue told to Reuters"],
        );
    }

    #[test]
    fn names_inside_a_description_do_not_speak() {
        check(
            "\"We are close,\" a senior official in the Ministry of Foreign Affairs said.",
            &[
                "Direct «We are close,» by a senior official in the Ministry of Foreign Affairs cue said",
            ],
        );
        check(
            "Sabah al-Numan, spokesman for Prime Minister Karim Hassan, spoke. \"We are close,\" the spokesman for Prime Minister Karim Hassan said.",
            &["Direct «We are close,» by Sabah al-Numan cue said"],
        );
        check(
            "\"We are close,\" Foreign Minister Leila Haddad said.",
            &["Direct «We are close,» by Leila Haddad cue said"],
        );
    }

    #[test]
    fn descriptions_stop_at_clause_words_and_possessives() {
        check(
            "Troops left in what a proposal that legal experts say \"amounts to a purge\".",
            &["Partial «amounts to a purge» by legal experts cue say"],
        );
        check(
            "\"We are close,\" US Secretary of State Karim Hassan said.",
            &["Direct «We are close,» by Karim Hassan cue said"],
        );
        check(
            "The road is closed, according to Iraq's oil ministry officials.",
            &["Indirect «The road is closed» by oil ministry officials cue according to"],
        );
        check(
            "RAMADI, Iraq — Three rockets struck open ground near Ain al-Asad airbase late Monday, the second attack on the base this month, security officials in the al-Anbar province said.",
            &[
                "Indirect «Three rockets struck open ground near Ain al-Asad airbase late Monday, the second attack on the base this month» by security officials in the al-Anbar province cue said",
            ],
        );
    }

    #[test]
    fn outcries_belong_to_their_subject() {
        check(
            "Holding signs, the protesters chanted \"Saleh out, Saleh out.\"",
            &["Direct «Saleh out, Saleh out.» by the protesters cue chanted"],
        );
        check(
            "Omar Saleh spoke. Later he yelled \"You lie!\" at the minister.",
            &["Direct «You lie!» by Omar Saleh cue yelled"],
        );
    }

    #[test]
    fn a_source_after_a_comma_and_its_verb_speaks() {
        check(
            "The collapse of the talks signals \"the end of the road\" for the pact, said Farid Haddad, a member of the committee.",
            &["Partial «the end of the road» by Farid Haddad cue said"],
        );
    }

    #[test]
    fn the_quoted_words_do_not_speak_for_themselves() {
        check(
            "Here is Layla Khoury in March 2019: \"Our new direction must rest on the new realities of the region.\"",
            &["Direct «Our new direction must rest on the new realities of the region.» by -"],
        );
    }

    #[test]
    fn transcript_labels_name_the_speaker() {
        check(
            "Senator Omar Pence spoke to the host. \"PENCE: We will not stop, and I said so.\"",
            &["Direct «PENCE: We will not stop, and I said so.» by Omar Pence cue :"],
        );
        check(
            "Layla Khoury met the host. \"MS. KHOURY: It was a fair question.\"",
            &["Direct «MS. KHOURY: It was a fair question.» by Layla Khoury cue :"],
        );
    }

    #[test]
    fn a_pronoun_prefers_the_subject_of_its_sentence() {
        check(
            "Omar Saleh praised Karim Hassan on Monday, and he called the deal \"a historic step\".",
            &["Partial «a historic step» by Omar Saleh cue called"],
        );
    }

    #[test]
    fn any_noun_phrase_beside_an_inverted_cue_speaks() {
        check(
            "\"If anyone cheats, they will find a way,\" wrote one commenter.",
            &["Direct «If anyone cheats, they will find a way,» by one commenter cue wrote"],
        );
        check(
            "\"Watch out for the minister,\" tweeted another.",
            &["Direct «Watch out for the minister,» by another cue tweeted"],
        );
        check(
            "\"We need lessons,\" the tall stranger wrote in the video.",
            &["Direct «We need lessons,» by the tall stranger cue wrote"],
        );
    }

    #[test]
    fn a_cue_after_a_question_mark_still_counts() {
        check(
            "\"What changed him?\" Omar Saleh questioned.",
            &["Direct «What changed him?» by Omar Saleh cue questioned"],
        );
    }

    #[test]
    fn a_quotation_after_a_linking_word_goes_on() {
        check(
            "\"I do not think it is over,\" Omar Saleh said outside the building. But \"the vote helps us.\"",
            &[
                "Direct «I do not think it is over,» by Omar Saleh cue said",
                "Direct «the vote helps us.» by Omar Saleh continues q1",
            ],
        );
    }

    #[test]
    fn bodies_and_documents_speak() {
        check(
            "The Ministry of Foreign Affairs condemned the strike. \"This is unacceptable,\" the ministry said.",
            &["Direct «This is unacceptable,» by Ministry of Foreign Affairs cue said"],
        );
        let extraction = run("\"Talks will resume,\" the statement said.");
        let speaker = &extraction.entities[0];
        assert_eq!(
            (speaker.name.as_str(), speaker.kind, speaker.anonymous),
            ("the statement", dragoman_model::EntityKind::Other, true)
        );
    }

    #[test]
    fn anonymous_sources_referred_to_again() {
        check(
            "A veteran Shiite politician, speaking on condition of anonymity, told Kurdistan Today that Iran was \"bracing for a new confrontation\". \"Tehran sees a trap,\" the politician said. \"They will wait,\" the source told Kurdistan Today.",
            &[
                "Partial «bracing for a new confrontation» by A veteran Shiite politician cue told to Kurdistan Today",
                "Direct «Tehran sees a trap,» by A veteran Shiite politician cue said",
                "Direct «They will wait,» by A veteran Shiite politician cue told to Kurdistan Today",
            ],
        );
        let extraction = run(
            "A source close to the talks said the deal was \"almost done\". \"We are close,\" the source said.",
        );
        let source = &extraction.entities[0];
        assert!(source.anonymous);
        assert_eq!(source.name, "A source close to the talks");
        let mentions: Vec<_> = source
            .mentions
            .iter()
            .map(|mention| (mention.span.text.as_str(), mention.kind))
            .collect();
        assert_eq!(
            mentions,
            [
                (
                    "A source close to the talks",
                    dragoman_model::MentionKind::Description
                ),
                ("the source", dragoman_model::MentionKind::Description)
            ]
        );
    }

    #[test]
    fn quotations_over_sentences_and_paragraphs() {
        check(
            "\"We will stay. We will fight,\" Omar Saleh said.",
            &["Direct «We will stay. We will fight,» by Omar Saleh cue said"],
        );
        check(
            "\"We will stay,\" Omar Saleh said.\n\n\"Nobody will move us.\"",
            &[
                "Direct «We will stay,» by Omar Saleh cue said",
                "Direct «Nobody will move us.» by Omar Saleh continues q1",
            ],
        );
        check(
            "Omar Saleh said: \"We will stay.\n\n\"Nobody will move us,\" he added.",
            &[
                "Direct «We will stay.» by Omar Saleh cue said",
                "Direct «Nobody will move us,» by Omar Saleh cue added continues q1",
            ],
        );
        check(
            "\"We will stay.\n\n\"Nobody will move us,\" Omar Saleh said.",
            &[
                "Direct «We will stay.» by Omar Saleh",
                "Direct «Nobody will move us,» by Omar Saleh cue said continues q1",
            ],
        );
        check(
            "\"They told us 'leave now' and we refused,\" Omar Saleh said.",
            &["Direct «They told us 'leave now' and we refused,» by Omar Saleh cue said"],
        );
    }

    #[test]
    fn reported_speech_without_marks() {
        check(
            "Iraqi officials said the convoy had left Erbil.",
            &["Indirect «the convoy had left Erbil» by Iraqi officials cue said"],
        );
        check(
            "Omar Saleh said on Monday that talks would resume.",
            &["Indirect «talks would resume» by Omar Saleh cue said"],
        );
        check(
            "A senior official, speaking on condition of anonymity, told Kurdistan Today that talks would resume. \"We are close,\" the official said.",
            &[
                "Indirect «talks would resume» by A senior official cue told to Kurdistan Today",
                "Direct «We are close,» by A senior official cue said",
            ],
        );
        check(
            "The talks will resume in May, according to the Ministry of Foreign Affairs.",
            &[
                "Indirect «The talks will resume in May» by Ministry of Foreign Affairs cue according to",
            ],
        );
        check(
            "According to Omar Saleh, the talks will resume in May.",
            &["Indirect «the talks will resume in May» by Omar Saleh cue According to"],
        );
        check(
            "Troops were told to leave. He continued to fight. Omar Saleh told reporters nothing.",
            &[],
        );
        check(
            "Omar Saleh also said the talks had failed.",
            &["Indirect «the talks had failed» by Omar Saleh cue said"],
        );
        check(
            "Omar Saleh on Tuesday said the talks had failed.",
            &["Indirect «the talks had failed» by Omar Saleh cue said"],
        );
        check(
            "Omar Saleh spoke. The talks had failed, he said, and nobody knew why.",
            &["Indirect «The talks had failed» by Omar Saleh cue said"],
        );
    }

    #[test]
    fn quoted_words_inside_a_clause_belong_to_its_subject() {
        check(
            "Omar Saleh promised a \"swift recovery\" for the port.",
            &["Partial «swift recovery» by Omar Saleh cue promised"],
        );
        check(
            "Omar Saleh arrived on Monday. He promised a \"swift recovery\" for the port.",
            &["Partial «swift recovery» by Omar Saleh cue promised"],
        );
        check(
            "Omar Saleh spoke on Monday. However, he characterized Layla Haddad as, \u{201c}a little desperate there, always trying to get her points.\u{201d}",
            &[
                "Direct «a little desperate there, always trying to get her points.» by Omar Saleh cue characterized",
            ],
        );
        check(
            "\"Calm is returning to the city,\" the announcer said.",
            &["Direct «Calm is returning to the city,» by the announcer cue said"],
        );
        // The word rules alone cannot tell whose words these are.
        let extraction = crate::testing::run_without_parse(
            "Omar Saleh promised a \"swift recovery\" for the port.",
        );
        assert_eq!(extraction.quotes[0].speaker, None);
    }

    #[test]
    fn a_name_the_recognisers_miss_still_speaks() {
        // Neither a title nor a second word marks "Qadri" as a name; the
        // parse makes it the subject of the reporting verb.
        check(
            "Talks resumed on Monday. Qadri rejected the offer, saying, \"We will not sign this.\" Qadri left soon after.",
            &["Direct «We will not sign this.» by Qadri cue saying"],
        );
        check(
            "Talks stalled again. Qadri delivered a blunt reply: \"We are done here.\" Qadri left at noon.",
            &["Direct «We are done here.» by Qadri cue delivered"],
        );
        check(
            "The port reopened on Monday. This is \"the busiest week in a decade,\" wrote Qadri.",
            &["Direct «the busiest week in a decade,» by Qadri cue wrote"],
        );
    }

    #[test]
    fn the_subject_of_a_sentence_without_a_speech_verb_holds_its_quotation() {
        check(
            "The ministry's report faults the port authority for \"years of neglect and broken promises.\"",
            &["Direct «years of neglect and broken promises.» by The ministry's report cue faults"],
        );
        check(
            "The conservative magazine has opposed the plan as \"a reckless gamble\" from the start.",
            &["Partial «a reckless gamble» by The conservative magazine cue opposed"],
        );
    }

    #[test]
    fn a_participle_cue_speaks_for_the_subject_the_parse_gives_it() {
        check(
            "The port authority released a statement on Monday saying, \"The cranes will run again by March.\"",
            &["Direct «The cranes will run again by March.» by The port authority cue saying"],
        );
    }

    #[test]
    fn a_pronoun_stands_for_the_main_subject_and_a_participle_is_never_inverted() {
        check(
            "While Ali Hassan said there was evidence that Omar Saleh was \"extremely careless\" with the funds, he said there was no case to answer.",
            &[
                "Partial «extremely careless» by Ali Hassan cue said",
                "Indirect «there was no case to answer» by Ali Hassan cue said",
            ],
        );
        check(
            "Omar Saleh defended the \"port workers,\" saying the union had kept the cranes running.",
            &[
                "Direct «port workers,» by Omar Saleh cue saying",
                "Indirect «the union had kept the cranes running» by Omar Saleh cue saying",
            ],
        );
    }

    #[test]
    fn a_quotation_paragraph_takes_the_subject_of_the_sentence_leading_up_to_it() {
        check(
            "Senator Ana Ruiz continued her remarks on the port.\n\n\"Eight years ago the cranes stood idle.\"",
            &["Direct «Eight years ago the cranes stood idle.» by Ana Ruiz"],
        );
        // The sentence right before beats an older running speaker, and a
        // pronoun opening it stands for the subject of the sentence before.
        check(
            "\"The port is safe,\" Omar Saleh said after meeting Ali Hassan. He did not mention the strike. \"We will reopen in March.\"",
            &[
                "Direct «The port is safe,» by Omar Saleh cue said",
                "Direct «We will reopen in March.» by Omar Saleh",
            ],
        );
    }

    #[test]
    fn a_quantifier_alone_stands_for_unnamed_people() {
        check(
            "Supporters waved flags outside the hall. Some chanted \"Open the port!\"",
            &["Direct «Open the port!» by Some cue chanted"],
        );
    }

    #[test]
    fn a_dateline_with_its_date_and_agency_is_not_a_speaker() {
        check(
            "LOS ANGELES, Sept. 28 (Tigris Wire) — The singer Layla Haddad sings \"Open the Gates\" to the crowd.",
            &["Partial «Open the Gates» by Layla Haddad cue sings"],
        );
    }

    #[test]
    fn a_participle_beside_the_speaker_is_not_reported_speech() {
        check(
            "Sen. Ana Ruiz (D-Mo.), noting the size of the crowd, said, \"This is bigger than last year.\"",
            &["Direct «This is bigger than last year.» by Ana Ruiz cue said"],
        );
    }

    #[test]
    fn party_nouns_describe_unnamed_sources() {
        check(
            "\"The count is not over,\" said a Democrat close to the campaign.",
            &["Direct «The count is not over,» by a Democrat close to the campaign cue said"],
        );
    }

    #[test]
    fn phrasal_and_less_common_reporting_verbs_are_cues() {
        check(
            "Omar Saleh spoke at length. \"The port never closed,\" he points out.",
            &["Direct «The port never closed,» by Omar Saleh cue points out"],
        );
        check(
            "\"Quiet,\" Layla Haddad snapped.",
            &["Direct «Quiet,» by Layla Haddad cue snapped"],
        );
        check(
            "The port is \"the spine of the south,\" as the ministry's report put it.",
            &["Direct «the spine of the south,» by the ministry's report cue put it"],
        );
    }

    #[test]
    fn the_object_of_an_inverted_cue_is_no_speaker() {
        check(
            "Omar Saleh, who called the deal \"a gift to friends,\" urged a full inquiry.",
            &["Direct «a gift to friends,» by Omar Saleh cue urged"],
        );
    }

    #[test]
    fn verbs_of_judging_and_naming_give_quoted_words_to_their_subject() {
        check(
            "A regional court accused the agency of \"years of neglect\" on Monday.",
            &["Partial «years of neglect» by A regional court cue accused"],
        );
    }

    #[test]
    fn the_first_person_writer_is_one_speaker() {
        let extraction = run(
            "When the ferry finally docked, I said, \"We made it.\" Later I wrote, \"Never again.\"",
        );
        let speakers: Vec<_> = extraction
            .quotes
            .iter()
            .filter(|quote| quote.kind == dragoman_model::QuoteKind::Direct)
            .map(|quote| &quote.speaker)
            .collect();
        assert_eq!(speakers.len(), 2);
        assert!(speakers[0].is_some());
        assert_eq!(speakers[0], speakers[1]);
        let writer = extraction
            .entities
            .iter()
            .find(|entity| Some(&entity.id) == speakers[0].as_ref())
            .unwrap();
        assert_eq!(writer.name, "the writer");
        assert!(writer.anonymous);
        assert_eq!(writer.mentions.len(), 2);
    }

    #[test]
    fn a_quotation_nested_in_another_is_quoted_by_its_speaker() {
        check(
            "Mike Pence spoke on Sunday.\n\n\"PENCE: Well, Layla Haddad apparently thinks this is an episode of “Shark Tank.” It is serious business.\"",
            &[
                "Direct «PENCE: Well, Layla Haddad apparently thinks this is an episode of “Shark Tank.” It is serious business.» by Mike Pence cue :",
                "Partial «Shark Tank.» by Mike Pence",
            ],
        );
        // A speech verb inside the outer quotation names its own speaker.
        check(
            "Ali Hassan spoke on Sunday.\n\n\"ALI HASSAN: The crowd kept shouting “Open the port!” at us. We listened.\"",
            &[
                "Direct «ALI HASSAN: The crowd kept shouting “Open the port!” at us. We listened.» by Ali Hassan cue :",
                "Partial «Open the port!» by The crowd cue shouting",
            ],
        );
    }

    #[test]
    fn asking_not_to_be_named_reports_nothing() {
        check(
            "A union organiser, who asked not to be named because he was not authorised to speak, said the ministry had quoted the slogan back at them.",
            &[
                "Indirect «the ministry had quoted the slogan back at them» by A union organiser cue said",
            ],
        );
    }

    #[test]
    fn a_reflexive_or_a_manner_adverb_stands_between_a_name_and_its_cue() {
        check(
            "Omar Saleh spoke in Basra. Saleh himself said on Tuesday that \"the port will not close.\"",
            &["Direct «the port will not close.» by Omar Saleh cue said"],
        );
        check(
            "Layla Haddad testified for hours. Then Haddad, exasperated, famously responded: \"What difference does it make?\"",
            &["Direct «What difference does it make?» by Layla Haddad cue responded"],
        );
    }

    #[test]
    fn an_age_and_a_hometown_stand_between_a_name_and_its_cue() {
        check(
            "Ana Ruiz, 34, of Tulsa, Okla., said: \"We are not leaving.\"",
            &["Direct «We are not leaving.» by Ana Ruiz cue said"],
        );
    }

    #[test]
    fn so_called_is_no_cue() {
        check(
            "The port authority opened a so-called \"green lane\" for aid convoys on Monday.",
            &["Partial «green lane» by -"],
        );
    }

    #[test]
    fn documents_and_courts_are_sources() {
        check(
            "\"The request is denied,\" the order released on Friday said.",
            &["Direct «The request is denied,» by the order released cue said"],
        );
    }

    #[test]
    fn a_participle_borrows_the_subject_of_its_clause() {
        check(
            "Omar Saleh rejected the plan on Monday, calling it \u{201c}a betrayal of the city.\u{201d}",
            &["Direct «a betrayal of the city.» by Omar Saleh cue calling"],
        );
    }

    #[test]
    fn a_pronoun_passes_over_a_person_of_the_other_gender() {
        check(
            "Omar Saleh met Layla Haddad in Erbil. \"We will stay,\" he said.",
            &["Direct «We will stay,» by Omar Saleh cue said"],
        );
        check(
            "Layla Haddad met Omar Saleh in Erbil. \"We will stay,\" she said.",
            &["Direct «We will stay,» by Layla Haddad cue said"],
        );
    }

    #[test]
    fn a_relative_pronoun_speaks_for_the_name_it_follows() {
        let extraction = run(
            "The plan was criticised by Omar Saleh, who called it \u{201c}a betrayal of the city.\u{201d}",
        );
        let speaker = extraction.quotes[0].speaker.as_ref();
        let entity = extraction
            .entities
            .iter()
            .find(|entity| Some(&entity.id) == speaker)
            .expect("a speaker");
        let mentions: Vec<&str> = entity
            .mentions
            .iter()
            .map(|mention| mention.span.text.as_str())
            .collect();
        assert_eq!(
            (entity.name.as_str(), mentions),
            ("Omar Saleh", vec!["Omar Saleh", "who"])
        );
    }

    #[test]
    fn a_speech_noun_gives_the_words_to_its_possessor() {
        check(
            "Layla Haddad spoke in Basra. The council rejected her claim that \u{201c}the port will never close.\u{201d}",
            &["Direct «the port will never close.» by Layla Haddad cue claim"],
        );
    }

    #[test]
    fn a_colon_ending_the_paragraph_before_introduces_the_quotation() {
        check(
            "Omar Saleh then addressed the crowd again:\n\n\u{201c}Nobody will move us from this city.\u{201d}",
            &["Direct «Nobody will move us from this city.» by Omar Saleh cue addressed"],
        );
    }

    #[test]
    fn party_tags_and_titles_around_a_name() {
        check(
            "\u{201c}We will stay,\u{201d} Sen. Ana Ruiz (D-Mo.) said.",
            &["Direct «We will stay,» by Ana Ruiz cue said"],
        );
        check(
            "\u{201c}We will stay,\u{201d} said Sen. Ana Ruiz, a member of the committee.",
            &["Direct «We will stay,» by Ana Ruiz cue said"],
        );
        check(
            "\u{201c}We will stay,\u{201d} said veteran radio host Ana Ruiz.",
            &["Direct «We will stay,» by Ana Ruiz cue said"],
        );
    }

    #[test]
    fn a_description_beside_a_name_joins_it() {
        check(
            "Hassan Mahdi defended the work. His predecessor, Omar Latif, had said in 2024 that the channel was \"too shallow for modern ships.\"",
            &["Direct «too shallow for modern ships.» by Omar Latif cue said"],
        );
        let extraction = run(
            "Hassan Mahdi defended the work. His predecessor, Omar Latif, had said in 2024 that the channel was \"too shallow for modern ships.\"",
        );
        let mentions: Vec<&str> = extraction.entities[1]
            .mentions
            .iter()
            .map(|mention| mention.span.text.as_str())
            .collect();
        assert_eq!(mentions, ["His predecessor", "Omar Latif"]);
    }

    #[test]
    fn a_speech_verb_or_a_person_subject_of_the_sentence_speaks() {
        check(
            "Omar Saleh said that by refusing to talk, the council was \u{201c}playing with fire.\u{201d}",
            &["Direct «playing with fire.» by Omar Saleh cue said"],
        );
        check(
            "Omar Saleh held up the sign and waved it, mouthing \u{201c}thank you\u{201d} to the crowd.",
            &["Partial «thank you» by Omar Saleh cue held"],
        );
        check(
            "The deal, \u{201c}a historic step\u{201d} for many, was signed.",
            &["Partial «a historic step» by -"],
        );
    }

    #[test]
    fn it_speaks_for_a_body_and_he_for_a_person() {
        check(
            "Omar Saleh met the Ministry of Foreign Affairs on Monday. \u{201c}Talks will resume,\u{201d} it said.",
            &["Direct «Talks will resume,» by Ministry of Foreign Affairs cue said"],
        );
        check(
            "Omar Saleh met the Ministry of Foreign Affairs on Monday. \u{201c}Talks will resume,\u{201d} he said.",
            &["Direct «Talks will resume,» by Omar Saleh cue said"],
        );
    }

    #[test]
    fn a_reporting_pronoun_before_a_quotation_joins_its_antecedent() {
        let extraction = run(
            "Layla Haddad spoke in Basra. She said the port would stay open because \u{201c}the city needs it,\u{201d} she added.",
        );
        let mentions: Vec<&str> = extraction.entities[0]
            .mentions
            .iter()
            .map(|mention| mention.span.text.as_str())
            .collect();
        assert_eq!(mentions, ["Layla Haddad", "She", "she"]);
    }

    #[test]
    fn an_auxiliary_stands_between_a_source_and_its_cue() {
        check(
            "Omar Saleh is telling voters in Basra that \"the port will reopen.\"",
            &["Direct «the port will reopen.» by Omar Saleh cue telling"],
        );
    }

    #[test]
    fn a_description_does_not_swallow_an_earlier_clause() {
        check(
            "Ministry spokesman Reza Karimi said the ships had left and warned that Oslo would \"pay a price\" for it.",
            &["Partial «pay a price» by Reza Karimi cue said"],
        );
    }

    #[test]
    fn an_interview_names_the_outlet() {
        check(
            "\"We will not retreat,\" Omar Saleh said in an interview with Kurdistan Today.",
            &["Direct «We will not retreat,» by Omar Saleh cue said to Kurdistan Today"],
        );
        check(
            "In an interview with the Tigris Herald, Omar Saleh said the border would reopen soon.",
            &["Indirect «the border would reopen soon» by Omar Saleh cue said to Tigris Herald"],
        );
    }

    #[test]
    fn a_dash_and_a_name_sign_a_statement() {
        check(
            "\u{201c}The roads are closed and nobody helps us.\u{201d} \u{2015} Omar Saleh",
            &["Direct «The roads are closed and nobody helps us.» by Omar Saleh cue \u{2015}"],
        );
    }

    #[test]
    fn a_dateline_is_not_a_speaker() {
        check(
            "NAIROBI — Aid agencies said on Tuesday that families in the town could face famine.",
            &["Indirect «families in the town could face famine» by Aid agencies cue said"],
        );
    }

    #[test]
    fn a_verbless_lead_in_before_a_colon_names_the_speaker() {
        check(
            "Layla Haddad, 34, a nurse from Basra: \"We have no medicine left.\"",
            &["Direct «We have no medicine left.» by Layla Haddad cue :"],
        );
    }

    #[test]
    fn beliefs_and_intentions_are_reported_like_speech() {
        check(
            "Iraqi officials believe the convoy will reach Erbil by Friday.",
            &["Indirect «the convoy will reach Erbil by Friday» by Iraqi officials cue believe"],
        );
        check(
            "Omar Saleh wants to visit the border crossing next week.",
            &["Indirect «to visit the border crossing next week» by Omar Saleh cue wants"],
        );
        check("Omar Saleh wants a visit.", &[]);
        check(
            "The ministry conceded that the convoy had been delayed at the border.",
            &["Indirect «the convoy had been delayed at the border» by The ministry cue conceded"],
        );
        check(
            "Layla Haddad refused to sign the new budget law.",
            &["Indirect «to sign the new budget law» by Layla Haddad cue refused"],
        );
    }

    #[test]
    fn no_speaker_without_a_cue_or_running_speaker() {
        check("\"We will stay.\"", &["Direct «We will stay.» by -"]);
        check(
            "Omar Saleh arrived.\n\nThe weather was bad.\n\n\"Nobody will move us.\"",
            &["Direct «Nobody will move us.» by -"],
        );
        check(
            "The deal, \"a historic step\" for many, was signed.",
            &["Partial «a historic step» by -"],
        );
        check("\"\"", &[]);
    }

    #[test]
    fn odd_marks_give_diagnostics_not_quotations() {
        let extraction = run("He said ” yes.\n\nAnd \u{201c}never closed.\n\nNext paragraph.");
        let messages: Vec<&str> = extraction
            .diagnostics
            .iter()
            .map(|diagnostic| diagnostic.message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "closing quotation mark without an opening one",
                "quotation not closed before the paragraph ends"
            ]
        );
    }
}
