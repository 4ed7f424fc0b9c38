import { describe, expect, it } from 'vitest';
import { buildIdNumber } from '../id-number/id-number';
import type { FeedKind, RowProblem, ValidatedRow } from './records';
import { validateRows } from './validate';

const TODAY = '2024-06-30';
const MOTHER = buildIdNumber('330522', '1994-03-08', 24); // female
const FATHER = buildIdNumber('330502', '1992-11-20', 13); // male
const MAN = buildIdNumber('330522', '1990-01-01', 123);
const WOMAN = buildIdNumber('330523', '1991-05-17', 42);

/** A one-kind table: the template's Chinese header and rows given as header → cell, starting from a valid row. */
function table(base: Record<string, string>) {
  const header = Object.keys(base);
  return {
    header,
    row: (changes: Record<string, string> = {}) => header.map((h) => changes[h] ?? base[h]!),
  };
}

const birth = table({
  出生医学证明编号: 'R330522001',
  新生儿姓名: '沈子涵',
  新生儿性别: '女',
  出生日期: '2024-03-15',
  出生时间: '08:42',
  出生体重: '3250',
  出生孕周: '39',
  助产机构: '长兴县人民医院',
  母亲姓名: '钱晓燕',
  母亲身份证号: MOTHER,
  父亲姓名: '沈建国',
  父亲身份证号: FATHER,
  家庭住址区划代码: '330522001001',
});
const police = table({
  业务编号: 'GA2024000123',
  变动类型: '迁入',
  公民身份号码: MAN,
  姓名: '王建平',
  性别: '男',
  出生日期: '1990-01-01',
  变动日期: '2024-04-02',
  迁出地区划代码: '320508',
  迁入地区划代码: '330522001002',
});
const marriage = table({
  证书编号: 'J330522-2024-000101',
  登记类型: '结婚',
  登记日期: '2024-05-20',
  男方姓名: '王建平',
  男方身份证号: MAN,
  女方姓名: '李晓红',
  女方身份证号: WOMAN,
  登记机关: '长兴县民政局婚姻登记处',
});
const death = table({
  死亡登记编号: 'SW2024-0007',
  姓名: '周阿大',
  公民身份号码: buildIdNumber('330522', '1938-02-11', 35),
  性别: '男',
  出生日期: '1938-02-11',
  死亡日期: '2024-02-03',
  死亡地点: '家中',
  根本死因编码: 'I21.9',
  常住地区划代码: '330522002200',
});

function validate<K extends FeedKind>(kind: K, t: ReturnType<typeof table>, rows: string[][]) {
  const result = validateRows(kind, t.header, rows, TODAY);
  expect(result.fileProblem).toBeUndefined();
  return result.rows;
}

function problemsOf(row: ValidatedRow<FeedKind> | undefined): RowProblem[] {
  if (!row || row.ok) throw new Error(`expected a rejected row, got ${JSON.stringify(row)}`);
  return [...row.problems];
}

/** The single problem of a single row: its field and value, and a fragment of its English reason. */
function expectProblem<K extends FeedKind>(kind: K, t: ReturnType<typeof table>, changes: Record<string, string>, field: string, reason: string, value?: string | null) {
  const problems = problemsOf(validate(kind, t, [t.row(changes)])[0]);
  expect(problems.map((p) => p.field)).toEqual([field]);
  expect(problems[0]!.reason.en).toContain(reason);
  expect(problems[0]!.reason.zh).not.toBe('');
  expect(problems[0]!.row).toBe(2);
  expect(problems[0]!.value).toBe(value === undefined ? (changes[field] ?? null) : value);
}

