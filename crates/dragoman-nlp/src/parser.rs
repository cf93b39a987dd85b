//! The dependency parser: greedy arc-eager transitions with the label
//! predicted jointly with the arc, scored by an averaged perceptron over the
//! rich feature set of Zhang & Nivre (2011).
//!
//! The artificial root sits at the end of the buffer (Ballesteros & Nivre,
//! 2013), so every word is attached by a transition and none is left over.
//! Training uses the dynamic oracle of Goldberg & Nivre (2012), exploring
//! the model's own mistakes, on tags predicted by taggers that did not see
//! the sentence (jackknifing), so that the parser is used to tagging errors.
//! Non-projective training trees are first made projective by lifting arcs
//! (about 2% of EWT sentences); those arcs cannot be recovered.

use std::collections::HashMap;
use std::time::Instant;

use dragoman_learn::{ModelFile, ModelWriter, Perceptron, Weights};

use crate::NlpError;
use crate::conllu::{self, GoldSentence};
use crate::eval::{EpochReport, Scores, TrainOptions};
use crate::features::{Rng, feature, normalize, string_key};
use crate::labels::DepRel;
use crate::tagger::{self, Tagged, Tagger, TaggerScratch};

const MODEL_KIND: &str = "parser";
/// Trained on UD English EWT train (CC BY-SA 4.0), tuned on its dev set.
const SHIPPED: &[u8] = include_bytes!("../models/parser.bin");
const SHIFT: usize = 0;
const REDUCE: usize = 1;
/// Jackknifing splits the training set in this many parts, each tagged by a
/// tagger trained on the others.
const JACKKNIFE_FOLDS: usize = 4;
/// Epochs for the jackknife taggers: they reach their plateau by then.
const JACKKNIFE_TAGGER_EPOCHS: usize = 6;
/// Probability of following the model rather than the oracle once
/// exploration starts (Goldberg & Nivre found 0.9 to work well).
const EXPLORATION: f64 = 0.9;
/// Missing positions and the artificial root in feature parts.
const NONE: u64 = 0;
const ROOT_KEY: u64 = 1;
const NO_HEAD: usize = usize::MAX;

/// A trained parser.
#[derive(Clone, Debug)]
pub struct Parser {
    labels: Vec<DepRel>,
    weights: Weights,
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
#[derive(Debug, Default)]
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

    /// Whether transition `class` may be applied; `root_label` is the label
    /// index reserved for attachments to the artificial root.
    fn is_legal(&self, class: usize, root_label: usize) -> bool {
        Legality::of(self).allows(class, root_label)
    }

    /// The only legal transition, when there is just one: shift on an empty
    /// stack, and reduce or attach to the root once the buffer is used up.
    /// Skipping the scoring there saves lookups and changes no decision.
    fn forced_transition(&self, root_label: usize) -> Option<usize> {
        match self.top() {
            None => Some(SHIFT),
            Some(top) if self.next == self.words => Some(if self.heads[top] == NO_HEAD {
                2 + 2 * root_label
            } else {
                REDUCE
            }),
            Some(_) => None,
        }
    }

