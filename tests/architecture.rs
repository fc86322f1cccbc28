//! The crate's shape, read from its own source: which module imports which (every
//! `crate::` path outside comments and unit tests, the crate root's re-exports followed
//! to their module): the layers import only down the pipeline, no modules import one
//! another in a circle, and no file (the binary's included) is longer than 700 lines
//! without its unit tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LONGEST: usize = 700;

/// The library's files (not the binary's).
fn library_files(dir: &Path, found: &mut Vec<PathBuf>) {
    rust_files(dir, true, found);
}

/// Every `.rs` file under `dir`, leaving out `bin/` when `skip_bin`.
fn rust_files(dir: &Path, skip_bin: bool, found: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !skip_bin || path.file_name().is_some_and(|n| n != "bin") {
                rust_files(&path, skip_bin, found);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The module a file is: its path under `src/` without `.rs` (`score/exact`), a
/// folder's `mod.rs` its folder, and a folder inside a layer one module
/// (`model/instrument`); `lib` for the crate root.
fn module_of(path: &Path) -> String {
    let relative = path.strip_prefix("src").unwrap_or(path);
    let parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    match parts.as_slice() {
        [layer, "mod"] => (*layer).to_owned(),
        [layer, module, ..] => format!("{layer}/{module}"),
        [one] => (*one).to_owned(),
        [] => String::new(),
    }
}

/// What `crate::` paths name: `crate::score::exact::Score` the module `score/exact`,
/// `crate::Plan` the module the crate root re-exports it from.
struct Resolver {
    modules: BTreeSet<String>,
    reexports: BTreeMap<String, String>,
}

impl Resolver {
    fn new(modules: BTreeSet<String>, lib: &str) -> Resolver {
        let mut reexports = BTreeMap::new();
        for statement in lib.split(';') {
            let Some(at) = statement.find("pub use ") else {
                continue;
            };
            let path = statement
                .get(at + "pub use ".len()..)
                .unwrap_or_default()
                .trim();
            let (from, names) = match path.split_once("::{") {
                Some((from, names)) => (from, names.trim_end_matches('}').to_owned()),
                None => match path.rsplit_once("::") {
                    Some((from, name)) => (from, name.to_owned()),
                    None => continue,
                },
            };
            let module = from.replace("::", "/");
            for name in names.split(',') {
                let name = name.trim();
                if !name.is_empty() {
                    reexports.insert(name.to_owned(), module.clone());
                }
            }
        }
        Resolver { modules, reexports }
    }

    /// The module a path after `crate::` names (`score::exact::Score`), if any.
    fn module(&self, path: &str) -> Option<String> {
        let parts: Vec<&str> = path.split("::").collect();
        if let [first, second, ..] = parts.as_slice() {
            let nested = format!("{first}/{second}");
            if self.modules.contains(&nested) {
                return Some(nested);
            }
        }
        let first = (*parts.first()?).to_owned();
        if self.modules.contains(&first) {
            return Some(first);
        }
        self.reexports.get(&first).cloned()
    }
}

/// Where the module starting `text` ends: after the brace that closes it (braces in
/// string and character literals not counted), or its `;`.
fn module_end(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        match c {
            b'r' if bytes.get(i + 1) == Some(&b'#') => {
                // r#"..."#
                let close = text
                    .get(i..)
                    .and_then(|t| t.find("\"#"))
                    .map_or(text.len(), |k| i + k + 2);
                i = close;
                continue;
            }
            b'"' => {
                i += 1;
                while let Some(&d) = bytes.get(i) {
                    match d {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
            }
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 2,
            b'\'' if bytes.get(i + 1) == Some(&b'\\') && bytes.get(i + 3) == Some(&b'\'') => i += 3,
            b'{' => depth += 1,
            b'}' if depth == 1 => return i + 1,
            b'}' => depth = depth.saturating_sub(1),
            b';' if depth == 0 => return i + 1,
            _ => {}
        }
        i += 1;
    }
    text.len()
}

/// The source without its unit-test modules and comments.
fn code(text: &str) -> String {
    without_tests(text)
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The source without its unit-test modules (wherever they stand).
fn without_tests(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]\nmod ") {
        kept.push_str(rest.get(..at).unwrap_or_default());
        let after = rest.get(at..).unwrap_or_default();
        let end = module_end(after);
        rest = after.get(end..).unwrap_or_default();
    }
    kept.push_str(rest);
    kept
}

/// The paths a file's code names after `crate::`: `crate::x::y::Z` and each part of
/// `use crate::{x, y::z::{A, B}}`, as written (`x`, `y::z`).
fn imports(code: &str) -> BTreeSet<String> {
    let path = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
            .collect::<String>()
            .trim_end_matches(':')
            .to_owned()
    };
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = code.get(at + "crate::".len()..).unwrap_or_default();
        if let Some(group) = rest.strip_prefix('{') {
            // Split the group at its top-level commas; each part starts with a path.
            let mut depth = 0;
            let mut part = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.insert(path(part.trim()));
                        part.clear();
                        continue;
                    }
                    _ => {}
                }
                part.push(c);
            }
            found.insert(path(part.trim()));
        } else {
            found.insert(path(rest));
        }
    }
    found.remove("");
    found
}

