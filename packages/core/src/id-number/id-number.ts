/**
 * Resident ID numbers (公民身份号码) as defined by GB 11643-1999.
 *
 * Layout of the 18-character form:
 *   RRRRRR YYYYMMDD SSS C
 *   region (GB/T 2260) · birth date · sequence (odd = male) · ISO 7064 MOD 11-2 check character
 *
 * Everything here is pure: no I/O, and "today" can be injected so that results are reproducible.
 * See docs/domain/id-number.md for the business rules these functions implement.
 */
import { DomainError, type LocalizedText } from '../errors';
import { CITY_CODES, COUNTY_CODES, PROVINCE_CODES } from '../regions/county-codes.generated';

/**
 * Stable codes for every way an ID number can be rejected.
 *
 * @example
 * const code: IdNumberErrorCode = 'ID_CHECK_CHARACTER';
 */
export type IdNumberErrorCode =
  | 'ID_EMPTY'
  | 'ID_LENGTH'
  | 'ID_FORMAT'
  | 'ID_REGION_UNKNOWN'
  | 'ID_BIRTH_DATE_INVALID'
  | 'ID_BIRTH_DATE_TOO_EARLY'
  | 'ID_BIRTH_DATE_FUTURE'
  | 'ID_CHECK_CHARACTER';

/**
 * User-facing text for each {@link IdNumberErrorCode}. Messages never contain the ID itself,
 * so they are safe to log and to return to any caller.
 *
 * @example
 * const { zh, en } = ID_NUMBER_MESSAGES.ID_CHECK_CHARACTER; // '校验码错误', 'check character is wrong'
 */
export const ID_NUMBER_MESSAGES: Record<IdNumberErrorCode, LocalizedText> = {
  ID_EMPTY: { zh: '身份证号码不能为空', en: 'ID number is empty' },
  ID_LENGTH: {
    zh: '身份证号码应为18位（旧版为15位）',
    en: 'ID number must have 18 characters (15 for the old format)',
  },
  ID_FORMAT: {
    zh: '身份证号码格式错误：18位号码应为17位数字加1位数字或X，15位号码应全为数字',
    en: 'ID number format is wrong: 18-character IDs are 17 digits plus a digit or X; 15-character IDs are all digits',
  },
  ID_REGION_UNKNOWN: { zh: '地址码无法识别', en: 'region code is not recognised' },
  ID_BIRTH_DATE_INVALID: { zh: '出生日期不是有效日期', en: 'birth date is not a valid calendar date' },
  ID_BIRTH_DATE_TOO_EARLY: { zh: '出生日期早于1900年1月1日', en: 'birth date is before 1900-01-01' },
  ID_BIRTH_DATE_FUTURE: { zh: '出生日期晚于今天', en: 'birth date is in the future' },
  ID_CHECK_CHARACTER: { zh: '校验码错误', en: 'check character is wrong' },
};

/**
 * A valid ID number split into its parts.
 *
 * @example
 * const parsed: ParsedIdNumber = {
 *   idNumber: '11010519491231002X', regionCode: '110105', regionKnownAs: 'county',
 *   birthDate: '1949-12-31', sequence: '002', sex: 'female', upgradedFrom15: false,
 * };
 */
export interface ParsedIdNumber {
  /** Canonical 18-character form with an upper-case X; the only form that should be stored or compared. */
  readonly idNumber: string;
  /** The 6-digit region code as written in the ID, even when it is no longer a current code. */
  readonly regionCode: string;
  /**
   * The most precise level at which the region code is recognised. IDs are issued for life, so codes of
   * counties that were later merged or renamed remain valid; we can then only vouch for the city or province.
   */
  readonly regionKnownAs: 'county' | 'city' | 'province';
  /** YYYY-MM-DD. */
  readonly birthDate: string;
  /** 3 digits; distinguishes people born on the same day in the same region. */
  readonly sequence: string;
  /** Derived from the parity of the sequence: odd = male, even = female. */
  readonly sex: 'male' | 'female';
  /** True when the input was an old 15-digit ID that was converted to 18 characters. */
  readonly upgradedFrom15: boolean;
}

