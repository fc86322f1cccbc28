//! `kip score -o results.parquet`: the results' one Arrow table (the library's
//! `Results::to_arrow`) written as Parquet, Snappy-compressed.

use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

/// Writes the results table as Parquet to `out`.
pub(crate) fn write(
    results: &kip_index::Results,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let table = results.to_arrow();
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut bytes = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut bytes, table.schema(), Some(properties))
        .map_err(std::io::Error::other)?;
    writer.write(&table).map_err(std::io::Error::other)?;
    writer.close().map_err(std::io::Error::other)?;
    out.write_all(&bytes)
}
