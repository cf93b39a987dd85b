//! Single-thread throughput of tagging plus parsing, and model load time.
//!
//! Set `DRAGOMAN_EWT_TEST` to the path of `en_ewt-ud-test.conllu` to measure
//! on the EWT test words (the figure recorded in the results); without it
//! the bench uses a short invented wire story so it runs anywhere. Either
//! way it checks how many words it tags, so a fast wrong answer fails.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dragoman_nlp::Models;

/// Words in UD English EWT test (2,077 sentences).
const EWT_TEST_WORDS: usize = 25_094;

/// An invented wire story, already split into words (one sentence a line)
/// so that the bench does not depend on the segmenter.
const STORY: &str = "Government spokesman Karim Haddad said on Tuesday that the withdrawal of foreign troops was \" one of the government 's greatest achievements \" .
A member of parliament , Layla Sabri , questioned why the troops were leaving at such a sensitive moment .
Convoys moved late Monday from an airbase near Erbil , officials said , and the pull - out will end by the end of next year .";
const STORY_WORDS: usize = 71;

fn sentences() -> Vec<Vec<String>> {
    match std::env::var("DRAGOMAN_EWT_TEST") {
        Ok(path) => {
            let text = std::fs::read_to_string(&path).expect("DRAGOMAN_EWT_TEST is readable");
            let sentences = conllu_words(&text);
            let words: usize = sentences.iter().map(Vec::len).sum();
            assert_eq!(words, EWT_TEST_WORDS, "{path} is not EWT test");
            sentences
        }
        Err(_) => {
            let sentences: Vec<Vec<String>> = STORY
                .lines()
                .map(|line| line.split_whitespace().map(str::to_owned).collect())
                .collect();
            assert_eq!(sentences.iter().map(Vec::len).sum::<usize>(), STORY_WORDS);
            sentences
        }
    }
}

/// The words (not multiword tokens) of each CoNLL-U sentence.
fn conllu_words(text: &str) -> Vec<Vec<String>> {
    text.split("\n\n")
        .map(|block| {
            block
                .lines()
                .filter(|line| !line.starts_with('#'))
                .filter_map(|line| {
                    let mut columns = line.split('\t');
                    let id = columns.next()?;
                    let form = columns.next()?;
                    (!id.contains('-') && !id.contains('.')).then(|| form.to_owned())
                })
                .collect::<Vec<_>>()
        })
        .filter(|words| !words.is_empty())
        .collect()
}

fn tag_and_parse(criterion: &mut Criterion) {
    let models = Models::shipped().expect("the shipped models load");
    let sentences = sentences();
    let words: usize = sentences.iter().map(Vec::len).sum();
    let mut group = criterion.benchmark_group("nlp");
    // One pass over EWT test takes about a second: ten samples suffice.
    group.sample_size(10);
    group.throughput(Throughput::Elements(words as u64));
    group.bench_function("tag+parse", |bench| {
        bench.iter(|| {
            let mut analysed = 0;
            for sentence in &sentences {
                let forms: Vec<&str> = sentence.iter().map(String::as_str).collect();
                analysed += models.analyze_sentence(black_box(&forms)).len();
            }
            assert_eq!(analysed, words);
        })
    });
    group.finish();
    criterion.bench_function("load shipped models", |bench| {
        bench.iter(|| Models::shipped().expect("the shipped models load"))
    });
}

criterion_group!(benches, tag_and_parse);
criterion_main!(benches);
