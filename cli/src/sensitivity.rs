//! `kip sensitivity`: how sure each rank is — rank intervals and qualification shares
//! over samples of perturbed weights, as JSON, CSV or an HTML page with a rank-interval
//! plot.

use std::path::PathBuf;

use crate::args::BatchArgs;
use std::fmt::Write as _;
use std::process::ExitCode;

use kip_index::{Instrument, Sensitivity, SensitivityOptions};

use crate::lang::Lang;
use crate::score::Inputs;
use kip_index::{PAGE_CSP as CSP, escape_html as escape};

/// The arguments of `kip sensitivity`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) batch: BatchArgs,
    /// Samples to draw.
    #[arg(long, default_value_t = 1_000)]
    pub(crate) samples: usize,
    /// The seed of the samples.
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
    /// Each top-level indicator weight is multiplied by a factor uniform in
    /// 1 ± this (0.25: ±25%), then the weights are scaled back to 100.
    #[arg(long, default_value = "0.25")]
    pub(crate) weight_spread: kip_index::Decimal,
    /// The same for the stage weights (usually fixed by regulation: 0).
    #[arg(long, default_value = "0")]
    pub(crate) stage_spread: kip_index::Decimal,
    /// Also resample each stage score given by several judges from its judges'
    /// scores (a bootstrap), in every sample.
    #[arg(long)]
    pub(crate) judge_noise: bool,
    /// The form; without it, the output's extension decides (JSON otherwise).
    #[arg(long, value_enum)]
    pub(crate) format: Option<Form>,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub(crate) output: Option<PathBuf>,
    /// The most memory the samples may take (`2G`, `512M`, or bytes); the default is a
    /// quarter of this machine's memory. A run that would need more is refused, with the
    /// figure, before any sample is drawn.
    #[arg(long, value_parser = parse_bytes)]
    pub(crate) max_memory: Option<u64>,
}

/// `2G`, `512M`, `64K` or a number of bytes.
fn parse_bytes(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((k, _)) => text.split_at(k),
        None => (text, ""),
    };
    let shift = match unit.to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        _ => {
            return Err(format!(
                "expected bytes such as 2G, 512M or 1048576, found `{text}`"
            ));
        }
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1u64 << shift))
        .ok_or_else(|| format!("expected bytes such as 2G, 512M or 1048576, found `{text}`"))
}

/// A quarter of this machine's memory (from /proc/meminfo), or 4 GiB where it cannot be
/// read.
fn default_budget() -> u64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
            let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            kib.checked_mul(1024)
        })
        .map_or(4 << 30, |total| total / 4)
}

/// `kip sensitivity`.
pub(crate) fn command(args: &Args) -> Result<ExitCode, String> {
    let options = kip_index::SensitivityOptions::default()
        .samples(args.samples)
        .seed(args.seed)
        .weight_spread(args.weight_spread)
        .stage_spread(args.stage_spread)
        .judge_noise(args.judge_noise);
    // Options out of range are refused before anything is read (exit 2).
    let problems = options.check();
    if !problems.is_empty() {
        return Err(crate::terminal::problems(
            ("tidak dapat menganalisis", "cannot analyse"),
            &problems,
        ));
    }
    let inputs = args
        .batch
        .inputs(crate::score::Format::Json, args.output.as_deref());
    let budget = args.max_memory.unwrap_or_else(default_budget);
    run(&inputs, &options, args.format, budget)
}

/// The forms of the analysis.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Form {
    /// The analysis as JSON.
    Json,
    /// One row per body.
    Csv,
    /// A page with a rank-interval plot and a table.
    Html,
}

