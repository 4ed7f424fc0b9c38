import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { CITY_CODES, COUNTY_CODES, PROVINCE_CODES } from '../regions/county-codes.generated';
import {
  buildIdNumber,
  checkCharacter,
  ID_NUMBER_MESSAGES,
  type IdNumberErrorCode,
  isValidIdNumber,
  maskIdNumber,
  normalizeIdNumber,
  parseIdNumber,
} from './id-number';

// A fixed "today" keeps the tests independent of the wall clock.
const TODAY = '2024-06-30';
const parse = (input: string) => parseIdNumber(input, { today: TODAY });

function expectCode(input: string, code: IdNumberErrorCode, today = TODAY): void {
  const result = parseIdNumber(input, { today });
  expect(result).toEqual({ ok: false, code, message: ID_NUMBER_MESSAGES[code], input });
}

// Check characters in the fixtures below were computed independently of the implementation.
describe('parseIdNumber — valid IDs', () => {
  it('parses the GB 11643 sample 11010519491231002X', () => {
    expect(parse('11010519491231002X')).toEqual({
      ok: true,
      value: {
        idNumber: '11010519491231002X',
        regionCode: '110105',
        regionKnownAs: 'county',
        birthDate: '1949-12-31',
        sequence: '002',
        sex: 'female',
        upgradedFrom15: false,
      },
    });
  });

  it('reads an odd sequence as male', () => {
    const result = parse('33052219900101001X');
    expect(result.ok && result.value).toMatchObject({ regionCode: '330522', birthDate: '1990-01-01', sex: 'male' });
  });

  it('accepts a lower-case x, surrounding whitespace and full-width characters', () => {
    for (const input of ['11010519491231002x', '  11010519491231002X\t', '\u3000１１０１０５１９４９１２３１００２ｘ']) {
      const result = parse(input);
      expect(result.ok && result.value.idNumber).toBe('11010519491231002X');
    }
  });

  it('upgrades a 15-digit ID to 18 characters', () => {
    expect(parse('130503670401001')).toEqual({
      ok: true,
      value: {
        idNumber: '130503196704010016',
        regionCode: '130503',
        regionKnownAs: 'county',
        birthDate: '1967-04-01',
        sequence: '001',
        sex: 'male',
        upgradedFrom15: true,
      },
    });
    expect(checkCharacter('13050319670401001')).toBe('6');
  });

  it('accepts a historical county code whose city is still known', () => {
    expect(COUNTY_CODES.has('440524')).toBe(false); // former 潮阳县, absorbed into 汕头市
    const result = parse('440524198001010013');
    expect(result.ok && result.value).toMatchObject({ regionCode: '440524', regionKnownAs: 'city' });
  });

  it('accepts a code whose only known level is the province', () => {
    expect(CITY_CODES.has('4421')).toBe(false);
    const result = parse('442100198001010020');
    expect(result.ok && result.value.regionKnownAs).toBe('province');
  });

  it('knows Hong Kong, Macao and Taiwan as provinces', () => {
    for (const code of ['71', '81', '82']) expect(PROVINCE_CODES.has(code)).toBe(true);
    const result = parse('810000199001010035');
    expect(result.ok && result.value.regionKnownAs).toBe('province');
  });

  it('accepts 29 February in a leap year (2000 is divisible by 400)', () => {
    expect(parse('110105200002290013').ok).toBe(true);
  });

  it('accepts the earliest allowed date and a birth date equal to today', () => {
    expect(parse('11010519000101001X').ok).toBe(true);
    expect(parseIdNumber('110105202403010026', { today: '2024-03-01' }).ok).toBe(true);
  });
});

