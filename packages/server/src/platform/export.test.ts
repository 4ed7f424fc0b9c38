import ExcelJS from 'exceljs';
import type { ReportView } from '@renkou/core';
import { describe, expect, it } from 'vitest';
import { contentDisposition, escapeCell, reportToCsv, reportToXlsx, sheetNames, shanghaiTime } from './export';

const view: ReportView = {
  title: { zh: '人口年报', en: 'Annual population report' },
  region: { code: '330522', name: '长兴县' },
  period: '2025',
  basis: 'residence',
  generatedAt: '2025-12-31T16:30:05.000Z', // 2026-01-01 00:30:05 in Beijing
  tables: [
    {
      title: '出生 Births',
      columns: ['乡镇 Township', '男 Male', '女 Female', '备注 Note'],
      rows: [
        ['雉城街道', 120, 110, null],
        ['=HYPERLINK("http://x","y")', -3, 0, 'a, "b"\nc'],
        ['-3', 1.5, 2, '+1'],
      ],
    },
    { title: 'Sheet: 死亡 / Deaths [2025]?', columns: ['a'], rows: [[1]] },
    { title: 'sheet: 死亡 / deaths [2025]?', columns: ['a'], rows: [[2]] },
  ],
};

describe('escapeCell', () => {
  it('quotes strings a spreadsheet would read as a formula', () => {
    expect(escapeCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(escapeCell('+1')).toBe("'+1");
    expect(escapeCell('-1')).toBe("'-1");
    expect(escapeCell('@x')).toBe("'@x");
    expect(escapeCell('\tx')).toBe("'\tx");
    expect(escapeCell('\rx')).toBe("'\rx");
  });

  it('leaves other strings alone', () => {
    expect(escapeCell('长兴县 a=b')).toBe('长兴县 a=b');
    expect(escapeCell(' =x')).toBe(' =x');
    expect(escapeCell('')).toBe('');
  });
});

describe('shanghaiTime', () => {
  it('formats the instant in Beijing time', () => {
    expect(shanghaiTime('2025-12-31T16:30:05.000Z')).toBe('2026-01-01 00:30:05');
    expect(shanghaiTime('2025-06-30T12:00:00+08:00')).toBe('2025-06-30 12:00:00');
    expect(() => shanghaiTime('yesterday')).toThrow(RangeError);
  });
});

describe('reportToCsv', () => {
  const csv = reportToCsv(view);
  const text = csv.toString('utf8').slice(1);

  it('starts with the UTF-8 byte-order mark and ends lines with CRLF', () => {
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // the only bare LF is the one inside the quoted field 'a, "b"\nc'
    expect(text.replace('"a, ""b""\nc"', '')).not.toMatch(/(?<!\r)\n|\r(?!\n)/);
  });

  it('writes the header lines, then each table', () => {
    const lines = text.split('\r\n');
    expect(lines.slice(0, 12)).toEqual([
      '人口年报 / Annual population report',
      '区划 Region: 长兴县 (330522)',
      '期间 Period: 2025',
      '口径 Basis: 常住 residence',
      '生成时间 Generated: 2026-01-01 00:30:05',
      '',
      '出生 Births',
      '乡镇 Township,男 Male,女 Female,备注 Note',
      '雉城街道,120,110,',
      // escaped, then quoted for the comma and the quotes; the number −3 stays a number
      '"\'=HYPERLINK(""http://x"",""y"")",-3,0,"a, ""b""\nc"',
      "'-3,1.5,2,'+1",
      '',
    ]);
    expect(text.endsWith('\r\n1\r\n\r\nsheet: 死亡 / deaths [2025]?\r\na\r\n2\r\n\r\n')).toBe(true);
  });

  it('escapes titles and region names too', () => {
    const evil = reportToCsv({
      ...view,
      title: { zh: '=cmd|/c calc', en: 'x' },
      tables: [{ title: '@SUM(1)', columns: ['+c'], rows: [] }],
    }).toString('utf8');
    expect(evil).toContain("\r\n'@SUM(1)\r\n'+c\r\n");
    expect(evil.slice(1).startsWith("'=cmd|/c calc / x\r\n")).toBe(true);
  });

  it('quotes a field with a bare CR', () => {
    const t = reportToCsv({ ...view, tables: [{ title: 't', columns: ['a'], rows: [['x\ry']] }] }).toString('utf8');
    expect(t).toContain('\r\n"x\ry"\r\n');
  });

  it('labels the hukou basis', () => {
    expect(reportToCsv({ ...view, basis: 'hukou' }).toString('utf8')).toContain('口径 Basis: 户籍 hukou\r\n');
  });
});

async function readBack(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
  return wb;
}

describe('reportToXlsx', () => {
  it('writes one sheet per table with the header, escaped strings and numeric numbers', async () => {
    const wb = await readBack(await reportToXlsx(view));
    expect(wb.creator).toBe('Renkou');
    expect(wb.created.toISOString()).toBe('2025-12-31T16:30:05.000Z');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['出生 Births', 'Sheet_ 死亡 _ Deaths _2025__', 'sheet_ 死亡 _ deaths _2025__ (2)']);

    const ws = wb.worksheets[0]!;
    const text = (r: number, c = 1) => ws.getRow(r).getCell(c).value;
    expect([1, 2, 3, 4, 5].map((r) => text(r))).toEqual([
      '人口年报 / Annual population report',
      '区划 Region: 长兴县 (330522)',
      '期间 Period: 2025',
      '口径 Basis: 常住 residence',
      '生成时间 Generated: 2026-01-01 00:30:05',
    ]);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getCell('D1').isMerged).toBe(true);
    expect(ws.getCell('D1').master.address).toBe('A1');
    expect(text(7)).toBe('出生 Births');

    // column headers on row 8, bold and filled, frozen below
    expect(ws.getRow(8).values).toEqual([undefined, '乡镇 Township', '男 Male', '女 Female', '备注 Note']);
    expect(ws.getCell('B8').font?.bold).toBe(true);
    expect(ws.getCell('B8').fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 8 });

    expect(ws.getCell('B9').type).toBe(ExcelJS.ValueType.Number);
    expect(ws.getCell('B9').value).toBe(120);
    expect(ws.getCell('D9').type).toBe(ExcelJS.ValueType.Null);
    expect(ws.getCell('A10').value).toBe('\'=HYPERLINK("http://x","y")');
    expect(ws.getCell('A10').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('B10').value).toBe(-3);
    expect(ws.getCell('A11').value).toBe("'-3");
    expect(ws.getCell('D11').value).toBe("'+1");
  });

  it('sizes columns, counting Chinese characters double', async () => {
    const ws = (await readBack(await reportToXlsx(view))).worksheets[0]!;
    // widest cell + 2: column A the escaped '\'=HYPERLINK("http://x","y")' = 1 + 26 = 27 → 29
    // (wider than '乡镇 Township' = 2·2 + 1 + 8 = 13); column C '女 Female' = 2 + 1 + 6 = 9 → 11;
    // column D '备注 Note' = 4 + 1 + 4 = 9 and 'a, "b"\nc' = 9 → 11.
    // (Column B, '男 Male' = 7 → 9, is not checked: exceljs leaves a width of 9, its default, out of the file.)
    expect([1, 3, 4].map((c) => ws.getColumn(c).width)).toEqual([29, 11, 11]);
    // the second sheet: 'a' and '1' are narrower than the minimum of 6
    const ws2 = (await readBack(await reportToXlsx(view))).worksheets[1]!;
    expect(ws2.getColumn(1).width).toBe(6);
  });

  it('still produces an openable workbook without tables', async () => {
    const wb = await readBack(await reportToXlsx({ ...view, tables: [] }));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['人口年报']);
    expect(wb.worksheets[0]!.getCell('A2').value).toBe('区划 Region: 长兴县 (330522)');
  });
});

