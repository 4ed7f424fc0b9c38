import { describe, expect, it } from 'vitest';
import { buildIdNumber } from '../id-number/id-number';
import {
  cleanText,
  excelSerialToDate,
  isScientificNotation,
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
  unpadRegionCode,
  type Parsed,
} from './values';

const TODAY = '2024-06-30';
const value = <T>(p: Parsed<T>): T => {
  if (!p.ok) throw new Error(`expected a value, got: ${p.reason.en}`);
  return p.value;
};
const reason = (p: Parsed<unknown>): string => {
  if (p.ok) throw new Error(`expected a problem, got ${JSON.stringify(p.value)}`);
  return `${p.reason.zh} | ${p.reason.en}`;
};

describe('text clean-up', () => {
  it('removes BOM and zero-width characters and trims, also U+3000', () => {
    expect(cleanText('\uFEFF\u200B 张三\u200D\u3000')).toBe('张三');
  });
  it('turns full-width ASCII into half-width', () => {
    expect(toHalfWidth('２０２４－０１－０５')).toBe('2024-01-05');
    expect(toHalfWidth('ＡＢＣ　１')).toBe('ABC 1');
  });
  it('recognises scientific notation as Excel shows it', () => {
    expect(isScientificNotation('3.30522E+17')).toBe(true);
    expect(isScientificNotation('3.30522199001011e+17')).toBe(true);
    expect(isScientificNotation('330522199001011000')).toBe(false);
  });
});

describe('parseDate', () => {
  it.each([
    ['2024-01-05', '2024-01-05'],
    ['2024/1/5', '2024-01-05'],
    ['2024.1.5', '2024-01-05'],
    ['20240105', '2024-01-05'],
    ['2024年1月5日', '2024-01-05'],
    ['2024年01月05日', '2024-01-05'],
    ['２０２４－０１－０５', '2024-01-05'],
    ['45292', '2024-01-01'],
    ['45292.75', '2024-01-01'],
    ['2024-01-05 00:00:00', '2024-01-05'],
    ['2024/1/5 10:30', '2024-01-05'],
    ['2024-01-05T10:30:00Z', '2024-01-05'],
    ['2024年1月5日10时30分', '2024-01-05'],
    ['2024-02-29', '2024-02-29'],
    [TODAY, TODAY],
  ])('%s → %s', (raw, expected) => {
    expect(value(parseDate(raw, TODAY))).toBe(expected);
  });

  it('rejects dates that do not exist', () => {
    expect(reason(parseDate('2023-02-29', TODAY))).toContain('not a valid calendar date');
    expect(reason(parseDate('2024/13/1', TODAY))).toContain('not a valid calendar date');
    expect(reason(parseDate('20240431', TODAY))).toContain('not a valid calendar date');
  });
  it('rejects dates after today', () => {
    expect(reason(parseDate('2024-07-01', TODAY))).toContain('in the future (after 2024-06-30)');
    expect(reason(parseDate('50000', TODAY))).toContain('in the future');
  });
  it('rejects a year alone, dates before 1900 and other text', () => {
    expect(reason(parseDate('2024', TODAY))).toContain('only a year');
    expect(reason(parseDate('1899-12-31', TODAY))).toContain('before 1900');
    expect(reason(parseDate('01/05/2024', TODAY))).toContain('date format not recognised');
    expect(reason(parseDate('昨天', TODAY))).toContain('date format not recognised');
  });
});

describe('excelSerialToDate', () => {
  it('follows Excel’s 1900 system, including its fictitious 1900-02-29', () => {
    expect(excelSerialToDate(1)).toBe('1900-01-01');
    expect(excelSerialToDate(59)).toBe('1900-02-28');
    expect(excelSerialToDate(60)).toBe('1900-02-29');
    expect(excelSerialToDate(61)).toBe('1900-03-01');
    expect(excelSerialToDate(45292)).toBe('2024-01-01');
    expect(excelSerialToDate(45292.99)).toBe('2024-01-01');
  });
  it('supports the 1904 system', () => {
    expect(excelSerialToDate(0, true)).toBe('1904-01-01');
    expect(excelSerialToDate(43830, true)).toBe('2024-01-01');
  });
});

describe('parseTimeOfDay', () => {
  it.each([['8:30', '08:30'], ['08:30', '08:30'], ['23:59:59', '23:59'], ['14时5分', '14:05'], ['０８：３０', '08:30']])('%s → %s', (raw, expected) => {
    expect(value(parseTimeOfDay(raw))).toBe(expected);
  });
  it.each(['24:00', '12:60', '8.30', '830', 'noon'])('rejects %s', (raw) => {
    expect(reason(parseTimeOfDay(raw))).toMatch(/HH:MM|out of range/);
  });
});

