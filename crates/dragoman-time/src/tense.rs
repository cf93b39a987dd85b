//! Which way an underspecified date points ("Monday", "in September"): the
//! tense of the verb nearest to it in its sentence.
//!
//! Part-of-speech tags (Penn XPOS) are used when the caller has them; until
//! then a word list and the `-ed` ending stand in for `VBD`.

/// The time a clause refers to, as far as its verbs tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tense {
    Past,
    /// "the pull-out starts in September": a scheduling verb in the present.
    Present,
    Future,
    Unknown,
}

/// Words that put a clause in the future whatever their tag: modals,
/// "going to", and the scheduling words of news copy.
const FUTURE_WORDS: &[&str] = &[
    "'ll",
    "ahead",
    "due",
    "next",
    "scheduled",
    "shall",
    "upcoming",
    "will",
    "wo",
    "would",
];

/// Words that point to the future only before "to": "plans to", "is set to";
/// "his plan" and "a set" do not.
const FUTURE_BEFORE_TO: &[&str] = &[
    "aim", "aims", "are", "expected", "expects", "going", "hope", "hopes", "intend", "intends",
    "is", "likely", "plan", "planned", "planning", "plans", "set", "want", "wants",
];

/// Present forms of the verbs news uses for schedules ("the pull-out starts
/// in September"); other present forms say little about the time meant.
const PRESENT_WORDS: &[&str] = &[
    "begins", "closes", "ends", "expires", "opens", "resumes", "starts",
];

/// Irregular past forms and the past auxiliaries; regular ones end in `-ed`.
const PAST_WORDS: &[&str] = &[
    "ago",
    "ate",
    "became",
    "began",
    "bought",
    "brought",
    "built",
    "came",
    "chose",
    "did",
    "drew",
    "drove",
    "fell",
    "felt",
    "fled",
    "flew",
    "fought",
    "found",
    "gave",
    "got",
    "grew",
    "had",
    "has",
    "having",
    "heard",
    "held",
    "hit",
    "kept",
    "knew",
    "last",
    "led",
    "left",
    "lost",
    "made",
    "meant",
    "met",
    "paid",
    "ran",
    "rose",
    "said",
    "sang",
    "sank",
    "saw",
    "sent",
    "shot",
    "showed",
    "sold",
    "spent",
    "spoke",
    "stood",
    "struck",
    "took",
    "thought",
    "threw",
    "told",
    "tried",
    "underwent",
    "was",
    "went",
    "were",
    "won",
    "wrote",
    "since",
    "yesterday",
];

/// Words ending in `-ed` that are not past forms.
const NOT_PAST_ED: &[&str] = &[
    "bed", "breed", "embed", "exceed", "feed", "greed", "hundred", "indeed", "need", "proceed",
    "red", "seed", "shed", "speed", "succeed", "weed",
];

fn listed(list: &[&str], word: &str) -> bool {
    list.iter().any(|entry| entry.eq_ignore_ascii_case(word))
}

/// What a single token says about tense, given the token, its XPOS tag if
/// known, and the tokens around it.
fn cue(word: &str, tag: Option<&str>, previous: Option<&str>, next: Option<&str>) -> Option<Tense> {
    let next_is = |expected: &str| next.is_some_and(|next| next.eq_ignore_ascii_case(expected));
    if listed(FUTURE_WORDS, word)
        || (listed(FUTURE_BEFORE_TO, word) && next_is("to"))
        || (word == "to" && next_is("be"))
    {
        return Some(Tense::Future);
    }
    // "to be held", "being built": a participle, not a past tense.
    if previous.is_some_and(|previous| listed(&["be", "being", "to"], previous)) {
        return None;
    }
    match tag {
        Some(tag) => {
            if tag == "VBD" || listed(&["ago", "last", "yesterday"], word) {
                Some(Tense::Past)
            } else {
                // A scheduling verb in the present ("the pull-out starts in
                // September") speaks of what is coming, tagged or not.
                (matches!(tag, "VBZ" | "VBP") && listed(PRESENT_WORDS, word))
                    .then_some(Tense::Present)
            }
        }
        None => {
            // Lower case only: "Ahmed" is a name, not a past form.
            let regular_past = word.len() >= 4
                && word.ends_with("ed")
                && word.bytes().all(|byte| byte.is_ascii_lowercase())
                && !NOT_PAST_ED.contains(&word);
            if regular_past || listed(PAST_WORDS, word) {
                Some(Tense::Past)
            } else {
                listed(PRESENT_WORDS, word).then_some(Tense::Present)
            }
        }
    }
}

