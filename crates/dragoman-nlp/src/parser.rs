//! The dependency parser: arc-eager transitions scored by averaged
//! perceptrons over the rich feature set of Zhang & Nivre (2011), decoded
//! greedily or with a beam.
//!
//! The transition model scores shift, reduce and, for each direction, an
//! arc with each of the most frequent labels and one arc standing for all
//! the others: at most 32 classes, whose weights for a feature fill one
//! cache line, instead of one class per labelled transition (104 for EWT).
//! A second model, the relation model, picks the label only when one of
//! the rare-label arcs wins, a few percent of the arcs. It sees the same
//! features, each specialised to the arc's direction.
//!
//! The artificial root sits at the end of the buffer (Ballesteros & Nivre,
//! 2013), so every word is attached by a transition and none is left over.
//! Training uses the dynamic oracle of Goldberg & Nivre (2012), exploring
//! the model's own mistakes, on tags predicted by taggers that did not see
//! the sentence (jackknifing), so that the parser is used to tagging errors.
//! Non-projective training trees are first made projective by lifting arcs
//! (about 2% of EWT sentences); those arcs cannot be recovered.
//!
//! A beam parser is trained globally instead: each sentence is decoded with
//! a beam under the current weights, and where the static oracle's sequence
//! falls off the beam the perceptron rewards the gold prefix and penalises
//! the best one (early update, Collins & Roark 2004). It keeps several
//! readings open until later words decide between them, which a greedy
//! parser cannot, at the cost of scoring every item of the beam.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use dragoman_learn::{ModelFile, ModelWriter, Perceptron, Weights};

use crate::NlpError;
use crate::conllu::{self, GoldSentence};
use crate::eval::{EpochReport, Scores, TrainOptions};
use crate::features::{feature, normalize, specialise, string_key, training_random};
use crate::labels::DepRel;
use crate::punctuation;
use crate::tagger::{self, Tagged, Tagger, TaggerScratch};

const MODEL_KIND: &str = "parser";
/// Trained on UD English EWT train (CC BY-SA 4.0), tuned on its dev set.
const SHIPPED: &[u8] = include_bytes!("../models/parser.bin");
/// The same data, trained and decoded with a beam.
const SHIPPED_BEAM: &[u8] = include_bytes!("../models/parser-beam.bin");
/// The transition kinds.
const SHIFT: usize = 0;
const REDUCE: usize = 1;
const LEFT: usize = 2;
const RIGHT: usize = 3;
const KINDS: usize = 4;
/// Labels given their own arc class in each direction, the most frequent
/// in training. With shift, reduce and one rare-label class per direction
/// that makes 32 classes: 32 `i16` weights fill one 64-byte cache line, so
/// a feature costs one miss, and they cover about 97% of EWT's arcs.
const LABELS_WITH_OWN_CLASS: usize = 14;
/// Probability of following the model rather than the oracle once
/// exploration starts (Goldberg & Nivre found 0.9 to work well).
const EXPLORATION: f64 = 0.9;
/// Missing positions and the artificial root in feature parts.
const NONE: u64 = 0;
const ROOT_KEY: u64 = 1;
const NO_HEAD: usize = usize::MAX;
/// The widest beam a model file may ask for.
const MAX_BEAM: usize = 64;

/// A trained parser.
#[derive(Clone, Debug)]
pub struct Parser {
    labels: Vec<DepRel>,
    /// What each class of the transition model does.
    actions: Vec<Action>,
    /// For left and right arcs, the labels without a class of their own,
    /// which the relation model chooses from.
    rare_labels: [Vec<bool>; 2],
    transitions: Weights,
    /// Scores the relation of a rare-label arc, one class per label.
    relations: Weights,
    /// Parses kept at each step: 1 decodes greedily; more is the beam the
    /// model was trained with.
    beam: usize,
}

/// What a class of the transition model does: a transition kind and, for
/// arcs, the label, or `None` for an arc with a rare label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Action {
    kind: usize,
    label: Option<usize>,
}

impl Action {
    /// A shift, a reduce, or an arc whose label the relation model picks.
    const fn unlabelled(kind: usize) -> Self {
        Action { kind, label: None }
    }
}

/// The index of an arc kind's direction in `Parser::rare_labels`.
fn direction(kind: usize) -> usize {
    usize::from(kind == RIGHT)
}

/// One word's attachment: its head (a word index in the sentence, `None`
/// for the root) and relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub(crate) head: Option<usize>,
    pub(crate) deprel: DepRel,
}

/// The parser configuration: stack, buffer front and the arcs built so far.
/// Position `words` is the artificial root.
#[derive(Clone, Debug, Default)]
struct State {
    words: usize,
    stack: Vec<usize>,
    next: usize,
    heads: Vec<usize>,
    labels: Vec<usize>,
    leftmost: Vec<[usize; 2]>,
    rightmost: Vec<[usize; 2]>,
    left_count: Vec<u64>,
    right_count: Vec<u64>,
    left_labels: Vec<u64>,
    right_labels: Vec<u64>,
}

impl State {
    fn reset(&mut self, words: usize) {
        self.words = words;
        self.stack.clear();
        self.next = 0;
        for table in [&mut self.heads, &mut self.labels] {
            table.clear();
            table.resize(words + 1, NO_HEAD);
        }
        for table in [&mut self.leftmost, &mut self.rightmost] {
            table.clear();
            table.resize(words + 1, [NO_HEAD; 2]);
        }
        for table in [
            &mut self.left_count,
            &mut self.right_count,
            &mut self.left_labels,
            &mut self.right_labels,
        ] {
            table.clear();
            table.resize(words + 1, 0);
        }
    }

    fn finished(&self) -> bool {
        self.next == self.words && self.stack.is_empty()
    }

    fn top(&self) -> Option<usize> {
        self.stack.last().copied()
    }

    fn attach(&mut self, head: usize, dependent: usize, label: usize) {
        self.heads[dependent] = head;
        self.labels[dependent] = label;
        let bit = 1u64 << (label % 64);
        if dependent < head {
            self.leftmost[head] = [dependent, self.leftmost[head][0]];
            self.left_count[head] += 1;
            self.left_labels[head] |= bit;
        } else {
            self.rightmost[head] = [dependent, self.rightmost[head][0]];
            self.right_count[head] += 1;
            self.right_labels[head] |= bit;
        }
    }

    /// The only legal transition, when there is just one: shift on an empty
    /// stack, and reduce or attach to the root once the buffer is used up.
    /// Skipping the scoring there saves lookups and changes no decision.
    fn forced_transition(&self, root_label: usize) -> Option<Transition> {
        match self.top() {
            None => Some(Transition::Shift),
            Some(top) if self.next == self.words => Some(if self.heads[top] == NO_HEAD {
                Transition::Left(root_label)
            } else {
                Transition::Reduce
            }),
            Some(_) => None,
        }
    }

    /// Applies a legal transition.
    fn apply(&mut self, transition: Transition) {
        let top = self.top();
        match (transition, top) {
            (Transition::Shift, _) => {
                self.stack.push(self.next);
                self.next += 1;
            }
            (Transition::Reduce, _) => {
                self.stack.pop();
            }
            (Transition::Left(label), Some(top)) => {
                self.stack.pop();
                self.attach(self.next, top, label);
            }
            (Transition::Right(label), Some(top)) => {
                self.attach(top, self.next, label);
                self.stack.push(self.next);
                self.next += 1;
            }
            // Arc transitions are never legal on an empty stack.
            (Transition::Left(_) | Transition::Right(_), None) => {}
        }
    }
}

