//! The part-of-speech tagger: a greedy left-to-right averaged perceptron
//! predicting the (UPOS, XPOS) pair as one class, so the two never disagree.
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
/// Trained on UD English EWT train (CC BY-SA 4.0), tuned on its dev set.
const SHIPPED: &[u8] = include_bytes!("../models/tagger.bin");
/// A word joins the tag dictionary when seen this often...
const DICTIONARY_MIN_COUNT: usize = 15;
/// ...with this share of its occurrences under one tag.
const DICTIONARY_MIN_SHARE: f64 = 0.995;
/// Words seen fewer times than this get no ambiguity class.
const AMBIGUITY_MIN_COUNT: usize = 5;
/// Key parts standing for positions before the sentence and after it.
const BEFORE: u64 = 1;
const AFTER: u64 = 2;

/// A trained tagger and lemmatiser.
#[derive(Clone, Debug)]
pub struct Tagger {
    classes: Vec<(Upos, Xpos)>,
    weights: Weights,
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

    /// Fills `self.features` for word `index` given the classes so far.
    fn extract(&mut self, index: usize, history: &[u16]) {
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
    }
}

impl Tagger {
    /// Tags `forms` (one sentence), writing one class index per word.
    fn tag_classes(&self, forms: &[&str], scratch: &mut TaggerScratch, classes: &mut Vec<u16>) {
        scratch.prepare(forms, &self.dictionary, &self.ambiguity);
        classes.clear();
        for index in 0..forms.len() {
            let known = scratch.keys[index].known_class;
            if known > 0 {
                classes.push((known - 1) as u16);
                continue;
            }
            scratch.extract(index, classes);
            scratch.scores.clear();
            scratch.scores.resize(self.classes.len(), 0.0);
            self.weights
                .add_scores(&scratch.features, &mut scratch.scores);
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
        if weights.classes() != classes.len() {
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
        ModelWriter::new(MODEL_KIND)
            .section("classes", classes.into_bytes())
            .section("dictionary", dictionary.concat().into_bytes())
            .section("ambiguity", ambiguity.concat().into_bytes())
            .section("lemma-rules", rules.into_bytes())
            .section("lemma-exceptions", exceptions.into_bytes())
            .section("weights", self.weights.to_bytes())
            .to_bytes()
    }

    /// How many hashed features carry weights.
    pub fn features(&self) -> usize {
        self.weights.features()
    }
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
        dictionary,
        ambiguity,
        lemmatizer,
    };
    let mut perceptron = Perceptron::new(tagger.classes.len());
    let mut rng = training_random(options.seed);
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut scratch = TaggerScratch::default();
    let mut predicted = Vec::new();
    let mut best_weights: Option<(f64, Weights)> = None;
    for epoch in 1..=options.epochs {
        let started = Instant::now();
        rng.shuffle(&mut order);
        for &index in &order {
            let sentence = &sentences[index];
            scratch.prepare(&sentence.forms, &tagger.dictionary, &tagger.ambiguity);
            predicted.clear();
            for (position, &truth) in sentence.classes.iter().enumerate() {
                let known = scratch.keys[position].known_class;
                if known > 0 {
                    predicted.push((known - 1) as u16);
                    continue;
                }
                scratch.extract(position, &predicted);
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
        let weights = perceptron.freeze(options.prune_below);
        let Some(dev) = dev else {
            tagger.weights = weights;
            continue;
        };
        tagger.weights = weights;
        let scores = tagger.score(dev);
        on_epoch(&EpochReport {
            epoch,
            dev: scores,
            seconds: started.elapsed().as_secs_f64(),
        });
        if best_weights
            .as_ref()
            .is_none_or(|(best, _)| scores.upos > *best)
        {
            best_weights = Some((scores.upos, tagger.weights.clone()));
        }
    }
    if let Some((_, weights)) = best_weights {
        tagger.weights = weights;
    }
    Ok(tagger)
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
