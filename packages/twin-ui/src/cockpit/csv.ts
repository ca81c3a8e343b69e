/** One column of an exported table: its heading and how a row fills it. */
export type CsvColumn<Row> = { header: string; value: (row: Row) => string | number | null };

/** The byte-order mark that makes Excel read a CSV file as UTF-8 (and show Chinese). */
export const utf8Bom = '\uFEFF';

/** A field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break. */
export function toCsvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A table as CSV text: a header line, then one line per row, CRLF line ends, no BOM. */
export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  const lines = [
    columns.map((column) => toCsvField(column.header)).join(','),
    ...rows.map((row) => columns.map((column) => toCsvField(column.value(row))).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
