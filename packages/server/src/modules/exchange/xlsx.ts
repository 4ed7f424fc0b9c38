/**
 * Reads the first worksheet of an .xlsx file as the text Excel displays, without trusting the file.
 *
 * The zip is read here, not by a library that unpacks everything: the central directory is read first and the file
 * is refused when the sizes it declares add up to more than the limit (a zip bomb); only the parts needed (workbook,
 * its relationships, shared strings, styles, the first sheet) are inflated, each by a streaming inflater that stops
 * as soon as the output exceeds the declared size, so a lying directory cannot make us inflate more than the limit.
 *
 * Cells: strings as is; numbers as Excel's General format shows them, except that integers of 16 digits or more,
 * which Excel cannot hold exactly (15 significant digits), come out as Excel shows them, 3.30522E+17, so that an ID
 * typed as a number is rejected with the Excel reason instead of passing as a wrong but well-formed number; cells
 * with a date format become YYYY-MM-DD (YYYY-MM-DD HH:MM with a time of day), time formats HH:MM.
 */
import { Inflate } from 'fflate';
import { excelSerialToDate } from '@renkou/core';

export interface XlsxRow {
  /** The sheet's row number (1-based), as Excel shows it. */
  readonly number: number;
  readonly cells: string[];
}

export type XlsxResult =
  | { readonly ok: true; readonly rows: XlsxRow[] }
  | { readonly ok: false; readonly error: 'too_large'; readonly declared: number }
  | { readonly ok: false; readonly error: 'too_many_rows' }
  | { readonly ok: false; readonly error: 'damaged' | 'encrypted' | 'not_a_workbook'; readonly detail: string };

/** Thrown inside the reader; turned into an XlsxResult at its edge. */
class XlsxError extends Error {
  constructor(readonly kind: 'damaged' | 'encrypted' | 'not_a_workbook', detail: string) {
    super(detail);
  }
}

// ---------------------------------------------------------------------------------------------
// Zip
// ---------------------------------------------------------------------------------------------

