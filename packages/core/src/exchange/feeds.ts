/**
 * The columns of each partner feed and how a file's header row is matched to them (docs/domain/exchange.md "Feeds").
 *
 * A column is known by its Chinese header, its English snake_case name, its record field (camelCase) and a few
 * aliases that partners actually use. Headers are compared after removing invisible characters, full-width →
 * half-width, lower-casing and dropping spaces, underscores, hyphens, dots, colons and asterisks (the "required"
 * star of templates); a trailing parenthetical hint such as 出生体重（克） is tried with and without.
 */
import type { LocalizedText } from '../errors';
import type { ParsedIdNumber } from '../id-number/id-number';
import { FEED_KINDS, FEED_NAMES, type FeedKind, type FeedRecords, type FileProblem } from './records';
import {
  enumParser,
  parseDate,
  parseFreeText,
  parseGestationWeeks,
  parseIcd10,
  parseIdNumberCell,
  parsePersonName,
  parseRecordKey,
  parseRegionCode,
  parseSex,
  parseTimeOfDay,
  parseWeightGrams,
  toHalfWidth,
  type Parsed,
} from './values';

/** One column of a feed. `parse` gets the cell text (never blank: blank cells are null or "required"). */
export interface FeedColumn<K extends FeedKind = FeedKind> {
  /** The record field this column fills. */
  readonly key: keyof FeedRecords[K] & string;
  /** The Chinese header of the template. */
  readonly zh: string;
  /** The English header (snake_case). */
  readonly en: string;
  /** Other headers that mean this column (the zh, en and key names match without being listed). */
  readonly aliases: readonly string[];
  /** A required column must be in the header and filled in every row; an optional one may be missing or blank. */
  readonly required: boolean;
  /** What a cell holds, for templates and documentation. */
  readonly format: LocalizedText;
  readonly parse: (raw: string, today: string) => Parsed<unknown>;
}

const L = (zh: string, en: string): LocalizedText => ({ zh, en });
type Col<K extends FeedKind> = FeedColumn<K>;

function column<K extends FeedKind>(
  key: Col<K>['key'], zh: string, en: string, aliases: readonly string[], required: boolean, format: LocalizedText, parse: Col<K>['parse'],
): Col<K> {
  return { key, zh, en, aliases, required, format, parse };
}

const key = (raw: string) => parseRecordKey(raw);
const name = (raw: string) => parsePersonName(raw);
const sex = (raw: string) => parseSex(raw);
const date = (raw: string, today: string) => parseDate(raw, today);
const id = (raw: string, today: string): Parsed<ParsedIdNumber> => parseIdNumberCell(raw, today);
const text = (max: number) => (raw: string) => parseFreeText(raw, max);
const anyRegion = (raw: string) => parseRegionCode(raw);

const F = {
  key: L('文本，1–50个字符，文件内不得重复', 'text, 1–50 characters, unique within the file'),
  name: L('汉字，可含间隔号·，1–50字', 'Chinese characters and the middle dot ·, 1–50'),
  sex: L('男/女（或1/2、M/F）', '男/女 (or 1/2, M/F, male/female)'),
  date: L('日期YYYY-MM-DD（也可YYYY/M/D、YYYYMMDD、YYYY年M月D日、Excel日期序号），不晚于今天', 'date YYYY-MM-DD (or YYYY/M/D, YYYYMMDD, YYYY年M月D日, an Excel serial), not after today'),
  id: L('18位公民身份号码（15位自动升位），须通过校验', '18-character resident ID (15-digit IDs are upgraded), must pass GB 11643 checks'),
  region: L('统计用区划代码（2/4/6/9/12位）', 'statistical region code (2, 4, 6, 9 or 12 digits)'),
};

