import { describe, expect, it } from 'vitest';
import { buildIdNumber, isValidIdNumber } from '../id-number/id-number';
import { toNamePinyin } from '../names/pinyin';
import {
  decide,
  DEFAULT_THRESHOLDS,
  idSimilarity,
  jaroWinkler,
  LINK_WEIGHTS,
  nameSimilarity,
  pinyinSimilarity,
  PRIOR_BITS,
  scorePair,
  type LinkCandidate,
  type LinkSubject,
} from './linkage';

const { accept, review } = DEFAULT_THRESHOLDS;
const VILLAGE = '330522100200';
const ID = buildIdNumber('330522', '1990-03-15', 24); // 330522199003150024 (female)

const person = (over: Partial<LinkCandidate> = {}): LinkCandidate => ({
  personId: 1,
  name: '王芳',
  sex: 'female',
  birthDate: '1990-03-15',
  idNumber: ID,
  residenceRegion: VILLAGE,
  hukouRegion: VILLAGE,
  ...over,
});
const feed = (over: Partial<LinkSubject> = {}): LinkSubject => ({
  name: '王芳',
  sex: 'female',
  birthDate: '1990-03-15',
  idNumber: ID,
  region: VILLAGE,
  ...over,
});
/** Replaces the character at `i`. */
const sub = (s: string, i: number, c: string) => s.slice(0, i) + c + s.slice(i + 1);
/** Swaps the characters at `i` and `i + 1`. */
const swap = (s: string, i: number) => s.slice(0, i) + s[i + 1]! + s[i]! + s.slice(i + 2);

describe('jaroWinkler — published values', () => {
  // Winkler, W. E. (1990), "String Comparator Metrics and Enhanced Decision Rules in the Fellegi-Sunter
  // Model of Record Linkage", Proc. Section on Survey Research Methods, ASA, 354–359; the same three pairs
  // are the worked examples of Wikipedia's "Jaro–Winkler distance" article.
  it.each([
    ['MARTHA', 'MARHTA', 0.961],
    ['DIXON', 'DICKSONX', 0.813],
    ['DWAYNE', 'DUANE', 0.84],
  ])('%s / %s ≈ %d', (a, b, expected) => {
    expect(jaroWinkler([...a], [...b])).toBeCloseTo(expected, 3);
    expect(jaroWinkler([...b], [...a])).toBeCloseTo(expected, 3);
  });

  it('gives 1 for identical sequences (even empty), 0 against an empty one or with nothing in common', () => {
    expect(jaroWinkler([...'ABC'], [...'ABC'])).toBe(1);
    expect(jaroWinkler([], [])).toBe(1);
    expect(jaroWinkler([...'ABC'], [])).toBe(0);
    expect(jaroWinkler([], [...'ABC'])).toBe(0);
    expect(jaroWinkler([...'ABC'], [...'XYZ'])).toBe(0);
  });
});

describe('nameSimilarity / pinyinSimilarity', () => {
  it('compares characters (code points), symmetrically', () => {
    expect(nameSimilarity('王芳', '王芳')).toBe(1);
    expect(nameSimilarity('王芳', '王方')).toBeCloseTo(0.7, 10);
    expect(nameSimilarity('王方', '王芳')).toBe(nameSimilarity('王芳', '王方'));
    expect(nameSimilarity('张伟', '李强')).toBe(0);
    expect(nameSimilarity('𠀀明', '𠀀明')).toBe(1); // a non-BMP character is one character, not two
    expect(nameSimilarity('𠀀明', '𠀁明')).toBeCloseTo(nameSimilarity('王明', '李明'), 10);
  });

  it('ignores spaces, full-width forms and the dot of minority names', () => {
    expect(nameSimilarity('买买提·艾力', '买买提艾力')).toBe(1);
    expect(nameSimilarity('王 芳', '王芳')).toBe(1);
    expect(nameSimilarity('ＡＢ', 'AB')).toBe(1);
  });

  it('treats empty names: both empty 1, one empty 0', () => {
    expect(nameSimilarity('', '')).toBe(1);
    expect(nameSimilarity('王芳', '')).toBe(0);
    expect(pinyinSimilarity('', '王芳')).toBe(0);
  });

  it('lets homophones agree fully through the registry pinyin (toNamePinyin)', () => {
    expect(toNamePinyin('王芳')).toBe(toNamePinyin('王方'));
    expect(pinyinSimilarity('王芳', '王方')).toBe(1);
    expect(pinyinSimilarity('曾小明', '曾晓明')).toBe(1); // 曾 read as the surname zeng on both sides
    expect(pinyinSimilarity('王伟', '汪伟')).toBe(1);
    expect(pinyinSimilarity('张伟', '张强')).toBeLessThan(0.9);
    expect(pinyinSimilarity('张强', '张伟')).toBe(pinyinSimilarity('张伟', '张强'));
  });
});

