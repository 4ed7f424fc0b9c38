/**
 * Row validation of partner feeds (docs/domain/exchange.md "Feeds"): every data row becomes either a normalized
 * record or the complete list of what is wrong with it. Pure; "today" is injected so results are reproducible.
 */
import type { LocalizedText } from '../errors';
import type { ParsedIdNumber } from '../id-number/id-number';
import type { Sex } from '../registry/registry.schemas';
import { FEED_COLUMNS, FEED_KEYS, headerProblem, matchHeader, type FeedColumn } from './feeds';
import type {
  BirthCertificateRecord,
  CivilMarriageRecord,
  DeathRegistrationRecord,
  FeedKind,
  FeedRecords,
  FileProblem,
  PoliceHukouRecord,
  RowProblem,
  ValidatedRow,
} from './records';
import { cleanText } from './values';

export interface ValidateOptions {
  /**
   * The row number the user sees for each data row (the decoder skips empty lines, so these may have gaps).
   * Default: the header is row 1 and data row i (0-based) is row i + 2.
   */
  readonly rowNumbers?: readonly number[];
}

export interface ValidationResult<K extends FeedKind> {
  /** One entry per data row that is not blank (rows whose cells are all empty are skipped). */
  readonly rows: ValidatedRow<K>[];
  /** Set when the header makes the file unusable; `rows` is then empty. */
  readonly fileProblem?: FileProblem;
}

/**
 * Validates the data rows of a decoded feed file against the columns of `kind`.
 *
 * @param header the file's header row (unknown columns are ignored)
 * @param rows the data rows, cells as text; missing trailing cells count as empty
 * @param today YYYY-MM-DD (China): dates after it are rejected
 * @throws RangeError when `today` is not YYYY-MM-DD (a programming error)
 * @example
 * const { rows, fileProblem } = validateRows('death_registration', header, body, todayInChina());
 */
export function validateRows<K extends FeedKind>(
  kind: K,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  today: string,
  options: ValidateOptions = {},
): ValidationResult<K> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new RangeError('validateRows: today must be YYYY-MM-DD');
  const fileProblem = headerProblem(kind, header);
  if (fileProblem) return { rows: [], fileProblem };

  const match = matchHeader(kind, header);
  const columns = FEED_COLUMNS[kind] as readonly FeedColumn<K>[];
  const keyField = FEED_KEYS[kind];
  const fieldName = (key: string): string => {
    const i = match.indexes.get(key);
    return i === undefined ? key : cleanText(header[i]!) || key;
  };
  const firstRowOfKey = new Map<string, number>();
  const out: ValidatedRow<K>[] = [];

  rows.forEach((cells, i) => {
    if (cells.every((c) => cleanText(c) === '')) return;
    const row = options.rowNumbers?.[i] ?? i + 2;
    const problems: RowProblem[] = [];
    const values = new Map<string, unknown>();
    const raws = new Map<string, string | null>();
    const report = (key: string, reason: LocalizedText, value: string | null = raws.get(key) ?? null) => {
      problems.push({ row, field: fieldName(key), value, reason });
    };

    for (const c of columns) {
      const index = match.indexes.get(c.key);
      const raw = index === undefined ? null : (cells[index] ?? '');
      raws.set(c.key, raw);
      if (raw === null || cleanText(raw) === '') {
        values.set(c.key, null);
        if (c.required) report(c.key, { zh: `必填项“${c.zh}”为空`, en: `${c.en} (${c.zh}) is required` });
        continue;
      }
      const parsed = c.parse(raw, today);
      if (parsed.ok) values.set(c.key, parsed.value);
      else report(c.key, parsed.reason);
    }

    const checks = new RowChecks(values, report);
    CROSS_CHECKS[kind](checks);

    const keyValue = values.get(keyField);
    const key = typeof keyValue === 'string' ? keyValue : cleanText(raws.get(keyField) ?? '') || null;
    if (typeof keyValue === 'string') {
      const first = firstRowOfKey.get(keyValue);
      if (first === undefined) firstRowOfKey.set(keyValue, row);
      else report(keyField, { zh: `编号与第${first}行重复`, en: `duplicate of row ${first}` }, keyValue);
    }

    if (problems.length > 0) out.push({ row, ok: false, key, problems });
    else out.push({ row, ok: true, key: key!, record: BUILDERS[kind](checks) as FeedRecords[K] });
  });
  return { rows: out };
}

