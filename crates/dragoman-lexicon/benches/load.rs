//! Start-up cost of the shipped lexicon: parsing every list and indexing the
//! place table. Checks the table's size so that a fast empty load fails.

use criterion::{Criterion, criterion_group, criterion_main};
use dragoman_lexicon::Lexicon;

fn bench(criterion: &mut Criterion) {
    let lexicon = Lexicon::embedded().expect("the shipped lexicon parses");
    assert!(
        lexicon.places().len() > 15_000,
        "countries, regions and cities"
    );
    criterion.bench_function("Lexicon::embedded", |bencher| {
        bencher.iter(|| Lexicon::embedded().expect("parses"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
