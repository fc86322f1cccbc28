//! A workbook built from fuzz bytes: a sheet whose cells come from the bytes (inline
//! texts, numbers, far positions, formulas without values) and, in some inputs, a part
//! that is the bytes themselves (the sheet's or the shared strings' XML). Read in
//! bounded memory, never a panic, every row scored or rejected.
#![no_main]

use std::io::Write;
use std::sync::OnceLock;

use kip_index::{Batch, Instrument, Plan, read_submission_workbook};
use libfuzzer_sys::fuzz_target;

fn plan() -> &'static (Instrument, Plan) {
    static PLAN: OnceLock<(Instrument, Plan)> = OnceLock::new();
    PLAN.get_or_init(|| {
        let text = include_str!("../../examples/monev-2025/instrument.json");
        let instrument = Instrument::from_json(text).unwrap_or_else(|r| panic!("{r}"));
        let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
        (instrument, plan)
    })
}

const COLUMNS: [&str; 6] = ["agency_id", "agency_name", "category", "region", "JI01", "KO03"];

/// A column's letters: 0 → `A`.
fn letters(mut n: u32) -> String {
    n += 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The sheet's XML: the header, then cells chosen by the bytes.
fn sheet(data: &[u8]) -> String {
    let mut rows = String::from("<row r=\"1\">");
    for (k, name) in COLUMNS.iter().enumerate() {
        rows.push_str(&format!(
            "<c r=\"{}1\" t=\"inlineStr\"><is><t>{name}</t></is></c>",
            letters(k as u32)
        ));
    }
    rows.push_str("</row>");
    let mut row = 1u32;
    for chunk in data.chunks(4).take(256) {
        let pick = |i: usize| chunk.get(i).copied().unwrap_or(0);
        row = match pick(0) % 16 {
            0 => 1_048_576,
            1 => row.saturating_add(u32::from(pick(1)) * 1000).min(1_048_576),
            _ => row.saturating_add(1).min(1_048_576),
        };
        let column = match pick(1) % 11 {
            0 => 16_383,
            k => u32::from(k % 6),
        };
        let at = format!("{}{row}", letters(column));
        let text = escape(&String::from_utf8_lossy(chunk));
        let cell = match pick(2) % 6 {
            0 => format!("<c r=\"{at}\"><v>{}.{}</v></c>", pick(3), pick(2)),
            1 => format!("<c r=\"{at}\"><f>1+1</f></c>"),
            2 => format!("<c r=\"{at}\" t=\"e\"><v>#DIV/0!</v></c>"),
            3 => format!("<c r=\"{at}\" t=\"s\"><v>{}</v></c>", pick(3)),
            _ => format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>{text}</t></is></c>"),
        };
        rows.push_str(&format!("<row r=\"{row}\">{cell}</row>"));
    }
    format!(
        "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{rows}</sheetData></worksheet>"
    )
}

fn workbook(sheet_xml: &[u8], shared: Option<&[u8]>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut part = |name: &str, bytes: &[u8]| {
        let _ = zip.start_file(name, options);
        let _ = zip.write_all(bytes);
    };
    part(
        "[Content_Types].xml",
        br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#,
    );
    part(
        "_rels/.rels",
        br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    part(
        "xl/workbook.xml",
        br#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    part(
        "xl/_rels/workbook.xml.rels",
        br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
    );
    part("xl/worksheets/sheet1.xml", sheet_xml);
    part(
        "xl/sharedStrings.xml",
        shared.unwrap_or(br#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>ya</t></si><si><t>3601</t></si></sst>"#),
    );
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let (instrument, plan) = plan();
    let bytes = match data.first().map(|b| b % 4) {
        // The bytes as the sheet's XML, or as the shared strings.
        Some(0) => workbook(data, None),
        Some(1) => workbook(sheet(data).as_bytes(), Some(data)),
        // The bytes as the file itself.
        Some(2) => data.to_vec(),
        _ => workbook(sheet(data).as_bytes(), None),
    };
    let records = read_submission_workbook(&bytes, instrument);
    let mut batch = Batch::new(plan).without_stage_scores();
    batch.add_workbook("fuzz.xlsx", &bytes);
    let read = batch.submissions_read();
    let results = batch.finish();
    assert_eq!(
        results.results.iter().map(|c| c.raters).sum::<usize>() + results.rejected.len(),
        read
    );
    assert_eq!(records.len(), read);
});
