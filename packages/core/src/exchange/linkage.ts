/**
 * Record linkage (记录匹配) for partner feeds: score how likely a feed record (a birth certificate, a hukou
 * change, a marriage or death registration) describes a given registry person, and decide between the
 * candidates. Pure: no I/O, deterministic.
 *
 * Where this sits: the server first looks the feed's ID up exactly through the blind index. Only when that
 * fails (the ID is mistyped or missing) does it fetch candidate persons — blocked by the same birth date or
 * the same name pinyin within a region — and call {@link scorePair} / {@link decide} here.
 *
 * ## The model (Fellegi & Sunter 1969, with Winkler's string-comparator adjustment)
 *
 * Each field is compared and the comparison falls into a level (exact, one typo, disagreement, missing…).
 * A level carries a weight w = log2(m/u) bits, where
 *   m = P(level | the two records are the same person)     and
 *   u = P(level | they are two different people of the same county).
 * Fields are treated as conditionally independent, so the weights add up; a missing field adds 0. The
 * total, plus the prior log-odds, is turned into a probability:
 *
 *   score = 1 / (1 + 2^-(PRIOR_BITS + Σ w))
 *
 * u-probabilities are population frequencies (two random people of one county), so the prior is the odds
 * that two random people of one county are the same person: about 1 : 2^17 ≈ 1 : 131,000, the size of a
 * small county (PRIOR_BITS = -17). Blocking does not change this: it only selects which pairs get scored,
 * using the same fields that the weights already account for.
 *
 * The m/u values below are stated assumptions (no published Chinese linkage study is copied); the notes
 * next to each say where the number comes from. The resulting weights, in bits:
 *
 *   field       level                                         m        u        weight
 *   ID          identical                                     0.93     1e-7     +23.1
 *   ID          one keying error (substitution, adjacent      0.04     1e-6     +15.3
 *               swap, dropped or doubled character)
 *   ID          two edits apart, feed ID invalid (two typos)  0.006    1        −7.4
 *   ID          further apart, feed ID invalid (garbled)      0.002    1        −9.0
 *   ID          differs, feed ID valid (another person's ID)  5e-4     1        −11.0
 *   birth date  identical                                     0.96     5e-5     +14.2
 *   birth date  day and month swapped                         0.005    5e-5     +6.6
 *   birth date  one digit typo                                0.02     1.5e-3   +3.7
 *   birth date  differs                                       0.015    1        −6.1
 *   sex         agrees                                        0.995    0.5      +1.0
 *   sex         differs                                       0.005    0.5      −6.6
 *   name        max(character, pinyin) Jaro–Winkler = 1       0.95     5e-4     +10.9
 *   name        similarity ≤ 0.75                             0.02     0.98     −5.6
 *               (in between: piecewise linear, see NAME_CURVE)
 *   mother ID   identical                                     0.9      1e-4     +13.1
 *   mother ID   one typo                                      0.04     1e-4     +8.6
 *   mother ID   differs                                       0.03     1        −5.1
 *   birth date  capped at +5.0 when the mother's ID agrees    0.96     0.03
 *   region      same village / township / county / city / province:  +2 / +1.5 / +1 / +0.5 / +0.25
 *               (hand-set, not log2(m/u): deliberately weak, see REGION_BITS); no common prefix: 0
 *
 * Why the ID is the strongest evidence and why a *valid* differing ID is so damning: the ISO 7064 MOD 11-2
 * check character catches every single substituted digit and every swap of two adjacent digits, so a
 * single keying error always produces an *invalid* ID. Two valid IDs therefore differ in at least two
 * places (twins born in one county differ in the sequence and the check character), and a valid feed ID
 * that differs from the candidate's is not a typo of it — it is someone else's ID (a parent's keyed into
 * the child's field, say), which is rare. A feed ID that is invalid and far from the candidate is merely
 * garbled and counts less against.
 *
 * The one interaction: the mother's ID and the birth date are not independent evidence. Once the mother
 * agrees, the only non-matches left are siblings, and a sibling with the same birth date is a twin (about
 * 1 in 30 siblings), so the birth date then counts at most log2(0.96/0.03) = +5 bits instead of +14.2.
 * Without that cap the second twin's birth certificate (no child ID, a given name one character apart)
 * would be matched to the first twin with 0.999.
 *
 * Known simplification: the ID embeds the birth date and sex, so those fields are not independent of the
 * ID. For true matches that only makes the score more confident; for non-matches the ID disagreement
 * weight dominates anyway.
 *
 * Calibration (tested in linkage.test.ts): same person with a one-digit ID typo ≈ +25 bits; same person
 * with a homophone name (王芳/王方), exact birth date and sex and no ID ≈ +9 bits (0.998); a namesake with
 * the same birth date, sex and village but a different valid ID ≈ 0 bits (0.5, review); a stranger ≈ −30 to −45.
 * DEFAULT_THRESHOLDS (accept 0.95 ≈ +4.2 bits, review 0.1 ≈ −3.2 bits) sit between those cases.
 */