pub(crate) fn run(
    inputs: &Inputs,
    options: &SensitivityOptions,
    form: Option<Form>,
    budget: u64,
) -> Result<ExitCode, String> {
    if let Some(output) = inputs.output {
        crate::output::check_not_an_input(output, &crate::score::input_paths(inputs))?;
    }
    let form = form.unwrap_or_else(|| {
        let extension = inputs
            .output
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("csv") => Form::Csv,
            Some("html" | "htm") => Form::Html,
            _ => Form::Json,
        }
    });
    let (instrument, results, read) = crate::score::scored(inputs)?;
    // The samples' memory, from their number and the batch's size, before any is drawn.
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let needed = options.memory_needed(results.results.len(), threads);
    if needed.is_none_or(|n| n > budget) {
        let mib = |n: u64| n >> 20;
        let needed = needed.map_or("more than 16 EiB".to_owned(), |n| format!("{} MiB", mib(n)));
        return Err(match crate::terminal::language() {
            kip_index::Language::English => format!(
                "cannot analyse: {} samples of {} bodies need {needed}, more than the {} MiB \
                 allowed (--max-memory): draw fewer samples or allow more",
                options.samples,
                results.results.len(),
                mib(budget)
            ),
            _ => format!(
                "tidak dapat menganalisis: {} sampel dari {} badan publik memerlukan {needed}, \
                 lebih dari {} MiB yang diizinkan (--max-memory): kurangi sampel atau izinkan \
                 lebih",
                options.samples,
                results.results.len(),
                mib(budget)
            ),
        });
    }
    // The judges' own scores, for the bootstrap (the batch keeps only their means).
    let mut judges = Vec::new();
    if options.judge_noise {
        let mut read = Vec::new();
        for path in inputs.stage_scores {
            read.push((path.display().to_string(), crate::files::read_bytes(path)?));
        }
        let mut files = kip_index::BatchFiles::new(kip_index::NamedBytes::new("", &[]));
        files.stage_scores = (read.iter())
            .map(|(name, bytes)| kip_index::NamedBytes::new(name, bytes))
            .collect();
        judges = files.judged_stage_scores(&instrument);
    }
    let analysis = kip_index::sensitivity_with_judges(&instrument, &results, &judges, options);
    let text = match form {
        Form::Json => {
            let mut text = serde_json::to_string_pretty(&analysis).map_err(|e| e.to_string())?;
            text.push('\n');
            text
        }
        Form::Csv => csv(&analysis, &instrument),
        Form::Html => html(&analysis, &instrument, inputs.lang, options),
    };
    match inputs.output {
        Some(path) => crate::output::write_file(path, |out| out.write_all(text.as_bytes()))?,
        None => crate::terminal::out(format_args!("{text}")),
    }
    crate::score::report(&results, read);
    let shift = analysis.mean_rank_shift.to_string();
    match crate::terminal::language() {
        kip_index::Language::English => crate::terminal::say(format_args!(
            "kip: {} samples (seed {}): mean rank shift {shift}",
            analysis.samples, analysis.seed
        )),
        _ => crate::terminal::say(format_args!(
            "kip: {} sampel (seed {}): rata-rata pergeseran peringkat {}",
            analysis.samples,
            analysis.seed,
            shift.replace('.', ",")
        )),
    }
    Ok(ExitCode::from(u8::from(
        !results.rejected.is_empty() && !inputs.allow_rejected,
    )))
}