export const BIRTH_CERTIFICATE_COLUMNS: readonly Col<'birth_certificate'>[] = [
  column('certificateNumber', '出生医学证明编号', 'certificate_number', ['证明编号', '出生证编号', '出生医学证明号', '出生证号', '证书编号', 'certificate_no', 'cert_no'], true, F.key, key),
  column('childName', '新生儿姓名', 'child_name', ['婴儿姓名', '儿童姓名', '新生儿', '姓名', 'baby_name', 'name'], true, F.name, name),
  column('childSex', '新生儿性别', 'child_sex', ['婴儿性别', '性别', 'sex', 'gender'], true, F.sex, sex),
  column('birthDate', '出生日期', 'birth_date', ['出生年月日', 'date_of_birth', 'dob'], true, F.date, date),
  column('birthTime', '出生时间', 'birth_time', ['出生时刻', 'time_of_birth'], false, L('HH:MM，24小时制', 'HH:MM, 24-hour'), (raw) => parseTimeOfDay(raw)),
  column('weightGrams', '出生体重', 'weight_grams', ['体重', 'birth_weight', 'weight'], false, L('克，300–7000', 'grams, 300–7000'), (raw) => parseWeightGrams(raw)),
  column('gestationWeeks', '出生孕周', 'gestation_weeks', ['孕周', '胎龄', 'gestational_age', 'gestation'], false, L('整周，20–45（39+2记为39）', 'completed weeks, 20–45 (39+2 is 39)'), (raw) => parseGestationWeeks(raw)),
  column('hospital', '助产机构', 'hospital', ['助产机构名称', '接生机构', '出生医院', '医院', '医院名称', '签发机构', 'facility'], true, L('文本，1–100字', 'text, 1–100 characters'), text(100)),
  column('motherName', '母亲姓名', 'mother_name', [], true, F.name, name),
  column('motherIdNumber', '母亲身份证号', 'mother_id_number', ['母亲身份证号码', '母亲公民身份号码', '母亲有效身份证件号码', '母亲证件号码', 'mother_id'], false, F.id, id),
  column('fatherName', '父亲姓名', 'father_name', [], false, F.name, name),
  column('fatherIdNumber', '父亲身份证号', 'father_id_number', ['父亲身份证号码', '父亲公民身份号码', '父亲有效身份证件号码', '父亲证件号码', 'father_id'], false, F.id, id),
  column('addressRegion', '家庭住址区划代码', 'address_region', ['住址区划代码', '家庭住址代码', '居住地区划代码', '区划代码', 'address_region_code', 'region_code'], true, L('乡镇（9位）或村（12位）统计用区划代码', 'township (9 digits) or village (12 digits) statistical code'), (raw) => parseRegionCode(raw, [9, 12])),
];

export const POLICE_HUKOU_COLUMNS: readonly Col<'police_hukou'>[] = [
  column('recordNumber', '业务编号', 'record_number', ['记录编号', '业务流水号', '流水号', '受理编号', 'record_no', 'serial_number'], true, F.key, key),
  column('change', '变动类型', 'change', ['业务类型', '变动类别', '迁移类型', 'change_type', 'type'], true, L('迁入/迁出/户籍变更（或move_in/move_out/hukou_change）', '迁入/迁出/户籍变更 (or move_in/move_out/hukou_change)'),
    enumParser({ 迁入: 'move_in', 迁出: 'move_out', 户籍变更: 'hukou_change', 户口变更: 'hukou_change', 户籍地变更: 'hukou_change', 变更: 'hukou_change', move_in: 'move_in', move_out: 'move_out', hukou_change: 'hukou_change' }, L('“迁入”“迁出”或“户籍变更”', '迁入 (move_in), 迁出 (move_out) or 户籍变更 (hukou_change)'))),
  column('idNumber', '公民身份号码', 'id_number', ['身份证号', '身份证号码', '证件号码', 'id_no', 'id_card'], true, F.id, id),
  column('name', '姓名', 'name', [], true, F.name, name),
  column('sex', '性别', 'sex', ['gender'], true, F.sex, sex),
  column('birthDate', '出生日期', 'birth_date', ['出生年月日', 'date_of_birth', 'dob'], true, F.date, date),
  column('occurredOn', '变动日期', 'occurred_on', ['迁移日期', '办理日期', '登记日期', '业务日期', 'change_date', 'date'], true, F.date, date),
  column('fromRegion', '迁出地区划代码', 'from_region', ['迁出地代码', '原户籍地区划代码', '原区划代码', 'from_region_code'], false, L('统计用区划代码；迁入时为迁出地，户籍变更时为原户籍地', 'region code; move_in: where from, hukou_change: the old hukou'), anyRegion),
  column('toRegion', '迁入地区划代码', 'to_region', ['迁入地代码', '新户籍地区划代码', '现区划代码', 'to_region_code'], false, L('统计用区划代码；迁入时必填且为12位村级代码，户籍变更时必填', 'region code; move_in: required, a 12-digit village; hukou_change: required'), anyRegion),
];