// ---------------------------------------------------------------------------------------------
// Rules across fields
// ---------------------------------------------------------------------------------------------

const SEX_ZH: Record<Sex, string> = { male: '男', female: '女' };

/** Parsed values of one row (null = blank, absent = failed to parse) and the rules that span fields. */
class RowChecks {
  constructor(
    private readonly values: ReadonlyMap<string, unknown>,
    readonly report: (key: string, reason: LocalizedText, value?: string | null) => void,
  ) {}

  /** The parsed value, or undefined when the cell is blank or did not parse. */
  get<T>(key: string): T | undefined {
    const v = this.values.get(key);
    return v === null ? undefined : (v as T | undefined);
  }

  /** Required value (only called by builders, after every check passed). */
  req<T>(key: string): T {
    return this.values.get(key) as T;
  }

  /** True when the cell is empty or its column is missing (not when it failed to parse). */
  isBlank(key: string): boolean {
    return this.values.get(key) === null;
  }

  opt<T>(key: string): T | null {
    return (this.values.get(key) as T | null | undefined) ?? null;
  }

  /** The sex and birth date in the ID must agree with the sex and birth-date columns. */
  idAgrees(idKey: string, sexKey: string, birthKey: string): void {
    const id = this.get<ParsedIdNumber & { checkFailed?: true }>(idKey);
    // A mistyped ID (check character wrong) says nothing reliable about sex or birth date.
    if (!id || id.checkFailed) return;
    const sex = this.get<Sex>(sexKey);
    if (sex && sex !== id.sex) {
      this.report(sexKey, { zh: `性别与身份证号码不符：身份证号码显示为${SEX_ZH[id.sex]}性`, en: `sex disagrees with the ID number, which says ${id.sex}` });
    }
    const birth = this.get<string>(birthKey);
    if (birth && birth !== id.birthDate) {
      this.report(birthKey, { zh: `出生日期与身份证号码中的出生日期（${id.birthDate}）不符`, en: `birth date disagrees with the one in the ID number (${id.birthDate})` });
    }
  }

  /** A husband's, wife's, mother's or father's ID must be of that sex. */
  idIsOf(idKey: string, sex: Sex, who: LocalizedText): void {
    const id = this.get<ParsedIdNumber & { checkFailed?: true }>(idKey);
    if (id && !id.checkFailed && id.sex !== sex) {
      this.report(idKey, { zh: `${who.zh}的身份证号码显示为${SEX_ZH[id.sex]}性`, en: `the ${who.en}'s ID number is of a ${id.sex === 'male' ? 'man' : 'woman'}` });
    }
  }

  /** A birth date (a date column, or the one in an ID) must not be after the event. */
  bornBy(birthKey: string, eventKey: string, event: LocalizedText, fromId = false): void {
    const birth = fromId ? this.get<ParsedIdNumber>(birthKey)?.birthDate : this.get<string>(birthKey);
    const on = this.get<string>(eventKey);
    if (birth && on && birth > on) {
      this.report(birthKey, {
        zh: `${fromId ? '身份证号码中的' : ''}出生日期晚于${event.zh}（${on}）`,
        en: `the birth date${fromId ? ' in the ID number' : ''} is after the ${event.en} (${on})`,
      });
    }
  }
}

