//! Throughput of `baseline_mentions` + `extract` on about 1 MB of invented
//! wire copy, one article per paragraph block. The bench checks its answer
//! (quotes and speakers per article) so that a fast wrong result fails.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dragoman_extract::{baseline_mentions, extract};
use dragoman_lexicon::Lexicon;

const FIRST_NAMES: [&str; 6] = ["Karim", "Layla", "Omar", "Hana", "Yusuf", "Samira"];
const SURNAMES: [&str; 6] = [
    "al-Tamimi",
    "Haddad",
    "al-Rawi",
    "Khoury",
    "Nasser",
    "al-Jaberi",
];
const CITIES: [&str; 5] = ["Baghdad", "Erbil", "Mosul", "Basra", "Kirkuk"];

/// One invented article with four quotations and one reported statement, each attributed to a speaker.
fn article(index: usize) -> String {
    let first = FIRST_NAMES[index % FIRST_NAMES.len()];
    let surname = SURNAMES[(index / 2) % SURNAMES.len()];
    let other = SURNAMES[(index + 3) % SURNAMES.len()];
    let city = CITIES[index % CITIES.len()];
    format!(
        "Prime Minister {first} {surname} said on Monday that the last convoy had left {city}, \
         calling the pull-out \"a turning point for the country\".\n\n\
         \"We have waited years for this day,\" {surname} told reporters in {city}. \
         \"The army is ready.\"\n\n\
         Farid {other}, a member of the parliamentary defense and security committee, \
         questioned the timing. \"Why now, at such a sensitive moment?\" he asked.\n\n\
         A senior official in the Ministry of Foreign Affairs, speaking on condition of \
         anonymity, told Kurdistan Today News that talks with Saudi Arabia and the United \
         States would resume in September.\n\n"
    )
}

fn corpus() -> (String, usize) {
    let mut text = String::with_capacity(1 << 20);
    let mut articles = 0;
    while text.len() < 1_000_000 {
        text.push_str(&article(articles));
        articles += 1;
    }
    (text, articles)
}

fn bench(criterion: &mut Criterion) {
    let lexicon = Lexicon::embedded().expect("the shipped lexicon parses");
    let (text, articles) = corpus();
    let segmentation = dragoman_text::segment(&text);
    // The parse is the tagger's and parser's cost, not this stage's: made once.
    let models = dragoman_nlp::Models::shipped().expect("the shipped models load");
    let parse = dragoman_nlp::analyze(&text, &segmentation, &models);
    let mentions = baseline_mentions(&text, &segmentation, &lexicon);
    let extraction = extract(&text, &segmentation, Some(&parse), &mentions, &lexicon);
    assert_eq!(
        extraction.quotes.len(),
        5 * articles,
        "five quotations per article"
    );
    let attributed = extraction
        .quotes
        .iter()
        .filter(|quote| quote.speaker.is_some())
        .count();
    assert_eq!(attributed, 5 * articles, "every quotation has its speaker");

    let mut group = criterion.benchmark_group("extract");
    group.throughput(Throughput::Elements(segmentation.tokens.len() as u64));
    group.sample_size(10);
    group.bench_function("baseline_mentions+extract", |bencher| {
        bencher.iter(|| {
            let mentions = baseline_mentions(&text, &segmentation, &lexicon);
            extract(&text, &segmentation, Some(&parse), &mentions, &lexicon)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
