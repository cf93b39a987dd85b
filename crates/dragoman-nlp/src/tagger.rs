//! The part-of-speech tagger: greedy averaged perceptrons predicting the
//! (UPOS, XPOS) pair as one class, so the two never disagree. The shipped
//! tagger reads a sentence twice: right to left, then left to right with the
//! first pass's classes of the word and of the two after it as features.
//! Frequent words that the training data always tags alike skip scoring
//! (the tag dictionary), and their tags are also features for their
//! neighbours. The tagger also owns the lemmatiser, which needs its XPOS.

use std::collections::HashMap;
use std::time::Instant;

use dragoman_learn::{ModelFile, ModelWriter, Perceptron, Weights};

use crate::NlpError;
use crate::conllu::{self, GoldSentence};
use crate::eval::{EpochReport, Scores, TrainOptions};
use crate::features::{feature, normalize, orthography, shape, string_key, training_random};
use crate::labels::{Upos, Xpos};
use crate::lemma::Lemmatizer;

const MODEL_KIND: &str = "tagger";
/// The section holding a two-pass tagger's first pass.
const FIRST_PASS_SECTION: &str = "first-pass-weights";
/// Trained on UD English EWT train (CC BY-SA 4.0), tuned on its dev set.
const SHIPPED: &[u8] = include_bytes!("../models/tagger.bin");
/// A word joins the tag dictionary when seen this often...
const DICTIONARY_MIN_COUNT: usize = 15;
/// ...with this share of its occurrences under one tag.
const DICTIONARY_MIN_SHARE: f64 = 0.995;
/// Words seen fewer times than this get no ambiguity class.
const AMBIGUITY_MIN_COUNT: usize = 5;
/// Jackknifing cuts the training sentences into this many parts, each
/// tagged by a tagger trained on the others for this many epochs (they
/// reach their plateau by then).
const JACKKNIFE_FOLDS: usize = 4;
const JACKKNIFE_EPOCHS: usize = 6;
/// Key parts standing for positions before the sentence and after it.
const BEFORE: u64 = 1;
const AFTER: u64 = 2;

/// A trained tagger and lemmatiser.
#[derive(Clone, Debug)]
pub struct Tagger {
    classes: Vec<(Upos, Xpos)>,
    weights: Weights,
    /// A first pass, right to left, whose classes of each word and of the
    /// two after it the final left-to-right pass (`weights`) sees; `None`
    /// for a one-pass tagger.
    first_pass: Option<Weights>,
    /// Normalised word → class, for frequent unambiguous words.
    dictionary: HashMap<Box<str>, u16>,
    /// Lowercased word → key of the set of classes it takes in training,
    /// which tells the tagger what the words ahead of it can be.
    /// The value holds the class list as written in the model and its key.
    ambiguity: HashMap<Box<str>, (Box<str>, u64)>,
    lemmatizer: Lemmatizer,
}

/// Per-word keys, hashed once per sentence and reused by every template.
#[derive(Clone, Copy, Debug, Default)]
struct WordKeys {
    form: u64,
    lower: u64,
    prefixes: [u64; 4],
    suffixes: [u64; 4],
    shape: u64,
    orthography: u64,
    /// Dictionary class + 1, or 0 for words outside the dictionary.
    known_class: u64,
    /// Key of the word's ambiguity class, or 0 for unseen words.
    ambiguity: u64,
}

/// Buffers reused from sentence to sentence so tagging does not allocate
/// per word.
#[derive(Debug, Default)]
pub(crate) struct TaggerScratch {
    keys: Vec<WordKeys>,
    /// The first pass's classes, for a two-pass tagger.
    first: Vec<u16>,
    features: Vec<u64>,
    scores: Vec<f32>,
    normal: String,
    lower: String,
    shape: String,
}