type Checks = { readonly [K in FeedKind]: (c: RowChecks) => void };
const CROSS_CHECKS: Checks = {
  birth_certificate(c) {
    c.idIsOf('motherIdNumber', 'female', { zh: '母亲', en: 'mother' });
    c.idIsOf('fatherIdNumber', 'male', { zh: '父亲', en: 'father' });
    const born = c.get<string>('birthDate');
    for (const [idKey, who] of [['motherIdNumber', { zh: '母亲', en: 'mother' }], ['fatherIdNumber', { zh: '父亲', en: 'father' }]] as const) {
      const parent = c.get<ParsedIdNumber>(idKey)?.birthDate;
      if (born && parent && parent >= born) {
        c.report(idKey, { zh: `${who.zh}的出生日期（${parent}）不早于孩子的出生日期`, en: `the ${who.en}'s birth date (${parent}) is not before the child's` });
      }
    }
  },
  police_hukou(c) {
    c.idAgrees('idNumber', 'sex', 'birthDate');
    c.bornBy('birthDate', 'occurredOn', { zh: '变动日期', en: 'date of the change' });
    const change = c.get<PoliceHukouRecord['change']>('change');
    const to = c.get<string>('toRegion');
    if (change === 'move_in' && c.isBlank('toRegion')) {
      c.report('toRegion', { zh: '迁入时必须填写迁入的村（居）委会12位区划代码', en: 'a move-in needs the 12-digit code of the village moved into' });
    } else if (change === 'move_in' && to !== undefined && to.length !== 12) {
      c.report('toRegion', { zh: '迁入地应为村（居）委会12位区划代码', en: 'for a move-in the destination must be a 12-digit village code' });
    } else if (change === 'hukou_change' && c.isBlank('toRegion')) {
      c.report('toRegion', { zh: '户籍变更时必须填写新户籍地区划代码', en: 'a hukou change needs the region code of the new hukou' });
    }
  },
  civil_marriage(c) {
    c.idIsOf('husbandIdNumber', 'male', { zh: '男方', en: 'husband' });
    c.idIsOf('wifeIdNumber', 'female', { zh: '女方', en: 'wife' });
    c.bornBy('husbandIdNumber', 'occurredOn', { zh: '登记日期', en: 'registration date' }, true);
    c.bornBy('wifeIdNumber', 'occurredOn', { zh: '登记日期', en: 'registration date' }, true);
  },
  death_registration(c) {
    c.idAgrees('idNumber', 'sex', 'birthDate');
    c.bornBy('birthDate', 'deathDate', { zh: '死亡日期', en: 'date of death' });
  },
};

const idOf = (c: RowChecks, key: string): string | null => c.get<ParsedIdNumber>(key)?.idNumber ?? null;

type Builders = { readonly [K in FeedKind]: (c: RowChecks) => FeedRecords[K] };
const BUILDERS: Builders = {
  birth_certificate: (c): BirthCertificateRecord => ({
    certificateNumber: c.req('certificateNumber'),
    childName: c.req('childName'),
    childSex: c.req('childSex'),
    birthDate: c.req('birthDate'),
    birthTime: c.opt('birthTime'),
    weightGrams: c.opt('weightGrams'),
    gestationWeeks: c.opt('gestationWeeks'),
    hospital: c.req('hospital'),
    motherName: c.req('motherName'),
    motherIdNumber: idOf(c, 'motherIdNumber'),
    fatherName: c.opt('fatherName'),
    fatherIdNumber: idOf(c, 'fatherIdNumber'),
    addressRegion: c.req('addressRegion'),
  }),
  police_hukou: (c): PoliceHukouRecord => ({
    recordNumber: c.req('recordNumber'),
    change: c.req('change'),
    idNumber: idOf(c, 'idNumber')!,
    name: c.req('name'),
    sex: c.req('sex'),
    birthDate: c.req('birthDate'),
    occurredOn: c.req('occurredOn'),
    fromRegion: c.opt('fromRegion'),
    toRegion: c.opt('toRegion'),
  }),
  civil_marriage: (c): CivilMarriageRecord => ({
    certificateNumber: c.req('certificateNumber'),
    registration: c.req('registration'),
    occurredOn: c.req('occurredOn'),
    husbandName: c.req('husbandName'),
    husbandIdNumber: idOf(c, 'husbandIdNumber')!,
    wifeName: c.req('wifeName'),
    wifeIdNumber: idOf(c, 'wifeIdNumber')!,
    office: c.opt('office'),
  }),
  death_registration: (c): DeathRegistrationRecord => ({
    registrationNumber: c.req('registrationNumber'),
    name: c.req('name'),
    idNumber: idOf(c, 'idNumber'),
    sex: c.req('sex'),
    birthDate: c.req('birthDate'),
    deathDate: c.req('deathDate'),
    place: c.opt('place'),
    cause: c.req('cause'),
    residenceRegion: c.opt('residenceRegion'),
  }),
};