describe('numbers of a birth', () => {
  it('weight in grams, 300–7000, kilograms converted', () => {
    expect(value(parseWeightGrams('3250'))).toBe(3250);
    expect(value(parseWeightGrams('3250g'))).toBe(3250);
    expect(value(parseWeightGrams('3250 克'))).toBe(3250);
    expect(value(parseWeightGrams('3.25kg'))).toBe(3250);
    expect(value(parseWeightGrams('300'))).toBe(300);
    expect(value(parseWeightGrams('7000'))).toBe(7000);
    expect(reason(parseWeightGrams('299'))).toContain('between 300 and 7000 g');
    expect(reason(parseWeightGrams('7001'))).toContain('between 300 and 7000 g');
    expect(reason(parseWeightGrams('三千克'))).toContain('grams');
  });
  it('gestation in completed weeks, 20–45', () => {
    expect(value(parseGestationWeeks('39'))).toBe(39);
    expect(value(parseGestationWeeks('39周'))).toBe(39);
    expect(value(parseGestationWeeks('39+2'))).toBe(39);
    expect(value(parseGestationWeeks('39周+2天'))).toBe(39);
    expect(value(parseGestationWeeks('20'))).toBe(20);
    expect(value(parseGestationWeeks('45'))).toBe(45);
    expect(reason(parseGestationWeeks('19'))).toContain('between 20 and 45 weeks');
    expect(reason(parseGestationWeeks('46'))).toContain('between 20 and 45 weeks');
    expect(reason(parseGestationWeeks('足月'))).toContain('weeks');
  });
});

describe('parseSex', () => {
  it.each([['男', 'male'], ['女', 'female'], ['1', 'male'], ['2', 'female'], ['M', 'male'], ['f', 'female'], ['Male', 'male'], ['FEMALE', 'female'], ['男性', 'male'], ['Ｍ', 'male']])(
    '%s → %s',
    (raw, expected) => expect(value(parseSex(raw))).toBe(expected),
  );
  it.each(['0', '9', '未知', 'x'])('rejects %s', (raw) => expect(reason(parseSex(raw))).toContain('sex must be'));
});

describe('parsePersonName', () => {
  it('accepts Chinese names and minority names with a middle dot', () => {
    expect(value(parsePersonName('张三'))).toBe('张三');
    expect(value(parsePersonName('阿依古丽·买买提'))).toBe('阿依古丽·买买提');
  });
  it('removes alignment spaces and unifies the dots', () => {
    expect(value(parsePersonName('张  三'))).toBe('张三');
    expect(value(parsePersonName('阿依古丽.买买提'))).toBe('阿依古丽·买买提');
    expect(value(parsePersonName('阿依古丽•买买提'))).toBe('阿依古丽·买买提');
  });
  it('limits the length to 50', () => {
    expect(value(parsePersonName('张'.repeat(50)))).toHaveLength(50);
    expect(reason(parsePersonName('张'.repeat(51)))).toContain('longer than 50');
  });
  it('rejects Latin letters, digits and misplaced dots', () => {
    expect(reason(parsePersonName('Bob'))).toContain('only Chinese characters');
    expect(reason(parsePersonName('张3'))).toContain('only Chinese characters');
    expect(reason(parsePersonName('·张三'))).toContain('between two parts');
    expect(reason(parsePersonName('张··三'))).toContain('between two parts');
  });
});

describe('parseFreeText and parseRecordKey', () => {
  it('free text is trimmed and limited', () => {
    expect(value(parseFreeText('  湖州市妇幼保健院（南院）  '))).toBe('湖州市妇幼保健院（南院）');
    expect(reason(parseFreeText('院'.repeat(101)))).toContain('longer than 100');
  });
  it('keys are trimmed, half-width, without spaces', () => {
    expect(value(parseRecordKey('  Ｒ330522000001 '))).toBe('R330522000001');
    expect(reason(parseRecordKey('R 1'))).toContain('spaces');
    expect(reason(parseRecordKey('R'.repeat(51)))).toContain('longer than 50');
    expect(reason(parseRecordKey('2.02401E+16'))).toContain('scientific notation');
  });
});

