//! Invariants of reading: exact decimals, lossless round trips, no panics.

mod common;

use kip_index::{
    AbsentStage, Band, Category, ChecklistItem, ChoiceOption, Decimal, Evidence, Framing,
    Indicator, Instrument, Otherwise, Parts, Qualification, Question, QuestionKind, Stage,
    TieBreak, parse_decimal, read_submissions,
};
use proptest::prelude::*;

/// Splits `total` hundredths into `n` positive parts.
fn split(total: i64, n: usize) -> impl Strategy<Value = Vec<Decimal>> {
    proptest::collection::vec(1..total, n.saturating_sub(1)).prop_map(move |mut cuts| {
        cuts.sort_unstable();
        cuts.dedup();
        let mut parts = Vec::new();
        let mut last = 0;
        for c in cuts.into_iter().chain(std::iter::once(total)) {
            parts.push(Decimal::new(c - last, 2));
            last = c;
        }
        parts
    })
}

fn score() -> impl Strategy<Value = Decimal> {
    (0i64..=10_000).prop_map(|c| Decimal::new(c, 2))
}

fn kind() -> impl Strategy<Value = QuestionKind> {
    prop_oneof![
        Just(QuestionKind::YesNo),
        Just(QuestionKind::Rating),
        proptest::collection::vec(score(), 1..4).prop_map(|scores| QuestionKind::choice(
            scores
                .into_iter()
                .enumerate()
                .map(|(i, score)| ChoiceOption::new(format!("o{i}"), format!("Opsi {i}"), score))
                .collect(),
        )),
        proptest::collection::vec(1i64..500, 1..4).prop_map(|points| QuestionKind::checklist(
            points
                .into_iter()
                .enumerate()
                .map(|(i, p)| ChecklistItem::new(
                    format!("i{i}"),
                    format!("Butir {i}"),
                    Decimal::new(p, 1)
                ))
                .collect(),
        )),
        (
            proptest::collection::vec((1i64..100, score()), 1..4),
            any::<bool>()
        )
            .prop_map(|(steps, by_min)| {
                // Strictly ordered bounds, best band first, with a catch-all.
                let mut edge = 0i64;
                let mut bands = Vec::new();
                for (step, score) in steps {
                    edge += step;
                    let bound = Some(Decimal::new(if by_min { 100_000 - edge } else { edge }, 1));
                    bands.push(if by_min {
                        Band::new(bound, None, score)
                    } else {
                        Band::new(None, bound, score)
                    });
                }
                bands.push(Band::new(None, None, Decimal::ZERO));
                QuestionKind::number(Some(Decimal::ZERO), None, bands)
            }),
        (-3i64..3, 1i64..8).prop_map(|(min, span)| QuestionKind::scale(min, min + span)),
    ]
}

fn questions(prefix: String) -> impl Strategy<Value = Vec<Question>> {
    proptest::collection::vec((kind(), 1i64..400, any::<bool>(), any::<bool>()), 1..5).prop_map(
        move |qs| {
            qs.into_iter()
                .enumerate()
                .map(|(i, (kind, weight, required, na))| {
                    let mut q = Question::new(
                        format!("{prefix}Q{i}"),
                        format!("Pertanyaan \"{i}\" — ✓"),
                        kind,
                    );
                    q.weight = Decimal::new(weight, 2);
                    q.evidence = if required {
                        Evidence::Required
                    } else {
                        Evidence::Optional
                    };
                    q.categories = na.then(|| vec!["pemkot".into()]);
                    q.otherwise = Otherwise::Zero;
                    q.allow_na = na;
                    q
                })
                .collect()
        },
    )
}

fn indicators() -> impl Strategy<Value = Vec<Indicator>> {
    (1usize..5)
        .prop_flat_map(|n| {
            let shapes = proptest::collection::vec((any::<bool>(), 1usize..3), n);
            (split(10_000, n), shapes).prop_flat_map(|(weights, shapes)| {
                let parts: Vec<_> = shapes
                    .iter()
                    .enumerate()
                    .map(|(i, (nested, subs))| {
                        let id = format!("I{i}");
                        if *nested {
                            let subs: Vec<_> = (0..*subs)
                                .map(|j| {
                                    questions(format!("{id}S{j}"))
                                        .prop_map(Parts::Questions)
                                        .boxed()
                                })
                                .collect();
                            subs.prop_map(move |parts| {
                                Parts::Indicators(
                                    parts
                                        .into_iter()
                                        .enumerate()
                                        .map(|(j, parts)| {
                                            Indicator::new(
                                                format!("I{i}S{j}"),
                                                format!("Sub {j}"),
                                                Decimal::ONE,
                                                parts,
                                            )
                                        })
                                        .collect(),
                                )
                            })
                            .boxed()
                        } else {
                            questions(id).prop_map(Parts::Questions).boxed()
                        }
                    })
                    .collect();
                (Just(weights), parts)
            })
        })
        .prop_map(|(weights, parts)| {
            weights
                .into_iter()
                .zip(parts)
                .enumerate()
                .map(|(i, (weight, parts))| {
                    Indicator::new(format!("I{i}"), format!("Indikator {i}"), weight, parts)
                })
                .collect()
        })
}