/// The tense of the cue nearest to the expression covering `expression` in
/// `words` (the tokens of one sentence); the left side wins ties
/// because an auxiliary precedes its verb. `tags`, when given, runs parallel
/// to `words`.
pub(crate) fn tense_near(
    words: &[&str],
    expression: std::ops::Range<usize>,
    tags: Option<&[&str]>,
) -> Tense {
    let cue_at = |index: usize| {
        let tag = tags.and_then(|tags| tags.get(index).copied());
        let previous = index.checked_sub(1).map(|before| words[before]);
        cue(words[index], tag, previous, words.get(index + 1).copied())
    };
    let mut left = expression.start;
    let mut right = expression.end;
    // "told reporters on Monday that talks would resume": the date belongs
    // to the verb before it, not to the clause after "that".
    if words
        .get(expression.end)
        .is_some_and(|next| next.eq_ignore_ascii_case("that"))
    {
        right = words.len();
    }
    while left > 0 || right < words.len() {
        if left > 0 {
            left -= 1;
            if let Some(tense) = cue_at(left) {
                return tense;
            }
        }
        if right < words.len() {
            if let Some(tense) = cue_at(right) {
                return tense;
            }
            right += 1;
        }
    }
    Tense::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tense_of(sentence: &str, expression: &str) -> Tense {
        let words: Vec<String> = sentence.split(' ').map(str::to_lowercase).collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let start = words
            .iter()
            .position(|word| *word == expression)
            .expect("expression in sentence");
        tense_near(&words, start..start + 1, None)
    }

    #[test]
    fn the_nearest_verb_decides() {
        assert_eq!(
            tense_of("troops moved out on monday", "monday"),
            Tense::Past
        );
        assert_eq!(
            tense_of("troops will leave on monday", "monday"),
            Tense::Future
        );
        assert_eq!(
            tense_of("he said troops will leave on monday", "monday"),
            Tense::Future
        );
        assert_eq!(
            tense_of("the talks are to resume monday", "monday"),
            Tense::Future
        );
        assert_eq!(tense_of("talks resume on monday", "monday"), Tense::Unknown);
        assert_eq!(
            tense_of("the pull-out starts in september", "september"),
            Tense::Present
        );
        assert_eq!(
            tense_of("an event to be held on monday", "monday"),
            Tense::Future
        );
        assert_eq!(
            tense_of("the trial is set to begin on monday", "monday"),
            Tense::Future
        );
        assert_eq!(
            tense_of("the need for calm on monday", "monday"),
            Tense::Unknown
        );
    }

    #[test]
    fn nouns_and_clauses_do_not_mislead() {
        assert_eq!(
            tense_of("he revealed his plan on monday", "monday"),
            Tense::Past
        );
        assert_eq!(
            tense_of("he told us on monday that talks would resume", "monday"),
            Tense::Past
        );
        assert_eq!(
            tense_of("a deal ahead of the november vote", "november"),
            Tense::Future
        );
        assert_eq!(tense_of("troops died on monday", "monday"), Tense::Past);
    }

    #[test]
    fn tags_replace_the_word_list() {
        let words = ["troops", "leave", "on", "monday"];
        let past_tags = ["NNS", "VBD", "IN", "NNP"];
        assert_eq!(tense_near(&words, 3..4, Some(&past_tags)), Tense::Past);
        let words = ["a", "red", "flag", "monday"];
        let tags = ["DT", "JJ", "NN", "NNP"];
        assert_eq!(tense_near(&words, 3..4, Some(&tags)), Tense::Unknown);
    }

    #[test]
    fn a_tagged_scheduling_verb_in_the_present_looks_ahead() {
        let words = [
            "the",
            "deal",
            "signed",
            "last",
            "year",
            "starts",
            "in",
            "september",
        ];
        let tags = ["DT", "NN", "VBN", "JJ", "NN", "VBZ", "IN", "NNP"];
        assert_eq!(tense_near(&words, 7..8, Some(&tags)), Tense::Present);
    }
}
