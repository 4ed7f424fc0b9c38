/**
 * The aggregate cells the database maintains (packages/db migration 0005) as the statistics engine reads them.
 * One region at a time: the server fetches the cells of a region (or of each child region) and the pure
 * functions in this folder turn them into indicators.
 */

import type { Sex } from '../registry/registry.schemas';
export type FlowKind = 'birth' | 'death' | 'marriage' | 'divorce' | 'move_in' | 'move_out';

/** Events in a period, summed over its months. */
export interface FlowCell {
  readonly kind: FlowKind;
  /** The person's sex (the child for births); null for marriages and divorces. */
  readonly sex: Sex | null;
  /** Five-year age group of the person at the event: 0 = 0–4, 1 = 5–9, …, 20 = 100+; null for marriages and divorces. */
  readonly age5: number | null;
  /** Births only: 1, 2 or 3 (= third or later); null otherwise. */
  readonly order: number | null;
  /** Births only: the mother's five-year age group at the birth (3 = 15–19 … 9 = 45–49; other groups possible); null otherwise. */
  readonly motherAge5: number | null;
  readonly count: number;
}

/**
 * Persons present in the region on a date, on one basis. Ages on a date are `year(date) − birthYear`
 * (exact on 31 December; within the year of age elsewhere).
 */
export interface StockCell {
  readonly sex: Sex;
  readonly birthYear: number;
  /** Residence basis: the hukou is outside this region (流入). Hukou basis: living outside this region (流出). */
  readonly floating: boolean;
  /** Residence and hukou are in different townships (人户分离), whatever the region's level. */
  readonly away: boolean;
  readonly count: number;
}