describe('idSimilarity', () => {
  it('is 1 for the same ID in any spelling (x, full-width, 15-digit form)', () => {
    expect(idSimilarity(ID, ID)).toBe(1);
    expect(idSimilarity('11010519491231002X', '11010519491231002x')).toBe(1);
    expect(idSimilarity('１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X')).toBe(1);
    expect(idSimilarity('130503670401001', '130503196704010016')).toBe(1);
  });

  it('is 0.9 for one substituted character or two adjacent characters swapped, symmetrically', () => {
    for (let i = 0; i < 18; i++) {
      const typo = sub(ID, i, ID[i] === '7' ? '8' : '7');
      expect(idSimilarity(typo, ID)).toBe(0.9);
      expect(idSimilarity(ID, typo)).toBe(0.9);
      expect(isValidIdNumber(typo)).toBe(false); // MOD 11-2 catches every single substitution
    }
    expect(idSimilarity(swap(ID, 10), ID)).toBe(0.9); // 0315 → 0135
    expect(idSimilarity(ID.slice(0, 17), ID)).toBe(0.9); // a dropped character
  });

  it('is low for two different valid IDs (twins: sequence and check character differ) and for strangers', () => {
    const twin = buildIdNumber('330522', '1990-03-15', 26);
    expect(idSimilarity(twin, ID)).toBeLessThan(0.5);
    expect(idSimilarity(buildIdNumber('110105', '1949-12-31', 2), ID)).toBeLessThan(0.3);
    expect(idSimilarity('', ID)).toBe(0);
    expect(idSimilarity(ID, '')).toBe(0);
    expect(idSimilarity('', '')).toBe(1);
  });
});

