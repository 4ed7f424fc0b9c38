import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildIdNumber } from '../id-number/id-number';
import { toNamePinyin, toPinyin } from '../names/pinyin';
import {
  decide,
  idSimilarity,
  nameSimilarity,
  pinyinSimilarity,
  scorePair,
  type LinkCandidate,
  type LinkSubject,
} from './linkage';

/* Properties that must hold for any input (fast-check), and a seeded linkage simulation. */

const COUNTIES = ['330502', '330503', '330521', '330522', '330523'] as const;
const NAME_CHARS = [...'王李张刘陈曾单芳方伟卫明铭静晶丽莉强磊子轩萱浩宇然·', 'a', 'Z', ' ', '𠀀'];
const DAY = 86_400_000;
const FROM_1950 = Date.UTC(1950, 0, 1);
const isoDay = (n: number) => new Date(FROM_1950 + n * DAY).toISOString().slice(0, 10);

const nameArb = fc.string({ unit: fc.constantFrom(...NAME_CHARS), maxLength: 5 });
const dayArb = fc.integer({ min: 0, max: 25_932 }); // 1950-01-01 … 2020-12-31
const validIdArb = fc
  .tuple(fc.constantFrom(...COUNTIES), dayArb, fc.integer({ min: 0, max: 999 }))
  .map(([county, day, seq]) => buildIdNumber(county, isoDay(day), seq));
const idArb = fc.oneof(validIdArb, fc.string({ maxLength: 20 }), fc.stringMatching(/^\d{17}[\dX]$/));
const regionArb = fc.oneof(
  fc.constantFrom(...COUNTIES),
  fc.constantFrom(...COUNTIES).map((c) => `${c}100200`),
  fc.constantFrom('33', '3305', '110105', '330522000000'),
);
const sexArb = fc.constantFrom<'male' | 'female'>('male', 'female');

const subjectArb: fc.Arbitrary<LinkSubject> = fc.record({
  name: nameArb,
  sex: fc.option(sexArb, { nil: null }),
  birthDate: fc.option(fc.oneof(dayArb.map(isoDay), fc.string({ maxLength: 10 })), { nil: null }),
  idNumber: fc.option(idArb, { nil: null }),
  motherIdNumber: fc.option(idArb, { nil: null }),
  region: fc.option(regionArb, { nil: null }),
});
const candidateArb: fc.Arbitrary<LinkCandidate> = fc.record({
  personId: fc.nat(),
  name: nameArb,
  sex: sexArb,
  birthDate: dayArb.map(isoDay),
  idNumber: fc.option(validIdArb, { nil: null }),
  motherIdNumber: fc.option(validIdArb, { nil: null }),
  residenceRegion: regionArb,
  hukouRegion: regionArb,
});

/** The registry person exactly as the feed describes them (fields the feed lacks are filled arbitrarily). */
function sameAs(s: LinkSubject): LinkCandidate {
  return {
    personId: 1,
    name: s.name,
    sex: s.sex ?? 'female',
    birthDate: s.birthDate ?? '1980-01-01',
    idNumber: s.idNumber,
    motherIdNumber: s.motherIdNumber ?? null,
    residenceRegion: s.region ?? '330522',
    hukouRegion: s.region ?? '330522',
  };
}

