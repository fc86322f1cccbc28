//! Safe file names made from agency ids, for the files written one per body (a report
//! card per *badan publik*): an id is the commission's text and may hold anything a
//! file system would read as a path (`../x`, `A/B`, `x:y`), a name Windows reserves
//! (`con`), or differ from another only in case (`a`, `A`), which a case-insensitive
//! file system would merge.

/// The longest name made, before its hash.
const LONGEST: usize = 64;

/// Windows' reserved device names, which no file may take whatever its extension, and
/// `index`, the name of a folder's own list of its files (`index.html`).
const RESERVED: [&str; 23] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "index",
];

/// One file name (without extension) for each id, in order: only lowercase ASCII
/// letters, digits, `-` and `_` (no separator, no `.`, no control character), unique
/// ignoring case, and the same every run for the same ids. An id that is already such a
/// name keeps it; any other — changed to fit, reserved, too long — gets a hash of the
/// id itself after a `-`, so that two ids never share a name.
///
/// ```
/// let names = kip_index::file_names(&["3601", "36-dpmptsp", "../x", "A", "a", "con"]);
/// assert_eq!(names[0], "3601");
/// assert_eq!(names[1], "36-dpmptsp");
/// assert!(names[2].starts_with("___x-"));
/// assert!(names[3].starts_with("a-") && names[4] == "a");
/// assert!(names[5].starts_with("con-"));
/// ```
pub fn file_names(ids: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = ids.iter().map(|id| file_name(id)).collect();
    // A hash shared by two ids (never seen, but possible): the later ones in id order
    // numbered, so that the names stay the same whatever order the ids come in.
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by(|&a, &b| ids.get(a).cmp(&ids.get(b)));
    let mut taken = std::collections::HashSet::new();
    for k in order {
        let Some(name) = names.get_mut(k) else {
            continue;
        };
        let mut candidate = name.clone();
        let mut n = 2;
        while !taken.insert(candidate.clone()) {
            candidate = format!("{name}-{n}");
            n += 1;
        }
        *name = candidate;
    }
    names
}

/// One id's name, before names are made unique among them.
fn file_name(id: &str) -> String {
    let mut name: String = id
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '-' | '_' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => '_',
        })
        .take(LONGEST)
        .collect();
    if name.is_empty() {
        name.push('_');
    }
    let kept = name == id && !RESERVED.contains(&name.as_str());
    if kept {
        name
    } else {
        format!("{name}-{:08x}", fnv1a(id.as_bytes()))
    }
}

/// The 32-bit FNV-1a hash: small, fixed, the same on every machine and every run.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |hash, b| {
        (hash ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

/// A file's name without its folders and its last extension: `sanggah` for
/// `data/sanggah.jsonl` (a verification round named by its file).
pub(crate) fn stem(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_owned(),
        _ => base.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hostile_ids_get_safe_distinct_names() {
        let long = "x".repeat(256);
        let ids = [
            "../x",
            "..",
            "A/B",
            "x:y",
            "con",
            "CON",
            "a",
            "A",
            "ñ",
            "n",
            "",
            " ",
            "3601",
            "a\u{0}b",
            "a\\b",
            long.as_str(),
            "lpt1",
            ".hidden",
            "index",
        ];
        let names = file_names(&ids);
        let mut seen = std::collections::HashSet::new();
        for (id, name) in ids.iter().zip(&names) {
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'),
                "{id:?} → {name:?}"
            );
            assert!(
                !name.is_empty() && name.len() <= LONGEST + 9,
                "{id:?} → {name:?}"
            );
            assert!(
                seen.insert(name.to_ascii_lowercase()),
                "{id:?} → {name:?} twice"
            );
        }
        // Plain ids keep their names; `a` keeps its own and `A` is told apart.
        assert_eq!(names[12], "3601");
        assert_eq!(names[6], "a");
        assert!(names[7].starts_with("a-"));
        assert!(names[4].starts_with("con-") && names[5].starts_with("con-"));
        // `index` is the folder's own page: a body of that id gets another name.
        assert!(names[18].starts_with("index-"), "{}", names[18]);
        // The FNV-1a of "A" worked out from its definition: (0x811c9dc5 ^ 0x41) × 16777619
        // mod 2^32 = 0xc40bf6cc.
        assert_eq!(names[7], "a-c40bf6cc");
    }

    proptest! {
        /// Whatever the ids, the names are safe, distinct ignoring case, and the same
        /// whatever order the ids come in.
        #[test]
        fn names_are_safe_distinct_and_stable(
            ids in proptest::collection::btree_set(".{0,12}", 1..30),
        ) {
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            let names = file_names(&ids);
            let lower: std::collections::HashSet<String> =
                names.iter().map(|n| n.to_ascii_lowercase()).collect();
            prop_assert_eq!(lower.len(), ids.len());
            let mut reversed = ids.clone();
            reversed.reverse();
            let mut again = file_names(&reversed);
            again.reverse();
            prop_assert_eq!(&names, &again);
            for name in &names {
                prop_assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
                prop_assert!(!name.contains(".."));
            }
        }
    }
}
