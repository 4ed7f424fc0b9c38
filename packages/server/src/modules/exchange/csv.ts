/**
 * RFC 4180 CSV parsing of already-decoded text: quoted fields, doubled quotes, CR, LF or CRLF line ends, a final
 * line without a line end. Lenient where Excel is: a quote inside an unquoted field is an ordinary character, and
 * text after a closing quote is kept. A quoted field that is never closed is an error with its row number.
 */

export interface CsvRecord {
  /** 1-based record number, counting blank lines, as a spreadsheet shows the row. */
  readonly number: number;
  readonly cells: string[];
}

export type CsvResult =
  | { readonly ok: true; readonly records: CsvRecord[] }
  | { readonly ok: false; readonly error: 'unclosed_quote'; readonly row: number; readonly line: number }
  | { readonly ok: false; readonly error: 'too_many_rows' };

/** Tab-separated when the first non-blank line has tabs and no commas (Excel's "Text (Tab delimited)"). */
export function detectDelimiter(text: string): ',' | '\t' {
  const first = /[^\r\n]*\S[^\r\n]*/.exec(text)?.[0] ?? '';
  return first.includes('\t') && !first.includes(',') ? '\t' : ',';
}

export const isBlankRecord = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');

/**
 * Splits `text` into records. Blank records (no cell with anything but spaces) are left out but counted, so record
 * numbers stay those a spreadsheet shows. Parsing stops with `too_many_rows` after `maxRecords` non-blank records.
 */
export function parseCsv(text: string, delimiter: ',' | '\t', maxRecords = Number.POSITIVE_INFINITY): CsvResult {
  const records: CsvRecord[] = [];
  const unquoted = delimiter === ',' ? /[^,\r\n]*/y : /[^\t\r\n]*/y;
  const n = text.length;
  let i = 0;
  let number = 0;
  let cells: string[] = [];

  const endRecord = (): boolean => {
    number++;
    if (!isBlankRecord(cells)) {
      if (records.length >= maxRecords) return false;
      records.push({ number, cells });
    }
    cells = [];
    return true;
  };

  if (n === 0) return { ok: true, records };
  for (;;) {
    // One field starts at i.
    let field = '';
    if (text.charCodeAt(i) === 34 /* " */) {
      const opened = i;
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) {
          return { ok: false, error: 'unclosed_quote', row: number + 1, line: lineOf(text, opened) };
        }
        field += text.slice(i, close);
        if (text.charCodeAt(close + 1) === 34) {
          field += '"';
          i = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
    }
    unquoted.lastIndex = i;
    const rest = unquoted.exec(text)![0];
    field += rest;
    i += rest.length;
    cells.push(field);

    if (i >= n) {
      if (!endRecord()) return { ok: false, error: 'too_many_rows' };
      return { ok: true, records };
    }
    const c = text[i];
    if (c === delimiter) {
      i++;
      if (i >= n) {
        cells.push('');
        if (!endRecord()) return { ok: false, error: 'too_many_rows' };
        return { ok: true, records };
      }
      continue;
    }
    // A line end: CRLF, LF or CR.
    i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    if (!endRecord()) return { ok: false, error: 'too_many_rows' };
    if (i >= n) return { ok: true, records };
  }
}

/** 1-based physical line of offset `at` (a quoted field may span lines). */
function lineOf(text: string, at: number): number {
  let line = 1;
  for (let j = 0; j < at; j++) {
    const c = text.charCodeAt(j);
    if (c === 10 || (c === 13 && text.charCodeAt(j + 1) !== 10)) line++;
  }
  return line;
}