fn csv(analysis: &Sensitivity, instrument: &Instrument) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "agency_id",
        "agency_name",
        "category",
        "final",
        "rank",
        "rank_low",
        "rank_median",
        "rank_high",
        "rank_mean",
        "category_rank",
        "category_rank_low",
        "category_rank_median",
        "category_rank_high",
    ]
    .map(str::to_owned)
    .to_vec();
    header.extend(
        instrument
            .qualifications
            .iter()
            .map(|q| format!("share:{}", q.id)),
    );
    let _ = writer.write_record(&header);
    let number = |n: Option<usize>| n.map_or(String::new(), |n| n.to_string());
    for body in &analysis.bodies {
        let category = body.category;
        // Text as the score CSV writes it: safe from a spreadsheet's formulas.
        let safe = |t: &str| kip_index::spreadsheet_safe(t);
        let mut row = vec![
            safe(&body.agency.id),
            safe(&body.agency.name),
            safe(body.agency.category.as_deref().unwrap_or_default()),
            body.final_score.rounded().to_string(),
            body.rank.to_string(),
            body.overall.low.to_string(),
            body.overall.median.to_string(),
            body.overall.high.to_string(),
            body.overall.mean.to_string(),
            number(body.category_rank),
            number(category.map(|c| c.low)),
            number(category.map(|c| c.median)),
            number(category.map(|c| c.high)),
        ];
        row.extend(
            body.qualifications
                .iter()
                .map(|(_, share)| share.to_string()),
        );
        let _ = writer.write_record(&row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// The page: one line per body from its 5th to its 95th percentile rank, its published
/// rank marked, then the table.
fn html(
    analysis: &Sensitivity,
    instrument: &Instrument,
    lang: Lang,
    options: &SensitivityOptions,
) -> String {
    let english = lang == Lang::En;
    let t = |id: &'static str, en: &'static str| if english { en } else { id };
    let n = analysis.bodies.len().max(1);
    let (left, width, row_height) = (260usize, 600usize, 16usize);
    let x =
        |rank: usize| left + (rank.saturating_sub(1) * width) / n.max(2).saturating_sub(1).max(1);
    let height = analysis.bodies.len() * row_height + 40;
    let mut svg = format!(
        "<svg class=\"intervals\" role=\"img\" width=\"{}\" height=\"{height}\" viewBox=\"0 0 {} {height}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
        left + width + 40,
        left + width + 40,
        t("Selang peringkat 5%–95%", "Rank intervals, 5%–95%")
    );
    // The rank axis: 1 on the left, the last rank on the right.
    let _ = write!(
        svg,
        "<text x=\"{}\" y=\"10\" class=\"label\">{} 1</text><text x=\"{}\" y=\"10\" text-anchor=\"end\" class=\"label\">{n}</text>",
        x(1),
        t("peringkat", "rank"),
        x(n)
    );
    for (k, body) in analysis.bodies.iter().enumerate() {
        let y = 24 + k * row_height;
        let name: String = body.agency.name.chars().take(36).collect();
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text><line class=\"interval\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\"/><circle class=\"nominal\" cx=\"{}\" cy=\"{y}\" r=\"4\"/>",
            left - 8,
            y + 4,
            escape(&name),
            x(body.overall.low),
            x(body.overall.high).max(x(body.overall.low) + 2),
            x(body.rank)
        );
    }
    svg.push_str("</svg>");
    let mut page = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        if english { "en" } else { "id" },
        escape(&instrument.name),
        escape(&instrument.name)
    );
    let _ = writeln!(
        page,
        "<p class=\"meta\">{} {} · seed {} · {} ±{} · {} ±{} · {} {}</p>",
        analysis.samples,
        t("sampel", "samples"),
        analysis.seed,
        t("bobot indikator", "indicator weights"),
        options.weight_spread,
        t("bobot tahap", "stage weights"),
        options.stage_spread,
        t("rata-rata pergeseran peringkat", "mean rank shift"),
        analysis.mean_rank_shift
    );
    page.push_str(&svg);
    let _ = writeln!(
        page,
        "<p class=\"legend\">{}</p>",
        t(
            "Garis: peringkat pada 90% sampel (persentil 5–95); titik: peringkat yang diumumkan.",
            "Line: the rank in 90% of samples (5th to 95th percentile); dot: the published rank."
        )
    );
    let _ = write!(
        page,
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>",
        t("Peringkat", "Rank"),
        t("Badan publik", "Public body"),
        t("Nilai akhir", "Final score"),
        t("Selang 5–95%", "5–95% interval"),
        t("Median", "Median"),
    );
    for q in &instrument.qualifications {
        let _ = write!(page, "<th>{} %</th>", escape(&q.name));
    }
    page.push_str("</tr></thead><tbody>\n");
    for body in &analysis.bodies {
        let _ = write!(
            page,
            "<tr><td class=\"n\">{}</td><td>{} <small>({})</small></td><td class=\"n\">{}</td><td class=\"n\">{}–{}</td><td class=\"n\">{}</td>",
            body.rank,
            escape(&body.agency.name),
            escape(&body.agency.id),
            body.final_score.rounded(),
            body.overall.low,
            body.overall.high,
            body.overall.median
        );
        for (_, share) in &body.qualifications {
            let _ = write!(page, "<td class=\"n\">{share}</td>");
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody></table>\n");
    let _ = writeln!(
        page,
        "<h2>{}</h2><ul>",
        t("Pengaruh bobot", "Weight influence")
    );
    for (id, r) in &analysis.weight_influence {
        let name = instrument
            .indicators
            .iter()
            .find(|i| i.id == *id)
            .map_or(id.as_str(), |i| i.name.as_str());
        let _ = writeln!(page, "<li>{}: r = {r}</li>", escape(name));
    }
    page.push_str("</ul>\n</body>\n</html>\n");
    page
}

const STYLE: &str = "body{font-family:sans-serif;margin:2em;color:#222}\
h1{font-size:1.5em}table{border-collapse:collapse;margin:.5em 0}\
th,td{border:1px solid #ccc;padding:.2em .5em;font-size:.9em}td.n{text-align:right}\
th{background:#eee}.meta,.legend{color:#555}.label{font-size:11px}\
.interval{stroke:#3a7bd5;stroke-width:3}.nominal{fill:#c0392b}\
svg{display:block;max-width:100%}";
