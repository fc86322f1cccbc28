//! Helpers of the command line's tests: the working directory, and the tools (Chromium,
//! LibreOffice, zip archives) some tests need.
#![allow(dead_code)]

/// Chromium as the machine has it (`.ci/run` installs Debian's), started the way this
/// closed network allows.
pub fn chromium(args: &[&str], profile: &std::path::Path) -> Option<std::process::Output> {
    let browser = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())?;
    let mut command = std::process::Command::new(browser);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command.args(args);
    command.output().ok()
}

/// A tool a test needs is missing: in CI (`CI` set, where `.ci/run` installs every tool)
/// the test fails; on a developer's machine it says, on standard error, what was not
/// checked and how to install the tool — never a silent pass.
pub fn tool_missing(tool: &str, install: &str, not_checked: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{tool} is missing in CI: .ci/run must install it ({install})"
    );
    eprintln!("SKIPPED ({tool} is not installed; {install}): {not_checked} was not checked");
}

/// The page count of a PDF Chromium wrote: its page objects (`/Type /Page`, not the
/// `/Type /Pages` of the tree).
pub fn pdf_pages(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes);
    let all = text.matches("/Type /Page").count();
    all - text.matches("/Type /Pages").count()
}

/// A part of a zip archive (a workbook's `xl/worksheets/sheet1.xml`) as text.
pub fn zip_part(path: &std::path::Path, part: &str) -> String {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut archive = zip::ZipArchive::new(file).unwrap_or_else(|e| panic!("{e}"));
    let mut entry = archive
        .by_name(part)
        .unwrap_or_else(|e| panic!("{part}: {e}"));
    let mut text = String::new();
    std::io::Read::read_to_string(&mut entry, &mut text).unwrap_or_else(|e| panic!("{e}"));
    text
}

/// Makes the repository's root the working directory, once per test binary. The
/// command line's tests (the `kip-cli` package, which cargo runs in `cli/`) name the repository's files as a person at its root does, as the README
/// does (`kip score examples/monev-2025/instrument.json …`), and compare the messages
/// that name them. Every test calls it first, so none reads a file before it.
pub fn at_repository_root() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        std::env::set_current_dir(&root)
            .unwrap_or_else(|e| panic!("cannot enter {}: {e}", root.display()));
    });
}

/// `kip` run with `args` from the repository's root, its output captured.
pub fn kip(args: &[&str]) -> std::process::Output {
    at_repository_root();
    std::process::Command::new(env!("CARGO_BIN_EXE_kip"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("kip {args:?}: {e}"))
}

/// A process's output as text, for messages (lossy: a test reads it, never trusts it).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh directory under the system's temp dir for one test's files
/// (`kip-NAME-PID`), removed with everything in it when dropped: a test leaves nothing
/// behind, however often the suite runs.
pub struct Scratch(std::path::PathBuf);

impl Scratch {
    /// The directory `kip-NAME-PID`, emptied if a killed run left it.
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("kip-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        Scratch(dir)
    }
}

impl std::ops::Deref for Scratch {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl AsRef<std::path::Path> for Scratch {
    fn as_ref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
