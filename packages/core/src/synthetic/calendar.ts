/**
 * Dates as day numbers (days since 1970-01-01, UTC calendar), with fast conversion to and from YYYY-MM-DD
 * and the registry's whole-year age rule ({@link ageOn}: the age turns on the birthday; 29 February
 * birthdays turn on 1 March in common years). Millions of persons pass through here, so no Date objects.
 */

/** Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
export function dayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number (civil_from_days). */
export function civilOf(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function parseDay(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${iso}`);
  const d = dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
  if (formatDay(d) !== iso) throw new RangeError(`not a calendar date: ${iso}`);
  return d;
}

/** Lookup tables cover 1880-01-01 … 2079-12-31; outside that the slow path computes. */
const TABLE_FIRST = dayOf(1880, 1, 1);
const TABLE_SIZE = dayOf(2080, 1, 1) - TABLE_FIRST;
const ISO_TABLE: (string | undefined)[] = new Array<string | undefined>(TABLE_SIZE);
const PACKED_TABLE = new Int32Array(TABLE_SIZE);

function slowIso(days: number): string {
  const { year, month, day } = civilOf(days);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** YYYY-MM-DD of a day number (memoised: a population has only a few tens of thousands of distinct days). */
export function formatDay(days: number): string {
  const k = days - TABLE_FIRST;
  if (k < 0 || k >= TABLE_SIZE) return slowIso(days);
  return (ISO_TABLE[k] ??= slowIso(days));
}

/** year×1024 + month×32 + day of a day number; tabulated for the age rule. */
function packed(days: number): number {
  const k = days - TABLE_FIRST;
  if (k >= 0 && k < TABLE_SIZE) {
    const v = PACKED_TABLE[k]!;
    if (v !== 0) return v;
  }
  const { year, month, day } = civilOf(days);
  const v = year * 1024 + month * 32 + day;
  if (k >= 0 && k < TABLE_SIZE) PACKED_TABLE[k] = v;
  return v;
}

/** Whole years at `on` for someone born on `birth` — the same rule as `ageOn` in common/common.ts. */
export function ageInYears(birth: number, on: number): number {
  const b = packed(birth);
  const o = packed(on);
  const by = Math.floor(b / 1024);
  const oy = Math.floor(o / 1024);
  return oy - by - ((o & 1023) < (b & 1023) ? 1 : 0);
}

/** The day a person born on `birth` turns `years` old (29 February birthdays turn on 1 March). */
export function birthdayAt(birth: number, years: number): number {
  const { year, month, day } = civilOf(birth);
  const y = year + years;
  if (month === 2 && day === 29 && !isLeap(y)) return dayOf(y, 3, 1);
  return dayOf(y, month, day);
}

export function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Age in fractional years (for hazards), 365.2425 days a year. */
export function exactAge(birth: number, on: number): number {
  return (on - birth) / 365.2425;
}

export function yearOf(days: number): number {
  return Math.floor(packed(days) / 1024);
}