impl TaggerScratch {
    fn prepare(
        &mut self,
        forms: &[&str],
        dictionary: &HashMap<Box<str>, u16>,
        ambiguity: &HashMap<Box<str>, (Box<str>, u64)>,
    ) {
        self.keys.clear();
        for form in forms {
            normalize(form, &mut self.normal);
            self.lower.clear();
            self.lower
                .extend(self.normal.chars().flat_map(char::to_lowercase));
            shape(&self.normal, &mut self.shape);
            let mut keys = WordKeys {
                form: string_key(&self.normal),
                lower: string_key(&self.lower),
                shape: string_key(&self.shape),
                orthography: orthography(&self.normal),
                known_class: dictionary
                    .get(self.normal.as_str())
                    .map_or(0, |&class| u64::from(class) + 1),
                ambiguity: ambiguity
                    .get(self.lower.as_str())
                    .map_or(0, |&(_, key)| key),
                ..WordKeys::default()
            };
            let starts: Vec<usize> = self.lower.char_indices().map(|(at, _)| at).collect();
            for length in 1..=4 {
                // Words shorter than the affix get no affix key of that length.
                if let Some(&end) = starts.get(length) {
                    keys.prefixes[length - 1] = string_key(&self.lower[..end]);
                } else if starts.len() == length {
                    keys.prefixes[length - 1] = keys.lower;
                }
                if starts.len() >= length {
                    keys.suffixes[length - 1] =
                        string_key(&self.lower[starts[starts.len() - length]..]);
                }
            }
            self.keys.push(keys);
        }
    }

    /// Fills `self.features` for word `index` given the classes so far and,
    /// in a second pass, the first pass's classes of the whole sentence.
    fn extract(&mut self, index: usize, history: &[u16], first: Option<&[u16]>) {
        let keys = &self.keys;
        let at = |offset: isize| -> Option<&WordKeys> {
            index.checked_add_signed(offset).and_then(|i| keys.get(i))
        };
        let lower =
            |offset: isize| at(offset).map_or(if offset < 0 { BEFORE } else { AFTER }, |k| k.lower);
        let tag = |back: usize| {
            index
                .checked_sub(back)
                .map_or(BEFORE, |i| u64::from(history[i]) + 3)
        };
        let word = &keys[index];
        let next = at(1).copied().unwrap_or_default();
        let previous = at(-1).copied().unwrap_or_default();
        let features = &mut self.features;
        features.clear();
        features.push(feature(0, &[]));
        features.push(feature(1, &[word.lower]));
        for length in 0..4 {
            features.push(feature(2 + length as u16, &[word.prefixes[length]]));
            features.push(feature(6 + length as u16, &[word.suffixes[length]]));
        }
        features.push(feature(10, &[word.shape]));
        features.push(feature(11, &[word.orthography]));
        features.push(feature(12, &[word.form]));
        features.push(feature(13, &[lower(-1)]));
        features.push(feature(14, &[lower(-2)]));
        features.push(feature(15, &[lower(1)]));
        features.push(feature(16, &[lower(2)]));
        features.push(feature(17, &[tag(1)]));
        features.push(feature(18, &[tag(2), tag(1)]));
        features.push(feature(19, &[tag(1), word.lower]));
        features.push(feature(20, &[next.suffixes[2]]));
        features.push(feature(21, &[next.shape]));
        features.push(feature(22, &[previous.shape]));
        features.push(feature(23, &[lower(-1), word.lower]));
        features.push(feature(24, &[word.lower, lower(1)]));
        features.push(feature(25, &[next.known_class]));
        features.push(feature(26, &[at(2).map_or(0, |k| k.known_class)]));
        features.push(feature(27, &[tag(1), next.known_class]));
        features.push(feature(28, &[u64::from(index == 0), word.orthography]));
        features.push(feature(29, &[tag(2)]));
        features.push(feature(30, &[tag(1), word.suffixes[2]]));
        features.push(feature(31, &[previous.suffixes[2]]));
        let ambiguity = |offset: isize| at(offset).map_or(AFTER, |k| k.ambiguity);
        features.push(feature(32, &[word.ambiguity]));
        features.push(feature(33, &[ambiguity(1)]));
        features.push(feature(34, &[ambiguity(2)]));
        features.push(feature(35, &[tag(1), word.ambiguity]));
        features.push(feature(36, &[word.ambiguity, ambiguity(1)]));
        features.push(feature(37, &[word.lower, ambiguity(1)]));
        if let Some(first) = first {
            let first_class = |offset: usize| {
                first
                    .get(index + offset)
                    .map_or(AFTER, |&class| u64::from(class) + 3)
            };
            features.push(feature(38, &[first_class(0)]));
            features.push(feature(39, &[first_class(1)]));
            features.push(feature(40, &[first_class(2)]));
            features.push(feature(41, &[first_class(1), first_class(2)]));
            features.push(feature(42, &[tag(1), first_class(1)]));
            features.push(feature(43, &[word.lower, first_class(1)]));
            features.push(feature(44, &[word.suffixes[2], first_class(1)]));
            features.push(feature(45, &[tag(1), first_class(0), first_class(1)]));
        }
    }
}

