//! The crate's shape, read from its own source: which module imports which (every
//! `crate::` path outside comments and unit tests), the cycles among them, and the files
//! that grew too long. The known debts are listed here; the test fails when a new one
//! appears and when a listed one is paid, so that the lists only shrink.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module cycles not yet broken (each sorted).
const KNOWN_CYCLES: &[&[&str]] = &[
    &["csv_input", "fastread", "sheet_input", "source"],
    &["fast", "plan", "score"],
];

/// Library files longer than 700 lines (before their unit tests).
const KNOWN_LONG: &[&str] = &[
    "batch.rs",
    "score.rs",
    "sensitivity.rs",
    "sheet_input.rs",
    "source.rs",
];

const LONGEST: usize = 700;

fn library_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "bin") {
                library_files(&path, found);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The module a file is: `src/score.rs` → `score`, `src/instrument/check.rs` →
/// `instrument` (a folder is one module here); `lib` for the crate root.
fn module_of(path: &Path) -> String {
    let relative = path.strip_prefix("src").unwrap_or(path);
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    first.unwrap_or_default().trim_end_matches(".rs").to_owned()
}

/// The source without its unit-test module and without comments.
fn code(text: &str) -> String {
    let text = text
        .split("#[cfg(test)]\nmod tests")
        .next()
        .unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules a file's code names: `crate::x::…` and `use crate::{x, y::…}`.
fn imports(code: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = code.get(at + "crate::".len()..).unwrap_or_default();
        if let Some(group) = rest.strip_prefix('{') {
            // Split the group at its top-level commas; each part starts with a module.
            let mut depth = 0;
            let mut part = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.insert(ident(part.trim()));
                        part.clear();
                        continue;
                    }
                    _ => {}
                }
                part.push(c);
            }
            found.insert(ident(part.trim()));
        } else {
            found.insert(ident(rest));
        }
    }
    found
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    library_files(Path::new("src"), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
        let module = module_of(path);
        let deps = imports(&code(&text));
        graph
            .entry(module.clone())
            .or_default()
            .extend(deps.into_iter().filter(|d| *d != module));
    }
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for deps in graph.values_mut() {
        deps.retain(|d| modules.contains(d) && d != "lib");
    }
    graph
}

/// The strongly connected components of more than one module (Tarjan).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<Vec<String>> {
    struct State<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        found: BTreeSet<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(lw));
            } else if s.stack.contains(&w) {
                let iw = s.index[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(iw));
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                component.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.insert(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: BTreeSet::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    state.found
}

#[test]
fn the_reader_sees_imports_as_written() {
    let code = "use crate::{a, b::{C, D}, e::F};\nfn f() { crate::g::h(); }";
    let found: Vec<String> = imports(code).into_iter().collect();
    assert_eq!(found, ["a", "b", "e", "g"]);
    let mut graph = BTreeMap::new();
    for (m, deps) in [
        ("a", &["b"][..]),
        ("b", &["c"]),
        ("c", &["a"]),
        ("d", &["a"]),
    ] {
        graph.insert(m.to_owned(), deps.iter().map(|d| (*d).to_owned()).collect());
    }
    let expected: BTreeSet<Vec<String>> =
        [vec!["a".to_owned(), "b".to_owned(), "c".to_owned()]].into();
    assert_eq!(cycles(&graph), expected);
}

#[test]
fn no_module_cycle_beyond_the_known_ones() {
    let found = cycles(&graph());
    let known: BTreeSet<Vec<String>> = KNOWN_CYCLES
        .iter()
        .map(|c| c.iter().map(|m| (*m).to_owned()).collect())
        .collect();
    let new: Vec<_> = found.difference(&known).collect();
    let broken: Vec<_> = known.difference(&found).collect();
    assert!(new.is_empty(), "new module cycles: {new:?}");
    assert!(
        broken.is_empty(),
        "cycles broken (take them off KNOWN_CYCLES): {broken:?}"
    );
}

#[test]
fn no_library_file_grows_past_700_lines_beyond_the_known_ones() {
    let mut files = Vec::new();
    library_files(Path::new("src"), &mut files);
    let mut long: Vec<String> = files
        .iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let before_tests = text
                .split("#[cfg(test)]\nmod tests")
                .next()
                .unwrap_or_default();
            before_tests.lines().count() > LONGEST
        })
        .map(|p| p.strip_prefix("src").unwrap_or(p).display().to_string())
        .collect();
    long.sort();
    assert_eq!(
        long, KNOWN_LONG,
        "files over {LONGEST} lines (before their unit tests)"
    );
}