/// Which module imports which, from every library file.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    library_files(Path::new("src"), &mut files);
    let modules: BTreeSet<String> = files.iter().map(|p| module_of(p)).collect();
    let lib = std::fs::read_to_string("src/lib.rs").unwrap_or_default();
    let resolver = Resolver::new(modules, &code(&lib));
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
        let module = module_of(path);
        let deps: BTreeSet<String> = imports(&code(&text))
            .iter()
            .filter_map(|p| resolver.module(p))
            .filter(|d| *d != module && d != "lib")
            .collect();
        graph.entry(module).or_default().extend(deps);
    }
    graph.remove("lib");
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
    let written = "use crate::{a, b::{C, D}, e::F};\nfn f() { crate::g::h(); }";
    let found: Vec<String> = imports(written).into_iter().collect();
    assert_eq!(found, ["a", "b", "e::F", "g::h"]);
    let with_tests = "use crate::a;\n#[cfg(test)]\nmod tests {\n    fn f() { let s = \"{\"; let c = '}'; crate::t::x(); }\n}\nfn g() { crate::b::y(); }";
    let found: Vec<String> = imports(&code(with_tests)).into_iter().collect();
    assert_eq!(found, ["a", "b::y"]);
    let modules = ["score", "score/exact", "model/instrument", "schema"].map(str::to_owned);
    let lib = "pub use score::exact::{Score, Scorecard}; pub use model::instrument::Instrument;";
    let resolver = Resolver::new(modules.into(), lib);
    assert_eq!(
        resolver.module("score::exact::Score").as_deref(),
        Some("score/exact")
    );
    assert_eq!(
        resolver.module("model::instrument::Question").as_deref(),
        Some("model/instrument")
    );
    assert_eq!(resolver.module("Scorecard").as_deref(), Some("score/exact"));
    assert_eq!(
        resolver.module("Instrument").as_deref(),
        Some("model/instrument")
    );
    assert_eq!(resolver.module("schema::Format").as_deref(), Some("schema"));
    assert_eq!(resolver.module("test_generate"), None);
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
fn no_module_cycle() {
    let found = cycles(&graph());
    assert!(
        found.is_empty(),
        "modules that import one another in a circle: {found:?}"
    );
}

/// The layers, in the order the data goes: each may import the layers before it (and
/// itself), never one after it; `read` and `score` are side by side and import neither
/// the other.
const LAYERS: &[(&str, usize)] = &[
    ("text", 0),
    ("model", 1),
    ("read", 2),
    ("score", 2),
    ("batch", 3),
    ("insight", 4),
    ("publish", 5),
    ("schema", 5),
];

fn layer_of(module: &str) -> Option<(&'static str, usize)> {
    let first = module.split('/').next()?;
    LAYERS.iter().copied().find(|(name, _)| *name == first)
}

#[test]
fn every_module_is_in_a_layer_and_imports_only_below_it() {
    let graph = graph();
    let mut wrong = Vec::new();
    for (module, deps) in &graph {
        let Some((layer, rank)) = layer_of(module) else {
            wrong.push(format!("{module} is in no layer"));
            continue;
        };
        for dep in deps {
            let allowed = layer_of(dep).is_some_and(|(other, r)| other == layer || r < rank);
            if !allowed {
                wrong.push(format!("{module} imports {dep}"));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the pipeline: {wrong:#?}");
}

#[test]
fn no_file_is_longer_than_700_lines() {
    let mut files = Vec::new();
    rust_files(Path::new("src"), false, &mut files);
    let mut long: Vec<String> = files
        .iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            without_tests(&text).lines().count() > LONGEST
        })
        .map(|p| p.strip_prefix("src").unwrap_or(p).display().to_string())
        .collect();
    long.sort();
    assert!(
        long.is_empty(),
        "files over {LONGEST} lines (without their unit tests): {long:?}"
    );
}