describe('parseIdNumber — each error code', () => {
  it('ID_EMPTY', () => {
    expectCode('', 'ID_EMPTY');
    expectCode('   ', 'ID_EMPTY');
  });

  it('ID_LENGTH', () => {
    expectCode('11010519491231002', 'ID_LENGTH');
    expectCode('11010519491231002X1', 'ID_LENGTH');
    expectCode('1301', 'ID_LENGTH');
  });

  it('ID_FORMAT', () => {
    expectCode('1101051949123100XX', 'ID_FORMAT');
    expectCode('11010519491231002A', 'ID_FORMAT');
    expectCode('11010519491 31002X', 'ID_FORMAT');
    expectCode('13050367040100X', 'ID_FORMAT'); // 15-digit IDs never had a check character
  });

  it('ID_REGION_UNKNOWN', () => {
    expectCode('990000199001010017', 'ID_REGION_UNKNOWN');
    expectCode('000000670401001', 'ID_REGION_UNKNOWN');
  });

  it('ID_BIRTH_DATE_INVALID, including 29 February 1900 (divisible by 100, not by 400)', () => {
    expectCode('110105190002290011', 'ID_BIRTH_DATE_INVALID');
    expectCode('110105199013010017', 'ID_BIRTH_DATE_INVALID');
    expectCode('110105199004310010', 'ID_BIRTH_DATE_INVALID');
    expectCode('130503670230001', 'ID_BIRTH_DATE_INVALID');
  });

  it('ID_BIRTH_DATE_TOO_EARLY: the GB 11643 sample 440524188001010014 has a correct check character but predates 1900', () => {
    expect(checkCharacter('44052418800101001')).toBe('4');
    expectCode('440524188001010014', 'ID_BIRTH_DATE_TOO_EARLY');
  });

  it('ID_BIRTH_DATE_FUTURE, relative to the injected today', () => {
    expectCode('110105202403010026', 'ID_BIRTH_DATE_FUTURE', '2024-02-29');
    expect(parseIdNumber('110105202403010026', { today: '2024-03-01' }).ok).toBe(true);
  });

  it('ID_CHECK_CHARACTER', () => {
    expectCode('110105194912310021', 'ID_CHECK_CHARACTER');
    expectCode('130503196704010017', 'ID_CHECK_CHARACTER');
  });

  it('reports checks in the documented order', () => {
    // Unknown region + impossible date + wrong check character: region wins.
    expectCode('990000199013010010', 'ID_REGION_UNKNOWN');
    // Impossible date + wrong check character: date wins.
    expectCode('110105199013010010', 'ID_BIRTH_DATE_INVALID');
    // Future date + wrong check character: future wins.
    expectCode('110105203001010010', 'ID_BIRTH_DATE_FUTURE');
  });

  it('rejects a malformed injected today', () => {
    expect(() => parseIdNumber('11010519491231002X', { today: '2024-02-30' })).toThrow(RangeError);
  });

  it('has a bilingual message for every code', () => {
    for (const text of Object.values(ID_NUMBER_MESSAGES)) {
      expect(text.zh.length).toBeGreaterThan(0);
      expect(text.en.length).toBeGreaterThan(0);
    }
    expect(ID_NUMBER_MESSAGES.ID_CHECK_CHARACTER).toEqual({ zh: '校验码错误', en: 'check character is wrong' });
  });
});

describe('checkCharacter', () => {
  it('computes ISO 7064 MOD 11-2', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkCharacter('33052219900101001')).toBe('X');
    expect(checkCharacter('11010520000229001')).toBe('3');
  });

  it('rejects anything but 17 digits', () => {
    expect(() => checkCharacter('1101051949123100')).toThrow(RangeError);
    expect(() => checkCharacter('1101051949123100X')).toThrow(RangeError);
  });
});