describe('birth_certificate', () => {
  it('normalizes a valid row into a record', () => {
    const rows = validate('birth_certificate', birth, [birth.row({ 出生日期: '2024年3月15日', 出生时间: '8:42', 出生体重: '3.25kg', 出生孕周: '39+2', 母亲身份证号: MOTHER.slice(0, 6) + MOTHER.slice(8, 17) })]);
    expect(rows).toEqual([
      {
        row: 2,
        ok: true,
        key: 'R330522001',
        record: {
          certificateNumber: 'R330522001', childName: '沈子涵', childSex: 'female', birthDate: '2024-03-15', birthTime: '08:42', weightGrams: 3250,
          gestationWeeks: 39, hospital: '长兴县人民医院', motherName: '钱晓燕', motherIdNumber: MOTHER, fatherName: '沈建国', fatherIdNumber: FATHER,
          addressRegion: '330522001001',
        },
      },
    ]);
  });
  it('blank optional cells and missing optional columns are null', () => {
    const required = table({ 出生医学证明编号: 'R1', 新生儿姓名: '沈子涵', 新生儿性别: '2', 出生日期: '20240315', 助产机构: '长兴县人民医院', 母亲姓名: '钱晓燕', 家庭住址区划代码: '330522001' });
    const [row] = validate('birth_certificate', required, [required.row()]);
    expect(row).toMatchObject({ ok: true, record: { birthTime: null, weightGrams: null, gestationWeeks: null, motherIdNumber: null, fatherName: null, fatherIdNumber: null, addressRegion: '330522001' } });
    const [blank] = validate('birth_certificate', birth, [birth.row({ 出生时间: '', 出生体重: ' ', 父亲姓名: '', 父亲身份证号: '' })]);
    expect(blank).toMatchObject({ ok: true, record: { birthTime: null, weightGrams: null, fatherName: null, fatherIdNumber: null } });
  });
  it.each([
    ['出生医学证明编号', ''],
    ['新生儿姓名', ''],
    ['新生儿性别', ''],
    ['出生日期', ''],
    ['助产机构', ' '],
    ['母亲姓名', ''],
    ['家庭住址区划代码', ''],
  ])('%s is required', (field, blank) => expectProblem('birth_certificate', birth, { [field]: blank }, field, 'is required'));
  it('checks every field', () => {
    expectProblem('birth_certificate', birth, { 新生儿姓名: 'Baby' }, '新生儿姓名', 'only Chinese characters');
    expectProblem('birth_certificate', birth, { 新生儿性别: '未知' }, '新生儿性别', 'sex must be');
    expectProblem('birth_certificate', birth, { 出生日期: '2024-07-01' }, '出生日期', 'in the future');
    expectProblem('birth_certificate', birth, { 出生时间: '25:00' }, '出生时间', 'out of range');
    expectProblem('birth_certificate', birth, { 出生体重: '250' }, '出生体重', 'between 300 and 7000 g');
    expectProblem('birth_certificate', birth, { 出生孕周: '50' }, '出生孕周', 'between 20 and 45 weeks');
    expectProblem('birth_certificate', birth, { 母亲身份证号: `99${MOTHER.slice(2)}` }, '母亲身份证号', 'region code is not recognised');
    expectProblem('birth_certificate', birth, { 家庭住址区划代码: '330522' }, '家庭住址区划代码', 'township (9 digits) or village (12 digits)');
  });
  it('the mother’s ID must be a woman’s and the father’s a man’s', () => {
    expectProblem('birth_certificate', birth, { 母亲身份证号: FATHER }, '母亲身份证号', "mother's ID number is of a man", FATHER);
    expectProblem('birth_certificate', birth, { 父亲身份证号: MOTHER }, '父亲身份证号', "father's ID number is of a woman", MOTHER);
  });
  it('a parent must be born before the child', () => {
    const young = buildIdNumber('330522', '2024-03-16', 2);
    expectProblem('birth_certificate', birth, { 母亲身份证号: young }, '母亲身份证号', "mother's birth date (2024-03-16) is not before the child's", young);
  });
});