interface ZipEntry {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

const U32 = 0xffffffff;

/** The entries of the zip's central directory. @throws XlsxError('damaged') when there is none or it is cut off. */
export function readCentralDirectory(b: Uint8Array): ZipEntry[] {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let eocd = -1;
  for (let p = b.length - 22; p >= Math.max(0, b.length - 22 - 0xffff); p--) {
    if (view.getUint32(p, true) === 0x06054b50) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError('damaged', 'no end of central directory (the file is incomplete)');
  let count = view.getUint16(eocd + 10, true);
  let cdSize = view.getUint32(eocd + 12, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdSize === U32 || cdOffset === U32) {
    const locator = eocd - 20;
    if (locator < 0 || view.getUint32(locator, true) !== 0x07064b50) throw new XlsxError('damaged', 'zip64 locator missing');
    const record = Number(view.getBigUint64(locator + 8, true));
    if (record + 56 > b.length || view.getUint32(record, true) !== 0x06064b50) throw new XlsxError('damaged', 'zip64 record missing');
    count = Number(view.getBigUint64(record + 32, true));
    cdSize = Number(view.getBigUint64(record + 40, true));
    cdOffset = Number(view.getBigUint64(record + 48, true));
  }
  if (cdOffset + cdSize > b.length) throw new XlsxError('damaged', 'central directory beyond the end of the file');
  const entries: ZipEntry[] = [];
  const names = new TextDecoder();
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > b.length || view.getUint32(p, true) !== 0x02014b50) throw new XlsxError('damaged', 'bad central directory entry');
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    if (p + 46 + nameLength + extraLength > b.length) throw new XlsxError('damaged', 'central directory entry cut off');
    let size = view.getUint32(p + 24, true);
    let compressedSize = view.getUint32(p + 20, true);
    let localOffset = view.getUint32(p + 42, true);
    // Zip64 extra field: 64-bit values for exactly those fields that hold 0xFFFFFFFF, in this order.
    for (let e = p + 46 + nameLength; e + 4 <= p + 46 + nameLength + extraLength; ) {
      const id = view.getUint16(e, true);
      const length = view.getUint16(e + 2, true);
      if (id === 0x0001) {
        let q = e + 4;
        const next = () => Number(view.getBigUint64((q += 8) - 8, true));
        if (size === U32) size = next();
        if (compressedSize === U32) compressedSize = next();
        if (localOffset === U32) localOffset = next();
      }
      e += 4 + length;
    }
    entries.push({
      name: names.decode(b.subarray(p + 46, p + 46 + nameLength)),
      flags: view.getUint16(p + 8, true),
      method: view.getUint16(p + 10, true),
      compressedSize,
      size,
      localOffset,
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Inflates one entry, refusing to produce more (or fewer) bytes than the directory declared. */
function extract(b: Uint8Array, entry: ZipEntry): Uint8Array {
  if (entry.flags & 1) throw new XlsxError('encrypted', `${entry.name} is encrypted`);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const at = entry.localOffset;
  if (at + 30 > b.length || view.getUint32(at, true) !== 0x04034b50) throw new XlsxError('damaged', `local header of ${entry.name} missing`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > b.length) throw new XlsxError('damaged', `${entry.name} is cut off`);
  const data = b.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) {
    if (data.length !== entry.size) throw new XlsxError('damaged', `${entry.name}: size mismatch`);
    return data;
  }
  if (entry.method !== 8) throw new XlsxError('damaged', `${entry.name}: unsupported compression ${entry.method}`);
  const out = new Uint8Array(entry.size);
  let filled = 0;
  const inflater = new Inflate((chunk) => {
    if (filled + chunk.length > out.length) throw new XlsxError('damaged', `${entry.name} inflates to more than its declared size`);
    out.set(chunk, filled);
    filled += chunk.length;
  });
  const step = 1 << 16;
  if (data.length === 0) inflater.push(data, true);
  for (let i = 0; i < data.length; i += step) inflater.push(data.subarray(i, i + step), i + step >= data.length);
  if (filled !== out.length) throw new XlsxError('damaged', `${entry.name} inflates to less than its declared size`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// XML
// ---------------------------------------------------------------------------------------------

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML entities, then OOXML's _xHHHH_ escapes (control characters; _x005F_ is an escaped underscore). */
function unescapeXml(s: string): string {
  if (!s.includes('&') && !s.includes('_x')) return s;
  return s
    .replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e]!,
    )
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function attributes(tag: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) map.set(m[1]!, unescapeXml(m[2] ?? m[3] ?? ''));
  return map;
}

/** The attribute `name` with any namespace prefix (r:id, x:id …). */
function attribute(attrs: Map<string, string>, name: string): string | undefined {
  for (const [k, v] of attrs) if (k === name || k.endsWith(`:${name}`)) return v;
  return undefined;
}

interface XmlElement {
  /** The text between the name and the end of the start tag. */
  readonly attrs: string;
  /** The content ('' for an empty element). */
  readonly inner: string;
}

/** The index of the '>' that ends the start tag, skipping quoted attribute values; -1 when there is none. */
function tagEnd(xml: string, from: number): number {
  let quote = 0;
  for (let i = from; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i;
  }
  return -1;
}

const START_TAGS = new Map<string, RegExp>();
/** The global regular expression for the start tags of `name`, compiled once; callers set lastIndex before exec. */
function startTag(name: string): RegExp {
  let re = START_TAGS.get(name);
  if (!re) START_TAGS.set(name, (re = new RegExp(`<(\\w+:)?${name}(?=[\\s/>])`, 'g')));
  return re;
}

/** The element `name` whose start tag is found at or after `from`, and where the search goes on; undefined when none. */
function elementAt(xml: string, name: string, from: number): { element: XmlElement; next: number } | undefined {
  const open = startTag(name);
  open.lastIndex = from;
  const m = open.exec(xml);
  if (!m) return undefined;
  const attrsAt = m.index + m[0].length;
  const end = tagEnd(xml, attrsAt);
  if (end < 0) throw new XlsxError('damaged', `<${name}> is cut off`);
  if (xml.charCodeAt(end - 1) === 47 /* / */) return { element: { attrs: xml.slice(attrsAt, end - 1), inner: '' }, next: end + 1 };
  const close = `</${m[1] ?? ''}${name}>`;
  const closeAt = xml.indexOf(close, end + 1);
  if (closeAt < 0) throw new XlsxError('damaged', `<${name}> has no end tag`);
  return { element: { attrs: xml.slice(attrsAt, end), inner: xml.slice(end + 1, closeAt) }, next: closeAt + close.length };
}

/**
 * The elements called `name` (with any namespace prefix), in document order. Linear in the length of `xml` whatever
 * the input (a regular expression that looks ahead for the end tag is quadratic on a file full of unclosed tags).
 * Elements of the same name do not nest in the parts read here.
 * @throws XlsxError('damaged') for a start tag without its end
 */
function* elements(xml: string, name: string): Generator<XmlElement> {
  for (let found = elementAt(xml, name, 0); found; found = elementAt(xml, name, found.next)) yield found.element;
}

function firstElement(xml: string, name: string): XmlElement | undefined {
  return elementAt(xml, name, 0)?.element;
}

/** The text of a string item (<si> or <is>): its <t>, or the <t> of its runs; phonetic runs (<rPh>, last) left out. */
function stringItem(xml: string): string {
  const phonetic = xml.search(/<(\w+:)?(rPh|phoneticPr)(?=[\s/>])/);
  let text = '';
  for (const t of elements(phonetic < 0 ? xml : xml.slice(0, phonetic), 't')) text += t.inner;
  return unescapeXml(text);
}

/** Resolves a relationship target against the folder of the part that owns the relationship. */
function resolvePart(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = from.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

function relationships(xml: string | undefined, owner: string): { type: string; id: string; target: string }[] {
  if (!xml) return [];
  return [...elements(xml, 'Relationship')].map((e) => {
    const a = attributes(e.attrs);
    return { type: a.get('Type') ?? '', id: a.get('Id') ?? '', target: resolvePart(owner, a.get('Target') ?? '') };
  });
}

// ---------------------------------------------------------------------------------------------
// Number formats
// ---------------------------------------------------------------------------------------------

type FormatKind = 'date' | 'datetime' | 'time' | 'number';

const BUILTIN_DATE = new Set([14, 15, 16, 17, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58]);
const BUILTIN_TIME = new Set([18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47, 55, 56]);

/** What a number format displays, from its code: y or d → a date (with h or s: date and time); h or s → a time. */
export function formatKind(id: number, code: string | undefined): FormatKind {
  if (code === undefined) return BUILTIN_DATE.has(id) ? 'date' : id === 22 ? 'datetime' : BUILTIN_TIME.has(id) ? 'time' : 'number';
  const section = code.split(';')[0]!;
  const elapsed = /\[(h+|m+|s+)\]/i.test(section);
  const bare = section.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '').toLowerCase();
  const date = /[yd]/.test(bare);
  const time = elapsed || /[hs]/.test(bare);
  return date ? (time ? 'datetime' : 'date') : time ? 'time' : 'number';
}

function timeOfDay(serial: number): string {
  const seconds = Math.round((serial - Math.floor(serial)) * 86_400) % 86_400;
  return `${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}`;
}

/** A number as Excel's General format shows it; integers beyond 15 digits as Excel does, 3.30522E+17. */
export function generalNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1e15) {
    const [mantissa, exponent] = v.toExponential(5).split('e') as [string, string];
    const sign = exponent.startsWith('-') ? '-' : '+';
    return `${mantissa.replace(/\.?0+$/, '')}E${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(15)));
}

// ---------------------------------------------------------------------------------------------
// The workbook
// ---------------------------------------------------------------------------------------------

interface CellAttributes {
  readonly r: string | undefined;
  readonly s: string | undefined;
  readonly t: string | undefined;
}

const CELL_R = /(?:^|\s)r\s*=\s*["']([^"']*)["']/;
const CELL_S = /(?:^|\s)s\s*=\s*["']([^"']*)["']/;
const CELL_T = /(?:^|\s)t\s*=\s*["']([^"']*)["']/;

/** The three attributes of a cell that matter: reference, style, type (no entities can occur in them). */
function cellAttributes(tag: string): CellAttributes {
  return { r: CELL_R.exec(tag)?.[1], s: CELL_S.exec(tag)?.[1], t: CELL_T.exec(tag)?.[1] };
}

/** Excel's last column is XFD, the 16,384th. */
const MAX_COLUMNS = 16_384;

function columnIndex(ref: string): number | undefined {
  const letters = /^([A-Z]+)/.exec(ref)?.[1];
  if (!letters) return undefined;
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

/**
 * The rows of the first worksheet, blank rows left out. Stops with `too_many_rows` after `maxRows` non-blank rows;
 * refuses a zip whose declared sizes add up to more than `maxUnpackedBytes`.
 */
export function readXlsx(bytes: Uint8Array, limits: { readonly maxUnpackedBytes: number; readonly maxRows: number }): XlsxResult {
  try {
    const entries = readCentralDirectory(bytes);
    const declared = entries.reduce((sum, e) => sum + e.size, 0);
    if (declared > limits.maxUnpackedBytes) return { ok: false, error: 'too_large', declared };
    const byName = new Map(entries.map((e) => [e.name.replace(/^\//, ''), e]));
    const decoder = new TextDecoder();
    const part = (name: string): string | undefined => {
      const entry = byName.get(name) ?? [...byName].find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
      return entry ? decoder.decode(extract(bytes, entry)) : undefined;
    };

    const workbookPath = relationships(part('_rels/.rels'), '').find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
    const workbook = part(workbookPath);
    if (workbook === undefined) throw new XlsxError('not_a_workbook', 'a zip archive without a workbook');
    const rels = relationships(part(resolvePart(workbookPath, `_rels/${workbookPath.split('/').pop()}.rels`)), workbookPath);
    const date1904 = ['1', 'true'].includes(attributes(firstElement(workbook, 'workbookPr')?.attrs ?? '').get('date1904') ?? '');
    const sheets = [...elements(workbook, 'sheet')].map((e) => attribute(attributes(e.attrs), 'id'));
    const sheetPath = sheets.map((id) => rels.find((r) => r.id === id && r.type.endsWith('/worksheet'))?.target).find((p) => p !== undefined);
    const sheet = sheetPath === undefined ? undefined : part(sheetPath);
    if (sheet === undefined) throw new XlsxError('not_a_workbook', 'the workbook has no worksheet');

    const sharedPath = rels.find((r) => r.type.endsWith('/sharedStrings'))?.target ?? 'xl/sharedStrings.xml';
    const shared = [...elements(part(sharedPath) ?? '', 'si')].map((e) => stringItem(e.inner));

    const stylesXml = part(rels.find((r) => r.type.endsWith('/styles'))?.target ?? 'xl/styles.xml') ?? '';
    const codes = new Map<number, string>();
    for (const e of elements(stylesXml, 'numFmt')) {
      const a = attributes(e.attrs);
      codes.set(Number(a.get('numFmtId')), a.get('formatCode') ?? '');
    }
    const cellXfs = firstElement(stylesXml, 'cellXfs')?.inner ?? '';
    const styleKinds = [...elements(cellXfs, 'xf')].map((e) => {
      const id = Number(attributes(e.attrs).get('numFmtId') ?? 0);
      return formatKind(id, codes.get(id));
    });

    const display = (attrs: CellAttributes, inner: string): string => {
      const type = attrs.t ?? 'n';
      if (type === 'inlineStr') return stringItem(firstElement(inner, 'is')?.inner ?? '');
      const raw = firstElement(inner, 'v')?.inner;
      if (raw === undefined) return '';
      const v = unescapeXml(raw);
      if (type === 's') return shared[Number(v)] ?? '';
      if (type === 'b') return v === '1' ? 'TRUE' : 'FALSE';
      if (type === 'd') return /^\d{4}-\d{2}-\d{2}T00:00(:00)?/.test(v) ? v.slice(0, 10) : v.replace('T', ' ').slice(0, 16);
      if (type !== 'n') return v; // str (formula text), e (error such as #N/A)
      const n = Number(v);
      if (v.trim() === '' || Number.isNaN(n)) return v;
      const kind = styleKinds[Number(attrs.s ?? 0)] ?? 'number';
      if (kind === 'date') return excelSerialToDate(n, date1904);
      if (kind === 'datetime') return n % 1 === 0 ? excelSerialToDate(n, date1904) : `${excelSerialToDate(n, date1904)} ${timeOfDay(n)}`;
      if (kind === 'time') return timeOfDay(n);
      return generalNumber(n);
    };

    const rows: XlsxRow[] = [];
    let previousRow = 0;
    for (const row of elements(sheet, 'row')) {
      const number = Number(CELL_R.exec(row.attrs)?.[1] ?? previousRow + 1);
      previousRow = number;
      const cells: string[] = [];
      let previousColumn = -1;
      for (const c of elements(row.inner, 'c')) {
        const attrs = cellAttributes(c.attrs);
        const column = columnIndex(attrs.r ?? '') ?? previousColumn + 1;
        if (column >= MAX_COLUMNS) throw new XlsxError('damaged', `cell ${attrs.r ?? ''} beyond column XFD`);
        previousColumn = column;
        const text = display(attrs, c.inner);
        while (cells.length < column) cells.push('');
        cells[column] = text;
      }
      if (cells.every((t) => t.trim() === '')) continue;
      if (rows.length >= limits.maxRows) return { ok: false, error: 'too_many_rows' };
      rows.push({ number, cells });
    }
    return { ok: true, rows };
  } catch (e) {
    if (e instanceof XlsxError) return { ok: false, error: e.kind, detail: e.message };
    return { ok: false, error: 'damaged', detail: e instanceof Error ? e.message : String(e) };
  }
}
