//! Throughput of `segment` over a synthetic wire-copy corpus of about 1 MB.
//!
//! The article below is invented; it packs the cases that cost the most
//! (abbreviations, clitics, hyphens, numbers, quotes, a URL) into ordinary
//! news prose. The benchmark checks its answer: a fast wrong segmentation
//! fails the token and sentence counts before anything is timed.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dragoman_text::segment;

const ARTICLE: &str = "\
Lakeside Rivals Agree to Border Talks

GENEVA, March 2 (Wirewatch) — Officials from Norland and the Republic of \
Veska said on Tuesday they'd resume U.S.-brokered talks on the 1,200-km \
border next month, ending a 26-year-old dispute that has cost the region \
about $3.5 billion a year.

\"We don't expect miracles,\" Deputy Foreign Minister Anna K. Brandt told \
reporters at 5 p.m. local time. \"But we can't afford another decade of \
this. It's time.\"

Gen. Tomas Varga, Veska's army chief, said troops would pull back 12.5 km \
from the line by Sept. 30. Mr. Varga's office gave no details… Analysts at \
Corvid Risk Ltd. estimated that 3,400 soldiers were deployed along the \
frontier, up 8% from 2023.

The talks, set for Geneva's Palais des Nations, follow a cease-fire brokered \
by the U.N. in January. \"Both sides have shown they're serious,\" said \
Dr. Lena O'Brien, an analyst who's followed the dispute since the 1990s. \
Details were posted at https://example.org/talks and questions may go to \
press@example.org.
";

/// How many copies of the article make up the corpus (about 1.06 MB).
const COPIES: usize = 1_000;
/// Tokens and sentences in one copy of the article, counted by hand.
const TOKENS_PER_ARTICLE: usize = 212;
const SENTENCES_PER_ARTICLE: usize = 11;

fn corpus() -> String {
    let mut corpus = String::with_capacity(COPIES * (ARTICLE.len() + 1));
    for _ in 0..COPIES {
        corpus.push_str(ARTICLE);
        corpus.push('\n');
    }
    corpus
}

fn bench_segment(criterion: &mut Criterion) {
    let corpus = corpus();
    assert!(
        corpus.len() >= 1_000_000,
        "corpus is {} bytes",
        corpus.len()
    );
    let segmentation = segment(&corpus);
    assert_eq!(segmentation.tokens.len(), COPIES * TOKENS_PER_ARTICLE);
    assert_eq!(segmentation.sentences.len(), COPIES * SENTENCES_PER_ARTICLE);

    let mut group = criterion.benchmark_group("segment");
    group.throughput(Throughput::ElementsAndBytes {
        elements: segmentation.tokens.len() as u64,
        bytes: corpus.len() as u64,
    });
    group.sample_size(20);
    group.bench_function("news_1mb", |bencher| {
        bencher.iter(|| segment(black_box(&corpus)))
    });
    group.finish();
}

criterion_group!(benches, bench_segment);
criterion_main!(benches);