describe('police_hukou', () => {
  it('normalizes a valid row into a record', () => {
    expect(validate('police_hukou', police, [police.row({ 变动类型: 'move_in', 姓名: '王 建平', 性别: 'M', 出生日期: '1990/1/1', 变动日期: '45384' })])).toEqual([
      {
        row: 2, ok: true, key: 'GA2024000123',
        record: { recordNumber: 'GA2024000123', change: 'move_in', idNumber: MAN, name: '王建平', sex: 'male', birthDate: '1990-01-01', occurredOn: '2024-04-02', fromRegion: '320508', toRegion: '330522001002' },
      },
    ]);
  });
  it('reads the three kinds of change', () => {
    const rows = validate('police_hukou', police, [
      police.row({ 业务编号: 'A', 变动类型: '迁入' }),
      police.row({ 业务编号: 'B', 变动类型: '迁出', 迁出地区划代码: '330522001002', 迁入地区划代码: '' }),
      police.row({ 业务编号: 'C', 变动类型: '户籍变更', 迁入地区划代码: '330522002' }),
      police.row({ 业务编号: 'D', 变动类型: '出国' }),
    ]);
    expect(rows.map((r) => (r.ok ? r.record.change : r.problems[0]!.field))).toEqual(['move_in', 'move_out', 'hukou_change', '变动类型']);
  });
  it('upgrades 15-digit IDs and upper-cases x', () => {
    const old = table({ ...Object.fromEntries(police.header.map((h, i) => [h, police.row()[i]!])), 公民身份号码: '130503670401001', 出生日期: '1967-04-01' });
    expect(validate('police_hukou', old, [old.row()])[0]).toMatchObject({ ok: true, record: { idNumber: '130503196704010016' } });
    const x = buildIdNumber('110105', '1949-12-31', 2);
    const [row] = validate('police_hukou', police, [police.row({ 公民身份号码: x.toLowerCase(), 性别: '女', 出生日期: '1949-12-31' })]);
    expect(row).toMatchObject({ ok: true, record: { idNumber: '11010519491231002X' } });
  });
  it('keeps an ID whose only fault is its check character, without comparing its sex and birth date', () => {
    const typo = `${MAN.slice(0, 17)}${MAN[17] === '1' ? '2' : '1'}`;
    const [row] = validate('police_hukou', police, [police.row({ 公民身份号码: typo, 性别: '女', 出生日期: '1990-01-02' })]);
    expect(row).toMatchObject({ ok: true, record: { idNumber: typo, sex: 'female', birthDate: '1990-01-02' } });
  });
  it('rejects IDs Excel mangled, saying so', () => {
    expectProblem('police_hukou', police, { 公民身份号码: '3.30522E+17' }, '公民身份号码', 'scientific notation');
    expectProblem('police_hukou', police, { 公民身份号码: `${MAN.slice(0, 15)}000` }, '公民身份号码', 'probably rounded by Excel');
  });
  it('the sex and birth date in the ID must agree with the columns', () => {
    expectProblem('police_hukou', police, { 性别: '女' }, '性别', 'disagrees with the ID number, which says male');
    expectProblem('police_hukou', police, { 出生日期: '1990-01-02' }, '出生日期', 'disagrees with the one in the ID number (1990-01-01)');
  });
  it('the birth date may not be after the change', () => {
    const baby = buildIdNumber('330522', '2024-05-01', 11);
    expectProblem('police_hukou', police, { 公民身份号码: baby, 出生日期: '2024-05-01' }, '出生日期', 'after the date of the change (2024-04-02)', '2024-05-01');
  });
  it('a move-in needs a 12-digit village; a hukou change needs the new region', () => {
    expectProblem('police_hukou', police, { 迁入地区划代码: '' }, '迁入地区划代码', '12-digit code of the village', '');
    expectProblem('police_hukou', police, { 迁入地区划代码: '330522001' }, '迁入地区划代码', 'must be a 12-digit village code');
    expectProblem('police_hukou', police, { 变动类型: '户籍变更', 迁入地区划代码: '' }, '迁入地区划代码', 'region code of the new hukou', '');
  });
  it('a move-in without the destination column names the canonical field', () => {
    const noTo = table(Object.fromEntries(police.header.filter((h) => h !== '迁入地区划代码').map((h) => [h, police.row()[police.header.indexOf(h)]!])));
    const problems = problemsOf(validate('police_hukou', noTo, [noTo.row()])[0]);
    expect(problems).toEqual([{ row: 2, field: 'toRegion', value: null, reason: expect.objectContaining({ en: expect.stringContaining('12-digit') }) }]);
  });
  it('region codes must look like statistical codes', () => {
    expectProblem('police_hukou', police, { 迁出地区划代码: '32050' }, '迁出地区划代码', 'wrong number of digits');
    expectProblem('police_hukou', police, { 迁出地区划代码: '3.20508E+11' }, '迁出地区划代码', 'scientific notation');
  });
});

describe('civil_marriage', () => {
  it('normalizes a valid row into a record', () => {
    expect(validate('civil_marriage', marriage, [marriage.row({ 登记类型: '离婚登记', 登记日期: '2024/5/20' })])).toEqual([
      {
        row: 2, ok: true, key: 'J330522-2024-000101',
        record: { certificateNumber: 'J330522-2024-000101', registration: 'divorce', occurredOn: '2024-05-20', husbandName: '王建平', husbandIdNumber: MAN, wifeName: '李晓红', wifeIdNumber: WOMAN, office: '长兴县民政局婚姻登记处' },
      },
    ]);
  });
  it.each(['证书编号', '登记类型', '登记日期', '男方姓名', '男方身份证号', '女方姓名', '女方身份证号'])('%s is required', (field) => {
    expectProblem('civil_marriage', marriage, { [field]: '' }, field, 'is required');
  });
  it('the registration is marriage or divorce', () => {
    expectProblem('civil_marriage', marriage, { 登记类型: '复婚' }, '登记类型', 'must be 结婚 (marriage) or 离婚 (divorce)');
  });
  it('the husband’s ID must be a man’s and the wife’s a woman’s', () => {
    expectProblem('civil_marriage', marriage, { 男方身份证号: WOMAN }, '男方身份证号', "husband's ID number is of a woman", WOMAN);
    expectProblem('civil_marriage', marriage, { 女方身份证号: MAN }, '女方身份证号', "wife's ID number is of a man", MAN);
  });
  it('no one marries before being born, and no registration is in the future', () => {
    const later = buildIdNumber('330522', '2024-06-01', 17);
    expectProblem('civil_marriage', marriage, { 男方身份证号: later }, '男方身份证号', 'birth date in the ID number is after the registration date', later);
    expectProblem('civil_marriage', marriage, { 登记日期: '2025-01-01' }, '登记日期', 'in the future');
  });
  it('rejects invalid IDs and names', () => {
    expectProblem('civil_marriage', marriage, { 女方身份证号: '33052319910517042' }, '女方身份证号', 'invalid ID number');
    expectProblem('civil_marriage', marriage, { 男方姓名: '王建平2' }, '男方姓名', 'only Chinese characters');
  });
});

