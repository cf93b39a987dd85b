//! Whatever the text, the pipeline returns a document whose every span slices
//! the text it claims, and the same text always gives the same document.

use std::sync::LazyLock;

use dragoman_model::{Article, Origin};
use dragoman_pipeline::{AnalyzeOptions, Pipeline};
use proptest::prelude::*;

static PIPELINE: LazyLock<Pipeline> =
    LazyLock::new(|| Pipeline::shipped().expect("the shipped resources load"));

fn analyze(text: &str) -> dragoman_model::Document {
    let article = Article {
        text: text.to_owned(),
        origin: Origin::file("generated"),
        ..Article::default()
    };
    PIPELINE.analyze(&article, &AnalyzeOptions::default())
}

/// Pieces of wire copy that exercise quotes, names, titles and punctuation.
fn news_fragment() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "“We will not retreat,” ",
        "\"Never,\" ",
        "‘partial’ ",
        "said ",
        "told ",
        "added ",
        "Prime Minister ",
        "Hussein al-Numani",
        ", spokesman for the army, ",
        "the Iraqi Foreign Ministry ",
        "Baghdad",
        " near Erbil",
        " on Monday",
        ". ",
        "\n\n",
        "he said.",
        " according to officials",
        "a senior official, speaking on condition of anonymity, ",
        "U.S.-led ",
        "Mr. ",
        "…",
        " — ",
        "(",
        ")",
        "Tehran",
        "’s ",
        "n't ",
        "12,000 ",
        "3.5% ",
        "\"",
        "“",
        "”",
        "'",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_text_keeps_every_span_invariant(text in "\\PC{0,300}") {
        let document = analyze(&text);
        prop_assert_eq!(document.check_spans(), Ok(()));
    }

    #[test]
    fn news_like_text_keeps_every_span_invariant_and_is_deterministic(
        pieces in prop::collection::vec(news_fragment(), 0..60)
    ) {
        let text: String = pieces.concat();
        let document = analyze(&text);
        prop_assert_eq!(document.check_spans(), Ok(()));
        prop_assert_eq!(&document, &analyze(&text));
        for quote in &document.quotes {
            if let Some(speaker) = &quote.speaker {
                prop_assert!(document.entities.iter().any(|entity| &entity.id == speaker));
            }
        }
    }
}