impl Tagger {
    /// Tags `forms` (one sentence), writing one class index per word.
    fn tag_classes(&self, forms: &[&str], scratch: &mut TaggerScratch, classes: &mut Vec<u16>) {
        scratch.prepare(forms, &self.dictionary, &self.ambiguity);
        let Some(first_pass) = &self.first_pass else {
            self.pass(Pass::First(&self.weights), scratch, classes);
            return;
        };
        // Word keys depend on the word alone, so reversing them reads the
        // sentence backwards.
        let mut first = std::mem::take(&mut scratch.first);
        scratch.keys.reverse();
        self.pass(Pass::First(first_pass), scratch, &mut first);
        scratch.keys.reverse();
        first.reverse();
        self.pass(Pass::Second(&self.weights, &first), scratch, classes);
        scratch.first = first;
    }

    /// One greedy pass over the prepared sentence, in the order of its keys.
    fn pass(&self, pass: Pass<'_>, scratch: &mut TaggerScratch, classes: &mut Vec<u16>) {
        let (weights, first) = match pass {
            Pass::First(weights) => (weights, None),
            Pass::Second(weights, first) => (weights, Some(first)),
        };
        classes.clear();
        for index in 0..scratch.keys.len() {
            let known = scratch.keys[index].known_class;
            if known > 0 {
                classes.push((known - 1) as u16);
                continue;
            }
            scratch.extract(index, classes, first);
            scratch.scores.clear();
            scratch.scores.resize(self.classes.len(), 0.0);
            weights.add_scores(&scratch.features, &mut scratch.scores);
            classes.push(best(&scratch.scores) as u16);
        }
    }

    /// Tags and lemmatises one sentence.
    pub(crate) fn tag(&self, forms: &[&str], scratch: &mut TaggerScratch, out: &mut Vec<Tagged>) {
        let mut classes = Vec::with_capacity(forms.len());
        self.tag_classes(forms, scratch, &mut classes);
        out.clear();
        for (form, &class) in forms.iter().zip(&classes) {
            let (upos, xpos) = self.classes[usize::from(class)];
            normalize(form, &mut scratch.normal);
            scratch.lower.clear();
            scratch
                .lower
                .extend(scratch.normal.chars().flat_map(char::to_lowercase));
            let lemma = self
                .lemmatizer
                .lemmatize(&scratch.normal, xpos, &scratch.lower);
            out.push(Tagged {
                upos,
                xpos,
                lemma: lemma.into_boxed_str(),
            });
        }
    }