/// Which kinds of transition a state allows.
struct Legality {
    kinds: [bool; KINDS],
}

impl Legality {
    fn of(state: &State) -> Legality {
        let top = state.top();
        let at_root = state.next == state.words;
        let mut kinds = [false; KINDS];
        kinds[SHIFT] = !at_root;
        kinds[REDUCE] = top.is_some_and(|s| state.heads[s] != NO_HEAD);
        kinds[LEFT] = top.is_some_and(|s| state.heads[s] == NO_HEAD);
        kinds[RIGHT] = top.is_some() && !at_root;
        Legality { kinds }
    }
}

/// A transition; arcs carry the label index of their relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Transition {
    Shift,
    Reduce,
    Left(usize),
    Right(usize),
}

impl Transition {
    /// The transition of `kind`, labelled `label` if it is an arc.
    fn of_kind(kind: usize, label: usize) -> Transition {
        match kind {
            SHIFT => Transition::Shift,
            REDUCE => Transition::Reduce,
            LEFT => Transition::Left(label),
            _ => Transition::Right(label),
        }
    }
}

/// Keys of one word for the parser's features.
#[derive(Clone, Copy, Debug, Default)]
struct WordKeys {
    word: u64,
    tag: u64,
}

/// Buffers reused from sentence to sentence.
#[derive(Debug, Default)]
pub(crate) struct ParserScratch {
    state: State,
    keys: Vec<WordKeys>,
    features: Vec<u64>,
    scores: Vec<f32>,
    /// The features specialised to the direction of the arc being labelled.
    relation_features: Vec<u64>,
    relation_scores: Vec<f32>,
    normal: String,
    lower: String,
    /// The beam's buffers, for a parser that decodes with one.
    beam: Option<Box<Beam>>,
}

/// One step of a transition sequence: the transition model's class (none
/// for a forced transition) and the transition taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Step {
    class: Option<u16>,
    transition: Transition,
}

/// A partial parse in the beam: its state, the sum of its transitions'
/// scores, how it got there, and whether that is the gold sequence so far
/// (training only).
#[derive(Clone, Debug, Default)]
struct BeamItem {
    state: State,
    score: f32,
    steps: Vec<Step>,
    on_gold: bool,
}

/// A way to extend the beam: item `item` takes `class` (or its forced
/// transition when `class` is none), for a total of `score`.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    score: f32,
    item: usize,
    class: Option<u16>,
}

/// The beam and the buffers its steps reuse. Every transition sequence of
/// an n-word sentence takes 2n steps (each word is pushed once and popped
/// once), so all items finish together.
#[derive(Debug, Default)]
struct Beam {
    /// The live items come first (`live` of them); the rest are spares.
    items: Vec<BeamItem>,
    live: usize,
    spare: Vec<BeamItem>,
    /// Transition features of each live item's state.
    features: Vec<Vec<u64>>,
    candidates: Vec<Candidate>,
    scores: Vec<f32>,
    relation_features: Vec<u64>,
    relation_scores: Vec<f32>,
}

impl Beam {
    /// Starts a beam holding only `state`.
    fn start(&mut self, state: &State) {
        if self.items.is_empty() {
            self.items.push(BeamItem::default());
        }
        let first = &mut self.items[0];
        first.state.clone_from(state);
        first.score = 0.0;
        first.steps.clear();
        first.on_gold = true;
        self.live = 1;
    }

    fn live(&self) -> &[BeamItem] {
        &self.items[..self.live]
    }

    /// The best live item.
    fn best(&self) -> &BeamItem {
        &self.items[0]
    }
}

impl ParserScratch {
    fn prepare(&mut self, forms: &[&str], tags: &[Tagged]) {
        self.keys.clear();
        for (form, tagged) in forms.iter().zip(tags) {
            normalize(form, &mut self.normal);
            self.lower.clear();
            self.lower
                .extend(self.normal.chars().flat_map(char::to_lowercase));
            self.keys.push(WordKeys {
                word: string_key(&self.lower),
                // UPOS tells what XPOS does not (a copula or auxiliary "is"
                // is AUX, a main verb VERB), so the pair is the tag.
                tag: (tagged.upos as u64) << 8 | (tagged.xpos.index() as u64 + 2),
            });
        }
        self.keys.push(WordKeys {
            word: ROOT_KEY,
            tag: ROOT_KEY,
        });
        self.state.reset(forms.len());
    }

    /// Fills `self.features` for the current state.
    fn extract(&mut self) {
        extract_features(&self.state, &self.keys, &mut self.features);
    }
}

/// The relation model's features for an arc of `kind`: the transition
/// features specialised to its direction.
fn specialise_features(features: &[u64], kind: usize, out: &mut Vec<u64>) {
    out.clear();
    out.extend(
        features
            .iter()
            .map(|&feature| specialise(feature, kind as u64)),
    );
}

/// The transition model's features of `state` over the sentence's `keys`.
fn extract_features(state: &State, keys: &[WordKeys], features: &mut Vec<u64>) {
    let valid = |index: usize| (index != NO_HEAD && index <= state.words).then_some(index);
    let word = |index: Option<usize>| index.map_or(NONE, |i| keys[i].word);
    let tag = |index: Option<usize>| index.map_or(NONE, |i| keys[i].tag);
    let label = |index: Option<usize>| {
        index.map_or(NONE, |i| {
            let label = state.labels[i];
            if label == NO_HEAD {
                1
            } else {
                label as u64 + 2
            }
        })
    };
    let head = |index: Option<usize>| index.and_then(|i| valid(state.heads[i]));
    let left = |index: Option<usize>, nth: usize| index.and_then(|i| valid(state.leftmost[i][nth]));
    let right =
        |index: Option<usize>, nth: usize| index.and_then(|i| valid(state.rightmost[i][nth]));
    let depth = state.stack.len();
    let s0 = state.stack.last().copied();
    let s1 = depth.checked_sub(2).map(|i| state.stack[i]);
    let n0 = Some(state.next);
    let n1 = valid(state.next + 1);
    let n2 = valid(state.next + 2);
    let (s0w, s0p, n0w, n0p) = (word(s0), tag(s0), word(n0), tag(n0));
    let (n1w, n1p, n2w, n2p) = (word(n1), tag(n1), word(n2), tag(n2));
    let s0h = head(s0);
    let s0h2 = head(s0h);
    let (s0l, s0l2, s0r, s0r2) = (left(s0, 0), left(s0, 1), right(s0, 0), right(s0, 1));
    let (n0l, n0l2) = (left(n0, 0), left(n0, 1));
    let distance = s0.map_or(NONE, |s| (state.next - s).min(10) as u64 + 1);
    let count = |table: &[u64], index: Option<usize>| index.map_or(NONE, |i| table[i] + 1);
    let labels = |table: &[u64], index: Option<usize>| index.map_or(NONE, |i| table[i] + 1);
    let s0_vl = count(&state.left_count, s0);
    let s0_vr = count(&state.right_count, s0);
    let n0_vl = count(&state.left_count, n0);
    let s0_sl = labels(&state.left_labels, s0);
    let s0_sr = labels(&state.right_labels, s0);
    let n0_sl = labels(&state.left_labels, n0);
    let s0_headed = s0.map_or(NONE, |s| u64::from(state.heads[s] != NO_HEAD) + 1);
    let templates: [&[u64]; 79] = [
        &[s0w],
        &[s0p],
        &[s0w, s0p],
        &[n0w],
        &[n0p],
        &[n0w, n0p],
        &[n1w],
        &[n1p],
        &[n1w, n1p],
        &[n2w],
        &[n2p],
        &[n2w, n2p],
        &[s0w, s0p, n0w, n0p],
        &[s0w, s0p, n0w],
        &[s0w, n0w, n0p],
        &[s0w, s0p, n0p],
        &[s0p, n0w, n0p],
        &[s0w, n0w],
        &[s0p, n0p],
        &[n0p, n1p],
        &[n0p, n1p, n2p],
        &[s0p, n0p, n1p],
        &[tag(s0h), s0p, n0p],
        &[s0p, tag(s0l), n0p],
        &[s0p, tag(s0r), n0p],
        &[s0p, n0p, tag(n0l)],
        &[s0w, distance],
        &[s0p, distance],
        &[n0w, distance],
        &[n0p, distance],
        &[s0w, n0w, distance],
        &[s0p, n0p, distance],
        &[s0w, s0_vr],
        &[s0p, s0_vr],
        &[s0w, s0_vl],
        &[s0p, s0_vl],
        &[n0w, n0_vl],
        &[n0p, n0_vl],
        &[word(s0h)],
        &[tag(s0h)],
        &[label(s0)],
        &[word(s0l)],
        &[tag(s0l)],
        &[label(s0l)],
        &[word(s0r)],
        &[tag(s0r)],
        &[label(s0r)],
        &[word(n0l)],
        &[tag(n0l)],
        &[label(n0l)],
        &[word(s0h2)],
        &[tag(s0h2)],
        &[label(s0h)],
        &[word(s0l2)],
        &[tag(s0l2)],
        &[label(s0l2)],
        &[word(s0r2)],
        &[tag(s0r2)],
        &[label(s0r2)],
        &[word(n0l2)],
        &[tag(n0l2)],
        &[label(n0l2)],
        &[s0p, tag(s0l), tag(s0l2)],
        &[s0p, tag(s0r), tag(s0r2)],
        &[s0p, tag(s0h), tag(s0h2)],
        &[n0p, tag(n0l), tag(n0l2)],
        &[s0w, s0_sr],
        &[s0p, s0_sr],
        &[s0w, s0_sl],
        &[s0p, s0_sl],
        &[n0w, n0_sl],
        &[n0p, n0_sl],
        &[word(s1)],
        &[tag(s1)],
        &[tag(s1), s0p, n0p],
        &[word(s1), s0w],
        &[tag(s1), s0p],
        &[s0_headed, n0p],
        &[s0_headed, s0p, n0p],
    ];
    features.clear();
    for (template, parts) in templates.iter().enumerate() {
        features.push(feature(template as u16, parts));
    }
}