describe('scorePair — calibration', () => {
  it('gives an identical record (nearly) 1, and every field its agreement weight', () => {
    const s = scorePair(feed(), person());
    expect(s.score).toBeGreaterThan(0.999999);
    expect(s.score).toBeLessThanOrEqual(1);
    expect(s.components).toEqual({ idNumber: 1, name: 1, pinyin: 1, birthDate: 1, sex: 1, mother: 0, region: 1 });
    expect(s.weights.idNumber).toBe(LINK_WEIGHTS.id.exact);
    expect(s.reasons.map((r) => r.en)).toContain('ID number identical');
  });

  it('accepts the same person with a one-character ID typo anywhere, or two adjacent digits swapped', () => {
    for (let i = 0; i < 18; i++) {
      const typo = sub(ID, i, ID[i] === '5' ? '6' : '5');
      expect(scorePair(feed({ idNumber: typo }), person()).score).toBeGreaterThanOrEqual(accept);
      expect(scorePair(feed({ idNumber: typo, region: null }), person()).score).toBeGreaterThanOrEqual(accept);
    }
    expect(scorePair(feed({ idNumber: swap(ID, 14) }), person()).score).toBeGreaterThanOrEqual(accept);
  });

  it('accepts 王芳 → 王方 with exact birth date and sex, with or without an ID', () => {
    expect(scorePair(feed({ name: '王方', idNumber: null, region: null }), person()).score).toBeGreaterThanOrEqual(accept);
    expect(scorePair(feed({ name: '王方', idNumber: null }), person()).score).toBeGreaterThanOrEqual(accept);
    expect(scorePair(feed({ name: '王方' }), person()).score).toBeGreaterThanOrEqual(accept);
    const idTypo = sub(ID, 16, '4');
    expect(scorePair(feed({ name: '王方', idNumber: idTypo }), person()).score).toBeGreaterThanOrEqual(accept);
  });

  it('does not accept a namesake with the same birth date and sex but another valid ID', () => {
    for (const seq of [26, 102, 998]) {
      const other = buildIdNumber('330522', '1990-03-15', seq);
      expect(idSimilarity(other, ID)).toBeLessThan(0.9);
      const s = scorePair(feed({ idNumber: other }), person());
      expect(s.score).toBeLessThan(accept);
      expect(s.score).toBeGreaterThanOrEqual(review); // …but a clerk should look at it
      expect(s.reasons.map((r) => r.en)).toContain('ID numbers differ and both are valid: not a typo, likely another person');
      // the same with a homophone name and in the same village: still not a confident match
      expect(scorePair(feed({ idNumber: other, name: '王方' }), person()).score).toBeLessThan(accept);
    }
  });

  it('does not accept a twin (same mother, birth date and village; other name and valid ID)', () => {
    const mother = buildIdNumber('330522', '1965-07-01', 42);
    const twinA = feed({ name: '张浩宇', sex: 'male', idNumber: buildIdNumber('330522', '1990-03-15', 11), motherIdNumber: mother });
    const twinB = person({ name: '张浩然', sex: 'male', idNumber: buildIdNumber('330522', '1990-03-15', 13), motherIdNumber: mother });
    expect(scorePair(twinA, twinB).score).toBeLessThan(accept);
  });

  it('rejects a stranger below review', () => {
    const stranger = feed({ name: '李强', sex: 'male', birthDate: '1971-08-02', idNumber: buildIdNumber('330522', '1971-08-02', 13) });
    expect(scorePair(stranger, person()).score).toBeLessThan(review);
    expect(scorePair({ ...stranger, idNumber: null, region: null }, person()).score).toBeLessThan(review);
    // same birth date, another name and no ID: blocked together, but not this person
    expect(scorePair(feed({ name: '张丽', idNumber: null }), person()).score).toBeLessThan(review);
  });

  it('treats a sex mismatch as strong evidence against', () => {
    const noId = feed({ idNumber: null });
    expect(scorePair(noId, person()).score).toBeGreaterThanOrEqual(accept);
    expect(scorePair({ ...noId, sex: 'male' }, person()).score).toBeLessThan(accept);
    expect(LINK_WEIGHTS.sex.differs).toBeLessThan(-6);
  });

  it('gives partial credit for a birth date with day/month swapped or one digit mistyped', () => {
    const score = (birthDate: string) => scorePair(feed({ idNumber: null, birthDate }), person({ birthDate: '1990-03-12' }));
    const exact = score('1990-03-12');
    const swapped = score('1990-12-03');
    const oneDigit = score('1990-03-13');
    const other = score('1984-07-22');
    expect(exact.score).toBeGreaterThan(swapped.score);
    expect(swapped.score).toBeGreaterThan(oneDigit.score);
    expect(oneDigit.score).toBeGreaterThan(other.score);
    expect(swapped.components.birthDate).toBeGreaterThan(0);
    expect(oneDigit.components.birthDate).toBeGreaterThan(0);
    expect(other.components.birthDate).toBe(0);
    expect(oneDigit.score).toBeGreaterThanOrEqual(review); // without an ID: to the worklist
  });

  it('counts the mother’s ID for a child strongly, and its disagreement against', () => {
    const mother = buildIdNumber('330522', '1965-07-01', 42);
    const child = person({ name: '李子轩', sex: 'male', birthDate: '2019-05-05', idNumber: null, motherIdNumber: mother });
    // a birth certificate without the child's ID nor a usable birth date, the name spelled by sound
    const certificate = feed({ name: '李子萱', sex: 'male', birthDate: null, idNumber: null, region: null });
    const without = scorePair(certificate, child).score;
    const agreeing = scorePair({ ...certificate, motherIdNumber: mother }, child).score;
    const typo = scorePair({ ...certificate, motherIdNumber: sub(mother, 3, '9') }, child).score;
    const differing = scorePair({ ...certificate, motherIdNumber: buildIdNumber('330522', '1970-01-01', 8) }, child).score;
    expect(without).toBeLessThan(review);
    expect(agreeing).toBeGreaterThanOrEqual(accept);
    expect(typo).toBeGreaterThan(without);
    expect(typo).toBeLessThan(agreeing);
    expect(differing).toBeLessThan(without);
  });

  it('does not accept the second twin’s birth certificate (no child ID) for the first twin', () => {
    const mother = buildIdNumber('330522', '1985-07-01', 42);
    const first = person({ name: '张浩宇', sex: 'male', birthDate: '2019-05-05', idNumber: null, motherIdNumber: mother });
    for (const second of ['张浩然', '张浩轩', '张宇航', '张子豪']) {
      const certificate = feed({ name: second, sex: 'male', birthDate: '2019-05-05', idNumber: null, motherIdNumber: mother });
      expect(scorePair(certificate, first).score).toBeLessThan(accept);
    }
    // the same certificate for the first twin himself is accepted
    const own = feed({ name: '张浩宇', sex: 'male', birthDate: '2019-05-05', idNumber: null, motherIdNumber: mother });
    expect(scorePair(own, first).score).toBeGreaterThanOrEqual(accept);
  });

  it('takes region as weak evidence: deeper common level is better, no common level is not held against', () => {
    const score = (region: string | null) => scorePair(feed({ idNumber: null, region }), person());
    const levels = [VILLAGE, '330522100', '330522', '3305', '33'].map((r) => score(r).weights.region);
    expect(levels).toEqual([...levels].sort((a, b) => b - a));
    expect(levels[0]).toBeLessThanOrEqual(2);
    expect(score('110105').weights.region).toBe(0);
    expect(score(null).weights.region).toBe(0);
    expect(score('330522000000').weights.region).toBe(score('330522').weights.region); // zero-padded county
    // the hukou region counts as well as the residence
    const moved = person({ residenceRegion: '110105001001' });
    expect(scorePair(feed({ idNumber: null }), moved).weights.region).toBe(levels[0]);
  });
});