export const CIVIL_MARRIAGE_COLUMNS: readonly Col<'civil_marriage'>[] = [
  column('certificateNumber', '证书编号', 'certificate_number', ['结婚证字号', '离婚证字号', '证字号', '登记证字号', '证件编号', 'certificate_no', 'cert_no'], true, F.key, key),
  column('registration', '登记类型', 'registration', ['登记类别', '业务类型', 'registration_type', 'type'], true, L('结婚/离婚（或marriage/divorce）', '结婚/离婚 (or marriage/divorce)'),
    enumParser({ 结婚: 'marriage', 结婚登记: 'marriage', 离婚: 'divorce', 离婚登记: 'divorce', marriage: 'marriage', divorce: 'divorce' }, L('“结婚”或“离婚”', '结婚 (marriage) or 离婚 (divorce)'))),
  column('occurredOn', '登记日期', 'occurred_on', ['办理日期', 'registration_date', 'date'], true, F.date, date),
  column('husbandName', '男方姓名', 'husband_name', ['丈夫姓名'], true, F.name, name),
  column('husbandIdNumber', '男方身份证号', 'husband_id_number', ['男方身份证号码', '男方公民身份号码', '男方证件号码', '丈夫身份证号', 'husband_id'], true, L('18位公民身份号码，须为男性', '18-character resident ID of a man'), id),
  column('wifeName', '女方姓名', 'wife_name', ['妻子姓名'], true, F.name, name),
  column('wifeIdNumber', '女方身份证号', 'wife_id_number', ['女方身份证号码', '女方公民身份号码', '女方证件号码', '妻子身份证号', 'wife_id'], true, L('18位公民身份号码，须为女性', '18-character resident ID of a woman'), id),
  column('office', '登记机关', 'office', ['婚姻登记机关', '登记机构', 'registration_office'], false, L('文本，1–100字', 'text, 1–100 characters'), text(100)),
];

export const DEATH_REGISTRATION_COLUMNS: readonly Col<'death_registration'>[] = [
  column('registrationNumber', '死亡登记编号', 'registration_number', ['登记编号', '死亡证明编号', '死亡医学证明编号', '死亡医学证明书编号', 'registration_no'], true, F.key, key),
  column('name', '姓名', 'name', ['死者姓名'], true, F.name, name),
  column('idNumber', '公民身份号码', 'id_number', ['身份证号', '身份证号码', '证件号码', 'id_no', 'id_card'], false, F.id, id),
  column('sex', '性别', 'sex', ['gender'], true, F.sex, sex),
  column('birthDate', '出生日期', 'birth_date', ['出生年月日', 'date_of_birth', 'dob'], true, F.date, date),
  column('deathDate', '死亡日期', 'death_date', ['死亡时间', 'date_of_death'], true, F.date, date),
  column('place', '死亡地点', 'place', ['死亡地点名称', 'death_place', 'place_of_death'], false, L('文本，1–100字', 'text, 1–100 characters'), text(100)),
  column('cause', '根本死因编码', 'cause', ['根本死因ICD-10编码', '根本死因ICD编码', '死因编码', 'ICD-10', 'ICD10编码', 'cause_code', 'underlying_cause'], true, L('ICD-10编码A00–Z99，可带亚目（如I21.9）', 'ICD-10 code A00–Z99, optionally with a subdivision (e.g. I21.9)'), (raw) => parseIcd10(raw)),
  column('residenceRegion', '常住地区划代码', 'residence_region', ['居住地区划代码', '住址区划代码', '区划代码', 'residence_region_code', 'region_code'], false, F.region, anyRegion),
];