import { parseIdNumber } from '../id-number/id-number';
import { toNamePinyin } from '../names/pinyin';

/** What a feed record says about the person it describes. */
export interface LinkSubject {
  name: string;
  sex: 'male' | 'female' | null;
  /** YYYY-MM-DD, or null when the feed does not give it. */
  birthDate: string | null;
  /** The (possibly mistyped) 18-character ID from the feed; a valid 15-digit ID is upgraded first. */
  idNumber: string | null;
  /** For a child: the mother's ID as the feed gives it. */
  motherIdNumber?: string | null;
  /** Any region code the feed gives (address, to/from region). */
  region?: string | null;
}

/** A registry person fetched as a candidate. */
export interface LinkCandidate {
  personId: number;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  /** The candidate's real ID (decrypted by the server), or null. */
  idNumber: string | null;
  motherIdNumber?: string | null;
  residenceRegion: string;
  hukouRegion: string;
}

/** The fields that are compared, in the order reasons are listed. */
export type LinkField = 'idNumber' | 'name' | 'pinyin' | 'birthDate' | 'sex' | 'mother' | 'region';

export interface LinkScore {
  /** Probability-like score in [0, 1]; see the module comment for the model. */
  score: number;
  /**
   * The comparison vector: similarity of each field in [0, 1] (1 = identical). A field missing on either
   * side is reported as 0 here and contributes nothing to the score (its weight is 0 and a reason says so).
   */
  components: Record<LinkField, number>;
  /**
   * Evidence in bits (log2 likelihood ratio) each field contributed; 0 = no evidence. `name` carries the
   * weight of max(character, pinyin) similarity and `pinyin` is always 0, so the weights sum (with
   * {@link PRIOR_BITS}) to the log-odds of `score`.
   */
  weights: Record<LinkField, number>;
  /** One line per compared or missing field, for a clerk's review screen. */
  reasons: { zh: string; en: string }[];
}

/** score ≥ accept → confident match; review ≤ score < accept → worklist; score < review → not this person. */
export interface LinkThresholds {
  accept: number;
  review: number;
  /**
   * How far the best candidate must be ahead of the runner-up for an automatic match (score units).
   * Default 0.1. Two strong candidates (twins, namesakes) always go to review.
   */
  margin?: number;
}

/**
 * accept 0.95 (+4.2 bits): reached by an exact or one-typo ID with agreeing birth date, or, without an ID,
 * by an agreeing name (homophones included), birth date and sex; not by a namesake whose valid ID differs.
 * review 0.1 (−3.2 bits): a namesake with the same birth date and a different ID still reaches the worklist,
 * a same-birth-date stranger with another name does not.
 */
export const DEFAULT_THRESHOLDS: LinkThresholds = { accept: 0.95, review: 0.1, margin: 0.1 };

