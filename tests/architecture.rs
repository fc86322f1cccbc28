//! The crate's shape, read from its own source with Rust's grammar (syn): which module
//! imports which (every `crate::`, `super::` and `self::` path and `use` outside unit
//! tests, the crate root's re-exports followed to their module): the layers import only down the pipeline, no modules import one
//! another in a circle, and no file (the command line's and the browser build's included)
//! is longer than 700 lines
//! without its unit tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LONGEST: usize = 700;

/// The library's files.
fn library_files(dir: &Path, found: &mut Vec<PathBuf>) {
    rust_files(dir, found);
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
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
    fn new(modules: BTreeSet<String>, reexports: BTreeMap<String, String>) -> Resolver {
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

/// The module path of a file (`src/insight/sensitivity/sample.rs` →
/// `["insight", "sensitivity", "sample"]`, a `mod.rs` its folder's, `lib.rs` empty).
fn module_path(path: &Path) -> Vec<String> {
    let relative = path.strip_prefix("src").unwrap_or(path).with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// Whether an item is compiled for unit tests only (`#[cfg(test)]`).
fn for_tests(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| m.path().is_ident("test"))
    })
}

/// Every path a file's code names inside the crate, as `crate::`-relative text
/// (`score::exact::Score`): `crate::` paths, `super::` and `self::` resolved from the
/// module they stand in, and each leaf of a `use` tree — read by Rust's own grammar, so
/// comments, strings and `#[cfg(test)]` items never count.
struct Imports {
    /// The module the visitor stands in (the file's, then any inline `mod`).
    at: Vec<String>,
    found: BTreeSet<String>,
}

impl Imports {
    /// A path's segments made `crate`-relative, or `None` for one outside the crate.
    fn resolve(&self, segments: &[String]) -> Option<String> {
        let mut base: Vec<String> = match segments.first().map(String::as_str) {
            Some("crate") => Vec::new(),
            Some("super") | Some("self") => self.at.clone(),
            _ => return None,
        };
        let mut rest = segments
            .iter()
            .skip(usize::from(segments.first().is_some_and(|s| s == "crate")));
        for segment in rest.by_ref() {
            match segment.as_str() {
                "super" => {
                    base.pop();
                }
                "self" => {}
                other => {
                    base.push(other.to_owned());
                    break;
                }
            }
        }
        base.extend(rest.cloned());
        (!base.is_empty()).then(|| base.join("::"))
    }

    fn tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.leaf(prefix, &n.ident),
            syn::UseTree::Rename(r) => self.leaf(prefix, &r.ident),
            syn::UseTree::Glob(_) => {
                if let Some(path) = self.resolve(prefix) {
                    self.found.insert(path);
                }
            }
            syn::UseTree::Group(g) => {
                for item in &g.items {
                    self.tree(prefix, item);
                }
            }
        }
    }

    fn leaf(&mut self, prefix: &[String], ident: &syn::Ident) {
        let mut segments = prefix.to_vec();
        if ident != "self" {
            segments.push(ident.to_string());
        }
        if let Some(path) = self.resolve(&segments) {
            self.found.insert(path);
        }
    }
}