describe('sheetNames', () => {
  it('removes forbidden characters, cuts to 31 and keeps names unique ignoring case', () => {
    const long = '第一章'.repeat(15); // 45 characters
    expect(sheetNames(['a/b', 'A_B', "'quoted'", '', '[]', long, long, 'History'])).toEqual([
      'a_b',
      'A_B (2)',
      'quoted',
      '表4',
      '__',
      long.slice(0, 31),
      `${long.slice(0, 27)} (2)`,
      'History (1)',
    ]);
  });

  it('never splits a surrogate pair', () => {
    const name = sheetNames(['a'.repeat(30) + '𠀀'])[0]!;
    expect(name).toBe('a'.repeat(30));
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('人口年报-2025.xlsx')).toBe(
      "attachment; filename=\"____-2025.xlsx\"; filename*=UTF-8''%E4%BA%BA%E5%8F%A3%E5%B9%B4%E6%8A%A5-2025.xlsx",
    );
  });

  it('keeps quotes, CR/LF and attr-char outsiders out of the header', () => {
    expect(contentDisposition('a"b\r\n(1)*\'.csv')).toBe("attachment; filename=\"a_b__(1)*'.csv\"; filename*=UTF-8''a%22b%0D%0A%281%29%2A%27.csv");
  });
});
