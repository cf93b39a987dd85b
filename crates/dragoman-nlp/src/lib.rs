//! English part-of-speech tagging, lemmatisation and dependency parsing for
//! dragoman, with models trained in this crate on UD English EWT.
//!
//! * [`Tagger`]: greedy averaged-perceptron tagger predicting UPOS and PTB
//!   XPOS together, with a tag dictionary and a rule-and-exception lemmatiser.
//! * [`Parser`]: arc-eager transition parser (transitions with the
//!   frequent labels, a second model for rare labels) on predicted tags:
//!   greedy, trained with a dynamic oracle ([`Parser::shipped`]), or with a
//!   beam, trained globally ([`Parser::shipped_beam`]).
//! * [`analyze`] runs both over a [`dragoman_text::Segmentation`] and returns
//!   one [`TokenAnalysis`] per token, with helpers to walk the tree.
//! * [`train_tagger`], [`train_parser`] and [`evaluate`] take CoNLL-U text
//!   and are what the command line's `train` and `eval` call.
//!
//! This crate must never read files, the network or the clock at analysis
//! time (models are passed in or compiled in), and odd input must never make
//! it panic: any text gets some analysis.

mod analysis;
mod conllu;
mod eval;
mod features;
mod labels;
mod lemma;
mod parser;
mod punctuation;
mod tagger;

use dragoman_learn::ModelError;

pub use analysis::{Analysis, Models, TokenAnalysis, analyze};
pub use eval::{Confusion, EpochReport, Evaluation, Scores, TrainOptions, evaluate};
pub use labels::{DepRel, Upos, Xpos};
pub use parser::{Parser, train_parser};
pub use tagger::{Tagger, train_tagger};

#[derive(Debug, thiserror::Error)]
pub enum NlpError {
    #[error("CoNLL-U line {line}: {message}")]
    Conllu { line: usize, message: String },
    #[error("the training data holds no sentences")]
    NoTrainingData,
    #[error("label {0:?} is not a known UPOS, XPOS or relation")]
    UnknownLabel(String),
    #[error("model file: {0}")]
    Model(#[from] ModelError),
    #[error("model file is inconsistent: {0}")]
    BadModel(String),
    #[error("{0}")]
    BadOption(String),
}