describe('parseRegionCode', () => {
  it('accepts statistical codes of the allowed lengths', () => {
    expect(value(parseRegionCode('330522001001', [12]))).toBe('330522001001');
    expect(value(parseRegionCode('330522001', [9, 12]))).toBe('330522001');
    expect(value(parseRegionCode('3305'))).toBe('3305');
  });
  it('removes zero padding before checking the level', () => {
    expect(unpadRegionCode('330522001000')).toBe('330522001');
    expect(unpadRegionCode('330522000000')).toBe('330522');
    expect(unpadRegionCode('330500000000')).toBe('3305');
    expect(unpadRegionCode('330000')).toBe('33');
    expect(value(parseRegionCode('330522001000', [9, 12]))).toBe('330522001');
    expect(reason(parseRegionCode('330522000000', [9, 12]))).toContain('township (9 digits) or village (12 digits)');
  });
  it('rejects wrong lengths, letters, unknown provinces and Excel notation', () => {
    expect(reason(parseRegionCode('3305220010'))).toContain('wrong number of digits');
    expect(reason(parseRegionCode('33052200100A'))).toContain('only digits');
    expect(reason(parseRegionCode('990522001001'))).toContain('not a province');
    expect(reason(parseRegionCode('3.30522E+11'))).toContain('scientific notation');
  });
});

describe('parseIcd10', () => {
  it.each([['I21.9', 'I21.9'], ['i21.9', 'I21.9'], ['A00', 'A00'], ['Z99', 'Z99'], ['C34.101', 'C34.101'], ['Ｉ２１．９', 'I21.9']])('%s → %s', (raw, expected) => {
    expect(value(parseIcd10(raw))).toBe(expected);
  });
  it.each(['I21.', '121', 'AA1', 'I2', '心肌梗死', 'I21.9999'])('rejects %s', (raw) => {
    expect(reason(parseIcd10(raw))).toContain('ICD-10');
  });
});

describe('parseIdNumberCell', () => {
  const id = buildIdNumber('330522', '1990-01-01', 123); // 330522199001011231
  const idX = buildIdNumber('110105', '1949-12-31', 2); // 11010519491231002X

  it('accepts valid IDs and upper-cases x', () => {
    expect(value(parseIdNumberCell(id, TODAY)).idNumber).toBe(id);
    expect(value(parseIdNumberCell(idX.toLowerCase(), TODAY)).idNumber).toBe(idX);
  });
  it('upgrades 15-digit IDs', () => {
    const parsed = value(parseIdNumberCell('130503670401001', TODAY));
    expect(parsed.idNumber).toBe('130503196704010016');
    expect(parsed.upgradedFrom15).toBe(true);
  });
  it('removes the tricks that keep an ID as text, and spaces', () => {
    expect(value(parseIdNumberCell(`'${id}`, TODAY)).idNumber).toBe(id);
    expect(value(parseIdNumberCell(`\t${id}`, TODAY)).idNumber).toBe(id);
    expect(value(parseIdNumberCell(`="${id}"`, TODAY)).idNumber).toBe(id);
    expect(value(parseIdNumberCell('330522 19900101 1231', TODAY)).idNumber).toBe(id);
    expect(value(parseIdNumberCell('３３０５２２１９９００１０１１２３１', TODAY)).idNumber).toBe(id);
  });
  it('explains IDs that Excel turned into scientific notation', () => {
    const r = reason(parseIdNumberCell('3.30522E+17', TODAY));
    expect(r).toContain('scientific notation');
    expect(r).toContain('Format Cells → Text');
    expect(r).toContain('文本');
    expect(reason(parseIdNumberCell('330522199001011000.0', TODAY))).toContain('scientific notation');
  });
  it('explains IDs whose last digits Excel zeroed', () => {
    const r = reason(parseIdNumberCell('330522199001011000', TODAY));
    expect(r).toContain('probably rounded by Excel');
    expect(r).toContain('Format Cells → Text');
  });
  it('accepts an ID that really ends in 000 (its check character is right)', () => {
    expect(value(parseIdNumberCell('330522199001017000', TODAY)).idNumber).toBe('330522199001017000');
  });
  it('keeps an ID whose only fault is its check character, marked checkFailed (for linkage)', () => {
    expect(value(parseIdNumberCell('330522199001011232', TODAY))).toMatchObject({ idNumber: '330522199001011232', checkFailed: true, birthDate: '1990-01-01' });
    expect(value(parseIdNumberCell(id, TODAY))).not.toHaveProperty('checkFailed');
  });
  it('rejects other invalid IDs with the GB 11643 reason', () => {
    expect(reason(parseIdNumberCell('3305221990010O1231', TODAY))).toContain('invalid ID number: ID number format is wrong');
    expect(reason(parseIdNumberCell('33052219900101123', TODAY))).toContain('must have 18 characters');
    expect(reason(parseIdNumberCell('330522199002301231', TODAY))).toContain('not a valid calendar date');
    expect(reason(parseIdNumberCell('990522199001011231', TODAY))).toContain('region code is not recognised');
    expect(reason(parseIdNumberCell(buildIdNumber('330522', '2024-07-01', 1), TODAY))).toContain('in the future');
  });
});
