import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { ageOn } from '../common/common';
import { assertEventNotAfterDeath, assertMarriageAge, assertMotherAge, assertNotFuture } from './rules';

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).code;
  }
}

describe('ageOn', () => {
  it('counts whole years, turning on the birthday', () => {
    expect(ageOn('2000-06-15', '2022-06-14')).toBe(21);
    expect(ageOn('2000-06-15', '2022-06-15')).toBe(22);
    expect(ageOn('2000-02-29', '2021-02-28')).toBe(20);
    expect(ageOn('2000-02-29', '2021-03-01')).toBe(21);
  });
});

describe('registry rules', () => {
  it('refuses dates after today', () => {
    expect(codeOf(() => assertNotFuture('x', '2025-07-01', '2025-06-30'))).toBe('DATE_IN_FUTURE');
    expect(codeOf(() => assertNotFuture('x', '2025-06-30', '2025-06-30'))).toBeUndefined();
  });
  it('mothers are between 12 and 60 at the birth', () => {
    expect(codeOf(() => assertMotherAge('2010-01-01', '2021-12-31'))).toBe('MOTHER_TOO_YOUNG');
    expect(codeOf(() => assertMotherAge('2010-01-01', '2022-01-01'))).toBeUndefined();
    expect(codeOf(() => assertMotherAge('1960-01-01', '2020-12-31'))).toBeUndefined();
    expect(codeOf(() => assertMotherAge('1960-01-01', '2021-01-01'))).toBe('MOTHER_TOO_OLD');
  });
  it('legal marriage ages are 22 for men and 20 for women', () => {
    expect(codeOf(() => assertMarriageAge('h', 'male', '2000-05-05', '2022-05-04'))).toBe('UNDER_MARRIAGE_AGE');
    expect(codeOf(() => assertMarriageAge('h', 'male', '2000-05-05', '2022-05-05'))).toBeUndefined();
    expect(codeOf(() => assertMarriageAge('w', 'female', '2002-05-05', '2022-05-04'))).toBe('UNDER_MARRIAGE_AGE');
    expect(codeOf(() => assertMarriageAge('w', 'female', '2002-05-05', '2022-05-05'))).toBeUndefined();
  });
  it('no event after a death', () => {
    expect(codeOf(() => assertEventNotAfterDeath('p', '2020-01-01', '2020-01-02'))).toBe('EVENT_AFTER_DEATH');
    expect(codeOf(() => assertEventNotAfterDeath('p', '2020-01-01', '2020-01-01'))).toBeUndefined();
    expect(codeOf(() => assertEventNotAfterDeath('p', null, '2030-01-01'))).toBeUndefined();
  });
  it('every rule error speaks Chinese and English and names the field', () => {
    try {
      assertMotherAge('2015-01-01', '2020-01-01');
    } catch (e) {
      const d = e as DomainError;
      expect(d.text.zh).toMatch(/母亲/);
      expect(d.text.en).toMatch(/mother/);
      expect(d.details[0]!.path).toBe('body.motherId');
      expect(d.status).toBe(422);
    }
    expect.assertions(4);
  });
});
