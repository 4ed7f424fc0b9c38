/**
 * Cell values of partner feeds: text clean-up and one parser per kind of field. Pure; "today" is injected.
 *
 * Every parser takes the raw cell text (as decoded from CSV or shown by Excel) and returns a normalized value or
 * a reason in Chinese and English. The reasons never repeat the value: RowProblem carries it separately.
 */
import type { LocalizedText } from '../errors';
import { checkCharacter, parseIdNumber, type ParsedIdNumber } from '../id-number/id-number';
import { PROVINCE_CODES } from '../regions/county-codes.generated';
import type { Sex } from '../registry/registry.schemas';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: LocalizedText };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (zh: string, en: string): Parsed<never> => ({ ok: false, reason: { zh, en } });

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

/** BOM, zero-width space/joiners, word joiner, soft hyphen: invisible characters that arrive with pasted text. */
const INVISIBLE = /[\uFEFF\u200B-\u200D\u2060\u00AD]/g;

/** Removes invisible characters and trims (also the ideographic space U+3000 and no-break space). */
export function cleanText(raw: string): string {
  if (!NEEDS_CLEANING.test(raw)) return raw; // the common case, checked first because files have millions of cells
  return raw.replace(INVISIBLE, '').replace(/^[\s\u3000\u00A0]+|[\s\u3000\u00A0]+$/g, '');
}
const NEEDS_CLEANING = /^[\s\u3000\u00A0]|[\s\u3000\u00A0]$|[\uFEFF\u200B-\u200D\u2060\u00AD]/;

/**
 * Full-width ASCII (Ｆ１２：, from Chinese input methods) becomes half-width, U+3000 and U+00A0 become spaces,
 * invisible characters go, and the result is trimmed. Used for codes, numbers, dates and enumerations; free
 * text such as a hospital's name keeps its full-width punctuation.
 * @example toHalfWidth(' ２０２４－０１－０１ ') // '2024-01-01'
 */
export function toHalfWidth(raw: string): string {
  if (!WIDE.test(raw)) return cleanText(raw);
  return cleanText(
    raw
      .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/[\u3000\u00A0]/g, ' '),
  );
}

const WIDE = /[\uFF01-\uFF5E\u3000\u00A0]/;

/** Excel's display of a large number: 3.30522E+17, 3.30522199001011E+17, 1E+15. */
const SCIENTIFIC = /^[+-]?\d+(\.\d+)?[eE][+-]?\d+$/;
export function isScientificNotation(value: string): boolean {
  return SCIENTIFIC.test(toHalfWidth(value));
}

const EXCEL_TEXT_FIX = {
  zh: '请在Excel中选中该列，设置单元格格式为“文本”，重新录入或从原系统重新导出该列后再保存（不要直接在已变形的单元格上改格式，丢失的数字无法恢复）。',
  en: 'In Excel, select the column, set Format Cells → Text, then re-enter the values or export them again from the source system and save (changing the format of cells already converted does not bring the lost digits back).',
};

