/**
 * Decoding partner files into a header row and data rows of text (docs/domain/exchange.md "Files").
 *
 * CSV in UTF-8 (with or without BOM) or GB18030 (a superset of GBK, what Excel on Chinese Windows writes), comma-
 * or tab-separated; .xlsx recognised by its zip signature whatever the file is called. Anything else, a damaged file,
 * a file over a limit: a FileProblem with a reason in Chinese and English, never an exception.
 */
import iconv from 'iconv-lite';
import type { FileProblem, LocalizedText } from '@renkou/core';
import { detectDelimiter, parseCsv } from './csv';
import { readXlsx } from './xlsx';

export type TableEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'xlsx';

export interface DecodedTable {
  readonly encoding: TableEncoding;
  /** The first non-blank row. */
  readonly header: string[];
  /** The non-blank rows after the header, cells as text (a row may have fewer cells than the header). */
  readonly rows: string[][];
  /**
   * The row number a spreadsheet shows for each of `rows` (blank lines are skipped but counted; the header is
   * usually row 1). Pass it to validateRows so that problems name the rows the clerk sees.
   */
  readonly rowNumbers: number[];
}

export interface DecodeLimits {
  /** The file itself (default 50 MiB). */
  readonly maxBytes: number;
  /** An .xlsx's parts unpacked, as declared by its central directory (default 300 MiB). */
  readonly maxUnpackedBytes: number;
  /** Data rows, the header not counted (default 1,000,000). */
  readonly maxRows: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = { maxBytes: 50 * 2 ** 20, maxUnpackedBytes: 300 * 2 ** 20, maxRows: 1_000_000 };

export function isFileProblem(x: DecodedTable | FileProblem): x is FileProblem {
  return 'code' in x;
}

const mib = (n: number) => `${(n / 2 ** 20).toFixed(n < 2 ** 20 ? 2 : 0)} MiB`;

function problem(code: string, message: LocalizedText, fileName: string, value: unknown = fileName): FileProblem {
  return { code, message, details: [{ path: 'file', value, reason: message }] };
}

const unreadable = (fileName: string, zh: string, en: string) => problem('UNREADABLE_FILE', { zh, en }, fileName);
const damaged = (fileName: string) =>
  unreadable(fileName, 'Excel文件已损坏或不完整（可能在上传或复制时被截断），请重新导出或重新保存后再上传。', 'The Excel file is damaged or incomplete (perhaps cut off while uploading or copying); export or save it again and upload the new file.');

/**
 * Decodes a CSV or .xlsx file into text rows. Never throws: every failure is a FileProblem —
 * EMPTY_FILE, FILE_TOO_LARGE, TOO_MANY_ROWS, UNREADABLE_FILE (not CSV or xlsx we can read, damaged or incomplete
 * xlsx, old .xls or a password-protected workbook, UTF-16 text), BAD_CSV (a quoted field never closed, with its row).
 *
 * @param fileName only for messages and the .xlsx hint; the content decides the format
 * @example
 * const table = await decodeTable(bytes, 'births-2024-05.csv');
 * if (isFileProblem(table)) throw fileProblemError(table);
 * validateRows('birth_certificate', table.header, table.rows, today, { rowNumbers: table.rowNumbers });
 */
export async function decodeTable(bytes: Buffer, fileName: string, limits: Partial<DecodeLimits> = {}): Promise<DecodedTable | FileProblem> {
  const limit: DecodeLimits = { ...DEFAULT_DECODE_LIMITS, ...limits };
  try {
    if (bytes.length > limit.maxBytes) {
      return problem('FILE_TOO_LARGE', { zh: `文件有${mib(bytes.length)}，超过上限${mib(limit.maxBytes)}，请拆分后分批上传。`, en: `The file has ${mib(bytes.length)}, more than the limit of ${mib(limit.maxBytes)}; split it and upload the parts.` }, fileName, bytes.length);
    }
    if (bytes.length === 0) return emptyFile(fileName);
    if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return decodeXlsx(bytes, fileName, limit);
    if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
      return unreadable(fileName, '这是旧版Excel（.xls）文件或有密码保护的工作簿，无法读取。请在Excel中取消密码，另存为“Excel工作簿(*.xlsx)”或“CSV UTF-8(逗号分隔)(*.csv)”后上传。', 'This is an old Excel 97–2003 (.xls) file or a password-protected workbook, which cannot be read. Remove the password and save it as "Excel Workbook (*.xlsx)" or "CSV UTF-8 (Comma delimited) (*.csv)".');
    }
    if (/\.xls[xm]$/i.test(fileName)) return damaged(fileName);
    return decodeCsv(bytes, fileName, limit);
  } catch {
    return unreadable(fileName, '无法读取该文件：它不是可以读取的CSV或xlsx文件。', 'The file cannot be read: it is not a CSV or xlsx file that we can read.');
  }
}

