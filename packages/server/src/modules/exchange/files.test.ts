import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { FileProblem } from '@renkou/core';
import { decodeTable, isFileProblem, type DecodedTable } from './files';
import { formatKind, generalNumber } from './xlsx';

const ID = '330522199001011231';

async function decoded(bytes: Buffer, name = 'feed.csv', limits = {}): Promise<DecodedTable> {
  const t = await decodeTable(bytes, name, limits);
  if (isFileProblem(t)) throw new Error(`expected a table, got ${t.code}: ${t.message.en}`);
  return t;
}

async function refused(bytes: Buffer, name = 'feed.csv', limits = {}): Promise<FileProblem> {
  const t = await decodeTable(bytes, name, limits);
  if (!isFileProblem(t)) throw new Error(`expected a FileProblem, got ${JSON.stringify(t).slice(0, 200)}`);
  expect(t.message.zh).not.toBe('');
  expect(t.message.en).not.toMatch(/at .*\.ts:\d+|Error:/);
  return t;
}

const CSV = '姓名,性别,身份证号\r\n张三,男,330522199001011231\r\n李四,女,"330523199105170426"\r\n';

describe('CSV encodings', () => {
  it('UTF-8 without BOM', async () => {
    const t = await decoded(Buffer.from(CSV, 'utf8'));
    expect(t).toEqual({
      encoding: 'utf-8',
      header: ['姓名', '性别', '身份证号'],
      rows: [['张三', '男', ID], ['李四', '女', '330523199105170426']],
      rowNumbers: [2, 3],
    });
  });
  it('UTF-8 with BOM: the BOM is not part of the first header', async () => {
    const t = await decoded(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV, 'utf8')]));
    expect(t.encoding).toBe('utf-8-bom');
    expect(t.header[0]).toBe('姓名');
  });
  it('GBK from Excel on Windows is read as GB18030', async () => {
    const bytes = iconv.encode(CSV, 'gbk');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const t = await decoded(bytes);
    expect(t.encoding).toBe('gb18030');
    expect(t.rows[0]).toEqual(['张三', '男', ID]);
  });
  it('GB18030 four-byte characters (rare name characters) survive', async () => {
    const t = await decoded(iconv.encode('姓名\r\n𠀀䶮\r\n', 'gb18030'));
    expect(t.rows).toEqual([['𠀀䶮']]);
  });
  it('plain ASCII is UTF-8', async () => {
    expect((await decoded(Buffer.from('a,b\n1,2'))).encoding).toBe('utf-8');
  });
});

describe('CSV syntax (RFC 4180)', () => {
  it('quoted fields with commas, doubled quotes and line breaks', async () => {
    const t = await decoded(Buffer.from('a,b,c\r\n"x, y","say ""hi""","line 1\r\nline 2"\r\n'));
    expect(t.rows).toEqual([['x, y', 'say "hi"', 'line 1\r\nline 2']]);
  });
  it('LF, CR and CRLF line ends, and a last line without one', async () => {
    for (const eol of ['\n', '\r', '\r\n']) {
      const t = await decoded(Buffer.from(['a,b', '1,2', '3,4'].join(eol)));
      expect(t.rows).toEqual([['1', '2'], ['3', '4']]);
    }
  });
  it('skips blank lines and rows of empty cells but counts them, as a spreadsheet numbers rows', async () => {
    const t = await decoded(Buffer.from('a,b\n\n1,2\n,,\n  \n3,4\n\n'));
    expect(t.rows).toEqual([['1', '2'], ['3', '4']]);
    expect(t.rowNumbers).toEqual([3, 6]);
  });
  it('a quoted field with a line break counts as one row', async () => {
    const t = await decoded(Buffer.from('a,b\n"1\n1",2\n3,4\n'));
    expect(t.rowNumbers).toEqual([2, 3]);
  });
  it('keeps empty and trailing fields; drops trailing empty header cells', async () => {
    const t = await decoded(Buffer.from('a,b,,\n1,,3,\n'));
    expect(t.header).toEqual(['a', 'b']);
    expect(t.rows).toEqual([['1', '', '3', '']]);
  });
  it('is lenient with quotes inside unquoted fields', async () => {
    expect((await decoded(Buffer.from('a,b\n5"11,x\n'))).rows).toEqual([['5"11', 'x']]);
  });
  it('reads tab-separated files when the header has tabs and no commas', async () => {
    const t = await decoded(Buffer.from('姓名\t备注\n张三\ta,b\n'));
    expect(t.rows).toEqual([['张三', 'a,b']]);
    expect((await decoded(Buffer.from('a\tb,c\n1\t2,3\n'))).header).toEqual(['a\tb', 'c']);
  });
  it('BAD_CSV names the row of a quote that is never closed', async () => {
    const p = await refused(Buffer.from('a,b\n1,2\n3,"open\n4,5\n'));
    expect(p.code).toBe('BAD_CSV');
    expect(p.message.en).toContain('Row 3 (line 3');
    expect(p.details[0]!.value).toEqual({ row: 3, line: 3 });
  });
});