function excelScientific(what: LocalizedText): Parsed<never> {
  return fail(
    `${what.zh}被Excel转换成了科学计数法（如3.30522E+17），后面的数字已经丢失。${EXCEL_TEXT_FIX.zh}`,
    `Excel turned the ${what.en} into a number in scientific notation (like 3.30522E+17) and its last digits are lost. ${EXCEL_TEXT_FIX.en}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Keys, names, free text, enumerations
// ---------------------------------------------------------------------------------------------

/** A record key (certificate or record number): trimmed, half-width, 1–50 characters, no spaces inside. */
export function parseRecordKey(raw: string): Parsed<string> {
  const v = toHalfWidth(raw);
  if (v === '') return fail('编号为空', 'the number is empty');
  if (SCIENTIFIC.test(v)) return excelScientific({ zh: '编号', en: 'number' });
  if ([...v].length > 50) return fail('编号超过50个字符', 'the number is longer than 50 characters');
  if (/[\s\p{Cc}]/u.test(v)) return fail('编号中不能有空格或控制字符', 'the number must not contain spaces or control characters');
  return ok(v);
}

/** Dots people type between the parts of a minority name; all stand for the middle dot U+00B7. */
const NAME_DOTS = /[·・•‧･.．]/g;

/**
 * A person's name: Chinese characters, with a middle dot between the parts of a minority name
 * (阿依古丽·买买提). Spaces typed to align two-character names are removed; other dots become U+00B7.
 * @example parsePersonName('张  三') // { ok: true, value: '张三' }
 */
export function parsePersonName(raw: string): Parsed<string> {
  const v = cleanText(raw).replace(/[\s\u3000\u00A0]+/g, '').replace(NAME_DOTS, '·');
  if (v === '') return fail('姓名为空', 'the name is empty');
  const length = [...v].length;
  if (length > 50) return fail('姓名超过50个字', 'the name is longer than 50 characters');
  if (!/^[\p{Script=Han}·]+$/u.test(v)) {
    return fail('姓名只能由汉字和间隔号“·”组成', 'a name may contain only Chinese characters and the middle dot ·');
  }
  if (v.startsWith('·') || v.endsWith('·') || v.includes('··')) {
    return fail('间隔号“·”只能用在姓名的两部分之间', 'the middle dot · may only stand between two parts of a name');
  }
  return ok(v);
}

/** Free text such as a hospital or an office: trimmed, 1–`max` characters, no control characters. */
export function parseFreeText(raw: string, max = 100): Parsed<string> {
  const v = cleanText(raw).replace(/\s+/g, ' ');
  if (v === '') return fail('内容为空', 'the value is empty');
  if ([...v].length > max) return fail(`超过${max}个字`, `longer than ${max} characters`);
  if (/\p{Cc}/u.test(v)) return fail('含有控制字符', 'contains control characters');
  return ok(v);
}

const SEXES: Readonly<Record<string, Sex>> = {
  男: 'male', 男性: 'male', '1': 'male', m: 'male', male: 'male',
  女: 'female', 女性: 'female', '2': 'female', f: 'female', female: 'female',
};

/** 男/女, 1/2 (GB/T 2261.1), M/F, male/female, in any case. */
export function parseSex(raw: string): Parsed<Sex> {
  const sex = SEXES[toHalfWidth(raw).toLowerCase()];
  return sex ? ok(sex) : fail('性别应为“男”或“女”（也可写1/2、M/F）', 'sex must be 男 or 女 (or 1/2, M/F, male/female)');
}

/** Maps the accepted spellings of an enumeration (case-insensitive, half-width) to its values. */
export function enumParser<T extends string>(spellings: Readonly<Record<string, T>>, expected: LocalizedText): (raw: string) => Parsed<T> {
  const table = new Map(Object.entries(spellings).map(([k, v]) => [k.toLowerCase(), v]));
  return (raw) => {
    const value = table.get(toHalfWidth(raw).toLowerCase().replace(/\s+/g, '_'));
    return value ? ok(value) : fail(`应为${expected.zh}`, `must be ${expected.en}`);
  };
}

// ---------------------------------------------------------------------------------------------
// Dates and times
// ---------------------------------------------------------------------------------------------

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
  return d <= days;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The calendar date of an Excel serial number (1900 date system unless `date1904`). Excel counts 1900 as a leap
 * year, so serial 60 is the nonexistent 1900-02-29 (returned as such, so that it fails validation) and later
 * serials are one day less than a plain count from 1899-12-31. The fraction (time of day) is ignored.
 * @example excelSerialToDate(45292) // '2024-01-01'
 */
export function excelSerialToDate(serial: number, date1904 = false): string {
  const whole = Math.floor(serial);
  if (!date1904 && whole === 60) return '1900-02-29';
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : whole < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(epoch + whole * 86_400_000).toISOString().slice(0, 10);
}

const DATE_FORMS: readonly RegExp[] = [
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/, // 2024-01-05, 2024/1/5, 2024.1.5
  /^(\d{4})(\d{2})(\d{2})$/, // 20240105
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/, // 2024年1月5日
];

/**
 * A date in any of the accepted spellings → YYYY-MM-DD; a time of day after the date (Excel's "2024-01-05 00:00:00")
 * is ignored. Dates after `today` are rejected.
 * Accepted: YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYYMMDD, YYYY年M月D日, Excel serial numbers (1000–99999, e.g. 45292).
 */
export function parseDate(raw: string, today: string): Parsed<string> {
  const v = toHalfWidth(raw)
    .replace(/(?:\s+|T|(?<=日))\d{1,2}[:时]\d{1,2}(?:[:分]\d{0,2}(?:\.\d+)?秒?)?(?:Z|[+-]\d{2}:?\d{2})?$/, '')
    .replace(/\s+/g, '');
  if (v === '') return fail('日期为空', 'the date is empty');
  let date: string | undefined;
  for (const form of DATE_FORMS) {
    const m = form.exec(v);
    if (!m) continue;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!isCalendarDate(y, mo, d)) return fail('不是有效的日期', 'not a valid calendar date');
    date = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
    break;
  }
  if (date === undefined && /^\d{4,5}(\.\d+)?$/.test(v)) {
    const serial = Number(v);
    if (/^\d{4}$/.test(v) && serial >= 1900 && serial <= 2100) {
      return fail('只有年份，缺少月和日', 'only a year: the month and day are missing');
    }
    if (serial >= 1000) date = excelSerialToDate(serial);
  }
  if (date === undefined) {
    return fail('日期格式无法识别，应为YYYY-MM-DD（也可写YYYY/M/D、YYYYMMDD、YYYY年M月D日）', 'date format not recognised: use YYYY-MM-DD (or YYYY/M/D, YYYYMMDD, YYYY年M月D日)');
  }
  if (date < '1900-01-01') return fail('日期早于1900年', 'the date is before 1900');
  if (date > today) return fail(`日期晚于今天（${today}）`, `the date is in the future (after ${today})`);
  return ok(date);
}

/** A time of day → HH:MM (24-hour). Accepted: H:MM, HH:MM, HH:MM:SS (seconds dropped), H时M分. */
export function parseTimeOfDay(raw: string): Parsed<string> {
  const v = toHalfWidth(raw).replace(/\s+/g, '');
  const m = /^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(v) ?? /^(\d{1,2})时(\d{1,2})分?$/.exec(v);
  if (!m) return fail('时间应为HH:MM（24小时制），如08:30', 'time must be HH:MM (24-hour), e.g. 08:30');
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (h > 23 || min > 59) return fail('时间超出范围（00:00–23:59）', 'time out of range (00:00–23:59)');
  return ok(`${pad(h)}:${pad(min)}`);
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

/** Birth weight in grams, 300–7000; "3250", "3250g", "3250克", and "3.25kg"/"3.25千克"/"3.25公斤" (converted). */
export function parseWeightGrams(raw: string): Parsed<number> {
  const v = toHalfWidth(raw).replace(/\s+/g, '').toLowerCase();
  const m = /^(\d+(?:\.\d+)?)(g|克|kg|千克|公斤)?$/.exec(v);
  if (!m) return fail('体重应为克数，如3250', 'weight must be in grams, e.g. 3250');
  const grams = Math.round(Number(m[1]) * (['kg', '千克', '公斤'].includes(m[2] ?? '') ? 1000 : 1));
  if (grams < 300 || grams > 7000) return fail('出生体重应在300–7000克之间', 'birth weight must be between 300 and 7000 g');
  return ok(grams);
}

/** Completed weeks of gestation, 20–45: "39", "39周", "39+2" and "39周+2天" (39 completed weeks), "39.5" (39). */
export function parseGestationWeeks(raw: string): Parsed<number> {
  const v = toHalfWidth(raw).replace(/\s+/g, '');
  const m = /^(\d+(?:\.\d+)?)周?(?:\+\d天?)?$/.exec(v);
  if (!m) return fail('孕周应为周数，如39或39+2', 'gestation must be in weeks, e.g. 39 or 39+2');
  const weeks = Math.floor(Number(m[1]));
  if (weeks < 20 || weeks > 45) return fail('孕周应在20–45周之间', 'gestation must be between 20 and 45 weeks');
  return ok(weeks);
}

// ---------------------------------------------------------------------------------------------
// Codes and ID numbers
// ---------------------------------------------------------------------------------------------

/** The level lengths of statistical region codes (province, city, county, township, village). */
export type RegionLength = 2 | 4 | 6 | 9 | 12;

/**
 * Drops the zero padding that makes a higher-level code look like a lower one: 330522001000 → 330522001
 * (a township padded to 12 digits), 330522000000 → 330522, 330500 → 3305, 330000 → 33. Real village codes never
 * end in 000, township codes never in 000 after the county, county codes never in 00.
 */
export function unpadRegionCode(code: string): string {
  let c = code;
  if (c.length === 12 && c.endsWith('000')) c = c.slice(0, 9);
  if (c.length === 9 && c.endsWith('000')) c = c.slice(0, 6);
  if (c.length === 6 && c.endsWith('00')) c = c.slice(0, 4);
  if (c.length === 4 && c.endsWith('00')) c = c.slice(0, 2);
  return c;
}

const LEVEL_NAMES: Record<RegionLength, LocalizedText> = {
  2: { zh: '省级（2位）', en: 'province (2 digits)' },
  4: { zh: '市级（4位）', en: 'city (4 digits)' },
  6: { zh: '县级（6位）', en: 'county (6 digits)' },
  9: { zh: '乡镇级（9位）', en: 'township (9 digits)' },
  12: { zh: '村级（12位）', en: 'village (12 digits)' },
};

/**
 * A statistical region code of one of the `allowed` lengths, after removing zero padding; the first two digits
 * must be a province. Whether the region exists is decided later, against the regions table.
 */
export function parseRegionCode(raw: string, allowed: readonly RegionLength[] = [2, 4, 6, 9, 12]): Parsed<string> {
  const v = toHalfWidth(raw).replace(/\s+/g, '');
  if (v === '') return fail('区划代码为空', 'the region code is empty');
  if (SCIENTIFIC.test(v)) return excelScientific({ zh: '区划代码', en: 'region code' });
  const expected = allowed.map((n) => LEVEL_NAMES[n]);
  const must = allowed.length === 5
    ? { zh: '应为2、4、6、9或12位统计用区划代码', en: 'must be a statistical region code of 2, 4, 6, 9 or 12 digits' }
    : { zh: `应为${expected.map((e) => e.zh).join('或')}统计用区划代码`, en: `must be a statistical region code of a ${expected.map((e) => e.en).join(' or ')}` };
  if (!/^\d+$/.test(v)) return fail(`区划代码只能是数字，${must.zh}`, `a region code has only digits; it ${must.en}`);
  const code = unpadRegionCode(v);
  if (!allowed.includes(code.length as RegionLength)) return fail(`区划代码位数不对，${must.zh}`, `wrong number of digits: the region code ${must.en}`);
  if (!PROVINCE_CODES.has(code.slice(0, 2))) return fail('区划代码的前两位不是省级代码', 'the first two digits of the region code are not a province');
  return ok(code);
}

/** ICD-10 code: a letter, two digits, and an optional subdivision after a dot (I21.9, C34.101); upper-cased. */
export function parseIcd10(raw: string): Parsed<string> {
  const v = toHalfWidth(raw).replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]\d{2}(\.\d{1,3})?$/.test(v)) return fail('应为ICD-10编码（A00–Z99，可带小数点后的亚目，如I21.9）', 'must be an ICD-10 code (A00–Z99, optionally with a subdivision, e.g. I21.9)');
  return ok(v);
}

const ID_LABEL = { zh: '身份证号码', en: 'ID number' };

/**
 * A resident ID number (GB 11643): 15-digit IDs are upgraded, x becomes X. Spreadsheet tricks that keep an ID as
 * text (a leading apostrophe or tab, ="…") and spaces inside are removed first. IDs that Excel turned into numbers
 * are recognised and the reason says how to fix the spreadsheet: scientific notation (3.30522E+17), or 18 digits
 * ending in 000 whose check character fails (Excel keeps only 15 significant digits and zeroes the rest).
 */
export function parseIdNumberCell(raw: string, today: string): Parsed<ParsedIdNumber & { checkFailed?: true }> {
  let v = toHalfWidth(raw);
  const formula = /^="(.*)"$/.exec(v);
  if (formula) v = formula[1]!;
  v = v.replace(/^['\t]/, '').replace(/[\s-]+/g, '');
  if (SCIENTIFIC.test(v) || /^\d{15,}\.0+$/.test(v)) return excelScientific(ID_LABEL);
  const result = parseIdNumber(v, { today });
  if (result.ok) return ok(result.value);
  if (result.code === 'ID_CHECK_CHARACTER' && /^\d{15}000$/.test(v)) {
    return fail(
      `身份证号码末三位是000且校验码不对：很可能被Excel当作数字舍入了（Excel只保留15位有效数字）。${EXCEL_TEXT_FIX.zh}`,
      `The ID number ends in 000 and its check character is wrong: probably rounded by Excel, which keeps only 15 significant digits. ${EXCEL_TEXT_FIX.en}`,
    );
  }
  if (result.code === 'ID_CHECK_CHARACTER' && /^\d{17}[\dXx]$/.test(v)) {
    // One mistyped digit makes the check character fail. The row is kept: the ID cannot find anyone by its
    // blind index, but linkage still weighs it (a one-typo ID is strong evidence), and nothing new is
    // ever registered under it (the registry validates again).
    const repaired = parseIdNumber(`${v.slice(0, 17)}${checkCharacter(v.slice(0, 17))}`, { today });
    if (repaired.ok) return ok({ ...repaired.value, idNumber: v.toUpperCase(), checkFailed: true });
  }
  return fail(`身份证号码无效：${result.message.zh}`, `invalid ID number: ${result.message.en}`);
}