function startsWith(bytes: Buffer, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function emptyFile(fileName: string): FileProblem {
  return problem('EMPTY_FILE', { zh: '文件是空的，没有表头和数据。', en: 'The file is empty: no header and no rows.' }, fileName);
}

function tooManyRows(fileName: string, maxRows: number): FileProblem {
  return problem('TOO_MANY_ROWS', { zh: `数据超过${maxRows}行，请拆分后分批上传。`, en: `The file has more than ${maxRows} rows; split it and upload the parts.` }, fileName, maxRows);
}

function table(encoding: TableEncoding, records: readonly { number: number; cells: string[] }[], fileName: string): DecodedTable | FileProblem {
  const [first, ...rest] = records;
  if (!first) return emptyFile(fileName);
  const header = [...first.cells];
  while (header.length > 0 && header[header.length - 1]!.trim() === '') header.pop();
  return { encoding, header, rows: rest.map((r) => r.cells), rowNumbers: rest.map((r) => r.number) };
}

function decodeXlsx(bytes: Buffer, fileName: string, limit: DecodeLimits): DecodedTable | FileProblem {
  const result = readXlsx(bytes, { maxUnpackedBytes: limit.maxUnpackedBytes, maxRows: limit.maxRows + 1 });
  if (result.ok) return table('xlsx', result.rows, fileName);
  switch (result.error) {
    case 'too_large':
      return problem('FILE_TOO_LARGE', {
        zh: `Excel文件解压后有${mib(result.declared)}，超过上限${mib(limit.maxUnpackedBytes)}（文件过大或是“压缩炸弹”），未解压。请拆分后分批上传。`,
        en: `The Excel file would unpack to ${mib(result.declared)}, more than the limit of ${mib(limit.maxUnpackedBytes)} (too big, or a zip bomb); it was not unpacked. Split it and upload the parts.`,
      }, fileName, result.declared);
    case 'too_many_rows':
      return tooManyRows(fileName, limit.maxRows);
    case 'encrypted':
      return unreadable(fileName, 'Excel文件有密码保护，无法读取。请取消密码后重新保存。', 'The Excel file is password-protected; remove the password and save it again.');
    case 'not_a_workbook':
      return unreadable(fileName, '这是一个zip压缩文件，但不是Excel工作簿（.xlsx），或工作簿中没有工作表。', 'This is a zip archive but not an Excel workbook (.xlsx), or the workbook has no worksheet.');
    case 'damaged':
      return damaged(fileName);
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a CSV file and its encoding, or why it is not text. */
function decodeText(bytes: Buffer, fileName: string): { text: string; encoding: TableEncoding } | FileProblem {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return unreadable(fileName, '这是UTF-16编码的文本（Excel的“Unicode文本”），请在Excel中另存为“CSV UTF-8(逗号分隔)(*.csv)”后上传。', 'This is UTF-16 text (Excel\'s "Unicode Text"); save it as "CSV UTF-8 (Comma delimited) (*.csv)" and upload that.');
  }
  const notText = () => unreadable(fileName, '无法读取该文件：它不是CSV文本（UTF-8或GBK/GB18030编码），也不是xlsx文件。', 'The file cannot be read: it is neither CSV text (UTF-8 or GBK/GB18030) nor an xlsx file.');
  if (bytes.includes(0)) return notText();
  let decoded: { text: string; encoding: TableEncoding };
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    try {
      decoded = { text: UTF8.decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
    } catch {
      return notText();
    }
  } else {
    try {
      decoded = { text: UTF8.decode(bytes), encoding: 'utf-8' };
    } catch {
      const text = iconv.decode(bytes, 'gb18030');
      if (text.includes('\uFFFD')) return notText();
      decoded = { text, encoding: 'gb18030' };
    }
  }
  // A BOM the decoder left, and the Ctrl-Z end-of-file mark of old DOS programs.
  const bare = decoded.text.replace(/^\uFEFF/, '');
  const text = bare.endsWith('\u001A') ? bare.slice(0, -1) : bare;
  // eslint-disable-next-line no-control-regex
  const controls = text.match(/[\x01-\x08\x0B\x0E-\x1F\x7F]/g)?.length ?? 0;
  if (controls > Math.max(2, text.length / 100)) return notText();
  return { text, encoding: decoded.encoding };
}

function decodeCsv(bytes: Buffer, fileName: string, limit: DecodeLimits): DecodedTable | FileProblem {
  const decoded = decodeText(bytes, fileName);
  if ('code' in decoded) return decoded;
  if (decoded.text.trim() === '') return emptyFile(fileName);
  const parsed = parseCsv(decoded.text, detectDelimiter(decoded.text), limit.maxRows + 1);
  if (parsed.ok) return table(decoded.encoding, parsed.records, fileName);
  if (parsed.error === 'too_many_rows') return tooManyRows(fileName, limit.maxRows);
  return problem('BAD_CSV', {
    zh: `第${parsed.row}行（文件第${parsed.line}行）有一个以引号开始的字段，引号一直没有闭合。请检查该行的引号。`,
    en: `Row ${parsed.row} (line ${parsed.line} of the file) has a field that opens a quote and never closes it; check the quotes in that row.`,
  }, fileName, { row: parsed.row, line: parsed.line });
}
