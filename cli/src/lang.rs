//! The command line's `--lang`: the words of its outputs for people come from the
//! library (`kip_index::Words`), in Indonesian (the default) or English.

use kip_index::Words;

/// The language of the outputs for people.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Lang {
    /// Bahasa Indonesia.
    #[default]
    Id,
    /// English.
    En,
}

/// A word in the language asked for, for the few sentences outside [`Words`].
pub(crate) trait PickWords {
    fn pick_words<'a>(self, id: &'a str, en: &'a str) -> &'a str;
}

impl PickWords for kip_index::Language {
    fn pick_words<'a>(self, id: &'a str, en: &'a str) -> &'a str {
        match self {
            kip_index::Language::English => en,
            _ => id,
        }
    }
}

impl Lang {
    /// The command line's language for the library's.
    pub(crate) fn of(language: kip_index::Language) -> Lang {
        match language {
            kip_index::Language::English => Lang::En,
            _ => Lang::Id,
        }
    }

    /// The library's language for this one (warnings, messages in the JSON).
    pub(crate) fn language(self) -> kip_index::Language {
        match self {
            Lang::Id => kip_index::Language::Indonesian,
            Lang::En => kip_index::Language::English,
        }
    }

    /// The words of this language.
    pub(crate) fn words(self) -> &'static Words {
        Words::of(self.language())
    }
}