/** Prior log-odds in bits: two random people of one county (~131,000 people) are the same person. */
export const PRIOR_BITS = -17;

export type LinkDecision =
  | { kind: 'match'; personId: number; score: number }
  | { kind: 'review'; candidates: { personId: number; score: number }[] }
  | { kind: 'none' };

const REVIEW_LIMIT = 5;

const bits = (m: number, u: number) => Math.log2(m / u);

/** Agreement weights in bits per field and level; the table in the module comment lists m and u. */
export const LINK_WEIGHTS = {
  id: {
    exact: bits(0.93, 1e-7), // m: 7 % of feed IDs that reach this stage are mistyped or absent; u: valid IDs are unique
    typo: bits(0.04, 1e-6), // m: most keying errors are one digit; u: a one-edit neighbour needs same county, day and sequence digits
    twoTypos: bits(0.006, 1), // feed ID invalid and 2 edits away: two keying errors
    garbled: bits(0.002, 1), // feed ID invalid and ≥ 3 edits away: garbled, or someone else's ID mistyped
    otherValid: bits(5e-4, 1), // feed ID valid but different: cannot be a single typo (MOD 11-2), so another person's ID
  },
  birthDate: {
    exact: bits(0.96, 5e-5), // u: Σp² of birth dates over ~75 birth years (slightly above uniform 1/27,000)
    swap: bits(0.005, 5e-5), // DD/MM entered as MM/DD
    typo: bits(0.02, 1.5e-3), // ~30 dates lie one digit edit away from any date
    differs: bits(0.015, 1),
    /** Cap on the birth-date weight when the mother's ID agrees: among one mother's other children, 1 in ~30 is a twin. */
    withinFamily: bits(0.96, 0.03),
  },
  sex: { agrees: bits(0.995, 0.5), differs: bits(0.005, 0.5) }, // a wrong sex is a rare clerical error: strong evidence against
  name: { agrees: bits(0.95, 5e-4), differs: bits(0.02, 0.98) }, // u: full-name frequency; common names repeat in a county
  mother: { exact: bits(0.9, 1e-4), typo: bits(0.04, 1e-4), differs: bits(0.03, 1) }, // u: siblings share a mother
} as const;

/**
 * Piecewise-linear map from name similarity to a fraction of the way from the disagreement weight (0) to
 * the agreement weight (1), in the spirit of Winkler's (1990) comparator-adjusted weights. Chinese names
 * are two or three characters, so Jaro–Winkler values are coarse: a different given name with the same
 * surname still scores 0.85–0.95 in pinyin (张伟/张强 0.87, 赵敏/周敏 0.92, 张伟/张文 0.95), so anything short
 * of identical pinyin is weak evidence: 0.95 gives about +0.2 bits, 0.92 −2.0, 0.90 −2.8, 0.87 −3.5.
 */
const NAME_CURVE: readonly (readonly [similarity: number, fraction: number])[] = [
  [0.75, 0],
  [0.85, 0.1],
  [0.92, 0.2],
  [0.96, 0.4],
  [1, 1],
];

/** Region agreement by deepest common level (province 2, city 4, county 6, township 9, village 12 digits). */
const REGION_BITS: Readonly<Record<number, number>> = { 2: 0.25, 4: 0.5, 6: 1, 9: 1.5, 12: 2 };
const REGION_LEVELS = [12, 9, 6, 4, 2] as const;
const REGION_NAMES: Readonly<Record<number, { zh: string; en: string }>> = {
  2: { zh: '省', en: 'province' },
  4: { zh: '市', en: 'city' },
  6: { zh: '县', en: 'county' },
  9: { zh: '乡镇', en: 'township' },
  12: { zh: '村', en: 'village' },
};

// ---------------------------------------------------------------------------------------------------------
// String comparators
// ---------------------------------------------------------------------------------------------------------