fn instrument() -> impl Strategy<Value = Instrument> {
    (indicators(), 1i64..10_000, 0u32..5, any::<bool>()).prop_map(
        |(indicators, saq, decimals, reweight)| {
            let mut instrument = Instrument::new("acak", "Instrumen acak");
            instrument.decimals = decimals;
            instrument.categories = vec![Category::new("pemkot", "Pemerintah Kota")];
            let mut saq_stage = Stage::new("saq", "SAQ", Decimal::new(saq, 2));
            saq_stage.questionnaire = true;
            let mut visitasi = Stage::new("visitasi", "Visitasi", Decimal::new(10_000 - saq, 2));
            visitasi.requires = Some(kip_index::Gate::new("saq", Decimal::new(60, 0)));
            instrument.stages = vec![saq_stage, visitasi];
            instrument.absent_stage = if reweight {
                AbsentStage::Reweight
            } else {
                AbsentStage::Zero
            };
            instrument.qualifications = vec![
                Qualification::new("baik", "Baik", Decimal::new(8000, 2)),
                Qualification::new("kurang", "Kurang", Decimal::ZERO),
            ];
            instrument.tie_break = vec![
                TieBreak::Stage("saq".into()),
                TieBreak::Indicator("I0".into()),
            ];
            instrument.indicators = indicators;
            instrument
        },
    )
}

proptest! {
    #[test]
    fn any_instrument_the_library_serialises_loads_back_equal(instrument in instrument()) {
        prop_assert!(instrument.validate().is_empty(), "{}", instrument.validate());
        let text = serde_json::to_string(&instrument).unwrap_or_default();
        let loaded = Instrument::from_json(&text);
        prop_assert_eq!(loaded.as_ref().ok(), Some(&instrument), "{:?}", loaded.as_ref().err());
    }

    #[test]
    fn decimals_of_up_to_28_significant_digits_load_back_exactly(
        digits in "[1-9][0-9]{0,27}",
        scale in 0u32..=28,
        negative in any::<bool>(),
    ) {
        let mantissa: i128 = digits.parse().unwrap_or(0);
        let expected = Decimal::from_i128_with_scale(if negative { -mantissa } else { mantissa }, scale);
        // Plain form, as Decimal writes it, and the exponent form of the same number.
        prop_assert_eq!(parse_decimal(&expected.to_string()), Ok(expected));
        let sign = if negative { "-" } else { "" };
        let scientific = format!("{sign}{digits}e-{scale}");
        prop_assert_eq!(parse_decimal(&scientific), Ok(expected));
        let quoted = format!("{{\"instrument\":\"i\",\"agency\":{{\"id\":\"1\",\"name\":\"A\",\"category\":\"c\"}},\"answers\":{{\"Q\":{{\"value\":\"{scientific}\"}}}}}}");
        let s = kip_index::Submission::from_json(&quoted);
        let read = s.ok().and_then(|s| s.answers.get("Q").and_then(|a| a.value.as_ref()).and_then(|v| v.as_decimal()));
        prop_assert_eq!(read, Some(expected));
    }

    #[test]
    fn reading_arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = Instrument::from_json(&text);
        let _ = read_submissions(&text, Framing::JsonLines, &common::instrument());
        let _ = read_submissions(&text, Framing::Json, &common::instrument());
    }

    #[test]
    fn truncated_or_mangled_submissions_are_refused_never_scored_silently(cut in 0usize..400, byte in any::<u8>()) {
        let text = common::base_submission().to_string();
        let cut = cut.min(text.len().saturating_sub(1));
        let truncated = text.get(..cut).unwrap_or_default();
        let records = read_submissions(truncated, Framing::Json, &common::instrument());
        prop_assert!(records.iter().all(|r| r.value.is_err()), "a truncated file was accepted");
        let mut bytes = text.into_bytes();
        if let Some(b) = bytes.get_mut(cut) { *b = byte; }
        if let Ok(mangled) = String::from_utf8(bytes) {
            let _ = read_submissions(&mangled, Framing::Json, &common::instrument());
        }
    }
}
