//! The run-time entry point: tags, lemmatises and parses a segmented text
//! and exposes the tree in a form the extractors can walk.

use dragoman_text::Segmentation;

use crate::NlpError;
use crate::labels::{DepRel, Upos, Xpos};
use crate::parser::{Parser, ParserScratch};
use crate::tagger::{Tagger, TaggerScratch};

/// The tagger and parser used together by [`analyze`].
#[derive(Clone, Debug)]
pub struct Models {
    tagger: Tagger,
    parser: Parser,
}

impl Models {
    pub fn new(tagger: Tagger, parser: Parser) -> Models {
        Models { tagger, parser }
    }

    /// The models shipped with dragoman, trained on UD English EWT, with the
    /// greedy parser.
    pub fn shipped() -> Result<Models, NlpError> {
        Ok(Models {
            tagger: Tagger::shipped()?,
            parser: Parser::shipped()?,
        })
    }

    /// The shipped models with the beam-search parser.
    pub fn shipped_beam() -> Result<Models, NlpError> {
        Ok(Models {
            tagger: Tagger::shipped()?,
            parser: Parser::shipped_beam()?,
        })
    }

    /// Tags, lemmatises and parses one sentence given as words; heads are
    /// word indices within it. Allocates scratch space on every call: for
    /// many sentences, [`analyze`] reuses it.
    pub fn analyze_sentence(&self, words: &[&str]) -> Vec<TokenAnalysis> {
        let mut tagged = Vec::new();
        let mut parsed = Vec::new();
        self.tagger
            .tag(words, &mut TaggerScratch::default(), &mut tagged);
        self.parser
            .parse(words, &tagged, &mut ParserScratch::default(), &mut parsed);
        tagged
            .into_iter()
            .zip(parsed)
            .map(|(tags, arc)| TokenAnalysis {
                upos: tags.upos,
                xpos: tags.xpos,
                lemma: tags.lemma,
                head: arc.head.map(|head| head as u32),
                deprel: arc.deprel,
            })
            .collect()
    }

    /// Reads both models from their files' bytes.
    pub fn from_bytes(tagger: &[u8], parser: &[u8]) -> Result<Models, NlpError> {
        Ok(Models {
            tagger: Tagger::from_bytes(tagger)?,
            parser: Parser::from_bytes(parser)?,
        })
    }

    pub fn tagger(&self) -> &Tagger {
        &self.tagger
    }

    pub fn parser(&self) -> &Parser {
        &self.parser
    }
}

/// The analysis of one token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenAnalysis {
    pub upos: Upos,
    pub xpos: Xpos,
    pub lemma: Box<str>,
    /// Index of the head token in the document, `None` for a sentence root.
    pub head: Option<u32>,
    pub deprel: DepRel,
}

/// One analysis per token, aligned with [`Segmentation::tokens`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    pub tokens: Vec<TokenAnalysis>,
}

impl Analysis {
    /// The tokens whose head is `head`, in text order.
    pub fn children(&self, head: usize) -> impl Iterator<Item = usize> + '_ {
        let wanted = Some(head as u32);
        self.tokens
            .iter()
            .enumerate()
            .filter(move |(_, token)| token.head == wanted)
            .map(|(index, _)| index)
    }

    /// The dependents of `head` attached by `relation`, matched on the full
    /// name or the universal part (`"nsubj"` finds `nsubj:pass` too).
    pub fn dependents_with<'a>(
        &'a self,
        head: usize,
        relation: &'a str,
    ) -> impl Iterator<Item = usize> + 'a {
        self.children(head)
            .filter(move |&child| self.tokens[child].deprel.is(relation))
    }

    /// The first subject (`nsubj`, `nsubj:pass`, `csubj`, …) of `head`.
    pub fn subject_of(&self, head: usize) -> Option<usize> {
        self.children(head)
            .find(|&child| matches!(self.tokens[child].deprel.universal(), "nsubj" | "csubj"))
    }

    /// The head of `token`, or `None` for a root or an unknown index.
    pub fn head_of(&self, token: usize) -> Option<usize> {
        self.tokens
            .get(token)
            .and_then(|analysis| analysis.head)
            .map(|head| head as usize)
    }
}