describe('linkage properties', () => {
  it('scores every pair in [0, 1] with components in [0, 1] and finite weights', () => {
    fc.assert(
      fc.property(subjectArb, candidateArb, (s, c) => {
        const r = scorePair(s, c);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        for (const v of Object.values(r.components)) expect(v >= 0 && v <= 1).toBe(true);
        for (const w of Object.values(r.weights)) expect(Number.isFinite(w)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('has symmetric string comparators in [0, 1], equal to 1 on identical inputs', () => {
    const anyName = fc.oneof(nameArb, fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(anyName, anyName, (a, b) => {
        for (const f of [nameSimilarity, pinyinSimilarity, idSimilarity]) {
          const v = f(a, b);
          expect(v).toBe(f(b, a));
          expect(v >= 0 && v <= 1).toBe(true);
        }
        expect(nameSimilarity(a, a)).toBe(1);
        expect(pinyinSimilarity(a, a)).toBe(1);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(idArb, idArb, (a, b) => {
        expect(idSimilarity(a, b)).toBe(idSimilarity(b, a));
        expect(idSimilarity(a, a)).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('scores the candidate equal to the subject at least as high as any perturbation of it', () => {
    const perturbation = fc.record({
      name: fc.option(nameArb, { nil: undefined }),
      sex: fc.option(sexArb, { nil: undefined }),
      birthDate: fc.option(dayArb.map(isoDay), { nil: undefined }),
      idNumber: fc.option(fc.option(idArb, { nil: null }), { nil: undefined }),
      motherIdNumber: fc.option(fc.option(idArb, { nil: null }), { nil: undefined }),
      residenceRegion: fc.option(regionArb, { nil: undefined }),
      hukouRegion: fc.option(regionArb, { nil: undefined }),
    });
    fc.assert(
      fc.property(subjectArb, perturbation, (s, p) => {
        const same = sameAs(s);
        const changes = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));
        const other = { ...same, ...changes, personId: 2 };
        expect(scorePair(s, same).score).toBeGreaterThanOrEqual(scorePair(s, other).score);
      }),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Simulation: 2,000 registry persons, 500 feed records about them (plus 100 about people not registered)
// ---------------------------------------------------------------------------------------------------------

/** mulberry32 (Tommy Ettinger): a tiny seeded PRNG, enough for a reproducible test population. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙朱马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡'];
const MALE = '伟 强 磊 军 洋 勇 杰 涛 明 超 建华 建国 志强 浩宇 浩然 子轩 宇航 俊杰 文博 家豪 鹏 斌 辉 刚 峰 国强 海涛 宏伟 晨阳 天佑'.split(' ');
const FEMALE = '芳 静 丽 敏 燕 艳 娟 霞 玲 婷 秀英 桂英 丽娟 欣怡 梓涵 雨桐 诗涵 佳怡 思琪 晓燕 红梅 玉兰 雪 莉 慧 颖 倩 琳 晶 萍'.split(' ');
/** Characters clerks confuse by sound; kept only where the registry's pinyin really agrees. */
const HOMOPHONES = new Map(
  '伟卫 磊蕾 军君 洋阳 勇永 杰洁 涛韬 明铭 华花 志智 浩昊 宇雨 子梓 轩萱 俊骏 文雯 家佳 鹏朋 斌彬 辉晖 刚钢 峰锋 宏红 晨辰 天添 芳方 静晶 丽莉 敏民 燕艳 娟鹃 玲铃 婷庭 英莹 桂贵 欣新 怡仪 涵含 桐童 诗师 思斯 琪祺 晓小 梅玫 玉钰 兰岚 慧惠 琳林 萍平'
    .split(' ')
    .map((p) => [p[0]!, p[1]!] as const)
    .filter(([a, b]) => toPinyin(a) === toPinyin(b)),
);
const GIVEN_CHARS = [...new Set([...MALE, ...FEMALE].flatMap((g) => [...g]))];

interface Sim {
  person: LinkCandidate;
  county: string;
}

function simulate(seed: number) {
  const rand = mulberry32(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const used = new Set<string>();
  const people: Sim[] = [];
  let twins = 0;
  for (let i = 0; i < 2_100; i++) {
    const prev = people[people.length - 1];
    const twin = prev !== undefined && rand() < 0.02;
    const sex = rand() < 0.5 ? 'male' : 'female';
    const county = twin ? prev.county : pick(COUNTIES);
    const birthDate = twin ? prev.person.birthDate : isoDay(int(25_933));
    let seq: number;
    do seq = int(500) * 2 + (sex === 'male' ? 1 : 0);
    while (used.has(`${county}${birthDate}${seq}`));
    used.add(`${county}${birthDate}${seq}`);
    const village = twin ? prev.person.residenceRegion : `${county}10${int(5)}20${int(10)}`;
    const surname = twin ? [...prev.person.name][0]! : pick(SURNAMES);
    let name: string;
    do name = surname + pick(sex === 'male' ? MALE : FEMALE);
    while (twin && toNamePinyin(name) === toNamePinyin(prev.person.name));
    const mother = twin
      ? (prev.person.motherIdNumber ?? null)
      : birthDate >= '2000'
        ? buildIdNumber(county, isoDay(Math.max(0, int(25_933) - 9_000)), int(500) * 2)
        : null;
    if (twin) twins++;
    people.push({
      county,
      person: {
        personId: i + 1,
        name,
        sex,
        birthDate,
        idNumber: buildIdNumber(county, birthDate, seq),
        motherIdNumber: mother,
        residenceRegion: village,
        hukouRegion: rand() < 0.1 ? `${pick(COUNTIES)}100200` : village,
      },
    });
  }
  const registry = people.slice(0, 2_000).map((p) => p.person);

  const typos = { id: 0, name: 0, birthDate: 0 };
  const digitTypo = (s: string, positions: number[]) => {
    const i = pick(positions);
    let d: string;
    do d = String(int(10));
    while (d === s[i]);
    return s.slice(0, i) + d + s.slice(i + 1);
  };
  const feedOf = ({ person, county }: Sim): LinkSubject => {
    let idNumber = rand() < 0.1 ? null : person.idNumber;
    if (idNumber && rand() < 0.02) {
      typos.id++;
      const i = int(17);
      idNumber =
        rand() < 0.3 && idNumber[i] !== idNumber[i + 1]
          ? idNumber.slice(0, i) + idNumber[i + 1]! + idNumber[i]! + idNumber.slice(i + 2)
          : digitTypo(idNumber, [...Array(18).keys()]);
    }
    let name = person.name;
    if (rand() < 0.02) {
      typos.name++;
      const chars = [...name];
      const at = 1 + int(chars.length - 1);
      const homophone = HOMOPHONES.get(chars[at]!);
      chars[at] = homophone !== undefined && rand() < 0.5 ? homophone : pick(GIVEN_CHARS.filter((c) => c !== chars[at]));
      name = chars.join('');
    }
    let birthDate = person.birthDate;
    if (rand() < 0.02) {
      typos.birthDate++;
      do birthDate = digitTypo(person.birthDate, [0, 1, 2, 3, 5, 6, 8, 9]);
      while (Number.isNaN(Date.parse(birthDate)) || new Date(birthDate).toISOString().slice(0, 10) !== birthDate);
    }
    const r = rand();
    const region = r < 0.7 ? person.residenceRegion : r < 0.9 ? county : null;
    return { name, sex: person.sex, birthDate, idNumber, motherIdNumber: person.motherIdNumber ?? null, region };
  };

  const order = registry.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const linked = order.slice(0, 500).map((i) => ({ truth: registry[i]!.personId, subject: feedOf(people[i]!) }));
  const outsiders = people.slice(2_000).map((p) => ({ truth: null, subject: feedOf(p) }));

  // Blocking as the server does it: same birth date, or same name pinyin.
  const byDate = new Map<string, LinkCandidate[]>();
  const byPinyin = new Map<string, LinkCandidate[]>();
  const add = (m: Map<string, LinkCandidate[]>, k: string, c: LinkCandidate) => m.set(k, [...(m.get(k) ?? []), c]);
  for (const c of registry) {
    add(byDate, c.birthDate, c);
    add(byPinyin, toNamePinyin(c.name), c);
  }

  const counts = { truePositive: 0, wrongMatch: 0, review: 0, reviewWithTruth: 0, none: 0, outsiderMatched: 0, outsiderReview: 0, outsiderNone: 0, blockedOut: 0 };
  let candidatesScored = 0;
  for (const { truth, subject } of [...linked, ...outsiders]) {
    const block = [...new Set([...(byDate.get(subject.birthDate ?? '') ?? []), ...(byPinyin.get(toNamePinyin(subject.name)) ?? [])])];
    candidatesScored += block.length;
    if (truth !== null && !block.some((c) => c.personId === truth)) counts.blockedOut++;
    const d = decide(subject, block);
    if (truth === null) {
      if (d.kind === 'match') counts.outsiderMatched++;
      else if (d.kind === 'review') counts.outsiderReview++;
      else counts.outsiderNone++;
    } else if (d.kind === 'match') {
      if (d.personId === truth) counts.truePositive++;
      else counts.wrongMatch++;
    } else if (d.kind === 'review') {
      counts.review++;
      if (d.candidates.some((c) => c.personId === truth)) counts.reviewWithTruth++;
    } else counts.none++;
  }
  return { counts, typos, twins, candidatesScored };
}

describe('linkage simulation', () => {
  it('links 500 feed records to 2,000 persons with precision and recall ≥ 0.99', () => {
    const { counts, typos, twins, candidatesScored } = simulate(20_240_630);
    const matched = counts.truePositive + counts.wrongMatch + counts.outsiderMatched;
    const precision = counts.truePositive / matched;
    const recall = counts.truePositive / 500;
    console.log(
      `linkage simulation: typos ${JSON.stringify(typos)}, twin pairs ${twins}, pairs scored ${candidatesScored}\n` +
        `  500 registered: match-correct ${counts.truePositive}, match-wrong ${counts.wrongMatch}, ` +
        `review ${counts.review} (true person listed in ${counts.reviewWithTruth}), none ${counts.none}, not in block ${counts.blockedOut}\n` +
        `  100 not registered: match ${counts.outsiderMatched}, review ${counts.outsiderReview}, none ${counts.outsiderNone}\n` +
        `  precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}`,
    );
    expect(counts.truePositive + counts.wrongMatch + counts.review + counts.none).toBe(500);
    expect(typos.id + typos.name + typos.birthDate).toBeGreaterThan(10); // the typos were really made
    expect(precision).toBeGreaterThanOrEqual(0.99);
    expect(recall).toBeGreaterThanOrEqual(0.99);
  });
});