describe('files that are not tables', () => {
  it('EMPTY_FILE for no bytes, only a BOM, or only blank lines', async () => {
    expect((await refused(Buffer.alloc(0))).code).toBe('EMPTY_FILE');
    expect((await refused(Buffer.from([0xef, 0xbb, 0xbf]))).code).toBe('EMPTY_FILE');
    expect((await refused(Buffer.from('\r\n \r\n,,\r\n'))).code).toBe('EMPTY_FILE');
  });
  it('a header without rows is a table with no rows', async () => {
    expect(await decoded(Buffer.from('a,b\n'))).toMatchObject({ header: ['a', 'b'], rows: [] });
  });
  it('UNREADABLE_FILE for random bytes', async () => {
    let seed = 42;
    const random = Buffer.alloc(4096, 0).map(() => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff);
    for (const bytes of [random, random.subarray(0, 100), Buffer.from(random.map((b) => b || 1))]) {
      const p = await refused(Buffer.from(bytes), 'random.bin');
      expect(p.code).toBe('UNREADABLE_FILE');
      expect(p.message.en).toContain('neither CSV text');
    }
  });
  it('UNREADABLE_FILE for text with control characters (a binary file)', async () => {
    expect((await refused(Buffer.from('a,b\n\x01\x02\x03\x04\x05\x06,\x07\n'))).code).toBe('UNREADABLE_FILE');
  });
  it('UNREADABLE_FILE for UTF-16 text, with the fix', async () => {
    const p = await refused(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b', 'utf16le')]));
    expect(p.message.en).toContain('CSV UTF-8');
  });
  it('UNREADABLE_FILE for an old .xls or a password-protected workbook', async () => {
    const p = await refused(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), 'old.xls');
    expect(p.message.en).toContain('97–2003');
  });
  it('UNREADABLE_FILE for a file called .xlsx that is not a zip', async () => {
    expect((await refused(Buffer.from('a,b\n1,2'), 'feed.xlsx')).message.en).toContain('damaged or incomplete');
  });
  it('FILE_TOO_LARGE over the byte limit', async () => {
    const p = await refused(Buffer.from(CSV), 'feed.csv', { maxBytes: 10 });
    expect(p.code).toBe('FILE_TOO_LARGE');
  });
  it('TOO_MANY_ROWS over the row limit (the header not counted)', async () => {
    const csv = Buffer.from(`a\n${'1\n'.repeat(5)}`);
    expect((await decoded(csv, 'a.csv', { maxRows: 5 })).rows).toHaveLength(5);
    expect((await refused(csv, 'a.csv', { maxRows: 4 })).code).toBe('TOO_MANY_ROWS');
  });
});

// ---------------------------------------------------------------------------------------------
// xlsx
// ---------------------------------------------------------------------------------------------