/// Tags, lemmatises and parses every sentence of `segmentation`.
pub fn analyze(text: &str, segmentation: &Segmentation, models: &Models) -> Analysis {
    let mut tagger_scratch = TaggerScratch::default();
    let mut parser_scratch = ParserScratch::default();
    let mut tagged = Vec::new();
    let mut parsed = Vec::new();
    let mut forms: Vec<&str> = Vec::new();
    // Tokens outside every sentence (which a segmenter should not produce)
    // keep this neutral analysis, so the output stays aligned with the input.
    let mut analysis = Analysis {
        tokens: segmentation
            .tokens
            .iter()
            .map(|token| TokenAnalysis {
                upos: Upos::X,
                xpos: Xpos::from_name("XX").expect("XX is a known tag"),
                lemma: text.get(token.start..token.end).unwrap_or("").into(),
                head: None,
                deprel: DepRel::from_name("dep").expect("dep is a known relation"),
            })
            .collect(),
    };
    for sentence in &segmentation.sentences {
        let Some(tokens) = segmentation.tokens.get(sentence.tokens.clone()) else {
            continue;
        };
        let offset = sentence.tokens.start;
        forms.clear();
        forms.extend(
            tokens
                .iter()
                .map(|token| text.get(token.start..token.end).unwrap_or("")),
        );
        models.tagger.tag(&forms, &mut tagger_scratch, &mut tagged);
        models
            .parser
            .parse(&forms, &tagged, &mut parser_scratch, &mut parsed);
        for (index, (tags, arc)) in tagged.drain(..).zip(&parsed).enumerate() {
            analysis.tokens[offset + index] = TokenAnalysis {
                upos: tags.upos,
                xpos: tags.xpos,
                lemma: tags.lemma,
                head: arc.head.map(|head| (head + offset) as u32),
                deprel: arc.deprel,
            };
        }
    }
    analysis
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    static MODELS: std::sync::LazyLock<Models> =
        std::sync::LazyLock::new(|| Models::shipped().unwrap());
    static BEAM_MODELS: std::sync::LazyLock<Models> =
        std::sync::LazyLock::new(|| Models::shipped_beam().unwrap());

    const STORY: &str = "The minister said the troops would leave Baghdad on Monday.";

    /// Each word of `text` as "word relation<-head".
    fn tree(text: &str, models: &Models) -> Vec<String> {
        let segmentation = dragoman_text::segment(text);
        let analysis = analyze(text, &segmentation, models);
        let words: Vec<&str> = segmentation.tokens.iter().map(|t| t.text(text)).collect();
        analysis
            .tokens
            .iter()
            .zip(&words)
            .map(|(token, word)| {
                let head = token.head.map_or("ROOT", |head| words[head as usize]);
                format!("{word} {}<-{head}", token.deprel)
            })
            .collect()
    }

    #[test]
    fn the_shipped_beam_parser_parses_a_news_sentence() {
        assert_eq!(BEAM_MODELS.parser.beam(), 8);
        assert_eq!(tree(STORY, &BEAM_MODELS), tree(STORY, &MODELS));
    }

    #[test]
    fn the_shipped_models_parse_a_news_sentence() {
        let segmentation = dragoman_text::segment(STORY);
        let analysis = analyze(STORY, &segmentation, &MODELS);
        assert_eq!(
            tree(STORY, &MODELS),
            [
                "The det<-minister",
                "minister nsubj<-said",
                "said root<-ROOT",
                "the det<-troops",
                "troops nsubj<-leave",
                "would aux<-leave",
                "leave ccomp<-said",
                "Baghdad obj<-leave",
                "on case<-Monday",
                "Monday obl<-leave",
                ". punct<-said",
            ]
        );
        assert_eq!(analysis.subject_of(2), Some(1));
        assert_eq!(analysis.children(6).collect::<Vec<_>>(), [4, 5, 7, 9]);
        assert_eq!(analysis.dependents_with(6, "obj").collect::<Vec<_>>(), [7]);
        assert_eq!(analysis.head_of(6), Some(2));
        assert_eq!(analysis.head_of(2), None);
    }

    #[test]
    fn heads_are_document_indices_across_sentences() {
        let text = format!("{STORY} {STORY}");
        let segmentation = dragoman_text::segment(&text);
        let analysis = analyze(&text, &segmentation, &MODELS);
        assert_eq!(segmentation.sentences.len(), 2);
        assert_eq!(analysis.head_of(0), Some(1));
        assert_eq!(analysis.head_of(11), Some(12));
        assert_eq!(analysis.subject_of(13), Some(12));
    }

    proptest! {
        #[test]
        fn any_text_gets_one_analysis_per_token_and_heads_in_its_sentence(
            text in "\\PC{0,80}",
            beam in any::<bool>(),
        ) {
            let models = if beam { &*BEAM_MODELS } else { &*MODELS };
            let segmentation = dragoman_text::segment(&text);
            let analysis = analyze(&text, &segmentation, models);
            prop_assert_eq!(analysis.tokens.len(), segmentation.tokens.len());
            for sentence in &segmentation.sentences {
                for index in sentence.tokens.clone() {
                    if let Some(head) = analysis.head_of(index) {
                        prop_assert!(sentence.tokens.contains(&head));
                    }
                }
            }
        }
    }
}