impl<'ast> syn::visit::Visit<'ast> for Imports {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Const(c) => &c.attrs,
            syn::Item::Static(s) => &s.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if !for_tests(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.at.push(item.ident.to_string());
        syn::visit::visit_item_mod(self, item);
        self.at.pop();
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.tree(&mut Vec::new(), &item.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if let Some(found) = self.resolve(&segments) {
            self.found.insert(found);
        }
        syn::visit::visit_path(self, path);
    }
}

/// The crate paths a file in module `at` names (see [`Imports`]).
fn imports(text: &str, at: &[String]) -> BTreeSet<String> {
    let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{e}"));
    let mut visitor = Imports {
        at: at.to_vec(),
        found: BTreeSet::new(),
    };
    syn::visit::Visit::visit_file(&mut visitor, &file);
    visitor.found
}

/// The lines of a file that are not unit tests: every line, less those of its
/// `#[cfg(test)]` items (wherever they stand).
fn lines_without_tests(text: &str) -> usize {
    let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{e}"));
    let tests: usize = file
        .items
        .iter()
        .filter(|item| match item {
            syn::Item::Mod(m) => for_tests(&m.attrs),
            syn::Item::Fn(f) => for_tests(&f.attrs),
            _ => false,
        })
        .map(|item| {
            use syn::spanned::Spanned;
            let span = item.span();
            span.end().line - span.start().line + 1
        })
        .sum();
    text.lines().count().saturating_sub(tests)
}

/// What the crate root re-exports, by name: `pub use score::exact::{Score, Scorecard}`
/// gives `Score` and `Scorecard` → `score/exact` (a module as [`module_of`] names it).
fn reexports(lib: &str) -> BTreeMap<String, String> {
    fn walk(prefix: &mut Vec<String>, tree: &syn::UseTree, out: &mut BTreeMap<String, String>) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                walk(prefix, &p.tree, out);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let module = prefix.iter().take(2).cloned().collect::<Vec<_>>().join("/");
                out.insert(n.ident.to_string(), module);
            }
            syn::UseTree::Rename(r) => {
                let module = prefix.iter().take(2).cloned().collect::<Vec<_>>().join("/");
                out.insert(r.rename.to_string(), module);
            }
            syn::UseTree::Group(g) => {
                for item in &g.items {
                    walk(prefix, item, out);
                }
            }
            syn::UseTree::Glob(_) => {}
        }
    }
    let file = syn::parse_file(lib).unwrap_or_else(|e| panic!("{e}"));
    let mut out = BTreeMap::new();
    for item in &file.items {
        if let syn::Item::Use(u) = item
            && matches!(u.vis, syn::Visibility::Public(_))
            && !for_tests(&u.attrs)
        {
            walk(&mut Vec::new(), &u.tree, &mut out);
        }
    }
    out
}

/// Which module imports which, from every library file.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    library_files(Path::new("src"), &mut files);
    let modules: BTreeSet<String> = files.iter().map(|p| module_of(p)).collect();
    let lib = std::fs::read_to_string("src/lib.rs").unwrap_or_default();
    let resolver = Resolver::new(modules, reexports(&lib));
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
        let module = module_of(path);
        let deps: BTreeSet<String> = imports(&text, &module_path(path))
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
    let at = [
        "insight".to_owned(),
        "sensitivity".to_owned(),
        "sample".to_owned(),
    ];
    let written = "use crate::{a, b::{C, D}, e::F};\nuse super::Model;\nfn f() { crate::g::h(); }";
    let found: Vec<String> = imports(written, &at).into_iter().collect();
    assert_eq!(
        found,
        [
            "a",
            "b::C",
            "b::D",
            "e::F",
            "g::h",
            "insight::sensitivity::Model"
        ]
    );
    // Comments, strings and unit tests are not code that imports.
    let with_tests = "use crate::a;\n/* crate::c::d */\n// crate::e\n#[cfg(test)]\nmod tests {\n    fn f() { let s = \"crate::s\"; crate::t::x(); }\n}\nfn g() { crate::b::y(); }";
    let found: Vec<String> = imports(with_tests, &at).into_iter().collect();
    assert_eq!(found, ["a", "b::y"]);
    assert_eq!(lines_without_tests(with_tests), 4);
    let modules = ["score", "score/exact", "model/instrument", "schema"].map(str::to_owned);
    let lib = "pub use score::exact::{Score, Scorecard}; pub use model::instrument::Instrument;";
    let resolver = Resolver::new(modules.into(), reexports(lib));
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
    for dir in ["src", "cli/src", "web/src", "python/src"] {
        rust_files(Path::new(dir), &mut files);
    }
    assert!(files.len() > 60, "{files:?}");
    let mut long: Vec<String> = files
        .iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            lines_without_tests(&text) > LONGEST
        })
        .map(|p| p.display().to_string())
        .collect();
    long.sort();
    assert!(
        long.is_empty(),
        "files over {LONGEST} lines (without their unit tests): {long:?}"
    );
}
