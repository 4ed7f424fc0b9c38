import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { columnNames, FEED_COLUMNS, type FeedColumn, FEED_KEYS, guessFeedKind, headerKey, headerProblem, matchHeader } from './feeds';
import { FEED_KINDS } from './records';

const zhHeader = (kind: (typeof FEED_KINDS)[number]) => FEED_COLUMNS[kind].map((c) => c.zh);
const enHeader = (kind: (typeof FEED_KINDS)[number]) => FEED_COLUMNS[kind].map((c) => c.en);

describe('column lists', () => {
  it.each(FEED_KINDS)('%s: no header means two columns', (kind) => {
    const owner = new Map<string, string>();
    for (const c of FEED_COLUMNS[kind] as readonly FeedColumn[]) {
      for (const n of columnNames(c)) {
        const k = headerKey(n);
        expect(owner.get(k) ?? c.key, `${n} is claimed by ${owner.get(k)} and ${c.key}`).toBe(c.key);
        owner.set(k, c.key);
      }
    }
  });
  it.each(FEED_KINDS)('%s: the key column is required and English names are snake_case', (kind) => {
    const keyColumn = FEED_COLUMNS[kind].find((c) => c.key === FEED_KEYS[kind]);
    expect(keyColumn?.required).toBe(true);
    for (const c of FEED_COLUMNS[kind]) expect(c.en).toMatch(/^[a-z]+(_[a-z0-9]+)*$/);
  });
});

describe('matchHeader', () => {
  it.each(FEED_KINDS)('%s: the Chinese and the English template headers match every column', (kind) => {
    for (const header of [zhHeader(kind), enHeader(kind), FEED_COLUMNS[kind].map((c) => c.key)]) {
      const m = matchHeader(kind, header);
      expect(m.matched).toBe(FEED_COLUMNS[kind].length);
      expect(m.missing).toEqual([]);
      expect(headerProblem(kind, header)).toBeUndefined();
    }
  });
  it.each(FEED_KINDS)('%s: every alias matches its column', (kind) => {
    for (const c of FEED_COLUMNS[kind]) {
      for (const alias of c.aliases) expect(matchHeader(kind, [alias]).indexes.get(c.key), alias).toBe(0);
    }
  });
  it('ignores BOM, zero-width characters, full-width letters, spaces, stars and case', () => {
    const m = matchHeader('death_registration', ['\uFEFF死亡登记编号', '姓\u200B名 ', '＊性别', 'Birth Date', 'DEATH-DATE', '根本死因ＩＣＤ－１０编码']);
    expect([...m.indexes.keys()]).toEqual(['registrationNumber', 'name', 'sex', 'birthDate', 'deathDate', 'cause']);
  });
  it('tries a header with and without a trailing hint in brackets', () => {
    const m = matchHeader('birth_certificate', ['出生体重（克）', '出生日期(YYYY-MM-DD)', '孕周(周)']);
    expect(m.indexes.get('weightGrams')).toBe(0);
    expect(m.indexes.get('birthDate')).toBe(1);
    expect(m.indexes.get('gestationWeeks')).toBe(2);
  });
  it('ignores unknown columns and remembers positions', () => {
    const m = matchHeader('civil_marriage', ['备注', ...zhHeader('civil_marriage'), '经办人']);
    expect(m.indexes.get('certificateNumber')).toBe(1);
    expect(m.matched).toBe(FEED_COLUMNS.civil_marriage.length);
  });
});

describe('headerProblem', () => {
  it('MISSING_COLUMNS names every missing required column in Chinese and English', () => {
    const header = zhHeader('death_registration').filter((h) => h !== '死亡日期' && h !== '根本死因编码');
    const p = headerProblem('death_registration', header)!;
    expect(p.code).toBe('MISSING_COLUMNS');
    expect(p.message.zh).toContain('“死亡日期”（death_date）');
    expect(p.message.zh).toContain('“根本死因编码”（cause）');
    expect(p.message.en).toContain('death_date (死亡日期)');
    expect(p.details.map((d) => d.path)).toEqual(['death_date', 'cause']);
    expect(p.details[1]!.reason.en).toContain('underlying_cause');
  });
  it('optional columns may be missing', () => {
    const header = FEED_COLUMNS.birth_certificate.filter((c) => c.required).map((c) => c.zh);
    expect(headerProblem('birth_certificate', header)).toBeUndefined();
  });
  it('WRONG_HEADERS when nothing matches, without a suggestion', () => {
    const p = headerProblem('police_hukou', ['a', 'b', '备注'])!;
    expect(p.code).toBe('WRONG_HEADERS');
    expect(p.details.map((d) => d.path)).toEqual(['header']);
    expect(p.message.zh).toContain('请使用模板的表头');
  });
  it.each(FEED_KINDS.flatMap((expected) => FEED_KINDS.filter((k) => k !== expected).map((actual) => [expected, actual] as const)))(
    'WRONG_HEADERS when a %s upload has the headers of %s, suggesting the latter',
    (expected, actual) => {
      const p = headerProblem(expected, zhHeader(actual))!;
      expect(p.code).toBe('WRONG_HEADERS');
      expect(p.details.find((d) => d.path === 'suggestedKind')?.value).toBe(actual);
    },
  );
  it('DUPLICATE_COLUMNS when two headers mean one column', () => {
    const p = headerProblem('police_hukou', [...zhHeader('police_hukou'), '身份证号'])!;
    expect(p.code).toBe('DUPLICATE_COLUMNS');
    expect(p.details).toEqual([{ path: 'id_number', value: ['公民身份号码', '身份证号'], reason: expect.anything() }]);
  });
});

describe('guessFeedKind', () => {
  it.each(FEED_KINDS)('recognises %s by its Chinese and English headers', (kind) => {
    expect(guessFeedKind(zhHeader(kind))).toBe(kind);
    expect(guessFeedKind(enHeader(kind))).toBe(kind);
  });
  it('is undefined when nothing matches', () => {
    expect(guessFeedKind(['foo', 'bar'])).toBeUndefined();
  });
});

describe('docs/domain/exchange.md', () => {
  it.each(FEED_KINDS)('lists every header and alias of %s', (kind) => {
    const doc = readFileSync(new URL('../../../../docs/domain/exchange.md', import.meta.url), 'utf8');
    for (const c of FEED_COLUMNS[kind]) for (const n of [c.zh, c.en, ...c.aliases]) expect(doc, `${kind}.${c.key}: ${n}`).toContain(n);
  });
});
