/**
 * Report downloads: a ReportView (the fixed-layout statistical tables) as CSV or XLSX, and the
 * Content-Disposition header that names the file.
 *
 * Both formats open with the same header lines (title, region, period, basis, time generated) so a
 * table copied out of its file still says what it is. Every string that lands in a cell goes
 * through escapeCell: region and table names come from data that users can edit.
 */

import ExcelJS from 'exceljs';
import type { ReportView } from '@renkou/core';

type Cell = string | number | null;

// ---------------------------------------------------------------------------------------------
// Cells and header lines
// ---------------------------------------------------------------------------------------------

/**
 * CSV/formula injection (OWASP "CSV Injection"): a spreadsheet treats a cell that starts with
 * = + - @, a tab or a carriage return as a formula (or strips the tab/CR and then does), so such a
 * string gets a leading single quote. Only strings: a number cell (−3) is written as a number and
 * cannot be a formula, but the string "-3" is escaped like any other.
 */
export function escapeCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

const BASIS_LABEL: Record<ReportView['basis'], string> = { residence: '常住 residence', hukou: '户籍 hukou' };

/** The lines above every table, in both formats; not yet escaped. */
function headerLines(view: ReportView): string[] {
  return [
    `${view.title.zh} / ${view.title.en}`,
    `区划 Region: ${view.region.name} (${view.region.code})`,
    `期间 Period: ${view.period}`,
    `口径 Basis: ${BASIS_LABEL[view.basis]}`,
    `生成时间 Generated: ${shanghaiTime(view.generatedAt)}`,
  ];
}

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** YYYY-MM-DD HH:mm:ss in Beijing time, whatever the server's own time zone. */
export function shanghaiTime(iso: string): string {
  const d = parseInstant(iso);
  const part = Object.fromEntries(SHANGHAI.formatToParts(d).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}`;
}

function parseInstant(iso: string): Date {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`generatedAt is not a date-time: ${iso}`);
  return d;
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

const BOM = '\uFEFF';
const CRLF = '\r\n';

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, with its quotes doubled. */
function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const s = escapeCell(cell);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csvLine(cells: readonly Cell[]): string {
  return cells.map(csvField).join(',') + CRLF;
}

/**
 * UTF-8 with a byte-order mark: without it Excel on Windows reads the file as the ANSI code page
 * (GBK on Chinese Windows, cp1252 elsewhere) and the Chinese text is garbled.
 */
export function reportToCsv(view: ReportView): Buffer {
  let out = BOM;
  for (const line of headerLines(view)) out += csvLine([line]);
  out += CRLF;
  for (const table of view.tables) {
    out += csvLine([table.title]);
    out += csvLine(table.columns);
    for (const row of table.rows) out += csvLine(row);
    out += CRLF;
  }
  return Buffer.from(out, 'utf8');
}

// ---------------------------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------------------------

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const MIN_WIDTH = 6;
const MAX_WIDTH = 60;

export async function reportToXlsx(view: ReportView): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Renkou';
  wb.lastModifiedBy = 'Renkou';
  // Both dates from the report, so the same report gives the same document properties.
  wb.created = parseInstant(view.generatedAt);
  wb.modified = wb.created;
  const names = sheetNames(view.tables.length > 0 ? view.tables.map((t) => t.title) : [view.title.zh]);
  if (view.tables.length === 0) {
    // A workbook needs at least one sheet to open; an empty report still shows what it is.
    writeHeader(wb.addWorksheet(names[0]!), view, 1);
  }
  view.tables.forEach((table, i) => writeTableSheet(wb.addWorksheet(names[i]!), view, table));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

type Table = ReportView['tables'][number];

function writeTableSheet(ws: ExcelJS.Worksheet, view: ReportView, table: Table): void {
  const width = table.rows.reduce((w, r) => Math.max(w, r.length), Math.max(1, table.columns.length));
  writeHeader(ws, view, width);
  ws.addRow([]);
  mergedLine(ws, table.title, width).font = { bold: true };
  const head = ws.addRow(table.columns.map(xlsxValue));
  head.eachCell((c) => {
    c.font = { bold: true };
    c.fill = HEADER_FILL;
  });
  // Frozen below the column headers, so they stay in view while scrolling the rows.
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: head.number }];
  for (const row of table.rows) ws.addRow(row.map(xlsxValue));
  setColumnWidths(ws, [table.columns, ...table.rows], width);
}

function writeHeader(ws: ExcelJS.Worksheet, view: ReportView, width: number): void {
  headerLines(view).forEach((line, i) => {
    const cell = mergedLine(ws, line, width);
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
}

/** One line of text across the table's width; returns its cell for styling. */
function mergedLine(ws: ExcelJS.Worksheet, text: string, width: number): ExcelJS.Cell {
  const row = ws.addRow([escapeCell(text)]);
  if (width > 1) ws.mergeCells(row.number, 1, row.number, width);
  return row.getCell(1);
}

/** Numbers stay numbers (so they sum), strings are escaped, null is an empty cell. */
function xlsxValue(cell: Cell): string | number | null {
  return typeof cell === 'string' ? escapeCell(cell) : cell;
}

function setColumnWidths(ws: ExcelJS.Worksheet, rows: readonly (readonly Cell[])[], width: number): void {
  for (let c = 0; c < width; c++) {
    // A loop, not Math.max(...spread): a report can have more rows than the engine allows arguments.
    const widest = rows.reduce((w, r) => Math.max(w, displayWidth(r[c] ?? null)), 0);
    ws.getColumn(c + 1).width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2));
  }
}

/** Width in Excel character units: CJK and full-width characters take two. */
function displayWidth(cell: Cell): number {
  if (cell === null) return 0;
  const s = typeof cell === 'number' ? String(cell) : escapeCell(cell);
  let w = 0;
  for (const ch of s) w += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return w;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) || // Hangul Jamo
    (cp >= 0x2e80 && cp <= 0xa4cf) || // CJK radicals … Yi, including CJK punctuation and unified ideographs
    (cp >= 0xac00 && cp <= 0xd7a3) || // Hangul syllables
    (cp >= 0xf900 && cp <= 0xfaff) || // CJK compatibility ideographs
    (cp >= 0xfe30 && cp <= 0xfe4f) || // CJK compatibility forms
    (cp >= 0xff00 && cp <= 0xff60) || // full-width forms
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd) // CJK extension planes
  );
}

const SHEET_NAME_MAX = 31;

/**
 * Excel's rules for sheet names: at most 31 characters, none of [ ] : * ? / \, not starting or
 * ending with an apostrophe, not empty, not "History" (reserved), and unique ignoring case.
 * exceljs throws on most of these, so titles are cleaned first and duplicates numbered "(2)", "(3)".
 */
export function sheetNames(titles: readonly string[]): string[] {
  const taken = new Set<string>();
  return titles.map((title, i) => {
    const base = cleanSheetName(title) || `表${i + 1}`;
    let name = base.toLowerCase() === 'history' ? `${base} (1)` : base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = stripApostrophes(truncateUtf16(base, SHEET_NAME_MAX - suffix.length)) + suffix;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}

function cleanSheetName(title: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const cleaned = title.replace(/[[\]:*?/\\]/g, '_').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return stripApostrophes(truncateUtf16(stripApostrophes(cleaned), SHEET_NAME_MAX));
}

function stripApostrophes(s: string): string {
  return s.replace(/^'+|'+$/g, '').trim();
}

/** At most `max` UTF-16 units (what Excel and exceljs count), never splitting a surrogate pair. */
function truncateUtf16(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Content-Disposition
// ---------------------------------------------------------------------------------------------

/**
 * RFC 6266 with an RFC 8187 extended parameter: browsers that read filename* get the Chinese name;
 * the plain filename is an ASCII fallback (non-ASCII, quotes, backslashes and control characters
 * become "_"), which also keeps CR/LF out of the header.
 */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc8187(filename)}`;
}

/** Percent-encodes everything outside RFC 8187's attr-char (encodeURIComponent leaves ' ( ) * as is). */
function encodeRfc8187(s: string): string {
  const wellFormed = s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return encodeURIComponent(wellFormed).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