export const FEED_COLUMNS: { readonly [K in FeedKind]: readonly FeedColumn<K>[] } = {
  birth_certificate: BIRTH_CERTIFICATE_COLUMNS,
  police_hukou: POLICE_HUKOU_COLUMNS,
  civil_marriage: CIVIL_MARRIAGE_COLUMNS,
  death_registration: DEATH_REGISTRATION_COLUMNS,
};

/** The record field that identifies a record of each kind; re-sending it changes nothing. */
export const FEED_KEYS: { readonly [K in FeedKind]: keyof FeedRecords[K] & string } = {
  birth_certificate: 'certificateNumber',
  police_hukou: 'recordNumber',
  civil_marriage: 'certificateNumber',
  death_registration: 'registrationNumber',
};

// ---------------------------------------------------------------------------------------------
// Header matching
// ---------------------------------------------------------------------------------------------

/** The comparable form of a header cell. @example headerKey('＊ Certificate-No ') // 'certificateno' */
export function headerKey(raw: string): string {
  return toHalfWidth(raw).toLowerCase().replace(/[\s_\-*:.]/g, '');
}

/** The comparable forms of a header cell: as is, and without a trailing parenthetical hint (出生体重（克）). */
function headerCandidates(raw: string): string[] {
  const full = headerKey(raw);
  const bare = headerKey(toHalfWidth(raw).replace(/\([^()]*\)$/, ''));
  return bare !== full && bare !== '' ? [full, bare] : [full];
}

/** Every header that means column `c`, first spelling of each comparable form: zh, en, aliases (key if distinct). */
export function columnNames<K extends FeedKind>(c: FeedColumn<K>): string[] {
  const seen = new Set<string>();
  return [c.zh, c.en, ...c.aliases, c.key].filter((n) => !seen.has(headerKey(n)) && seen.add(headerKey(n)));
}

export interface HeaderMatch<K extends FeedKind = FeedKind> {
  readonly kind: K;
  /** Record field → index of its column in the header. */
  readonly indexes: ReadonlyMap<string, number>;
  /** Required columns not in the header. */
  readonly missing: readonly FeedColumn<K>[];
  /** Columns that more than one header cell matched. */
  readonly duplicates: readonly { readonly column: FeedColumn<K>; readonly indexes: readonly number[] }[];
  /** How many columns of this kind the header has. */
  readonly matched: number;
}

/** Matches a header row against the columns of `kind`; unknown header cells are ignored. */
export function matchHeader<K extends FeedKind>(kind: K, header: readonly string[]): HeaderMatch<K> {
  const columns = FEED_COLUMNS[kind] as readonly FeedColumn<K>[];
  const lookup = new Map<string, FeedColumn<K>>();
  for (const c of columns) for (const n of columnNames(c)) lookup.set(headerKey(n), c);
  const found = new Map<FeedColumn<K>, number[]>();
  header.forEach((cell, i) => {
    const c = headerCandidates(cell).map((k) => lookup.get(k)).find((x) => x !== undefined);
    if (c) found.set(c, [...(found.get(c) ?? []), i]);
  });
  return {
    kind,
    indexes: new Map([...found].map(([c, idx]) => [c.key, idx[0]!])),
    missing: columns.filter((c) => c.required && !found.has(c)),
    duplicates: [...found].filter(([, idx]) => idx.length > 1).map(([column, indexes]) => ({ column, indexes })),
    matched: found.size,
  };
}

