/**
 * The places a synthetic population lives in, passed in as data (the CLI reads them from the region
 * table): the villages (level 5) of the chosen region, and county codes outside it for the birthplaces and
 * hukou of the floating population and the destinations of moves out.
 */
import { URBAN_SHARE_2020 } from './calibration';
import { cumulative, stream } from './prng';

export interface SyntheticRegionInput {
  /** The region the population lives in (a city such as 3305 湖州市, or any code with villages under it). */
  readonly code: string;
  readonly name: string;
  /** Its villages (村/居委会, 12-digit codes). */
  readonly villages: readonly { readonly code: string; readonly name: string }[];
  /** County-level codes (6 digits) outside the region. */
  readonly outsideCounties: readonly string[];
}

export interface PreparedRegions {
  readonly code: string;
  readonly name: string;
  /** Place codes by index: villages first (0..villageCount−1), then outside counties. */
  readonly places: readonly string[];
  readonly villageCount: number;
  /** 1 for an urban village (社区/居委会), 0 for a rural one (村). */
  readonly urban: Uint8Array;
  /** Index into {@link counties} of each village's county. */
  readonly villageCounty: Int32Array;
  /** 6-digit county codes: the region's own, then the outside ones (place index − villageCount + ownCounties). */
  readonly counties: readonly string[];
  readonly ownCounties: number;
  /** Cumulative weights over villages for local households, floating households and collective quarters. */
  readonly localWeights: Float64Array;
  readonly floatingWeights: Float64Array;
  readonly collectiveWeights: Float64Array;
  readonly ruralWeights: Float64Array;
  /** Cumulative weights over outside counties (origins of floating persons, destinations of moves out). */
  readonly originWeights: Float64Array;
  /** True when the region is in Zhejiang (surname table adjustment). */
  readonly zhejiang: boolean;
}

const URBAN_NAME = /(社区|居委会|居民委员会|社区居民委员会)$/u;

/**
 * ASSUMPTION: relative weights of provinces as sources of inter-provincial migrants to the Yangtze River
 * Delta (no published table in shared/data); the region's own province weighs as much as the largest source.
 */
const PROVINCE_SOURCE: Readonly<Record<string, number>> = {
  '34': 16, '41': 10, '51': 8, '36': 8, '52': 7, '43': 7, '42': 5, '53': 4, '32': 4, '45': 3, '50': 3, '37': 3,
  '13': 2, '61': 2, '62': 2, '35': 2, '14': 1, '23': 1, '22': 1, '21': 1, '44': 1, '46': 0.5, '15': 0.5,
  '64': 0.3, '63': 0.3, '65': 0.5, '11': 0.5, '12': 0.3, '31': 1, '33': 6,
};

export function prepareRegions(input: SyntheticRegionInput, seed: string): PreparedRegions {
  const villages = [...input.villages].filter((v) => /^\d{12}$/.test(v.code) && v.code.startsWith(input.code)).sort((a, b) => (a.code < b.code ? -1 : 1));
  if (villages.length === 0) throw new RangeError(`region ${input.code} has no villages`);
  const outside = [...new Set(input.outsideCounties)].filter((c) => /^\d{6}$/.test(c) && !c.startsWith(input.code.slice(0, Math.min(6, input.code.length)))).sort();
  if (outside.length === 0) throw new RangeError('outsideCounties is empty');
  const rng = stream(seed, 'regions');

  const ownCounties = [...new Set(villages.map((v) => v.code.slice(0, 6)))].sort();
  const countyIndex = new Map(ownCounties.map((c, i) => [c, i]));
  const urban = new Uint8Array(villages.length);
  const villageCounty = new Int32Array(villages.length);
  let urbanCount = 0;
  villages.forEach((v, i) => {
    urban[i] = URBAN_NAME.test(v.name) ? 1 : 0;
    urbanCount += urban[i]!;
    villageCounty[i] = countyIndex.get(v.code.slice(0, 6))!;
  });
  const ruralCount = villages.length - urbanCount;
  // Urban communities hold more people: the ratio that puts URBAN_SHARE_2020 of residents in them.
  const urbanWeight = urbanCount > 0 && ruralCount > 0 ? (URBAN_SHARE_2020 * ruralCount) / ((1 - URBAN_SHARE_2020) * urbanCount) : 1;
  // Villages differ in size: a log-normal factor (σ = 0.35, ASSUMPTION).
  const size = villages.map(() => Math.exp(0.35 * rng.normal()));
  const local: number[] = [];
  const floating: number[] = [];
  const collective: number[] = [];
  const rural: number[] = [];
  for (let i = 0; i < villages.length; i++) {
    const base = size[i]! * (urban[i] ? urbanWeight : 1);
    local.push(base);
    // Floating households concentrate in towns (ASSUMPTION: twice the local urban weight).
    floating.push(base * (urban[i] ? 2 : 1));
    collective.push(urban[i] || urbanCount === 0 ? base : 0);
    rural.push(urban[i] && ruralCount > 0 ? 0 : base);
  }
  const province = input.code.slice(0, 2);
  const weightOf = (county: string): number => {
    const p = county.slice(0, 2);
    if (p === province) return 16;
    return PROVINCE_SOURCE[p] ?? 0.2;
  };
  // Spread each province's weight over its counties.
  const perProvince = new Map<string, number>();
  for (const c of outside) perProvince.set(c.slice(0, 2), (perProvince.get(c.slice(0, 2)) ?? 0) + 1);
  const originWeights = cumulative(outside.map((c) => weightOf(c) / perProvince.get(c.slice(0, 2))!));

  return {
    code: input.code,
    name: input.name,
    places: [...villages.map((v) => v.code), ...outside],
    villageCount: villages.length,
    urban,
    villageCounty,
    counties: [...ownCounties, ...outside],
    ownCounties: ownCounties.length,
    localWeights: cumulative(local),
    floatingWeights: cumulative(floating),
    collectiveWeights: cumulative(collective),
    ruralWeights: cumulative(rural),
    originWeights,
    zhejiang: province === '33',
  };
}

/** County index (into `counties`) of a place index. */
export function countyOfPlace(r: PreparedRegions, place: number): number {
  return place < r.villageCount ? r.villageCounty[place]! : place - r.villageCount + r.ownCounties;
}