async function workbook(fill: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb.addWorksheet('数据'), wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('xlsx', () => {
  it('reads the first worksheet as displayed text', async () => {
    const bytes = await workbook((ws, wb) => {
      ws.addRow(['姓名', '身份证号', '区划代码', '出生日期', '登记日期', '出生时间', '体重', '是否', '公式']);
      ws.addRow(['张三', ID, 330522001001, new Date(Date.UTC(1990, 0, 1)), 45292, 0.3625, 3250.5, true, { formula: 'G2*2', result: 6501 }]);
      ws.getCell('E2').numFmt = 'yyyy"年"m"月"d"日"';
      ws.getCell('F2').numFmt = 'hh:mm';
      ws.addRow([{ richText: [{ text: '李' }, { text: '四', font: { bold: true } }] }, Number(ID)]);
      wb.addWorksheet('其他').addRow(['not', 'read']);
    });
    const t = await decoded(bytes, 'feed.xlsx');
    expect(t).toEqual({
      encoding: 'xlsx',
      header: ['姓名', '身份证号', '区划代码', '出生日期', '登记日期', '出生时间', '体重', '是否', '公式'],
      rows: [
        ['张三', ID, '330522001001', '1990-01-01', '2024-01-01', '08:42', '3250.5', 'TRUE', '6501'],
        ['李四', '3.30522E+17'],
      ],
      rowNumbers: [2, 3],
    });
  });
  it('is recognised by its signature, not by its name', async () => {
    const bytes = await workbook((ws) => ws.addRow(['a']));
    expect((await decoded(bytes, 'feed.csv')).encoding).toBe('xlsx');
  });
  it('keeps gaps between cells and Excel’s row numbers', async () => {
    const bytes = await workbook((ws) => {
      ws.getCell('A1').value = 'a';
      ws.getCell('C1').value = 'c';
      ws.getCell('B4').value = 'x';
    });
    expect(await decoded(bytes, 'gaps.xlsx')).toMatchObject({ header: ['a', '', 'c'], rows: [['', 'x']], rowNumbers: [4] });
  });
  it('reads inline strings, namespace prefixes, cells without references and the 1904 date system', async () => {
    const ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const bytes = Buffer.from(
      zipSync({
        '_rels/.rels': strToU8(`<Relationships><Relationship Id="rId1" Type="${rel}/officeDocument" Target="/xl/workbook.xml"/></Relationships>`),
        'xl/workbook.xml': strToU8(`<x:workbook ${ns}><x:workbookPr date1904="1"/><x:sheets><x:sheet name="S" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>`),
        'xl/_rels/workbook.xml.rels': strToU8(`<Relationships><Relationship Target="sheets/one.xml" Id="rId7" Type="${rel}/worksheet"/><Relationship Id="rId8" Type="${rel}/styles" Target="styles.xml"/></Relationships>`),
        'xl/styles.xml': strToU8('<x:styleSheet><x:cellXfs count="2"><x:xf numFmtId="0"/><x:xf numFmtId="14"/></x:cellXfs></x:styleSheet>'),
        'xl/sheets/one.xml': strToU8(
          `<x:worksheet ${ns}><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>姓&amp;名</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:r><x:t xml:space="preserve">日 </x:t></x:r><x:r><x:t>期</x:t></x:r><x:rPh><x:t>ri qi</x:t></x:rPh></x:is></x:c></x:row>` +
            `<x:row><x:c t="inlineStr"><x:is><x:t>a_x000D_b</x:t></x:is></x:c><x:c s="1"><x:v>43830</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
        ),
      }),
    );
    expect(await decoded(bytes, 'handmade.xlsx')).toMatchObject({ header: ['姓&名', '日 期'], rows: [['a\rb', '2024-01-01']], rowNumbers: [2] });
  });
  it('TOO_MANY_ROWS over the row limit', async () => {
    const bytes = await workbook((ws) => {
      ws.addRow(['a']);
      for (let i = 0; i < 5; i++) ws.addRow([i]);
    });
    expect((await decoded(bytes, 'a.xlsx', { maxRows: 5 })).rows).toHaveLength(5);
    expect((await refused(bytes, 'a.xlsx', { maxRows: 4 })).code).toBe('TOO_MANY_ROWS');
  });
});

/** Offsets of the central directory entries of a zip. */
function directoryEntries(zip: Buffer): number[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  const offsets: number[] = [];
  let p = zip.readUInt32LE(eocd + 16);
  for (let k = 0; k < count; k++) {
    offsets.push(p);
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return offsets;
}

describe('damaged and hostile xlsx', () => {
  it('refuses a zip bomb from its central directory, before unpacking', async () => {
    const bytes = await workbook((ws) => ws.addRow(['a']));
    const bomb = Buffer.from(bytes);
    bomb.writeUInt32LE(0xfffffff0, directoryEntries(bomb)[0]! + 24); // claims 4 GiB unpacked
    const p = await refused(bomb, 'bomb.xlsx');
    expect(p.code).toBe('FILE_TOO_LARGE');
    expect(p.message.en).toContain('zip bomb');
  });
  it('refuses a real bomb (highly compressible parts) over the unpacked limit', async () => {
    const bytes = Buffer.from(zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(8 * 2 ** 20) }, { level: 9 }));
    expect(bytes.length).toBeLessThan(64 * 1024);
    expect((await refused(bytes, 'bomb.xlsx', { maxUnpackedBytes: 2 ** 20 })).code).toBe('FILE_TOO_LARGE');
  });
  it('stops inflating a part that grows beyond its declared size (a lying directory)', async () => {
    const bytes = await workbook((ws) => ws.addRow(['a']));
    const liar = Buffer.from(bytes);
    for (const p of directoryEntries(liar)) liar.writeUInt32LE(10, p + 24); // every part "is" 10 bytes
    expect((await refused(liar, 'liar.xlsx')).message.en).toContain('damaged or incomplete');
  });
  it('says a truncated xlsx is damaged or incomplete, wherever it was cut', async () => {
    const bytes = await workbook((ws) => {
      for (let i = 0; i < 50; i++) ws.addRow([`名字${i}`, ID, i]);
    });
    for (const fraction of [0.1, 0.5, 0.9, 0.99]) {
      const p = await refused(bytes.subarray(0, Math.floor(bytes.length * fraction)), 'cut.xlsx');
      expect(p.code).toBe('UNREADABLE_FILE');
      expect(p.message.en).toContain('damaged or incomplete');
    }
  });
  it('never throws on corrupted bytes inside the zip', async () => {
    const bytes = await workbook((ws) => ws.addRow(['a', 'b']));
    for (let at = 100; at < bytes.length; at += 97) {
      const broken = Buffer.from(bytes);
      broken[at] = broken[at]! ^ 0xff;
      const t = await decodeTable(broken, 'broken.xlsx');
      expect(t).toBeDefined();
    }
  });
  it('reads hostile XML in linear time: unclosed tags, cells beyond column XFD', async () => {
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const withSheet = (sheet: string) =>
      Buffer.from(
        zipSync({
          'xl/workbook.xml': strToU8('<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'),
          'xl/_rels/workbook.xml.rels': strToU8(`<Relationships><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
          'xl/worksheets/sheet1.xml': strToU8(sheet),
        }),
      );
    const started = performance.now();
    for (const sheet of [
      `<worksheet><sheetData>${'<row r="1">'.repeat(200_000)}</sheetData></worksheet>`,
      `<worksheet><sheetData><row r="1">${'<c r="A1"><v>1</v>'.repeat(200_000)}</row></sheetData></worksheet>`,
      `<worksheet><sheetData><row r="1">${'<c r="A1" t="inlineStr"><is><t>x'.repeat(100_000)}</c></row></sheetData></worksheet>`,
      `<worksheet><sheetData><row r="1"><c r="${'A'.repeat(100_000)}1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`,
    ]) {
      expect((await refused(withSheet(sheet), 'hostile.xlsx')).message.en).toContain('damaged or incomplete');
    }
    expect(performance.now() - started).toBeLessThan(5_000);
  });
  it('a zip that is not a workbook', async () => {
    const p = await refused(Buffer.from(zipSync({ 'readme.txt': strToU8('hello') })), 'archive.zip');
    expect(p.message.en).toContain('not an Excel workbook');
  });
});

describe('number display', () => {
  it('shows numbers as Excel’s General format does, losing nothing Excel kept', () => {
    expect(generalNumber(330522001001)).toBe('330522001001');
    expect(generalNumber(130503670401001)).toBe('130503670401001');
    expect(generalNumber(Number('330522199001011231'))).toBe('3.30522E+17');
    expect(generalNumber(1e15)).toBe('1E+15');
    expect(generalNumber(0.1 + 0.2)).toBe('0.3');
    expect(generalNumber(-5)).toBe('-5');
  });
  it('tells dates, times and plain numbers apart by their format', () => {
    expect(formatKind(14, undefined)).toBe('date');
    expect(formatKind(31, undefined)).toBe('date');
    expect(formatKind(22, undefined)).toBe('datetime');
    expect(formatKind(20, undefined)).toBe('time');
    expect(formatKind(0, undefined)).toBe('number');
    expect(formatKind(176, 'yyyy"年"m"月"d"日"')).toBe('date');
    expect(formatKind(177, '[$-804]yyyy/m/d h:mm')).toBe('datetime');
    expect(formatKind(178, '[h]:mm')).toBe('time');
    expect(formatKind(179, '0"天"')).toBe('number');
    expect(formatKind(180, '#,##0.00;[Red]-#,##0.00')).toBe('number');
  });
});