/**
 * Outcome of {@link parseIdNumber}: a value, or a stable code with its message.
 *
 * @example
 * const result: IdNumberResult = parseIdNumber('11010519491231002X');
 * const label = result.ok ? result.value.birthDate : result.code;
 */
export type IdNumberResult =
  | { readonly ok: true; readonly value: ParsedIdNumber }
  | {
      readonly ok: false;
      readonly code: IdNumberErrorCode;
      readonly message: LocalizedText;
      /** Exactly the string the caller passed, so it can be echoed back without being re-derived. */
      readonly input: string;
    };

/**
 * @example
 * const options: ParseIdNumberOptions = { today: '2024-06-30' };
 */
export interface ParseIdNumberOptions {
  /** YYYY-MM-DD; defaults to the current local date. Inject it to make "future birth date" checks deterministic. */
  readonly today?: string;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
const EARLIEST_BIRTH_DATE = '1900-01-01';
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Computes the ISO 7064 MOD 11-2 check character for the first 17 digits of an 18-character ID.
 *
 * @throws RangeError when `first17` is not exactly 17 ASCII digits — that is a programming error, not bad user input.
 * @example
 * checkCharacter('11010519491231002'); // 'X'
 */
export function checkCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('checkCharacter expects exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

/**
 * Parses and validates an ID number, accepting both the 18-character form and the old 15-digit form.
 *
 * The input is trimmed, full-width digits/X (common with Chinese IMEs) become ASCII, and a lower-case x
 * becomes X. Checks run in this order and the first failure is reported:
 *   1. empty → `ID_EMPTY`
 *   2. length is neither 15 nor 18 → `ID_LENGTH`
 *   3. characters (15: all digits; 18: 17 digits + digit or X) → `ID_FORMAT`
 *   4. province prefix unknown → `ID_REGION_UNKNOWN`
 *   5. birth date not a real calendar date → `ID_BIRTH_DATE_INVALID`, or before 1900-01-01 → `ID_BIRTH_DATE_TOO_EARLY`
 *   6. birth date after `today` → `ID_BIRTH_DATE_FUTURE`
 *   7. check character mismatch (18-character input only) → `ID_CHECK_CHARACTER`
 * Structure is checked before content so that the reported code names the most basic problem; the check
 * character comes last because a wrong check character says nothing about *which* part was mistyped.
 *
 * @throws RangeError when `options.today` is given but is not a valid YYYY-MM-DD date.
 * @example
 * const result = parseIdNumber('130503670401001', { today: '2024-06-30' });
 * if (result.ok) console.log(result.value.idNumber); // '130503196704010016'
 * else console.log(result.code, result.message.en);
 */
export function parseIdNumber(input: string, options: ParseIdNumberOptions = {}): IdNumberResult {
  const today = options.today ?? localToday();
  if (!isCalendarDate(today)) throw new RangeError('options.today must be a valid YYYY-MM-DD date');

  const fail = (code: IdNumberErrorCode): IdNumberResult => ({
    ok: false,
    code,
    message: ID_NUMBER_MESSAGES[code],
    input,
  });

  const id = canonicalize(input);
  if (id === '') return fail('ID_EMPTY');
  if (id.length !== 15 && id.length !== 18) return fail('ID_LENGTH');
  const upgradedFrom15 = id.length === 15;
  if (!(upgradedFrom15 ? /^\d{15}$/ : /^\d{17}[\dX]$/).test(id)) return fail('ID_FORMAT');

  const regionCode = id.slice(0, 6);
  const regionKnownAs = classifyRegion(regionCode);
  if (regionKnownAs === undefined) return fail('ID_REGION_UNKNOWN');

  // Old 15-digit IDs carry a 2-digit year; they were only issued to people born in the 1900s.
  const first17 = upgradedFrom15 ? `${regionCode}19${id.slice(6)}` : id.slice(0, 17);
  const birthDate = `${first17.slice(6, 10)}-${first17.slice(10, 12)}-${first17.slice(12, 14)}`;
  if (!isCalendarDate(birthDate)) return fail('ID_BIRTH_DATE_INVALID');
  if (birthDate < EARLIEST_BIRTH_DATE) return fail('ID_BIRTH_DATE_TOO_EARLY');
  if (birthDate > today) return fail('ID_BIRTH_DATE_FUTURE');

  const expected = checkCharacter(first17);
  if (!upgradedFrom15 && id[17] !== expected) return fail('ID_CHECK_CHARACTER');

  const sequence = first17.slice(14, 17);
  return {
    ok: true,
    value: {
      idNumber: first17 + expected,
      regionCode,
      regionKnownAs,
      birthDate,
      sequence,
      sex: Number(sequence) % 2 === 1 ? 'male' : 'female',
      upgradedFrom15,
    },
  };
}

/**
 * Convenience predicate over {@link parseIdNumber}.
 *
 * @example
 * isValidIdNumber('11010519491231002x'); // true
 * isValidIdNumber('110105194912310021'); // false (wrong check character)
 */
export function isValidIdNumber(input: string, options: ParseIdNumberOptions = {}): boolean {
  return parseIdNumber(input, options).ok;
}

/**
 * Returns the canonical 18-character form, for storage and blind-index hashing, so that the 15-digit
 * and 18-digit spellings of the same person's ID collide as they should.
 *
 * @throws DomainError (status 400) with the {@link IdNumberErrorCode} and a single detail whose `value`
 *   is masked — error payloads end up in logs, so the full ID must never appear in them.
 * @example
 * normalizeIdNumber(' 130503670401001 '); // '130503196704010016'
 */
export function normalizeIdNumber(input: string, options: ParseIdNumberOptions = {}, field = 'idNumber'): string {
  const result = parseIdNumber(input, options);
  if (result.ok) return result.value.idNumber;
  throw new DomainError(result.code, result.message, [
    { path: field, value: maskIdNumber(canonicalize(input)), reason: result.message },
  ]);
}

/**
 * Masks an ID for display and logs: the first 6 (region) and last 4 characters stay visible, which is
 * enough for a person to recognise their own ID but not enough to reconstruct it.
 * Inputs shorter than 10 characters are masked entirely, since keeping 10 characters would reveal all of them.
 *
 * @example
 * maskIdNumber('11010519491231002X'); // '110105********002X'
 * maskIdNumber('12345');              // '*****'
 */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id);
  if (chars.length < 10) return '*'.repeat(chars.length);
  return `${chars.slice(0, 6).join('')}********${chars.slice(-4).join('')}`;
}

