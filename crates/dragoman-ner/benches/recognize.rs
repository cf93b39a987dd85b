//! Throughput of the shipped recogniser over wire-style copy (invented
//! people and organisations), segmented beforehand so that only recognition
//! is timed. The entity count is asserted so that a fast wrong answer fails.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dragoman_ner::Recognizer;

/// Paragraphs in the register the pipeline reads: agency news copy.
const STORY: &str = "\
BAGHDAD (Reuters) - Iraqi Prime Minister Karim al-Saadi met a delegation from the \
International Monetary Fund in Baghdad on Tuesday to discuss the 2026 budget, his \
office said in a statement.

\"We are ready to work with our partners,\" al-Saadi told reporters after the meeting, \
adding that Finance Minister Layla Hamdan would travel to Washington next month.

A spokesman for the Kurdistan Regional Government in Erbil, Dilshad Barzo, said the \
region had not received its share of salaries since March. Officials in Basra and \
Mosul complained of delays in payments from the Central Bank of Iraq.

Meanwhile, the United Nations envoy for Iraq, Maria Lindqvist, warned the Security \
Council in New York that unemployment among young people in Nineveh and Anbar \
provinces remained high.

Sheikh Omar bin Rashid, a tribal leader from Ramadi, said on Monday that fighters of \
the Islamic State group had attacked a checkpoint near Haditha, killing two soldiers.

Turkish President Recep Tayyip Erdogan spoke by telephone with Iranian President \
Masoud Pezeshkian about water shortages along the Tigris and Euphrates rivers, the \
Anadolu news agency reported.
";

const REPEATS: usize = 40;
/// Entities the shipped model finds in one run over the benchmark text.
const EXPECTED_ENTITIES: usize = 1040;

fn recognize(criterion: &mut Criterion) {
    let recognizer = Recognizer::shipped().expect("the shipped model loads");
    let text = STORY.repeat(REPEATS);
    let segmentation = dragoman_text::segment(&text);
    let found = recognizer.recognize(&text, &segmentation);
    assert_eq!(found.len(), EXPECTED_ENTITIES, "entity count changed");
    let mut group = criterion.benchmark_group("ner");
    group.throughput(Throughput::Elements(segmentation.tokens.len() as u64));
    group.bench_function("recognize", |bencher| {
        bencher.iter(|| recognizer.recognize(&text, &segmentation).len())
    });
    group.finish();
}

criterion_group!(benches, recognize);
criterion_main!(benches);