describe('isValidIdNumber / normalizeIdNumber', () => {
  it('isValidIdNumber mirrors parseIdNumber', () => {
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
  });

  it('normalizes to the canonical 18-character form', () => {
    expect(normalizeIdNumber(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('130503670401001')).toBe('130503196704010016');
  });

  it('throws a DomainError that never contains the full ID', () => {
    const input = '110105194912310021';
    let caught: unknown;
    try {
      normalizeIdNumber(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    const error = caught as DomainError;
    expect(error.code).toBe('ID_CHECK_CHARACTER');
    expect(error.status).toBe(400);
    expect(error.text).toEqual(ID_NUMBER_MESSAGES.ID_CHECK_CHARACTER);
    expect(error.details).toEqual([
      { path: 'idNumber', value: '110105********0021', reason: ID_NUMBER_MESSAGES.ID_CHECK_CHARACTER },
    ]);
    expect(JSON.stringify({ message: error.message, details: error.details, stack: error.stack })).not.toContain(input);
  });

  it('respects the injected today', () => {
    expect(() => normalizeIdNumber('110105202403010026', { today: '2024-02-29' })).toThrow(
      expect.objectContaining({ code: 'ID_BIRTH_DATE_FUTURE' }),
    );
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 6 and last 4 characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('130503670401001')).toBe('130503********1001');
  });

  it('masks short inputs completely', () => {
    expect(maskIdNumber('')).toBe('');
    expect(maskIdNumber('123456789')).toBe('*********');
  });
});

describe('buildIdNumber', () => {
  it('composes the GB 11643 sample', () => {
    expect(buildIdNumber('110105', '1949-12-31', 2)).toBe('11010519491231002X');
    expect(buildIdNumber('110105', '2000-02-29', 1)).toBe('110105200002290013');
  });

  it('rejects arguments that cannot make a valid ID', () => {
    expect(() => buildIdNumber('990000', '1990-01-01', 1)).toThrow(RangeError);
    expect(() => buildIdNumber('11010', '1990-01-01', 1)).toThrow(RangeError);
    expect(() => buildIdNumber('110105', '1900-02-29', 1)).toThrow(RangeError);
    expect(() => buildIdNumber('110105', '1899-12-31', 1)).toThrow(RangeError);
    expect(() => buildIdNumber('110105', '1990-01-01', 1000)).toThrow(RangeError);
    expect(() => buildIdNumber('110105', '1990-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('properties', () => {
  const counties = [...COUNTY_CODES].sort();
  const dayMs = 86_400_000;
  const minDay = Date.UTC(1900, 0, 1) / dayMs;
  const maxDay = Date.UTC(2024, 5, 30) / dayMs;
  const birthDate = fc
    .integer({ min: minDay, max: maxDay })
    .map((day) => new Date(day * dayMs).toISOString().slice(0, 10));
  const validId = fc
    .record({ region: fc.constantFrom(...counties), birthDate, sequence: fc.integer({ min: 0, max: 999 }) })
    .map(({ region, birthDate, sequence }) => ({ region, birthDate, sequence, id: buildIdNumber(region, birthDate, sequence) }));

  it('buildIdNumber always parses back to the same region, birth date and sex', () => {
    fc.assert(
      fc.property(validId, ({ region, birthDate, sequence, id }) => {
        const result = parse(id);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.value).toEqual({
          idNumber: id,
          regionCode: region,
          regionKnownAs: 'county',
          birthDate,
          sequence: String(sequence).padStart(3, '0'),
          sex: sequence % 2 === 1 ? 'male' : 'female',
          upgradedFrom15: false,
        });
      }),
    );
  });

  it('changing any single character of a valid ID makes it invalid', () => {
    const mutation = fc
      .tuple(validId, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }))
      .map(([{ id }, position, shift]) => {
        // Position 17 may also hold X, so it has 11 possible values; the others have 10.
        const alphabet = position === 17 ? '0123456789X' : '0123456789';
        const current = alphabet.indexOf(id[position]!);
        const replacement = alphabet[(current + (shift % alphabet.length || 1)) % alphabet.length]!;
        return { id, mutated: id.slice(0, position) + replacement + id.slice(position + 1) };
      });
    fc.assert(
      fc.property(mutation, ({ id, mutated }) => {
        expect(mutated).not.toBe(id);
        expect(isValidIdNumber(mutated, { today: TODAY })).toBe(false);
      }),
    );
  });

  it('the 15-digit form and its 18-character upgrade normalize to the same ID', () => {
    const oldId = fc
      .record({
        region: fc.constantFrom(...counties),
        day: fc.integer({ min: Date.UTC(1900, 0, 1) / dayMs, max: Date.UTC(1999, 11, 31) / dayMs }),
        sequence: fc.integer({ min: 0, max: 999 }),
      })
      .map(({ region, day, sequence }) => {
        const date = new Date(day * dayMs).toISOString().slice(0, 10);
        return { date, sequence, region, old: `${region}${date.slice(2).replaceAll('-', '')}${String(sequence).padStart(3, '0')}` };
      });
    fc.assert(
      fc.property(oldId, ({ region, date, sequence, old }) => {
        expect(normalizeIdNumber(old, { today: TODAY })).toBe(buildIdNumber(region, date, sequence));
      }),
    );
  });
});