describe('death_registration', () => {
  it('normalizes a valid row into a record; the ID is optional', () => {
    const rows = validate('death_registration', death, [death.row({ 根本死因编码: 'i21.9', 常住地区划代码: '330522002200' }), death.row({ 死亡登记编号: 'SW2', 公民身份号码: '', 死亡地点: '' })]);
    expect(rows[0]).toEqual({
      row: 2, ok: true, key: 'SW2024-0007',
      record: { registrationNumber: 'SW2024-0007', name: '周阿大', idNumber: death.row()[2], sex: 'male', birthDate: '1938-02-11', deathDate: '2024-02-03', place: '家中', cause: 'I21.9', residenceRegion: '330522002200' },
    });
    expect(rows[1]).toMatchObject({ ok: true, record: { idNumber: null, place: null } });
  });
  it('checks the cause, dates and ID', () => {
    expectProblem('death_registration', death, { 根本死因编码: '心肌梗死' }, '根本死因编码', 'ICD-10');
    expectProblem('death_registration', death, { 死亡日期: '2024-12-01' }, '死亡日期', 'in the future');
    expectProblem('death_registration', death, { 出生日期: '1938-02-12' }, '出生日期', 'disagrees with the one in the ID number');
    expectProblem('death_registration', death, { 性别: '女' }, '性别', 'disagrees with the ID number');
  });
  it('a birth date after the death is rejected', () => {
    expectProblem('death_registration', death, { 公民身份号码: '', 出生日期: '2024-02-04' }, '出生日期', 'after the date of death (2024-02-03)', '2024-02-04');
  });
});

describe('every row, every kind', () => {
  it('reports all problems of a row, not just the first', () => {
    const problems = problemsOf(validate('death_registration', death, [death.row({ 姓名: 'X', 性别: '?', 死亡日期: 'soon', 根本死因编码: '' })])[0]);
    expect(problems.map((p) => p.field)).toEqual(['姓名', '性别', '死亡日期', '根本死因编码']);
  });
  it('marks later duplicates of a key, with the first row’s number', () => {
    const rows = validate('death_registration', death, [death.row(), death.row({ 死亡登记编号: 'SW2' }), death.row({ 死亡登记编号: ' SW2024-0007 ' })]);
    expect(rows.map((r) => r.ok)).toEqual([true, true, false]);
    expect(problemsOf(rows[2])).toEqual([{ row: 4, field: '死亡登记编号', value: 'SW2024-0007', reason: { zh: '编号与第2行重复', en: 'duplicate of row 2' } }]);
    expect(rows[2]!.key).toBe('SW2024-0007');
  });
  it('a rejected row keeps its key when the key is fine, and null when it is blank', () => {
    const rows = validate('civil_marriage', marriage, [marriage.row({ 登记类型: '?' }), marriage.row({ 证书编号: '' })]);
    expect(rows.map((r) => r.key)).toEqual(['J330522-2024-000101', null]);
  });
  it('names fields as the file does and ignores unknown columns', () => {
    const header = ['备注', 'registration_number', 'NAME', 'sex', 'birth_date', 'death_date', 'cause'];
    const { rows } = validateRows('death_registration', header, [['x', 'D1', '张三', 'x', '1950-01-01', '2024-01-01', 'C34.1']], TODAY);
    expect(problemsOf(rows[0])).toEqual([{ row: 2, field: 'sex', value: 'x', reason: expect.anything() }]);
  });
  it('treats missing trailing cells as empty, skips blank rows and uses the given row numbers', () => {
    const { rows } = validateRows('death_registration', death.header, [death.row(), ['', ' ', ''], ['SW9', '周阿二']], TODAY, { rowNumbers: [2, 4, 7] });
    expect(rows.map((r) => r.row)).toEqual([2, 7]);
    expect(problemsOf(rows[1]).map((p) => p.field)).toEqual(['性别', '出生日期', '死亡日期', '根本死因编码']);
  });
  it('returns the header’s problem and no rows', () => {
    const r = validateRows('police_hukou', death.header, [death.row()], TODAY);
    expect(r.rows).toEqual([]);
    expect(r.fileProblem?.code).toBe('WRONG_HEADERS');
  });
  it('refuses a malformed today', () => {
    expect(() => validateRows('police_hukou', police.header, [], '30/06/2024')).toThrow(RangeError);
  });
});
