//! Named-entity recognition for news: finds the people, organisations and
//! places of a text already split into sentences and tokens, as token and
//! byte spans.
//!
//! The model is the mean of five structured averaged perceptrons over BILOU
//! tags, decoded with constrained first-order Viterbi, trained on Universal
//! NER (English EWT). Its features include gazetteers of places (GeoNames) and of
//! people and organisations (PETRARCH actor dictionaries), which ship inside
//! the model file; a cheap document-level pass then keeps a name's label
//! consistent across its mentions. [`train`] and [`evaluate_iob2`] /
//! [`evaluate_gum`] take file *texts*, so the caller owns all file access.
//!
//! This crate must never read files, touch the network or the clock at run
//! time, and never panic on odd text: whatever the tokens, it returns spans
//! that slice the input.

mod corpus;
mod decode;
mod evaluate;
mod features;
mod gazetteer;
mod label;
mod lexicon;
mod recognizer;
mod train;

pub use evaluate::{Evaluation, evaluate_gum, evaluate_iob2};
pub use gazetteer::{Gazetteer, GazetteerSources};
pub use label::EntityLabel;
pub use recognizer::{EntitySpan, Recognizer};
pub use train::{EpochReport, TrainingOptions, train};

/// Why a model could not be loaded or trained.
#[derive(Debug, thiserror::Error)]
pub enum NerError {
    #[error(transparent)]
    Model(#[from] dragoman_learn::ModelError),
    #[error("entity model is corrupt: {0}")]
    CorruptModel(String),
    #[error("entity model was trained with feature set {found:?}, this build uses {expected:?}")]
    FeatureSetMismatch {
        found: String,
        expected: &'static str,
    },
    #[error("line {line}: {reason}")]
    MalformedCorpus { line: usize, reason: String },
    #[error("gazetteer source: {0}")]
    Gazetteer(String),
    #[error("the training data holds no sentences")]
    NoTrainingData,
}
