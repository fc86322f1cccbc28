//! A gate's rule in words for people (the cards, the report, the page): `SAQ ≥ 60`,
//! `10 besar SAQ dalam kategori`, `kategori Pemerintah Kabupaten, Pemerintah Kota`,
//! conditions joined by *dan* / *atau*.

use rust_decimal::Decimal;

use super::{Gate, Instrument, Within};
use crate::text::language::Language;

impl Gate {
    /// The rule in `language`, stages and categories by name, numbers with the
    /// language's decimal mark (`SAQ ≥ 72,5 atau kategori Pemerintah Kota`), the stage as
    /// the instrument names it.
    ///
    /// ```
    /// use kip_index::{Decimal, Gate, Instrument, Language, Within};
    ///
    /// let instrument: Instrument =
    ///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
    /// let gate = Gate::any([
    ///     Gate::new("saq", Decimal::new(725, 1)),
    ///     Gate::top("saq", 10, Within::Category),
    /// ]);
    /// assert_eq!(
    ///     gate.rule(&instrument, Language::Indonesian),
    ///     "Self Assessment Questionnaire ≥ 72,5 atau \
    ///      10 besar Self Assessment Questionnaire dalam kategori"
    /// );
    /// assert_eq!(
    ///     gate.rule(&instrument, Language::English),
    ///     "Self Assessment Questionnaire ≥ 72.5 or \
    ///      top 10 in Self Assessment Questionnaire within the category"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rule(&self, instrument: &Instrument, language: Language) -> String {
        let english = language == Language::English;
        let number = |value: Decimal| match english {
            true => value.to_string(),
            false => value.to_string().replace('.', ","),
        };
        let stage_name = |id: &str| {
            instrument
                .stage(id)
                .map_or_else(|| id.to_owned(), |s| s.name.clone())
        };
        match self {
            Gate::Stage(c) => {
                let name = stage_name(&c.stage);
                let mut parts = Vec::new();
                if let Some(min) = c.min {
                    parts.push(format!("{name} ≥ {}", number(min)));
                }
                if let Some(top) = c.top {
                    let group = match (c.within, english) {
                        (Within::Category, false) => "dalam kategori",
                        (Within::Region, false) => "dalam wilayah",
                        (Within::All, false) => "dari semua badan publik",
                        (Within::Category, true) => "within the category",
                        (Within::Region, true) => "within the region",
                        (Within::All, true) => "among all bodies",
                    };
                    parts.push(match english {
                        true => format!("top {top} in {name} {group}"),
                        false => format!("{top} besar {name} {group}"),
                    });
                }
                if parts.is_empty() {
                    parts.push(match english {
                        true => format!("took part in {name}"),
                        false => format!("mengikuti {name}"),
                    });
                }
                parts.join(if english { " and " } else { " dan " })
            }
            Gate::Categories { categories } => {
                let names: Vec<String> = categories
                    .iter()
                    .map(|id| {
                        instrument
                            .category(id)
                            .map_or_else(|| id.to_string(), |c| c.name.clone())
                    })
                    .collect();
                let word = if english { "category" } else { "kategori" };
                format!("{word} {}", names.join(", "))
            }
            Gate::All { all: inner } | Gate::Any { any: inner } => {
                let joint = match (matches!(self, Gate::All { .. }), english) {
                    (true, true) => " and ",
                    (true, false) => " dan ",
                    (false, true) => " or ",
                    (false, false) => " atau ",
                };
                let rules: Vec<String> = inner
                    .iter()
                    .map(|g| match g {
                        // A combination inside another is bracketed: the words keep it.
                        Gate::All { .. } | Gate::Any { .. } => {
                            format!("({})", g.rule(instrument, language))
                        }
                        _ => g.rule(instrument, language),
                    })
                    .collect();
                rules.join(joint)
            }
        }
    }
}