/**
 * Jaro–Winkler similarity of two sequences (Winkler 1990; as defined on Wikipedia "Jaro–Winkler distance"):
 * matches within ⌊max(|a|,|b|)/2⌋−1 positions, transpositions halved, then a prefix bonus of 0.1 per common
 * leading element (at most 4), applied without a threshold. Identical sequences (including two empty ones)
 * give 1; a sequence against an empty one gives 0.
 *
 * @example jaroWinkler([...'MARTHA'], [...'MARHTA']) // 0.9611…
 */
export function jaroWinkler(a: readonly string[], b: readonly string[]): number {
  if (a.length === b.length && a.every((x, i) => x === b[i])) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = true;
      bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a[i] !== b[k]) halfTranspositions++;
    k++;
  }
  const t = halfTranspositions / 2;
  const jaro = (matches / a.length + matches / b.length + (matches - t) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** NFKC, no whitespace and no name separators (· • ・ .), so 买买提·艾力 and 买买提艾力 compare equal. */
function normalizeName(name: string): string {
  return name.normalize('NFKC').replace(/[\s·•・.]/gu, '');
}

/**
 * Character-level Jaro–Winkler of two names (code points, after NFKC and dropping spaces and name dots).
 * Symmetric; 1 for identical names.
 *
 * @example nameSimilarity('王芳', '王芳') // 1
 * @example nameSimilarity('王芳', '王方') // 0.7 (one character of two differs)
 */
export function nameSimilarity(a: string, b: string): number {
  return jaroWinkler(Array.from(normalizeName(a)), Array.from(normalizeName(b)));
}

const pinyinCache = new Map<string, string>();
const PINYIN_CACHE_LIMIT = 20_000;

/** toNamePinyin with surname readings, letters and digits only; memoised (bounded) since feeds repeat names. */
function namePinyin(name: string): string {
  const key = normalizeName(name);
  let value = pinyinCache.get(key);
  if (value === undefined) {
    value = toNamePinyin(key).replace(/[^a-z0-9]/gu, '');
    if (pinyinCache.size >= PINYIN_CACHE_LIMIT) pinyinCache.clear();
    pinyinCache.set(key, value);
  }
  return value;
}

/**
 * Jaro–Winkler on the names' pinyin ({@link toNamePinyin}, surname readings, toneless), so homophones that
 * clerks confuse agree fully. Symmetric.
 *
 * @example pinyinSimilarity('王芳', '王方') // 1 (both wangfang)
 * @example pinyinSimilarity('曾小明', '曾晓明') // 1 (zengxiaoming)
 */
export function pinyinSimilarity(a: string, b: string): number {
  return jaroWinkler(Array.from(namePinyin(a)), Array.from(namePinyin(b)));
}

/** Canonical ID for comparison: a valid 15- or 18-character ID in its 18-character form, else upper-cased. */
function canonicalId(id: string): { id: string; valid: boolean } {
  const parsed = parseIdNumber(id, { today: '9999-12-31' });
  if (parsed.ok) return { id: parsed.value.idNumber, valid: true };
  return { id: id.normalize('NFKC').trim().toUpperCase(), valid: false };
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, each substring edited once).
 * Stops early and returns `limit + 1` once the distance must exceed `limit`.
 */
function osaDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Similarity given to IDs one keying error apart (one substitution, adjacent swap, insertion or deletion). */
export const ID_TYPO_SIMILARITY = 0.9;

/**
 * Similarity of two ID numbers: 1 when identical (15- and 18-digit forms of one ID, lower-case x and
 * full-width digits count as identical); {@link ID_TYPO_SIMILARITY} (0.9) when one keying error apart —
 * one substituted character, two adjacent characters swapped, or one character dropped or doubled; below
 * 0.5 otherwise, falling with the number of edits (2 edits on 18 characters → 0.44). Symmetric; 0 when
 * either is empty.
 *
 * @example idSimilarity('11010519491231002X', '11010519491231002x') // 1
 * @example idSimilarity('11010519491231002X', '11010519491231003X') // 0.9
 * @example idSimilarity('11010519491231002X', '11010519491213002X') // 0.9 (31 → 13)
 */
export function idSimilarity(a: string, b: string): number {
  const x = canonicalId(a).id;
  const y = canonicalId(b).id;
  if (x === '' || y === '') return x === y ? 1 : 0;
  if (x === y) return 1;
  const length = Math.max(x.length, y.length);
  const distance = osaDistance(x, y, length);
  if (distance === 1) return ID_TYPO_SIMILARITY;
  return Math.max(0, 0.5 * (1 - distance / length));
}

// ---------------------------------------------------------------------------------------------------------
// Field comparisons
// ---------------------------------------------------------------------------------------------------------

type Reason = { zh: string; en: string };

interface FieldResult {
  similarity: number;
  weight: number;
  reason: Reason;
}

const present = (s: string | null | undefined): s is string => typeof s === 'string' && s.trim() !== '';

function missing(zh: string, en: string): FieldResult {
  return { similarity: 0, weight: 0, reason: { zh: `${zh}缺失，不计`, en: `${en} missing: no evidence` } };
}

function compareId(feed: string | null | undefined, registry: string | null | undefined): FieldResult {
  if (!present(feed) || !present(registry)) return missing('身份证号', 'ID number');
  const similarity = idSimilarity(feed, registry);
  const w = LINK_WEIGHTS.id;
  if (similarity === 1) return { similarity, weight: w.exact, reason: { zh: '身份证号一致', en: 'ID number identical' } };
  if (similarity >= ID_TYPO_SIMILARITY) {
    return { similarity, weight: w.typo, reason: { zh: '身份证号仅差一处（疑似录入错误）', en: 'ID number one keying error apart' } };
  }
  const feedId = canonicalId(feed);
  if (feedId.valid) {
    return {
      similarity,
      weight: w.otherValid,
      reason: { zh: '身份证号不同且均有效（不是录入错误，疑为他人）', en: 'ID numbers differ and both are valid: not a typo, likely another person' },
    };
  }
  const twoTypos = osaDistance(feedId.id, canonicalId(registry).id, 2) === 2;
  return {
    similarity,
    weight: twoTypos ? w.twoTypos : w.garbled,
    reason: twoTypos
      ? { zh: '身份证号差两处（来源号码无效）', en: 'ID number two keying errors apart (the feed’s ID is invalid)' }
      : { zh: '身份证号不同（来源号码无效）', en: 'ID number differs (the feed’s ID is invalid)' },
  };
}

function compareMother(feed: string | null | undefined, registry: string | null | undefined): FieldResult {
  if (!present(feed) || !present(registry)) return missing('母亲身份证号', 'mother’s ID number');
  const similarity = idSimilarity(feed, registry);
  const w = LINK_WEIGHTS.mother;
  if (similarity === 1) return { similarity, weight: w.exact, reason: { zh: '母亲身份证号一致', en: 'mother’s ID number identical' } };
  if (similarity >= ID_TYPO_SIMILARITY) {
    return { similarity, weight: w.typo, reason: { zh: '母亲身份证号仅差一处', en: 'mother’s ID number one keying error apart' } };
  }
  return { similarity, weight: w.differs, reason: { zh: '母亲身份证号不同', en: 'mother’s ID number differs' } };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function compareBirthDate(feed: string | null | undefined, registry: string | null | undefined): FieldResult {
  if (!present(feed) || !present(registry)) return missing('出生日期', 'birth date');
  const a = feed.trim();
  const b = registry.trim();
  const w = LINK_WEIGHTS.birthDate;
  if (a === b) return { similarity: 1, weight: w.exact, reason: { zh: '出生日期一致', en: 'birth date identical' } };
  const ma = DATE.exec(a);
  const mb = DATE.exec(b);
  if (ma && mb && ma[1] === mb[1] && ma[2] === mb[3] && ma[3] === mb[2]) {
    return { similarity: 0.8, weight: w.swap, reason: { zh: '出生日期月日颠倒', en: 'birth date with day and month swapped' } };
  }
  if (ma && mb && osaDistance(a.replaceAll('-', ''), b.replaceAll('-', ''), 1) <= 1) {
    return { similarity: 0.7, weight: w.typo, reason: { zh: '出生日期仅差一位数字', en: 'birth date one digit apart' } };
  }
  return { similarity: 0, weight: w.differs, reason: { zh: '出生日期不同', en: 'birth date differs' } };
}

function compareSex(feed: 'male' | 'female' | null | undefined, registry: 'male' | 'female' | null | undefined): FieldResult {
  if (!feed || !registry) return missing('性别', 'sex');
  if (feed === registry) return { similarity: 1, weight: LINK_WEIGHTS.sex.agrees, reason: { zh: '性别一致', en: 'sex agrees' } };
  return { similarity: 0, weight: LINK_WEIGHTS.sex.differs, reason: { zh: '性别不同', en: 'sex differs' } };
}

function nameWeight(similarity: number): number {
  const { agrees, differs } = LINK_WEIGHTS.name;
  let fraction = 0;
  for (let i = 1; i < NAME_CURVE.length; i++) {
    const [s0, f0] = NAME_CURVE[i - 1]!;
    const [s1, f1] = NAME_CURVE[i]!;
    if (similarity <= s0) break;
    fraction = similarity >= s1 ? f1 : f0 + ((f1 - f0) * (similarity - s0)) / (s1 - s0);
  }
  return differs + (agrees - differs) * fraction;
}

const pct = (x: number) => x.toFixed(2);

/** Digits only, with zero-padded levels trimmed ('330522000000' → '330522'). */
function regionCode(code: string): string {
  let c = code.replace(/\D/gu, '');
  if (c.length === 12 && c.endsWith('000')) c = c.slice(0, 9);
  if (c.length === 9 && c.endsWith('000')) c = c.slice(0, 6);
  if (c.length === 6 && c.endsWith('00')) c = c.slice(0, 4);
  if (c.length === 4 && c.endsWith('00')) c = c.slice(0, 2);
  return c;
}

function commonRegionLevel(a: string, b: string): number {
  for (const n of REGION_LEVELS) {
    if (a.length >= n && b.length >= n && a.slice(0, n) === b.slice(0, n)) return n;
  }
  return 0;
}

function compareRegion(feed: string | null | undefined, candidate: LinkCandidate): FieldResult {
  if (!present(feed)) return missing('地区', 'region');
  const code = regionCode(feed);
  const level = Math.max(
    ...[candidate.residenceRegion, candidate.hukouRegion].filter(present).map((r) => commonRegionLevel(code, regionCode(r))),
    0,
  );
  if (level === 0) {
    // Not evidence against: feeds give to/from regions and new addresses, which differ from the registry by design.
    return { similarity: 0, weight: 0, reason: { zh: '地区不同（不计）', en: 'region differs (no evidence either way)' } };
  }
  const name = REGION_NAMES[level]!;
  return {
    similarity: level / 12,
    weight: REGION_BITS[level]!,
    reason: { zh: `同${name.zh}`, en: `same ${name.en}` },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Scoring and deciding
// ---------------------------------------------------------------------------------------------------------

/** 2^x / (1 + 2^x), computed without overflow. */
function probabilityFromBits(x: number): number {
  return x >= 0 ? 1 / (1 + 2 ** -x) : 2 ** x / (1 + 2 ** x);
}

/**
 * Scores one (feed record, registry person) pair: the probability that they are the same person under the
 * weighted model described at the top of this module.
 *
 * @example
 * scorePair(
 *   { name: '王方', sex: 'female', birthDate: '1990-03-15', idNumber: null },
 *   { personId: 7, name: '王芳', sex: 'female', birthDate: '1990-03-15', idNumber: '330522199003150024',
 *     residenceRegion: '330522100200', hukouRegion: '330522100200' },
 * ).score // 0.998
 */
export function scorePair(subject: LinkSubject, candidate: LinkCandidate): LinkScore {
  const id = compareId(subject.idNumber, candidate.idNumber);

  let name: FieldResult;
  let pinyin = 0;
  if (!present(subject.name) || !present(candidate.name)) {
    name = missing('姓名', 'name');
  } else {
    const chars = nameSimilarity(subject.name, candidate.name);
    pinyin = pinyinSimilarity(subject.name, candidate.name);
    const best = Math.max(chars, pinyin);
    const reason: Reason =
      chars === 1
        ? { zh: '姓名一致', en: 'name identical' }
        : pinyin === 1
          ? { zh: '姓名同音（拼音一致）', en: 'name sounds the same (identical pinyin)' }
          : { zh: `姓名相似度${pct(best)}`, en: `name similarity ${pct(best)}` };
    name = { similarity: chars, weight: nameWeight(best), reason };
  }

  const birthDate = compareBirthDate(subject.birthDate, candidate.birthDate);
  const sex = compareSex(subject.sex, candidate.sex);
  const mother = compareMother(subject.motherIdNumber, candidate.motherIdNumber);
  if (mother.weight > 0 && birthDate.weight > LINK_WEIGHTS.birthDate.withinFamily) {
    birthDate.weight = LINK_WEIGHTS.birthDate.withinFamily; // same mother: a twin is the alternative (see module comment)
  }
  const region = compareRegion(subject.region, candidate);

  const total = PRIOR_BITS + id.weight + name.weight + birthDate.weight + sex.weight + mother.weight + region.weight;
  const score = Math.min(1, Math.max(0, probabilityFromBits(total)));

  const reasons = [id, name, birthDate, sex, mother, region]
    .filter((f) => f !== mother || f.weight !== 0) // the mother's ID only matters for children; do not list it as missing
    .map((f) => f.reason);

  return {
    score,
    components: {
      idNumber: id.similarity,
      name: name.similarity,
      pinyin,
      birthDate: birthDate.similarity,
      sex: sex.similarity,
      mother: mother.similarity,
      region: region.similarity,
    },
    weights: {
      idNumber: id.weight,
      name: name.weight,
      pinyin: 0,
      birthDate: birthDate.weight,
      sex: sex.weight,
      mother: mother.weight,
      region: region.weight,
    },
    reasons,
  };
}

/**
 * Decides among the candidates for one feed record:
 * - `match` when the best score is ≥ `accept` and the runner-up is at least `margin` (default 0.1) behind;
 * - `review` when the best score is ≥ `review` (including two strong candidates such as twins or namesakes):
 *   the candidates scoring ≥ `review`, best first (ties by personId), at most five;
 * - `none` otherwise (also for no candidates).
 * A person listed twice is scored once.
 */
export function decide(
  subject: LinkSubject,
  candidates: readonly LinkCandidate[],
  thresholds: LinkThresholds = DEFAULT_THRESHOLDS,
): LinkDecision {
  const margin = thresholds.margin ?? DEFAULT_THRESHOLDS.margin ?? 0.1;
  const seen = new Set<number>();
  const scored: { personId: number; score: number }[] = [];
  for (const candidate of candidates) {
    if (seen.has(candidate.personId)) continue;
    seen.add(candidate.personId);
    scored.push({ personId: candidate.personId, score: scorePair(subject, candidate).score });
  }
  scored.sort((a, b) => b.score - a.score || a.personId - b.personId);
  const best = scored[0];
  if (!best || best.score < thresholds.review) return { kind: 'none' };
  const runnerUp = scored[1]?.score ?? 0;
  if (best.score >= thresholds.accept && best.score - runnerUp >= margin) {
    return { kind: 'match', personId: best.personId, score: best.score };
  }
  return { kind: 'review', candidates: scored.filter((c) => c.score >= thresholds.review).slice(0, REVIEW_LIMIT) };
}