/**
 * The kind a header row most likely belongs to: among kinds with all their required columns, the one with the
 * most matched columns; otherwise the kind with the most matched columns; undefined when nothing matches.
 */
export function guessFeedKind(header: readonly string[]): FeedKind | undefined {
  const matches = FEED_KINDS.map((k) => matchHeader(k, header)).filter((m) => m.matched > 0);
  const score = (m: HeaderMatch) => (m.missing.length === 0 ? 1000 : 0) + m.matched - m.missing.length;
  return matches.sort((a, b) => score(b) - score(a))[0]?.kind;
}

const names = <K extends FeedKind>(c: FeedColumn<K>) => `“${c.zh}”（${c.en}）`;

/**
 * The whole-file problem of a header row for `kind`, if any:
 * - WRONG_HEADERS when no column matches, or when required columns are missing and the header has every required
 *   column of another kind (the file was uploaded as the wrong feed); the message names the kind it looks like;
 * - MISSING_COLUMNS naming each missing required column in Chinese and English, with the accepted headers;
 * - DUPLICATE_COLUMNS when two header cells mean the same column (which one to believe is not ours to guess).
 */
export function headerProblem(kind: FeedKind, header: readonly string[]): FileProblem | undefined {
  const match = matchHeader(kind, header);
  const guess = guessFeedKind(header);
  const other = guess !== undefined && guess !== kind ? matchHeader(guess, header) : undefined;
  if (match.matched === 0 || (match.missing.length > 0 && other?.missing.length === 0)) {
    const expected = FEED_NAMES[kind];
    const hint = other && other.matched > match.matched ? FEED_NAMES[other.kind] : undefined;
    return {
      code: 'WRONG_HEADERS',
      message: {
        zh: `表头与“${expected.zh}”的列不符${hint ? `，这看起来是“${hint.zh}”文件，请确认上传的数据类型` : '，请使用模板的表头'}。`,
        en: `The header row does not match the columns of ${expected.en}${hint ? `; it looks like a file of ${hint.en}: check the kind of feed you chose` : '; use the headers of the template'}.`,
      },
      details: [
        { path: 'header', value: header.map((h) => h.trim()), reason: { zh: `应包含：${FEED_COLUMNS[kind].filter((c) => c.required).map((c) => c.zh).join('、')}`, en: `expected: ${FEED_COLUMNS[kind].filter((c) => c.required).map((c) => c.en).join(', ')}` } },
        ...(hint && other ? [{ path: 'suggestedKind', value: other.kind, reason: { zh: `表头与“${hint.zh}”相符`, en: `the header matches ${hint.en}` } }] : []),
      ],
    };
  }
  if (match.missing.length > 0) {
    return {
      code: 'MISSING_COLUMNS',
      message: {
        zh: `缺少必填列：${match.missing.map(names).join('、')}。`,
        en: `Missing required columns: ${match.missing.map((c) => `${c.en} (${c.zh})`).join(', ')}.`,
      },
      details: match.missing.map((c) => ({
        path: c.en,
        value: null,
        reason: { zh: `缺少列${names(c)}，可用的列名：${columnNames(c).join('、')}`, en: `missing column ${c.en} (${c.zh}); accepted headers: ${columnNames(c).join(', ')}` },
      })),
    };
  }
  if (match.duplicates.length > 0) {
    return {
      code: 'DUPLICATE_COLUMNS',
      message: {
        zh: `有多列表示同一项：${match.duplicates.map((d) => names(d.column)).join('、')}，请只保留一列。`,
        en: `Several columns mean the same field: ${match.duplicates.map((d) => d.column.en).join(', ')}; keep only one.`,
      },
      details: match.duplicates.map((d) => ({
        path: d.column.en,
        value: d.indexes.map((i) => header[i]!.trim()),
        reason: { zh: `这些列都表示${names(d.column)}`, en: `these columns all mean ${d.column.en}` },
      })),
    };
  }
  return undefined;
}