    /// The tagger shipped with dragoman, trained on UD English EWT.
    pub fn shipped() -> Result<Tagger, NlpError> {
        Tagger::from_bytes(SHIPPED)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, NlpError> {
        let file = ModelFile::parse(bytes, MODEL_KIND)?;
        let classes = file
            .text_section("classes")?
            .lines()
            .map(|line| {
                let (upos, xpos) = line.split_once('\t').unwrap_or((line, ""));
                Upos::from_name(upos)
                    .zip(Xpos::from_name(xpos))
                    .ok_or_else(|| NlpError::BadModel(format!("unknown tag pair {line:?}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let weights = Weights::from_bytes(file.section("weights")?)?;
        let first_pass = file
            .optional_section(FIRST_PASS_SECTION)
            .map(Weights::from_bytes)
            .transpose()?;
        let dictionary = file
            .text_section("dictionary")?
            .lines()
            .map(|line| {
                line.rsplit_once('\t')
                    .and_then(|(word, class)| Some((word.into(), class.parse::<u16>().ok()?)))
                    .filter(|&(_, class)| usize::from(class) < classes.len())
                    .ok_or_else(|| NlpError::BadModel(format!("bad dictionary line {line:?}")))
            })
            .collect::<Result<HashMap<_, _>, _>>()?;
        let ambiguity = file
            .text_section("ambiguity")?
            .lines()
            .map(|line| {
                line.rsplit_once('\t')
                    .map(|(word, classes)| (word.into(), (classes.into(), string_key(classes))))
                    .ok_or_else(|| NlpError::BadModel(format!("bad ambiguity line {line:?}")))
            })
            .collect::<Result<HashMap<_, _>, _>>()?;
        if std::iter::once(&weights)
            .chain(&first_pass)
            .any(|weights| weights.classes() != classes.len())
        {
            return Err(NlpError::BadModel(
                "tagger weights and classes disagree".into(),
            ));
        }
        let lemmatizer = Lemmatizer::from_sections(
            file.text_section("lemma-rules")?,
            file.text_section("lemma-exceptions")?,
        )?;
        Ok(Tagger {
            classes,
            weights,
            first_pass,
            dictionary,
            ambiguity,
            lemmatizer,
        })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let classes: String = self
            .classes
            .iter()
            .map(|(upos, xpos)| format!("{upos}\t{xpos}\n"))
            .collect();
        let mut dictionary: Vec<String> = self
            .dictionary
            .iter()
            .map(|(word, class)| format!("{word}\t{class}\n"))
            .collect();
        dictionary.sort_unstable();
        let mut ambiguity: Vec<String> = self
            .ambiguity
            .iter()
            .map(|(word, (classes, _))| format!("{word}\t{classes}\n"))
            .collect();
        ambiguity.sort_unstable();
        let (rules, exceptions) = self.lemmatizer.to_sections();
        let mut writer = ModelWriter::new(MODEL_KIND);
        if let Some(first_pass) = &self.first_pass {
            writer = writer.section(FIRST_PASS_SECTION, first_pass.to_bytes());
        }
        writer
            .section("classes", classes.into_bytes())
            .section("dictionary", dictionary.concat().into_bytes())
            .section("ambiguity", ambiguity.concat().into_bytes())
            .section("lemma-rules", rules.into_bytes())
            .section("lemma-exceptions", exceptions.into_bytes())
            .section("weights", self.weights.to_bytes())
            .to_bytes()
    }

    /// How many hashed features carry weights, in all passes.
    pub fn features(&self) -> usize {
        self.weights.features() + self.first_pass.as_ref().map_or(0, Weights::features)
    }

    /// Whether the tagger reads each sentence twice (see [`TrainOptions`]).
    pub fn is_two_pass(&self) -> bool {
        self.first_pass.is_some()
    }
}

/// The weights of one tagging pass and what they see.
#[derive(Clone, Copy)]
enum Pass<'a> {
    /// Sees the classes chosen so far in the pass.
    First(&'a Weights),
    /// Also the first pass's classes of the whole sentence.
    Second(&'a Weights, &'a [u16]),
}

/// One word's tags and lemma.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Tagged {
    pub(crate) upos: Upos,
    pub(crate) xpos: Xpos,
    pub(crate) lemma: Box<str>,
}

/// The index of the highest score (the first on ties).
pub(crate) fn best(scores: &[f32]) -> usize {
    let mut best = 0;
    for (index, &score) in scores.iter().enumerate() {
        if score > scores[best] {
            best = index;
        }
    }
    best
}

/// A treebank sentence with its gold tags resolved to class indices.
pub(crate) struct TaggedSentence<'a> {
    pub(crate) forms: Vec<&'a str>,
    pub(crate) classes: Vec<u16>,
}

impl TaggedSentence<'_> {
    fn reversed(&self) -> Self {
        TaggedSentence {
            forms: self.forms.iter().rev().copied().collect(),
            classes: self.classes.iter().rev().copied().collect(),
        }
    }
}

fn reversed(sentence: &GoldSentence) -> GoldSentence {
    sentence.iter().rev().cloned().collect()
}

/// Trains a tagger on CoNLL-U `train`, reporting dev scores after each
/// epoch, and returns the model file.
pub fn train_tagger(
    train: &str,
    dev: &str,
    options: &TrainOptions,
    on_epoch: &mut dyn FnMut(&EpochReport),
) -> Result<Vec<u8>, NlpError> {
    let train = conllu::parse(train)?;
    let dev = conllu::parse(dev)?;
    Ok(fit(&train, Some(&dev), options, on_epoch)?.to_bytes())
}

/// Trains on `train`; with `dev`, keeps the epoch that tags it best.
pub(crate) fn fit(
    train: &[GoldSentence],
    dev: Option<&[GoldSentence]>,
    options: &TrainOptions,
    on_epoch: &mut dyn FnMut(&EpochReport),
) -> Result<Tagger, NlpError> {
    if train.is_empty() {
        return Err(NlpError::NoTrainingData);
    }
    let mut class_of: HashMap<(Upos, Xpos), u16> = HashMap::new();
    let mut classes = Vec::new();
    let mut sentences = Vec::with_capacity(train.len());
    let mut lemma_words = Vec::new();
    let mut counts: HashMap<String, HashMap<u16, usize>> = HashMap::new();
    let mut normal = String::new();
    for sentence in train {
        let mut tagged = TaggedSentence {
            forms: Vec::with_capacity(sentence.len()),
            classes: Vec::with_capacity(sentence.len()),
        };
        for word in sentence {
            let pair = gold_tags(&word.upos, &word.xpos)?;
            let class = *class_of.entry(pair).or_insert_with(|| {
                classes.push(pair);
                (classes.len() - 1) as u16
            });
            tagged.forms.push(&word.form);
            tagged.classes.push(class);
            normalize(&word.form, &mut normal);
            *counts
                .entry(normal.clone())
                .or_default()
                .entry(class)
                .or_default() += 1;
            lemma_words.push((normal.clone(), pair.1, word.lemma.as_str()));
        }
        sentences.push(tagged);
    }
    let dictionary = tag_dictionary(&counts);
    let ambiguity = ambiguity_classes(&counts);
    let lemmatizer = Lemmatizer::learn(
        lemma_words
            .iter()
            .map(|(form, xpos, lemma)| (form.as_str(), *xpos, *lemma)),
    );
    let mut tagger = Tagger {
        classes,
        weights: Perceptron::new(1).freeze(0.0),
        first_pass: None,
        dictionary,
        ambiguity,
        lemmatizer,
    };
    if !options.two_pass {
        tagger.weights = train_pass(&tagger, &sentences, None, dev, options, on_epoch);
        return Ok(tagger);
    }
    // The first pass reads sentences backwards, so that the two passes see
    // each word from both sides. The final pass learns from first-pass
    // classes as good as those it will meet on new text: each training
    // sentence gets them from a first pass trained without it.
    let backwards: Vec<TaggedSentence<'_>> =
        sentences.iter().map(TaggedSentence::reversed).collect();
    let backwards_dev: Option<Vec<GoldSentence>> =
        dev.map(|dev| dev.iter().map(reversed).collect());
    tagger.weights = train_pass(
        &tagger,
        &backwards,
        None,
        backwards_dev.as_deref(),
        options,
        on_epoch,
    );
    let backwards_train: Vec<GoldSentence> = train.iter().map(reversed).collect();
    let mut first = jackknife_classes(&backwards_train, &class_of, options)?;
    for classes in &mut first {
        classes.reverse();
    }
    let second = train_pass(&tagger, &sentences, Some(&first), dev, options, on_epoch);
    tagger.first_pass = Some(std::mem::replace(&mut tagger.weights, second));
    Ok(tagger)
}

/// Trains the weights of one pass; with `first`, those of the final pass
/// of a two-pass tagger whose first pass is `tagger.weights`. Dev scores
/// are those of the pass being trained, with `tagger`'s first pass if any.
fn train_pass(
    tagger: &Tagger,
    sentences: &[TaggedSentence<'_>],
    first: Option<&[Vec<u16>]>,
    dev: Option<&[GoldSentence]>,
    options: &TrainOptions,
    on_epoch: &mut dyn FnMut(&EpochReport),
) -> Weights {
    let mut perceptron = Perceptron::new(tagger.classes.len());
    let mut rng = training_random(options.seed);
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut scratch = TaggerScratch::default();
    let mut predicted = Vec::new();
    let mut candidate = tagger.clone();
    if first.is_some() {
        candidate.first_pass = Some(tagger.weights.clone());
    }
    let mut best_weights: Option<(f64, Weights)> = None;
    for epoch in 1..=options.epochs {
        let started = Instant::now();
        rng.shuffle(&mut order);
        for &index in &order {
            let sentence = &sentences[index];
            let first = first.map(|first| first[index].as_slice());
            scratch.prepare(&sentence.forms, &tagger.dictionary, &tagger.ambiguity);
            predicted.clear();
            for (position, &truth) in sentence.classes.iter().enumerate() {
                let known = scratch.keys[position].known_class;
                if known > 0 {
                    predicted.push((known - 1) as u16);
                    continue;
                }
                scratch.extract(position, &predicted, first);
                scratch.scores.clear();
                scratch.scores.resize(tagger.classes.len(), 0.0);
                perceptron.add_scores(&scratch.features, &mut scratch.scores);
                let guess = best(&scratch.scores);
                if guess != usize::from(truth) {
                    perceptron.update(&scratch.features, usize::from(truth), 1.0);
                    perceptron.update(&scratch.features, guess, -1.0);
                }
                perceptron.tick();
                predicted.push(guess as u16);
            }
        }
        // Without dev data only the last epoch's weights are kept, frozen
        // once after the loop.
        let Some(dev) = dev else {
            continue;
        };
        candidate.weights = perceptron.freeze(options.prune_below);
        let scores = candidate.score(dev);
        on_epoch(&EpochReport {
            epoch,
            dev: scores,
            seconds: started.elapsed().as_secs_f64(),
        });
        if best_weights
            .as_ref()
            .is_none_or(|(best, _)| scores.upos > *best)
        {
            best_weights = Some((scores.upos, candidate.weights.clone()));
        }
    }
    best_weights.map_or_else(
        || perceptron.freeze(options.prune_below),
        |(_, weights)| weights,
    )
}

/// First-pass classes (in `class_of`'s numbering) for every training
/// sentence, each from a one-pass tagger trained on the other folds.
fn jackknife_classes(
    train: &[GoldSentence],
    class_of: &HashMap<(Upos, Xpos), u16>,
    options: &TrainOptions,
) -> Result<Vec<Vec<u16>>, NlpError> {
    let mut classes = vec![Vec::new(); train.len()];
    let mut scratch = TaggerScratch::default();
    let mut own = Vec::new();
    jackknife(train, false, options, |tagger, index| {
        let forms: Vec<&str> = train[index].iter().map(|w| w.form.as_str()).collect();
        tagger.tag_classes(&forms, &mut scratch, &mut own);
        classes[index] = own
            .iter()
            .map(|&class| class_of[&tagger.classes[usize::from(class)]])
            .collect();
    })?;
    Ok(classes)
}

/// For each fold of `train` in turn, trains a tagger (of two passes or
/// one) on the other folds and hands it to `tag` with the index of each of
/// the fold's sentences: every training sentence meets a tagger that never
/// saw it, as new text will.
pub(crate) fn jackknife(
    train: &[GoldSentence],
    two_pass: bool,
    options: &TrainOptions,
    mut tag: impl FnMut(&Tagger, usize),
) -> Result<(), NlpError> {
    let fold_options = TrainOptions {
        epochs: JACKKNIFE_EPOCHS,
        two_pass,
        ..options.clone()
    };
    for fold in 0..JACKKNIFE_FOLDS {
        let rest: Vec<GoldSentence> = train
            .iter()
            .enumerate()
            .filter(|(index, _)| index % JACKKNIFE_FOLDS != fold)
            .map(|(_, sentence)| sentence.clone())
            .collect();
        let tagger = fit(&rest, None, &fold_options, &mut |_| {})?;
        for index in (fold..train.len()).step_by(JACKKNIFE_FOLDS) {
            tag(&tagger, index);
        }
    }
    Ok(())
}

impl Tagger {
    /// Tagging and lemma scores on gold sentences.
    pub(crate) fn score(&self, sentences: &[GoldSentence]) -> Scores {
        let mut scratch = TaggerScratch::default();
        let mut tagged = Vec::new();
        let mut scores = Scores::default();
        for sentence in sentences {
            let forms: Vec<&str> = sentence.iter().map(|w| w.form.as_str()).collect();
            self.tag(&forms, &mut scratch, &mut tagged);
            scores.add_tags(sentence, &tagged);
        }
        scores.finish()
    }
}

fn gold_tags(upos: &str, xpos: &str) -> Result<(Upos, Xpos), NlpError> {
    let upos = Upos::from_name(upos).ok_or_else(|| NlpError::UnknownLabel(upos.to_owned()))?;
    let xpos = Xpos::from_name(xpos).ok_or_else(|| NlpError::UnknownLabel(xpos.to_owned()))?;
    Ok((upos, xpos))
}

/// Each frequent lowercased word's classes, leaving out rare readings (under
/// 5% of its occurrences), which are as often annotation noise as real uses.
/// Rare words are left out: in training their class would just repeat
/// their gold tag, which teaches the model to trust it too much.
fn ambiguity_classes(
    counts: &HashMap<String, HashMap<u16, usize>>,
) -> HashMap<Box<str>, (Box<str>, u64)> {
    let mut by_lowercase: HashMap<String, HashMap<u16, usize>> = HashMap::new();
    for (word, classes) in counts {
        let entry = by_lowercase.entry(word.to_lowercase()).or_default();
        for (&class, &count) in classes {
            *entry.entry(class).or_default() += count;
        }
    }
    by_lowercase
        .into_iter()
        .filter(|(_, classes)| classes.values().sum::<usize>() >= AMBIGUITY_MIN_COUNT)
        .map(|(word, classes)| {
            let total: usize = classes.values().sum();
            let mut kept: Vec<u16> = classes
                .iter()
                .filter(|&(_, &count)| count * 20 >= total)
                .map(|(&class, _)| class)
                .collect();
            kept.sort_unstable();
            let name = kept
                .iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(",");
            let key = string_key(&name);
            (word.into(), (name.into(), key))
        })
        .collect()
}

fn tag_dictionary(counts: &HashMap<String, HashMap<u16, usize>>) -> HashMap<Box<str>, u16> {
    counts
        .iter()
        .filter_map(|(word, classes)| {
            let total: usize = classes.values().sum();
            let (&class, &count) = classes
                .iter()
                .max_by_key(|&(&class, &count)| (count, std::cmp::Reverse(class)))?;
            (total >= DICTIONARY_MIN_COUNT && count as f64 >= DICTIONARY_MIN_SHARE * total as f64)
                .then(|| (word.as_str().into(), class))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny invented treebank: enough to learn determiners, nouns, verbs.
    pub(crate) fn toy_treebank() -> String {
        let sentences = [
            "The/DET/DT minister/NOUN/NN said/VERB/VBD ./PUNCT/.",
            "The/DET/DT troops/NOUN/NNS left/VERB/VBD ./PUNCT/.",
            "A/DET/DT spokesman/NOUN/NN denied/VERB/VBD it/PRON/PRP ./PUNCT/.",
            "The/DET/DT army/NOUN/NN moved/VERB/VBD ./PUNCT/.",
        ];
        let mut text = String::new();
        for sentence in sentences {
            for (index, token) in sentence.split(' ').enumerate() {
                let mut parts = token.split('/');
                let (form, upos, xpos) = (
                    parts.next().unwrap(),
                    parts.next().unwrap(),
                    parts.next().unwrap(),
                );
                let head = if index == 2 { 0 } else { 3 };
                text.push_str(&format!(
                    "{}\t{form}\t{}\t{upos}\t{xpos}\t_\t{head}\tdep\t_\t_\n",
                    index + 1,
                    form.to_lowercase()
                ));
            }
            text.push('\n');
        }
        text
    }

    #[test]
    fn learns_a_toy_treebank_and_round_trips_through_bytes() {
        let treebank = toy_treebank();
        let options = TrainOptions {
            epochs: 5,
            ..TrainOptions::default()
        };
        let mut reports = Vec::new();
        let bytes = train_tagger(&treebank, &treebank, &options, &mut |report| {
            reports.push(report.dev)
        })
        .unwrap();
        assert_eq!(reports.len(), 5);
        let tagger = Tagger::from_bytes(&bytes).unwrap();
        let mut scratch = TaggerScratch::default();
        let mut out = Vec::new();
        tagger.tag(&["The", "army", "left", "."], &mut scratch, &mut out);
        let tags: Vec<&str> = out.iter().map(|t| t.upos.as_str()).collect();
        assert_eq!(tags, ["DET", "NOUN", "VERB", "PUNCT"]);
        assert_eq!(&*out[0].lemma, "the");
        assert!(Tagger::from_bytes(&bytes[..bytes.len() - 3]).is_err());
    }

    #[test]
    fn a_two_pass_tagger_learns_the_toy_treebank_and_round_trips() {
        let treebank = toy_treebank();
        let options = TrainOptions {
            epochs: 5,
            two_pass: true,
            ..TrainOptions::default()
        };
        let mut reports = 0;
        let bytes = train_tagger(&treebank, &treebank, &options, &mut |_| reports += 1).unwrap();
        // Dev scores for each pass in turn.
        assert_eq!(reports, 10);
        let tagger = Tagger::from_bytes(&bytes).unwrap();
        assert!(tagger.is_two_pass());
        assert_eq!(tagger.to_bytes(), bytes);
        let mut out = Vec::new();
        tagger.tag(
            &["A", "spokesman", "left", "."],
            &mut TaggerScratch::default(),
            &mut out,
        );
        let tags: Vec<&str> = out.iter().map(|t| t.upos.as_str()).collect();
        assert_eq!(tags, ["DET", "NOUN", "VERB", "PUNCT"]);
        let one_pass = train_tagger(&treebank, &treebank, &TrainOptions::default(), &mut |_| {});
        assert!(
            !Tagger::from_bytes(&one_pass.unwrap())
                .unwrap()
                .is_two_pass()
        );
    }

    /// Loaded once: property tests run hundreds of cases.
    static SHIPPED_TAGGER: std::sync::LazyLock<Tagger> =
        std::sync::LazyLock::new(|| Tagger::shipped().unwrap());

    #[test]
    fn the_shipped_tagger_tags_a_news_sentence() {
        let tagger = &*SHIPPED_TAGGER;
        let forms = [
            "The", "minister", "said", "the", "troops", "would", "leave", "Baghdad", "on",
            "Monday", ".",
        ];
        let mut scratch = TaggerScratch::default();
        let mut out = Vec::new();
        tagger.tag(&forms, &mut scratch, &mut out);
        let tags: Vec<String> = out
            .iter()
            .map(|t| format!("{}/{}", t.upos, t.xpos))
            .collect();
        assert_eq!(
            tags,
            [
                "DET/DT",
                "NOUN/NN",
                "VERB/VBD",
                "DET/DT",
                "NOUN/NNS",
                "AUX/MD",
                "VERB/VB",
                "PROPN/NNP",
                "ADP/IN",
                "PROPN/NNP",
                "PUNCT/."
            ]
        );
        // EWT lemmatises "troops" (military forces) as itself.
        let lemmas: Vec<&str> = out.iter().map(|t| &*t.lemma).collect();
        assert_eq!(
            lemmas,
            [
                "the", "minister", "say", "the", "troops", "would", "leave", "Baghdad", "on",
                "Monday", "."
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_model_bytes_never_panic(tail in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64)) {
            let mut bytes = SHIPPED[..200].to_vec();
            bytes.extend_from_slice(&tail);
            proptest::prop_assert!(Tagger::from_bytes(&bytes).is_err());
        }

        #[test]
        fn any_words_get_one_tag_each(forms in proptest::collection::vec("\\PC{0,12}", 0..20)) {
            let tagger = &*SHIPPED_TAGGER;
            let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
            let mut out = Vec::new();
            tagger.tag(&forms, &mut TaggerScratch::default(), &mut out);
            proptest::prop_assert_eq!(out.len(), forms.len());
        }
    }

    #[test]
    fn empty_training_data_is_an_error() {
        let options = TrainOptions::default();
        assert!(matches!(
            train_tagger("", "", &options, &mut |_| {}),
            Err(NlpError::NoTrainingData)
        ));
    }
}