/**
 * Composes a valid 18-character ID, e.g. for synthetic test populations. The sequence's parity decides the
 * sex (odd = male), exactly as for real IDs. Whether the date is in the future is the caller's concern,
 * because there is no "today" here.
 *
 * @throws RangeError when the region code is not 6 digits with a known province, the birth date is not a
 *   real YYYY-MM-DD date on or after 1900-01-01, or the sequence is not an integer in 0..999.
 * @example
 * buildIdNumber('110105', '1949-12-31', 2); // '11010519491231002X'
 */
export function buildIdNumber(regionCode6: string, birthDate: string, sequence: number): string {
  if (!/^\d{6}$/.test(regionCode6) || classifyRegion(regionCode6) === undefined) {
    throw new RangeError('buildIdNumber: region code must be 6 digits with a known province');
  }
  if (!isCalendarDate(birthDate) || birthDate < EARLIEST_BIRTH_DATE) {
    throw new RangeError('buildIdNumber: birth date must be a valid YYYY-MM-DD date on or after 1900-01-01');
  }
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError('buildIdNumber: sequence must be an integer in 0..999');
  }
  const first17 = `${regionCode6}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** Full-width digits and X arrive from Chinese input methods and pasted documents; they mean the same thing. */
function canonicalize(input: string): string {
  return input
    .replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .trim()
    .replaceAll('x', 'X');
}

function classifyRegion(code: string): ParsedIdNumber['regionKnownAs'] | undefined {
  if (COUNTY_CODES.has(code)) return 'county';
  if (CITY_CODES.has(code.slice(0, 4))) return 'city';
  if (PROVINCE_CODES.has(code.slice(0, 2))) return 'province';
  return undefined;
}

function isCalendarDate(date: string): boolean {
  const match = ISO_DATE.exec(date);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The local calendar date, because a birth date "today" means today where the clerk is, not in UTC. */
function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