describe('scorePair — missing and odd fields', () => {
  it('adds no evidence for missing fields and says so', () => {
    const s = scorePair({ name: '', sex: null, birthDate: null, idNumber: null }, person());
    expect(Object.values(s.weights).every((w) => w === 0)).toBe(true);
    expect(s.score).toBeCloseTo(2 ** PRIOR_BITS / (1 + 2 ** PRIOR_BITS), 12);
    expect(s.score).toBeLessThan(review);
    expect(s.reasons.length).toBe(5);
    for (const r of s.reasons) expect(r.zh.length * r.en.length).toBeGreaterThan(0);
  });

  it('handles a candidate without an ID, blanks and undefined optional fields', () => {
    const s = scorePair(feed({ idNumber: '  ', motherIdNumber: undefined }), person({ idNumber: null }));
    expect(s.weights.idNumber).toBe(0);
    expect(s.score).toBeGreaterThanOrEqual(accept);
    expect(Number.isFinite(scorePair(feed({ birthDate: 'not a date', idNumber: 'garbage' }), person()).score)).toBe(true);
  });

  it('has weights that sum with the prior to the log-odds of the score', () => {
    const s = scorePair(feed({ name: '王方', idNumber: sub(ID, 3, '0') }), person());
    const total = PRIOR_BITS + Object.values(s.weights).reduce((a, b) => a + b, 0);
    const p = 1 / (1 + 2 ** -total);
    expect(s.score).toBeCloseTo(p, 12);
    for (const c of Object.values(s.components)) {
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
  });
});

describe('decide', () => {
  const twin = person({ personId: 2, idNumber: buildIdNumber('330522', '1990-03-15', 26) });
  const stranger = person({ personId: 3, name: '李强', sex: 'male', birthDate: '1971-08-02', idNumber: null });

  it('matches the single strong candidate', () => {
    expect(decide(feed({ idNumber: sub(ID, 12, '9') }), [stranger, person(), twin])).toMatchObject({ kind: 'match', personId: 1 });
  });

  it('sends two strong candidates (namesakes or twins without an ID in the feed) to review, best first', () => {
    const d = decide(feed({ idNumber: null }), [stranger, twin, person()]);
    expect(d.kind).toBe('review');
    if (d.kind !== 'review') return;
    expect(d.candidates.map((c) => c.personId)).toEqual([1, 2]); // equal scores: by personId
    expect(d.candidates[0]!.score).toBeGreaterThanOrEqual(d.candidates[1]!.score);
  });

  it('sends a lone candidate between review and accept to review', () => {
    expect(decide(feed({ idNumber: null, birthDate: '1990-03-16' }), [person()])).toMatchObject({ kind: 'review' });
  });

  it('returns none when nobody reaches review, or there are no candidates', () => {
    expect(decide(feed(), [stranger])).toEqual({ kind: 'none' });
    expect(decide(feed(), [])).toEqual({ kind: 'none' });
  });

  it('lists at most five review candidates, sorted, and scores a repeated person once', () => {
    const many = Array.from({ length: 8 }, (_, i) => person({ personId: 10 + i, idNumber: null }));
    const d = decide(feed({ idNumber: null }), [...many, many[0]!]);
    expect(d.kind).toBe('review');
    if (d.kind !== 'review') return;
    expect(d.candidates.map((c) => c.personId)).toEqual([10, 11, 12, 13, 14]);
  });

  it('honours custom thresholds and margin', () => {
    const weak = feed({ idNumber: null, birthDate: '1990-03-16' });
    const s = scorePair(weak, person()).score;
    expect(decide(weak, [person()], { accept: s, review: 0.01 })).toEqual({ kind: 'match', personId: 1, score: s });
    expect(decide(weak, [person()], { accept: 0.99, review: s + 1e-9 })).toEqual({ kind: 'none' });
    const both = [person(), twin];
    expect(decide(feed({ idNumber: null }), both, { accept: 0.5, review: 0.1, margin: 0 }).kind).toBe('match');
  });
});