/// Re-attaches brackets and quotation marks by UD's rule (see
/// [`punctuation`]).
fn attach_punctuation(forms: &[&str], tags: &[Tagged], out: &mut [Parsed]) {
    let upos: Vec<_> = tags.iter().map(|tag| tag.upos).collect();
    punctuation::attach_enclosing_marks(forms, &upos, out);
}

impl Parser {
    fn root_label(&self) -> usize {
        self.labels
            .iter()
            .position(|&label| label == DepRel::ROOT)
            .unwrap_or(usize::MAX)
    }

    /// Parses one tagged sentence.
    pub(crate) fn parse(
        &self,
        forms: &[&str],
        tags: &[Tagged],
        scratch: &mut ParserScratch,
        out: &mut Vec<Parsed>,
    ) {
        scratch.prepare(forms, tags);
        if self.beam > 1 {
            let beam = scratch.beam.get_or_insert_with(Box::default);
            beam.start(&scratch.state);
            while !beam.items[0].state.finished() {
                self.expand(
                    &self.transitions,
                    &self.relations,
                    &scratch.keys,
                    self.beam,
                    beam,
                    None,
                );
            }
            self.read_tree(&beam.items[0].state, out);
            attach_punctuation(forms, tags, out);
            return;
        }
        let root_label = self.root_label();
        while !scratch.state.finished() {
            let transition = match scratch.state.forced_transition(root_label) {
                Some(transition) => transition,
                None => {
                    scratch.extract();
                    let legality = Legality::of(&scratch.state);
                    scratch.scores.clear();
                    scratch.scores.resize(self.actions.len(), 0.0);
                    self.transitions
                        .add_scores(&scratch.features, &mut scratch.scores);
                    let action = self.actions[self.best_action(&legality, &scratch.scores)];
                    let label = match action.label {
                        Some(label) => label,
                        None => self.rare_label(&self.relations, scratch, action.kind),
                    };
                    Transition::of_kind(action.kind, label)
                }
            };
            scratch.state.apply(transition);
        }
        self.read_tree(&scratch.state, out);
        attach_punctuation(forms, tags, out);
    }

