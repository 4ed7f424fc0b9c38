import { describe, expect, it } from 'vitest';
import {
  toNamePinyin,
  toNamePinyinInitials,
  toPinyin,
  toPinyinInitials,
  toPinyinKeys,
  toPinyinSyllables,
} from './pinyin';

describe('toPinyin', () => {
  it('gives lower-case toneless pinyin without spaces', () => {
    expect(toPinyin('长兴县')).toBe('changxingxian');
    expect(toPinyin('北京市')).toBe('beijingshi');
    expect(toPinyin('市辖区')).toBe('shixiaqu');
  });

  it('uses word context for polyphonic characters in place names', () => {
    expect(toPinyin('重庆市')).toBe('chongqingshi');
    expect(toPinyin('长沙市')).toBe('changshashi');
    expect(toPinyin('厦门市')).toBe('xiamenshi');
  });

  it('writes ü as v', () => {
    expect(toPinyin('吕')).toBe('lv');
    expect(toPinyin('吕梁市')).toBe('lvliangshi');
    expect(toPinyin('女')).toBe('nv');
    expect(toPinyin('绿')).toBe('lv');
  });

  it('keeps non-Chinese characters, lower-cased and NFKC-normalised, and drops whitespace', () => {
    expect(toPinyin('A区1号')).toBe('aqu1hao');
    expect(toPinyin('Ａ区１号')).toBe('aqu1hao');
    expect(toPinyin('第二村（东）')).toBe('diercun(dong)');
    expect(toPinyin(' 长 兴 ')).toBe('changxing');
    expect(toPinyin('Hello World')).toBe('helloworld');
  });

  it('returns an empty string for empty input', () => {
    expect(toPinyin('')).toBe('');
    expect(toPinyin('   ')).toBe('');
  });

  it('never contains upper case, whitespace or tone marks', () => {
    for (const text of ['长兴县', '吕梁市', '绿水青山', 'ABC 中文', '乌鲁木齐市', '鄂温克族自治旗']) {
      expect(toPinyin(text)).toMatch(/^[a-z0-9()]*$/);
    }
  });
});

describe('toPinyinInitials', () => {
  it('gives the first letter of each syllable', () => {
    expect(toPinyinInitials('长兴县')).toBe('cxx');
    expect(toPinyinInitials('吕梁市')).toBe('lls');
    expect(toPinyinInitials('北京市')).toBe('bjs');
  });

  it('keeps each non-Chinese character', () => {
    expect(toPinyinInitials('A区1号')).toBe('aq1h');
    expect(toPinyinInitials('10组')).toBe('10z');
  });

  it('returns an empty string for empty input', () => {
    expect(toPinyinInitials('')).toBe('');
  });
});

describe('toPinyinSyllables / toPinyinKeys', () => {
  it('splits into syllables', () => {
    expect(toPinyinSyllables('长兴县')).toEqual(['chang', 'xing', 'xian']);
    expect(toPinyinSyllables('A区（东）')).toEqual(['a', 'qu', '(', 'dong', ')']);
  });

  it('matches toPinyin and toPinyinInitials', () => {
    for (const text of ['长兴县', '吕梁市', 'A区1号', '新疆维吾尔自治区', '']) {
      expect(toPinyinKeys(text)).toEqual({ pinyin: toPinyin(text), initials: toPinyinInitials(text) });
    }
  });

  it('supports surname mode', () => {
    expect(toPinyinKeys('曾小明', { surname: true })).toEqual({ pinyin: 'zengxiaoming', initials: 'zxm' });
  });
});

describe('toNamePinyin', () => {
  it('reads the surname with its surname reading', () => {
    expect(toNamePinyin('曾')).toBe('zeng');
    expect(toNamePinyin('曾小明')).toBe('zengxiaoming');
    expect(toNamePinyin('单田芳')).toBe('shantianfang');
    expect(toNamePinyin('解缙')).toBe('xiejin');
    expect(toNamePinyin('仇英')).toBe('qiuying');
    expect(toNamePinyin('尉迟恭')).toBe('yuchigong');
  });

  it('differs from the normal reading where it should', () => {
    expect(toPinyin('曾小明')).toBe('cengxiaoming');
    expect(toPinyin('单田芳')).toBe('dantianfang');
  });

  it('applies surname mode only to the head of the name', () => {
    // 曾 inside the given name keeps its normal reading
    expect(toNamePinyin('王曾')).toBe('wangceng');
  });

  it('writes ü as v', () => {
    expect(toNamePinyin('吕布')).toBe('lvbu');
  });

  it('has matching initials', () => {
    expect(toNamePinyinInitials('曾小明')).toBe('zxm');
    expect(toNamePinyinInitials('单田芳')).toBe('stf');
    expect(toNamePinyinInitials('解缙')).toBe('xj');
  });
});