    /// Applies a legal transition.
    fn apply(&mut self, class: usize) {
        let top = self.top();
        match (Transition::from_class(class), top) {
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

/// Which kinds of transition a state allows, worked out once so that
/// checking each of the hundred-odd classes is a few comparisons.
struct Legality {
    at_root: bool,
    reduce: bool,
    left: bool,
    right: bool,
}

impl Legality {
    fn of(state: &State) -> Legality {
        let top = state.top();
        let at_root = state.next == state.words;
        Legality {
            at_root,
            reduce: top.is_some_and(|s| state.heads[s] != NO_HEAD),
            left: top.is_some_and(|s| state.heads[s] == NO_HEAD),
            right: top.is_some() && !at_root,
        }
    }

    fn allows(&self, class: usize, root_label: usize) -> bool {
        match Transition::from_class(class) {
            Transition::Shift => !self.at_root,
            Transition::Reduce => self.reduce,
            Transition::Left(label) => self.left && (label == root_label) == self.at_root,
            Transition::Right(label) => self.right && label != root_label,
        }
    }
}

/// A transition, decoded from its class number: 0 and 1 are shift and
/// reduce, then left and right arcs alternate for each label.
enum Transition {
    Shift,
    Reduce,
    Left(usize),
    Right(usize),
}

impl Transition {
    fn from_class(class: usize) -> Transition {
        match class {
            SHIFT => Transition::Shift,
            REDUCE => Transition::Reduce,
            _ if class.is_multiple_of(2) => Transition::Left((class - 2) / 2),
            _ => Transition::Right((class - 2) / 2),
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
    normal: String,
    lower: String,
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
        let state = &self.state;
        let keys = &self.keys;
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
        let left =
            |index: Option<usize>, nth: usize| index.and_then(|i| valid(state.leftmost[i][nth]));
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
        self.features.clear();
        for (template, parts) in templates.iter().enumerate() {
            self.features.push(feature(template as u16, parts));
        }
    }

    /// The best legal transition under the current scores.
    fn best_legal(&self, root_label: usize) -> usize {
        let legality = Legality::of(&self.state);
        let mut best = None;
        for (class, &score) in self.scores.iter().enumerate() {
            if legality.allows(class, root_label)
                && best.is_none_or(|(_, top): (usize, f32)| score > top)
            {
                best = Some((class, score));
            }
        }
        best.map_or(SHIFT, |(class, _)| class)
    }
}

impl Parser {
    fn classes(&self) -> usize {
        2 + 2 * self.labels.len()
    }

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
        let root_label = self.root_label();
        while !scratch.state.finished() {
            let class = match scratch.state.forced_transition(root_label) {
                Some(class) => class,
                None => {
                    scratch.extract();
                    scratch.scores.clear();
                    scratch.scores.resize(self.classes(), 0.0);
                    self.weights
                        .add_scores(&scratch.features, &mut scratch.scores);
                    scratch.best_legal(root_label)
                }
            };
            scratch.state.apply(class);
        }
        self.read_tree(&scratch.state, out);
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
        let weights = Weights::from_bytes(file.section("weights")?)?;
        let parser = Parser { labels, weights };
        if parser.weights.classes() != parser.classes() || parser.root_label() == usize::MAX {
            return Err(NlpError::BadModel(
                "parser weights and labels disagree".into(),
            ));
        }
        Ok(parser)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let labels: String = self
            .labels
            .iter()
            .map(|label| format!("{label}\n"))
            .collect();
        ModelWriter::new(MODEL_KIND)
            .section("labels", labels.into_bytes())
            .section("weights", self.weights.to_bytes())
            .to_bytes()
    }

    /// How many hashed features carry weights.
    pub fn features(&self) -> usize {
        self.weights.features()
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
    let predicted = jackknife_tags(&train, options)?;
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
    let mut parser = Parser {
        labels,
        weights: Perceptron::new(1).freeze(0.0),
    };
    let root_label = parser.root_label();
    let mut perceptron = Perceptron::new(parser.classes());
    let mut rng = Rng::new(options.seed);
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut scratch = ParserScratch::default();
    let mut costs = vec![0u32; parser.classes()];
    let mut best: Option<(f64, Weights)> = None;
    let dev_tags = tag_all(tagger, &dev);
    for epoch in 1..=options.epochs {
        let started = Instant::now();
        rng.shuffle(&mut order);
        for &index in &order {
            let sentence = &sentences[index];
            scratch.prepare(&sentence.forms, &sentence.tags);
            while !scratch.state.finished() {
                scratch.extract();
                scratch.scores.clear();
                scratch.scores.resize(parser.classes(), 0.0);
                perceptron.add_scores(&scratch.features, &mut scratch.scores);
                let guess = scratch.best_legal(root_label);
                transition_costs(&scratch.state, sentence, &mut costs);
                let legal = |class: &usize| scratch.state.is_legal(*class, root_label);
                let best_cost = (0..costs.len())
                    .filter(legal)
                    .map(|class| costs[class])
                    .min()
                    .unwrap_or(0);
                let zero_cost = (0..costs.len())
                    .filter(|class| legal(class) && costs[*class] == best_cost)
                    .max_by(|&a, &b| {
                        scratch.scores[a]
                            .total_cmp(&scratch.scores[b])
                            .then_with(|| b.cmp(&a))
                    })
                    .unwrap_or(guess);
                if costs[guess] > best_cost {
                    perceptron.update(&scratch.features, zero_cost, 1.0);
                    perceptron.update(&scratch.features, guess, -1.0);
                }
                perceptron.tick();
                let follow_model = epoch > 1 && rng.unit() < EXPLORATION;
                scratch
                    .state
                    .apply(if follow_model { guess } else { zero_cost });
            }
        }
        parser.weights = perceptron.freeze(options.prune_below);
        let scores = parser.score(&dev, &dev_tags);
        on_epoch(&EpochReport {
            epoch,
            dev: scores,
            seconds: started.elapsed().as_secs_f64(),
        });
        let las = scores.las.unwrap_or(0.0);
        if best.as_ref().is_none_or(|(top, _)| las > *top) {
            best = Some((las, parser.weights.clone()));
        }
    }
    if let Some((_, weights)) = best {
        parser.weights = weights;
    }
    Ok(parser.to_bytes())
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

/// Tags every training sentence with a tagger trained without it.
fn jackknife_tags(
    train: &[GoldSentence],
    options: &TrainOptions,
) -> Result<Vec<Vec<Tagged>>, NlpError> {
    let mut tags = vec![Vec::new(); train.len()];
    let tagger_options = TrainOptions {
        epochs: JACKKNIFE_TAGGER_EPOCHS,
        ..options.clone()
    };
    for fold in 0..JACKKNIFE_FOLDS {
        let rest: Vec<GoldSentence> = train
            .iter()
            .enumerate()
            .filter(|(index, _)| index % JACKKNIFE_FOLDS != fold)
            .map(|(_, sentence)| sentence.clone())
            .collect();
        let tagger = tagger::fit(&rest, None, &tagger_options, &mut |_| {})?;
        let held_out: Vec<usize> = (fold..train.len()).step_by(JACKKNIFE_FOLDS).collect();
        let held_out_sentences: Vec<GoldSentence> =
            held_out.iter().map(|&index| train[index].clone()).collect();
        for (index, tagged) in held_out
            .into_iter()
            .zip(tag_all(&tagger, &held_out_sentences))
        {
            tags[index] = tagged;
        }
    }
    Ok(tags)
}

/// The cost of every transition from `state`: how many gold arcs that are
/// still reachable it makes unreachable (Goldberg & Nivre, 2012), plus one
/// for a gold arc given the wrong label.
fn transition_costs(state: &State, gold: &TrainingSentence<'_>, costs: &mut [u32]) {
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
    let shift_cost = if next < words {
        u32::from(in_stack(gold.heads[next])) + stack_dependents(next)
    } else {
        0
    };
    let reduce_cost = top.map_or(0, buffer_dependents);
    let left_cost = top.map_or(0, |s| {
        u32::from(gold.heads[s] > next) + buffer_dependents(s)
    });
    let right_cost = match top {
        Some(s) if next < words => {
            let head = gold.heads[next];
            u32::from(head != s && (in_stack(head) || head > next)) + stack_dependents(next)
        }
        _ => 0,
    };
    costs[SHIFT] = shift_cost;
    costs[REDUCE] = reduce_cost;
    for label in 0..(costs.len() - 2) / 2 {
        let wrong_left = top.is_some_and(|s| gold.heads[s] == next && gold.labels[s] != label);
        let wrong_right = top
            .is_some_and(|s| next < words && gold.heads[next] == s && gold.labels[next] != label);
        costs[2 + 2 * label] = left_cost + u32::from(wrong_left);
        costs[3 + 2 * label] = right_cost + u32::from(wrong_right);
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

    #[test]
    fn of_several_root_words_the_one_with_most_dependents_keeps_the_root() {
        let parser = Parser {
            labels: vec![DepRel::ROOT, DepRel::from_name("nsubj").unwrap()],
            weights: Perceptron::new(1).freeze(0.0),
        };
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