    /// Takes one step for every item of the beam and keeps the `width` best
    /// extensions. While training, `gold` is the gold sequence's step: an
    /// item on the gold sequence that takes its class takes its label too,
    /// and stays on it.
    fn expand(
        &self,
        transitions: &impl ScoreFeatures,
        relations: &impl ScoreFeatures,
        keys: &[WordKeys],
        width: usize,
        beam: &mut Beam,
        gold: Option<Step>,
    ) {
        let root_label = self.root_label();
        beam.candidates.clear();
        if beam.features.len() < beam.live {
            beam.features.resize_with(beam.live, Vec::new);
        }
        for (index, item) in beam.items[..beam.live].iter().enumerate() {
            if item.state.forced_transition(root_label).is_some() {
                beam.candidates.push(Candidate {
                    score: item.score,
                    item: index,
                    class: None,
                });
                continue;
            }
            let features = &mut beam.features[index];
            extract_features(&item.state, keys, features);
            beam.scores.clear();
            beam.scores.resize(self.actions.len(), 0.0);
            transitions.add_scores(features, &mut beam.scores);
            let legality = Legality::of(&item.state);
            for (class, action) in self.actions.iter().enumerate() {
                if legality.kinds[action.kind] {
                    beam.candidates.push(Candidate {
                        score: item.score + beam.scores[class],
                        item: index,
                        class: Some(class as u16),
                    });
                }
            }
        }
        // Best first; ties go to the older item and the lower class, so
        // that decoding is deterministic. Only the kept ones are sorted.
        let order = |a: &Candidate, b: &Candidate| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.item.cmp(&b.item))
                .then_with(|| a.class.cmp(&b.class))
        };
        if beam.candidates.len() > width {
            beam.candidates.select_nth_unstable_by(width - 1, order);
            beam.candidates.truncate(width);
        }
        beam.candidates.sort_unstable_by(order);
        let kept = beam.candidates.len();
        while beam.spare.len() < kept {
            beam.spare.push(BeamItem::default());
        }
        for rank in 0..kept {
            let candidate = beam.candidates[rank];
            let parent = &beam.items[candidate.item];
            let transition = match candidate.class {
                None => parent
                    .state
                    .forced_transition(root_label)
                    .unwrap_or(Transition::Shift),
                Some(class) => {
                    let action = self.actions[usize::from(class)];
                    let label = match (action.label, gold) {
                        (Some(label), _) => label,
                        (None, Some(gold)) if parent.on_gold && gold.class == Some(class) => {
                            match gold.transition {
                                Transition::Left(label) | Transition::Right(label) => label,
                                Transition::Shift | Transition::Reduce => root_label,
                            }
                        }
                        (None, _) => self.rare_label_of(
                            relations,
                            &beam.features[candidate.item],
                            action.kind,
                            &mut beam.relation_features,
                            &mut beam.relation_scores,
                        ),
                    };
                    Transition::of_kind(action.kind, label)
                }
            };
            let step = Step {
                class: candidate.class,
                transition,
            };
            let child = &mut beam.spare[rank];
            child.state.clone_from(&parent.state);
            child.state.apply(transition);
            // Only training replays the steps.
            if gold.is_some() {
                child.steps.clone_from(&parent.steps);
                child.steps.push(step);
            }
            child.score = candidate.score;
            child.on_gold = parent.on_gold && gold == Some(step);
        }
        // The kept children become the live items; the old items are spares.
        std::mem::swap(&mut beam.items, &mut beam.spare);
        beam.live = kept;
    }

    /// The class of the best legal action under `scores`.
    fn best_action(&self, legality: &Legality, scores: &[f32]) -> usize {
        let mut best = None;
        for (class, (action, &score)) in self.actions.iter().zip(scores).enumerate() {
            if legality.kinds[action.kind] && best.is_none_or(|(_, top): (usize, f32)| score > top)
            {
                best = Some((class, score));
            }
        }
        best.map_or(SHIFT, |(class, _)| class)
    }

    /// The best rare label for an arc of `kind` under `relations` (the
    /// shipped weights, or a perceptron's while training); the root label
    /// for shift and reduce, which ignore it.
    fn rare_label(
        &self,
        relations: &impl ScoreFeatures,
        scratch: &mut ParserScratch,
        kind: usize,
    ) -> usize {
        self.rare_label_of(
            relations,
            &scratch.features,
            kind,
            &mut scratch.relation_features,
            &mut scratch.relation_scores,
        )
    }

    /// [`Parser::rare_label`] for a state whose transition features are
    /// `features`, with the buffers it needs passed in.
    fn rare_label_of(
        &self,
        relations: &impl ScoreFeatures,
        features: &[u64],
        kind: usize,
        relation_features: &mut Vec<u64>,
        relation_scores: &mut Vec<f32>,
    ) -> usize {
        let root_label = self.root_label();
        if kind == SHIFT || kind == REDUCE {
            return root_label;
        }
        specialise_features(features, kind, relation_features);
        relation_scores.clear();
        relation_scores.resize(self.labels.len(), 0.0);
        relations.add_scores(relation_features, relation_scores);
        let allowed = &self.rare_labels[direction(kind)];
        let mut best = None;
        for (label, &score) in relation_scores.iter().enumerate() {
            if allowed[label] && best.is_none_or(|(_, top): (usize, f32)| score > top) {
                best = Some((label, score));
            }
        }
        best.map_or(root_label, |(label, _)| label)
    }

    /// Reads the arcs off a final state. If several words were attached to
    /// the root (the words left unattached at the end), the one with the
    /// most dependents keeps it, being the likeliest main clause, and the
    /// others hang from it as `parataxis`, EWT's usual relation between
    /// juxtaposed clauses.
    fn read_tree(&self, state: &State, out: &mut Vec<Parsed>) {
        out.clear();
        let dependents = |word: usize| state.left_count[word] + state.right_count[word];
        let root = (0..state.words)
            .filter(|&word| state.heads[word] == state.words)
            .max_by_key(|&word| (dependents(word), std::cmp::Reverse(word)));
        let parataxis = DepRel::from_name("parataxis").unwrap_or(DepRel::ROOT);
        for word in 0..state.words {
            let head = state.heads[word];
            out.push(if Some(word) == root {
                Parsed {
                    head: None,
                    deprel: DepRel::ROOT,
                }
            } else if head == state.words {
                Parsed {
                    head: root,
                    deprel: parataxis,
                }
            } else {
                Parsed {
                    head: Some(head),
                    deprel: self.labels[state.labels[word]],
                }
            });
        }
    }

    /// The parser shipped with dragoman, trained on UD English EWT.
    pub fn shipped() -> Result<Parser, NlpError> {
        Parser::from_bytes(SHIPPED)
    }

    /// The beam-search parser shipped with dragoman: more accurate than
    /// [`Parser::shipped`], several times slower.
    pub fn shipped_beam() -> Result<Parser, NlpError> {
        Parser::from_bytes(SHIPPED_BEAM)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Parser, NlpError> {
        let file = ModelFile::parse(bytes, MODEL_KIND)?;
        let labels = file
            .text_section("labels")?
            .lines()
            .map(|name| {
                DepRel::from_name(name)
                    .filter(|label| label.as_str() == name)
                    .ok_or_else(|| NlpError::BadModel(format!("unknown relation {name:?}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let actions = file
            .text_section("actions")?
            .lines()
            .map(|line| parse_action(line, &labels))
            .collect::<Result<Vec<_>, _>>()?;
        let transitions = Weights::from_bytes(file.section("transitions")?)?;
        let relations = Weights::from_bytes(file.section("relations")?)?;
        // Models trained before beam search have no beam section: greedy.
        let beam = match file.text_section("beam") {
            Ok(text) => text
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|&width| (1..=MAX_BEAM).contains(&width))
                .ok_or_else(|| NlpError::BadModel(format!("beam width {text:?}")))?,
            Err(_) => 1,
        };
        let every_kind_has_an_action =
            (0..KINDS).all(|kind| actions.iter().any(|action| action.kind == kind));
        if transitions.classes() != actions.len()
            || relations.classes() != labels.len()
            || !every_kind_has_an_action
            || !labels.contains(&DepRel::ROOT)
        {
            return Err(NlpError::BadModel(
                "parser weights, actions and labels disagree".into(),
            ));
        }
        let mut parser = Parser::new(labels, actions, transitions, relations);
        parser.beam = beam;
        Ok(parser)
    }

    /// Assembles a parser, working out which labels each direction leaves
    /// to the relation model: those without an action of their own, never
    /// the root label (arcs to the root are forced).
    fn new(
        labels: Vec<DepRel>,
        actions: Vec<Action>,
        transitions: Weights,
        relations: Weights,
    ) -> Parser {
        let rare_labels = [LEFT, RIGHT].map(|kind| {
            labels
                .iter()
                .enumerate()
                .map(|(index, &label)| {
                    label != DepRel::ROOT
                        && !actions.contains(&Action {
                            kind,
                            label: Some(index),
                        })
                })
                .collect()
        });
        Parser {
            labels,
            actions,
            rare_labels,
            transitions,
            relations,
            beam: 1,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let labels: String = self
            .labels
            .iter()
            .map(|label| format!("{label}\n"))
            .collect();
        let actions: String = self
            .actions
            .iter()
            .map(|action| {
                let name = KIND_NAMES[action.kind];
                match action.label {
                    Some(label) => format!("{name} {}\n", self.labels[label]),
                    None => format!("{name}\n"),
                }
            })
            .collect();
        ModelWriter::new(MODEL_KIND)
            .section("labels", labels.into_bytes())
            .section("actions", actions.into_bytes())
            .section("transitions", self.transitions.to_bytes())
            .section("relations", self.relations.to_bytes())
            .section("beam", format!("{}\n", self.beam).into_bytes())
            .to_bytes()
    }

    /// The same model decoding with a beam of `width` (1: greedy). A model
    /// trained with a beam decodes best with its own width, which
    /// [`Parser::beam`] tells.
    pub fn with_beam(mut self, width: usize) -> Result<Parser, NlpError> {
        if !(1..=MAX_BEAM).contains(&width) {
            return Err(NlpError::BadOption(format!(
                "beam width {width}: choose 1 to {MAX_BEAM}"
            )));
        }
        self.beam = width;
        Ok(self)
    }

    /// The beam width the parser decodes with; 1 is greedy.
    pub fn beam(&self) -> usize {
        self.beam
    }

    /// How many hashed features carry weights, in both models.
    pub fn features(&self) -> usize {
        self.transitions.features() + self.relations.features()
    }
}

/// The names of the transition kinds in the model file.
const KIND_NAMES: [&str; KINDS] = ["shift", "reduce", "left", "right"];

/// Reads one line of the model's action list: a kind, then for arcs
/// optionally the label ("left nsubj"; a bare "left" is a rare-label arc).
fn parse_action(line: &str, labels: &[DepRel]) -> Result<Action, NlpError> {
    let bad = || NlpError::BadModel(format!("unknown parser action {line:?}"));
    let mut words = line.split(' ');
    let first = words.next();
    let kind = KIND_NAMES
        .iter()
        .position(|&name| Some(name) == first)
        .ok_or_else(bad)?;
    let label = match words.next() {
        None => None,
        Some(_) if kind == SHIFT || kind == REDUCE => return Err(bad()),
        Some(name) => Some(
            labels
                .iter()
                .position(|label| label.as_str() == name)
                .ok_or_else(bad)?,
        ),
    };
    if words.next().is_some() {
        return Err(bad());
    }
    Ok(Action { kind, label })
}

/// Anything that scores features: the shipped weights, or a perceptron
/// while training.
trait ScoreFeatures {
    fn add_scores(&self, features: &[u64], scores: &mut [f32]);
}

impl ScoreFeatures for Weights {
    fn add_scores(&self, features: &[u64], scores: &mut [f32]) {
        Weights::add_scores(self, features, scores);
    }
}

impl ScoreFeatures for Perceptron {
    fn add_scores(&self, features: &[u64], scores: &mut [f32]) {
        Perceptron::add_scores(self, features, scores);
    }
}

/// A training sentence: its forms, predicted tags and projective gold tree
/// (heads as word indices, the sentence length standing for the root).
struct TrainingSentence<'a> {
    forms: Vec<&'a str>,
    tags: Vec<Tagged>,
    heads: Vec<usize>,
    labels: Vec<usize>,
    /// Gold dependents of each position, root included.
    dependents: Vec<Vec<usize>>,
}

/// Trains a parser on CoNLL-U `train`, reporting dev scores (parsing dev
/// tagged by `tagger`) after each epoch, and returns the model file.
pub fn train_parser(
    train: &str,
    dev: &str,
    tagger: &Tagger,
    options: &TrainOptions,
    on_epoch: &mut dyn FnMut(&EpochReport),
) -> Result<Vec<u8>, NlpError> {
    let train = conllu::parse(train)?;
    let dev = conllu::parse(dev)?;
    if train.is_empty() {
        return Err(NlpError::NoTrainingData);
    }
    let mut labels: Vec<DepRel> = vec![DepRel::ROOT];
    let mut label_index: HashMap<DepRel, usize> = HashMap::from([(DepRel::ROOT, 0)]);
    let predicted = jackknife_tags(&train, tagger.is_two_pass(), options)?;
    let mut sentences = Vec::with_capacity(train.len());
    for (sentence, tags) in train.iter().zip(predicted) {
        let words = sentence.len();
        let mut heads: Vec<usize> = sentence
            .iter()
            .map(|w| if w.head == 0 { words } else { w.head - 1 })
            .collect();
        projectivize(&mut heads);
        let mut sentence_labels = Vec::with_capacity(words);
        for word in sentence {
            let deprel = DepRel::from_name(&word.deprel)
                .ok_or_else(|| NlpError::UnknownLabel(word.deprel.clone()))?;
            let index = *label_index.entry(deprel).or_insert_with(|| {
                labels.push(deprel);
                labels.len() - 1
            });
            sentence_labels.push(index);
        }
        let mut dependents = vec![Vec::new(); words + 1];
        for (dependent, &head) in heads.iter().enumerate() {
            dependents[head].push(dependent);
        }
        sentences.push(TrainingSentence {
            forms: sentence.iter().map(|w| w.form.as_str()).collect(),
            tags,
            heads,
            labels: sentence_labels,
            dependents,
        });
    }
    let actions = frequent_label_actions(&sentences, labels.len());
    let mut parser = Parser::new(
        labels,
        actions,
        Perceptron::new(1).freeze(0.0),
        Perceptron::new(1).freeze(0.0),
    );
    let mut models = Models {
        transitions: Perceptron::new(parser.actions.len()),
        relations: Perceptron::new(parser.labels.len()),
    };
    if options.min_feature_count > 1 {
        let frequent = frequent_transition_features(&parser, &sentences, options.min_feature_count);
        models.transitions.learn_only(frequent);
    }
    let root_label = parser.root_label();
    let mut rng = training_random(options.seed);
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut scratch = ParserScratch::default();
    let mut beam = Beam::default();
    let mut best: Option<(f64, Weights, Weights)> = None;
    let dev_tags = tag_all(tagger, &dev);
    for epoch in 1..=options.epochs {
        let started = Instant::now();
        rng.shuffle(&mut order);
        for &index in &order {
            let sentence = &sentences[index];
            scratch.prepare(&sentence.forms, &sentence.tags);
            if options.beam > 1 {
                models.learn_with_beam(&parser, &mut scratch, &mut beam, sentence, options.beam);
                continue;
            }
            while !scratch.state.finished() {
                let transition = match scratch.state.forced_transition(root_label) {
                    Some(transition) => transition,
                    None => {
                        let follow_model = epoch > 1 && rng.unit() < EXPLORATION;
                        models.learn_from(&parser, &mut scratch, sentence, follow_model)
                    }
                };
                scratch.state.apply(transition);
            }
        }
        parser = Parser::new(
            parser.labels,
            parser.actions,
            models.transitions.freeze(options.prune_below),
            models.relations.freeze(options.prune_below),
        );
        parser.beam = options.beam.clamp(1, MAX_BEAM);
        let scores = parser.score(&dev, &dev_tags);
        on_epoch(&EpochReport {
            epoch,
            dev: scores,
            seconds: started.elapsed().as_secs_f64(),
        });
        let las = scores.las.unwrap_or(0.0);
        if best.as_ref().is_none_or(|(top, _, _)| las > *top) {
            best = Some((las, parser.transitions.clone(), parser.relations.clone()));
        }
    }
    if let Some((_, transitions, relations)) = best {
        parser = Parser::new(parser.labels, parser.actions, transitions, relations);
        parser.beam = options.beam.clamp(1, MAX_BEAM);
    }
    Ok(parser.to_bytes())
}

/// The transition model's features met in at least `min_count` states of
/// one pass over `sentences` in corpus order along the oracle's path, a
/// throwaway model breaking its ties as in a first epoch.
fn frequent_transition_features(
    parser: &Parser,
    sentences: &[TrainingSentence<'_>],
    min_count: u32,
) -> HashSet<u64> {
    let mut models = Models {
        transitions: Perceptron::new(parser.actions.len()),
        relations: Perceptron::new(parser.labels.len()),
    };
    let mut counts: HashMap<u64, u32> = HashMap::new();
    let mut scratch = ParserScratch::default();
    let root_label = parser.root_label();
    for sentence in sentences {
        scratch.prepare(&sentence.forms, &sentence.tags);
        while !scratch.state.finished() {
            let transition = match scratch.state.forced_transition(root_label) {
                Some(transition) => transition,
                None => {
                    let transition = models.learn_from(parser, &mut scratch, sentence, false);
                    for &feature in &scratch.features {
                        *counts.entry(feature).or_default() += 1;
                    }
                    transition
                }
            };
            scratch.state.apply(transition);
        }
    }
    counts
        .into_iter()
        .filter(|&(_, count)| count >= min_count)
        .map(|(feature, _)| feature)
        .collect()
}

/// Shift, reduce, and for each direction an arc with each of its
/// [`LABELS_WITH_OWN_CLASS`] most frequent labels in `sentences`, then one
/// for its other labels if it has any.
fn frequent_label_actions(sentences: &[TrainingSentence<'_>], labels: usize) -> Vec<Action> {
    let mut actions = vec![Action::unlabelled(SHIFT), Action::unlabelled(REDUCE)];
    for kind in [LEFT, RIGHT] {
        let mut counts = vec![0usize; labels];
        for sentence in sentences {
            let words = sentence.heads.len();
            for (dependent, &head) in sentence.heads.iter().enumerate() {
                let arc_kind = if dependent < head { LEFT } else { RIGHT };
                if head != words && arc_kind == kind {
                    counts[sentence.labels[dependent]] += 1;
                }
            }
        }
        let mut by_frequency: Vec<usize> = (0..labels).filter(|&label| counts[label] > 0).collect();
        by_frequency.sort_by_key(|&label| (std::cmp::Reverse(counts[label]), label));
        let own = by_frequency.len().min(LABELS_WITH_OWN_CLASS);
        actions.extend(by_frequency[..own].iter().map(|&label| Action {
            kind,
            label: Some(label),
        }));
        if by_frequency.len() > own {
            actions.push(Action::unlabelled(kind));
        }
    }
    actions
}

/// The two perceptrons being trained.
struct Models {
    transitions: Perceptron,
    relations: Perceptron,
}

impl Models {
    /// Trains both models on the scratch's (unforced) state and returns the
    /// transition to take: the model's guess when `follow_model`, otherwise
    /// the best-scored transition that loses no reachable gold arc.
    fn learn_from(
        &mut self,
        parser: &Parser,
        scratch: &mut ParserScratch,
        gold: &TrainingSentence<'_>,
        follow_model: bool,
    ) -> Transition {
        scratch.extract();
        let legality = Legality::of(&scratch.state);
        scratch.scores.clear();
        scratch.scores.resize(parser.actions.len(), 0.0);
        self.transitions
            .add_scores(&scratch.features, &mut scratch.scores);
        let guess = parser.best_action(&legality, &scratch.scores);
        let kind_costs = kind_costs(&scratch.state, gold);
        let gold_arc = gold_arc(&scratch.state, gold);
        // An arc action whose label cannot be the gold arc's costs one more.
        let cost = |class: usize| {
            let action = parser.actions[class];
            let wrong_label = gold_arc.is_some_and(|(kind, label)| {
                kind == action.kind
                    && match action.label {
                        Some(own) => own != label,
                        None => !parser.rare_labels[direction(kind)][label],
                    }
            });
            kind_costs[action.kind] + u32::from(wrong_label)
        };
        let legal = |class: &usize| legality.kinds[parser.actions[*class].kind];
        let classes = parser.actions.len();
        let best_cost = (0..classes).filter(legal).map(cost).min().unwrap_or(0);
        let zero_cost = (0..classes)
            .filter(|class| legal(class) && cost(*class) == best_cost)
            .max_by(|&a, &b| {
                scratch.scores[a]
                    .total_cmp(&scratch.scores[b])
                    .then_with(|| b.cmp(&a))
            })
            .unwrap_or(guess);
        if cost(guess) > best_cost {
            self.transitions.update(&scratch.features, zero_cost, 1.0);
            self.transitions.update(&scratch.features, guess, -1.0);
        }
        self.transitions.tick();
        let action = parser.actions[if follow_model { guess } else { zero_cost }];
        if let Some(label) = action.label {
            return Transition::of_kind(action.kind, label);
        }
        // The relation model learns from every gold rare-label arc the
        // state offers, whichever action was chosen.
        let mut label = None;
        if let Some((kind, gold_label)) = gold_arc
            && parser.rare_labels[direction(kind)][gold_label]
        {
            let predicted = self.learn_relation(parser, scratch, kind, gold_label);
            if kind == action.kind {
                label = Some(if follow_model { predicted } else { gold_label });
            }
        }
        let label =
            label.unwrap_or_else(|| parser.rare_label(&self.relations, scratch, action.kind));
        Transition::of_kind(action.kind, label)
    }
}

impl Models {
    /// One perceptron step of the relation model on a gold rare-label arc
    /// of `kind` from the scratch's state, whose features are extracted;
    /// returns the label it predicted before learning.
    fn learn_relation(
        &mut self,
        parser: &Parser,
        scratch: &mut ParserScratch,
        kind: usize,
        gold_label: usize,
    ) -> usize {
        let predicted = parser.rare_label(&self.relations, scratch, kind);
        if predicted != gold_label {
            let features = &scratch.relation_features;
            self.relations.update(features, gold_label, 1.0);
            self.relations.update(features, predicted, -1.0);
        }
        self.relations.tick();
        predicted
    }

    /// Global training with a beam (Collins & Roark, 2004; Zhang & Clark,
    /// 2008): decode the prepared sentence with the current weights and, at
    /// the step where the gold sequence falls off the beam (early update)
    /// or at the end if the best parse is not the gold one, reward the gold
    /// prefix and penalise the best item's. The relation model learns
    /// locally, from every gold rare-label arc.
    fn learn_with_beam(
        &mut self,
        parser: &Parser,
        scratch: &mut ParserScratch,
        beam: &mut Beam,
        gold: &TrainingSentence<'_>,
        width: usize,
    ) {
        let gold_steps = self.gold_sequence(parser, scratch, gold);
        scratch.state.reset(gold.forms.len());
        beam.start(&scratch.state);
        for (step, &gold_step) in gold_steps.iter().enumerate() {
            parser.expand(
                &self.transitions,
                &self.relations,
                &scratch.keys,
                width,
                beam,
                Some(gold_step),
            );
            let fell_off = !beam.live().iter().any(|item| item.on_gold);
            let wrong_at_end = step + 1 == gold_steps.len() && !beam.best().on_gold;
            if fell_off || wrong_at_end {
                let predicted = beam.best().steps.clone();
                self.reward(scratch, gold.forms.len(), &gold_steps[..=step], 1.0);
                self.reward(scratch, gold.forms.len(), &predicted, -1.0);
                break;
            }
        }
        self.transitions.tick();
    }

    /// Adds `delta` to the transition model's weights for each scored step
    /// of `steps`, replayed from the start of a sentence of `words` words.
    fn reward(&mut self, scratch: &mut ParserScratch, words: usize, steps: &[Step], delta: f32) {
        scratch.state.reset(words);
        for step in steps {
            if let Some(class) = step.class {
                scratch.extract();
                self.transitions
                    .update(&scratch.features, usize::from(class), delta);
            }
            scratch.state.apply(step.transition);
        }
    }

    /// The static oracle's transition sequence for the prepared sentence:
    /// an arc when the gold tree has one between the stack's top and the
    /// buffer's front, else reduce when that loses nothing, else shift. The
    /// relation model learns from each rare-label arc on the way.
    fn gold_sequence(
        &mut self,
        parser: &Parser,
        scratch: &mut ParserScratch,
        gold: &TrainingSentence<'_>,
    ) -> Vec<Step> {
        let root_label = parser.root_label();
        let class_of = |kind: usize, label: Option<usize>| {
            parser
                .actions
                .iter()
                .position(|action| action.kind == kind && action.label == label)
                .map(|class| class as u16)
        };
        scratch.state.reset(gold.forms.len());
        let mut steps = Vec::with_capacity(2 * gold.forms.len());
        while !scratch.state.finished() {
            let step = match scratch.state.forced_transition(root_label) {
                Some(transition) => Step {
                    class: None,
                    transition,
                },
                None => match gold_arc(&scratch.state, gold) {
                    Some((kind, label)) => {
                        let class = class_of(kind, Some(label));
                        if class.is_none() {
                            scratch.extract();
                            self.learn_relation(parser, scratch, kind, label);
                        }
                        Step {
                            class: class.or_else(|| class_of(kind, None)),
                            transition: Transition::of_kind(kind, label),
                        }
                    }
                    None => {
                        let legality = Legality::of(&scratch.state);
                        let kind = if legality.kinds[REDUCE]
                            && kind_costs(&scratch.state, gold)[REDUCE] == 0
                        {
                            REDUCE
                        } else {
                            SHIFT
                        };
                        Step {
                            class: class_of(kind, None),
                            transition: Transition::of_kind(kind, root_label),
                        }
                    }
                },
            };
            scratch.state.apply(step.transition);
            steps.push(step);
        }
        steps
    }
}

impl Parser {
    fn score(&self, sentences: &[GoldSentence], tags: &[Vec<Tagged>]) -> Scores {
        let mut scratch = ParserScratch::default();
        let mut parsed = Vec::new();
        let mut scores = Scores::default();
        for (sentence, tags) in sentences.iter().zip(tags) {
            let forms: Vec<&str> = sentence.iter().map(|w| w.form.as_str()).collect();
            self.parse(&forms, tags, &mut scratch, &mut parsed);
            scores.add_tags(sentence, tags);
            scores.add_parse(sentence, &parsed);
        }
        scores.finish()
    }
}

fn tag_all(tagger: &Tagger, sentences: &[GoldSentence]) -> Vec<Vec<Tagged>> {
    let mut scratch = TaggerScratch::default();
    sentences
        .iter()
        .map(|sentence| {
            let forms: Vec<&str> = sentence.iter().map(|w| w.form.as_str()).collect();
            let mut tagged = Vec::new();
            tagger.tag(&forms, &mut scratch, &mut tagged);
            tagged
        })
        .collect()
}

/// Tags every training sentence with a tagger of the kind given (one or
/// two passes) trained without it.
fn jackknife_tags(
    train: &[GoldSentence],
    two_pass: bool,
    options: &TrainOptions,
) -> Result<Vec<Vec<Tagged>>, NlpError> {
    let mut tags = vec![Vec::new(); train.len()];
    let mut scratch = TaggerScratch::default();
    tagger::jackknife(train, two_pass, options, |tagger, index| {
        let forms: Vec<&str> = train[index].iter().map(|w| w.form.as_str()).collect();
        tagger.tag(&forms, &mut scratch, &mut tags[index]);
    })?;
    Ok(tags)
}

/// The cost of each transition kind from `state`: how many gold arcs that
/// are still reachable it makes unreachable (Goldberg & Nivre, 2012).
fn kind_costs(state: &State, gold: &TrainingSentence<'_>) -> [u32; KINDS] {
    let next = state.next;
    let words = state.words;
    let in_stack = |index: usize| index < words && state.stack.contains(&index);
    let buffer_dependents =
        |head: usize| gold.dependents[head].iter().filter(|&&d| d >= next).count() as u32;
    let stack_dependents = |head: usize| {
        state
            .stack
            .iter()
            .filter(|&&k| state.heads[k] == NO_HEAD && gold.heads[k] == head)
            .count() as u32
    };
    let top = state.top();
    let mut costs = [0; KINDS];
    if next < words {
        costs[SHIFT] = u32::from(in_stack(gold.heads[next])) + stack_dependents(next);
    }
    costs[REDUCE] = top.map_or(0, buffer_dependents);
    costs[LEFT] = top.map_or(0, |s| {
        u32::from(gold.heads[s] > next) + buffer_dependents(s)
    });
    if let Some(s) = top.filter(|_| next < words) {
        let head = gold.heads[next];
        costs[RIGHT] =
            u32::from(head != s && (in_stack(head) || head > next)) + stack_dependents(next);
    }
    costs
}

/// The gold arc between the top of the stack and the front of the buffer,
/// if any, as its kind and label; arcs to the artificial root are left out,
/// their label being fixed.
fn gold_arc(state: &State, gold: &TrainingSentence<'_>) -> Option<(usize, usize)> {
    let top = state.top()?;
    let next = state.next;
    if next >= state.words {
        None
    } else if gold.heads[top] == next {
        Some((LEFT, gold.labels[top]))
    } else if gold.heads[next] == top {
        Some((RIGHT, gold.labels[next]))
    } else {
        None
    }
}

/// Lifts non-projective arcs (shortest first) to the head's head until the
/// tree is projective; `heads` uses `heads.len()` for the root.
fn projectivize(heads: &mut [usize]) {
    let root = heads.len();
    let dominates = |heads: &[usize], ancestor: usize, mut node: usize| {
        for _ in 0..=heads.len() {
            if node == ancestor {
                return true;
            }
            if node == root {
                return false;
            }
            node = heads[node];
        }
        false
    };
    loop {
        let crossing = (0..heads.len())
            .filter(|&dependent| {
                let head = heads[dependent];
                head != root && {
                    let (low, high) = (head.min(dependent), head.max(dependent));
                    (low + 1..high).any(|between| !dominates(heads, head, between))
                }
            })
            .min_by_key(|&dependent| heads[dependent].abs_diff(dependent));
        match crossing {
            Some(dependent) => heads[dependent] = heads[heads[dependent]],
            None => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shift, reduce, a left arc labelled 1 (nsubj), optionally a rare left
    /// arc, and a rare right arc.
    fn nsubj_actions(rare_left: bool) -> Vec<Action> {
        let mut actions = vec![
            Action::unlabelled(SHIFT),
            Action::unlabelled(REDUCE),
            Action {
                kind: LEFT,
                label: Some(1),
            },
        ];
        if rare_left {
            actions.push(Action::unlabelled(LEFT));
        }
        actions.push(Action::unlabelled(RIGHT));
        actions
    }

    /// A parser with these labels and actions and no weights.
    fn untrained(labels: &[DepRel], actions: &[Action]) -> Parser {
        Parser::new(
            labels.to_vec(),
            actions.to_vec(),
            Perceptron::new(actions.len()).freeze(0.0),
            Perceptron::new(labels.len()).freeze(0.0),
        )
    }

    #[test]
    fn of_several_root_words_the_one_with_most_dependents_keeps_the_root() {
        let parser = Parser::new(
            vec![DepRel::ROOT, DepRel::from_name("nsubj").unwrap()],
            Vec::new(),
            Perceptron::new(1).freeze(0.0),
            Perceptron::new(2).freeze(0.0),
        );
        // "Officials agreed the troops leave": words 0-4, the root at 5.
        // Both 1 and 4 were left for the root; 4 has more dependents, so it
        // keeps the root although 1 comes first.
        let mut state = State::default();
        state.reset(5);
        state.attach(1, 0, 1);
        state.attach(4, 2, 1);
        state.attach(4, 3, 1);
        state.attach(5, 4, 0);
        state.attach(5, 1, 0);
        let mut out = Vec::new();
        parser.read_tree(&state, &mut out);
        let heads: Vec<Option<usize>> = out.iter().map(|arc| arc.head).collect();
        assert_eq!(heads, [Some(1), Some(4), Some(4), Some(4), None]);
        assert_eq!(out[1].deprel.as_str(), "parataxis");
        assert_eq!(out[4].deprel, DepRel::ROOT);
    }

    #[test]
    fn actions_round_trip_through_the_model_file() {
        let nsubj = DepRel::from_name("nsubj").unwrap();
        let labels = vec![DepRel::ROOT, nsubj, DepRel::from_name("obj").unwrap()];
        let actions = nsubj_actions(false);
        let parser = untrained(&labels, &actions);
        // Left arcs have nsubj as their own action; right arcs leave both
        // labels to the relation model; the root label is never rare.
        assert_eq!(
            parser.rare_labels,
            [vec![false, false, true], vec![false, true, true]]
        );
        let loaded = Parser::from_bytes(&parser.to_bytes()).unwrap();
        assert_eq!(loaded.actions, actions);
        assert_eq!(loaded.rare_labels, parser.rare_labels);
        assert_eq!(loaded.beam(), 1);
        let beam = loaded.with_beam(3).unwrap();
        assert_eq!(Parser::from_bytes(&beam.to_bytes()).unwrap().beam(), 3);
        assert!(beam.clone().with_beam(0).is_err());
        assert!(beam.with_beam(MAX_BEAM + 1).is_err());
        for line in ["jump", "shift nsubj", "left nsubj obj", "left nomod", ""] {
            assert!(parse_action(line, &labels).is_err(), "{line:?}");
        }
    }

    /// An invented treebank; each token is form/UPOS/XPOS/head/label.
    fn toy_treebank() -> String {
        let sentences = [
            "The/DET/DT/2/det minister/NOUN/NN/3/nsubj resigned/VERB/VBD/0/root ./PUNCT/./3/punct",
            "Police/NOUN/NNS/2/nsubj arrested/VERB/VBD/0/root the/DET/DT/4/det suspect/NOUN/NN/2/obj ./PUNCT/./2/punct",
            "The/DET/DT/2/det army/NOUN/NN/3/nsubj withdrew/VERB/VBD/0/root ./PUNCT/./3/punct",
            "Rebels/NOUN/NNS/2/nsubj seized/VERB/VBD/0/root the/DET/DT/4/det town/NOUN/NN/2/obj ./PUNCT/./2/punct",
            "The/DET/DT/2/det minister/NOUN/NN/3/nsubj resigned/VERB/VBD/0/root ./PUNCT/./3/punct",
            "Police/NOUN/NNS/2/nsubj arrested/VERB/VBD/0/root the/DET/DT/4/det suspect/NOUN/NN/2/obj ./PUNCT/./2/punct",
        ];
        let mut text = String::new();
        for sentence in sentences {
            for (index, token) in sentence.split(' ').enumerate() {
                let fields: Vec<&str> = token.split('/').collect();
                let [form, upos, xpos, head, label] = fields[..] else {
                    panic!("bad toy token {token:?}");
                };
                text.push_str(&format!(
                    "{}\t{form}\t{}\t{upos}\t{xpos}\t_\t{head}\t{label}\t_\t_\n",
                    index + 1,
                    form.to_lowercase()
                ));
            }
            text.push('\n');
        }
        text
    }

    #[test]
    fn a_feature_count_floor_leaves_rare_features_without_weights() {
        let treebank = toy_treebank();
        let tagger = Tagger::shipped().unwrap();
        let features_with_floor = |min_feature_count| {
            let options = TrainOptions {
                epochs: 3,
                min_feature_count,
                ..TrainOptions::default()
            };
            let bytes = train_parser(&treebank, &treebank, &tagger, &options, &mut |_| {}).unwrap();
            let parser = Parser::from_bytes(&bytes).unwrap();
            parser.transitions.features()
        };
        let (all, frequent) = (features_with_floor(1), features_with_floor(2));
        assert!(0 < frequent && frequent < all, "{frequent} of {all}");
    }

    #[test]
    fn a_beam_trained_parser_keeps_its_width_and_parses_what_it_learned() {
        let treebank = toy_treebank();
        // A one-pass tagger of the toy sentences, so that the jackknifed
        // tags the parser learns from are the tags it is scored on.
        let toy = conllu::parse(&treebank).unwrap();
        let tagger_options = TrainOptions {
            epochs: 5,
            ..TrainOptions::default()
        };
        let tagger = tagger::fit(&toy, None, &tagger_options, &mut |_| {}).unwrap();
        let options = TrainOptions {
            epochs: 5,
            beam: 4,
            ..TrainOptions::default()
        };
        let bytes = train_parser(&treebank, &treebank, &tagger, &options, &mut |_| {}).unwrap();
        let parser = Parser::from_bytes(&bytes).unwrap();
        assert_eq!(parser.beam, 4);
        let gold = conllu::parse(&treebank).unwrap();
        let scores = parser.score(&gold, &tag_all(&tagger, &gold));
        assert_eq!(scores.uas, Some(100.0));
        assert_eq!(scores.las, Some(100.0));
    }

    #[test]
    fn the_gold_sequence_builds_the_gold_tree() {
        let gold_sentences = conllu::parse(&toy_treebank()).unwrap();
        let gold_sentence = &gold_sentences[1];
        let tags = tag_all(&Tagger::shipped().unwrap(), &gold_sentences[1..2]).remove(0);
        let words = gold_sentence.len();
        let heads: Vec<usize> = gold_sentence
            .iter()
            .map(|w| if w.head == 0 { words } else { w.head - 1 })
            .collect();
        let labels = vec![DepRel::ROOT, DepRel::from_name("nsubj").unwrap()];
        let label_of = |name: &str| usize::from(name == "nsubj");
        let mut dependents = vec![Vec::new(); words + 1];
        for (dependent, &head) in heads.iter().enumerate() {
            dependents[head].push(dependent);
        }
        let sentence = TrainingSentence {
            forms: gold_sentence.iter().map(|w| w.form.as_str()).collect(),
            tags,
            heads: heads.clone(),
            labels: gold_sentence.iter().map(|w| label_of(&w.deprel)).collect(),
            dependents,
        };
        // Left nsubj arcs have their own class; other arcs are rare.
        let actions = nsubj_actions(true);
        let parser = untrained(&labels, &actions);
        let mut models = Models {
            transitions: Perceptron::new(actions.len()),
            relations: Perceptron::new(labels.len()),
        };
        let mut scratch = ParserScratch::default();
        scratch.prepare(&sentence.forms, &sentence.tags);
        let steps = models.gold_sequence(&parser, &mut scratch, &sentence);
        assert_eq!(steps.len(), 2 * words);
        scratch.state.reset(words);
        for step in &steps {
            scratch.state.apply(step.transition);
        }
        assert_eq!(&scratch.state.heads[..words], &heads[..]);
    }

    #[test]
    fn lifting_makes_a_crossing_tree_projective() {
        // Words 0..4 and the root at position 4. The arc 3→1 spans word 2,
        // the root word, which 3 does not dominate: 1 is lifted to 3's head.
        let mut heads = vec![2, 3, 4, 2];
        projectivize(&mut heads);
        assert_eq!(heads, [2, 2, 4, 2]);
        let mut projective = vec![1, 4, 1, 2];
        projectivize(&mut projective);
        assert_eq!(projective, [1, 4, 1, 2]);
    }
}
