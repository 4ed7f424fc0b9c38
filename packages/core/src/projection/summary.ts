/**
 * Summary measures of a fertility and mortality schedule and the stable population they imply
 * (Preston, Heuveline & Guillot 2001, ch. 5–7). Rule numbers refer to docs/domain/projection.md.
 */

/**
 * The schedule behind the summary measures: female survival ratios as in survivalRatiosFromLx, ASFR (both
 * sexes' births per woman per year), the female person-years by age group (last value T of the open group)
 * and the radix they were computed with.
 *
 * @example
 * const s: ReproductionSchedule = { ageInterval: 5, srb: 1.05, asfr: [0, 0.1, 0], survival: [0.99, 0.99, 0.5], Lx: [495000, 490000, 900000], radix: 100000 };
 */
export interface ReproductionSchedule {
  readonly ageInterval: number;
  readonly srb: number;
  readonly asfr: readonly number[];
  readonly survival: readonly number[];
  readonly Lx: readonly number[];
  readonly radix: number;
}

/**
 * TFR, GRR, NRR and mean age at childbearing, plus λ, r and the stable age distribution (proportions by
 * age group, summing to 1). λ is 0 and r is −∞ (null in JSON) when nothing is ever born and nobody survives.
 *
 * @example
 * const s: ProjectionSummary = { tfr: 2.085, grr: 1.0171, nrr: 1.0064, mac: 28.81, lambda: 1.00111, r: 0.000222, stable: [0.0619, 0.0618] }; // Sweden 1993, stable shortened
 */
export interface ProjectionSummary {
  readonly tfr: number;
  readonly grr: number;
  readonly nrr: number;
  readonly mac: number;
  readonly lambda: number;
  readonly r: number;
  readonly stable: readonly number[];
}

/**
 * TFR = n·Σ ASFR; GRR = TFR·ffab with ffab = 1/(1+srb); NRR = Σ ASFR_x·ffab·nLx / l0;
 * mean age at childbearing = Σ (x + n/2)·ASFR_x / Σ ASFR_x (NaN, null in JSON, when there is no fertility).
 *
 * @example
 * fertilityMeasures({ ageInterval: 5, srb: 1.05, asfr: [0, 0, 0, 0.012, 0.0908, 0.1499, 0.1125, 0.0441, 0.0074, 0.0003], Lx, radix: 100000 }).tfr; // 2.085
 */
export function fertilityMeasures(s: Pick<ReproductionSchedule, 'ageInterval' | 'srb' | 'asfr' | 'Lx' | 'radix'>): { tfr: number; grr: number; nrr: number; mac: number } {
  const n = s.ageInterval;
  const ffab = 1 / (1 + s.srb);
  let sum = 0;
  let weighted = 0;
  let nrr = 0;
  s.asfr.forEach((f, i) => {
    sum += f;
    weighted += (i * n + n / 2) * f;
    nrr += (f * ffab * s.Lx[i]!) / s.radix;
  });
  const tfr = n * sum;
  return { tfr, grr: tfr * ffab, nrr, mac: sum > 0 ? weighted / sum : Number.NaN };
}

/**
 * The female Leslie matrix built from the same terms as the projection, so that L·P(t) equals the closed
 * female projection exactly. Row 0: (n/2)·ffab·s0·(F_j + F_{j+1}·s_{j+1}), the births to women of group j
 * during the step (at the start, and after surviving into j+1) that survive to the end; for the open group
 * j+1 is the open group itself. Sub-diagonal s_i; the open group also keeps its survivors (s_{k−1}).
 *
 * @example
 * leslieMatrix({ ageInterval: 5, srb: 1, asfr: [0, 0.2, 0], survival: [1, 1, 0.5] });
 * // [[0.25, 0.25, 0], [1, 0, 0], [0, 0.5, 0.5]]
 */
export function leslieMatrix(s: Pick<ReproductionSchedule, 'ageInterval' | 'srb' | 'asfr' | 'survival'>): number[][] {
  const k = s.survival.length;
  const n = s.ageInterval;
  const ffab = 1 / (1 + s.srb);
  const m: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const top = m[0]!;
  const s0 = s.survival[0]!;
  for (let j = 0; j < k; j++) {
    const into = j + 1 < k ? j + 1 : k - 1;
    top[j] = (n / 2) * ffab * s0 * (s.asfr[j]! + s.asfr[into]! * s.survival[into]!);
  }
  for (let i = 1; i < k; i++) m[i]![i - 1] = s.survival[i]!;
  m[k - 1]![k - 1] = s.survival[k - 1]!;
  return m;
}

/**
 * Dominant eigenvalue and its eigenvector (normalised to sum 1) of a non-negative matrix by power
 * iteration. The iteration runs on A + I: same eigenvector, but a Leslie matrix whose fertility sits in a
 * single age group is periodic and plain power iteration would oscillate for ever.
 *
 * @example
 * dominantEigen([[0, 2], [0.5, 0]]); // { lambda: 1, vector: [0.6667, 0.3333], iterations: … }
 */
export function dominantEigen(matrix: readonly (readonly number[])[], options: { tolerance?: number; maxIterations?: number } = {}): { lambda: number; vector: number[]; iterations: number } {
  const k = matrix.length;
  const tolerance = options.tolerance ?? 1e-14;
  const maxIterations = options.maxIterations ?? 1_000_000;
  let v = new Array<number>(k).fill(1 / k);
  let lambda = 0;
  // Only the non-zero entries are visited: a Leslie matrix has about 3k of its k² entries set.
  const entries = matrix.map((row) => row.flatMap((a, j) => (a !== 0 ? [[j, a] as const] : [])));
  for (let it = 1; it <= maxIterations; it++) {
    const w = new Array<number>(k);
    let sumAv = 0;
    for (let i = 0; i < k; i++) {
      let x = 0;
      for (const [j, a] of entries[i]!) x += a * v[j]!;
      sumAv += x;
      w[i] = x + v[i]!;
    }
    const sum = sumAv + 1; // Σ v = 1
    let change = 0;
    for (let i = 0; i < k; i++) {
      const x = w[i]! / sum;
      change = Math.max(change, Math.abs(x - v[i]!));
      w[i] = x;
    }
    v = w;
    lambda = sumAv;
    if (change < tolerance) return { lambda, vector: v, iterations: it };
  }
  return { lambda, vector: v, iterations: maxIterations };
}

/**
 * All summary measures of rule 14: TFR, GRR, NRR, mean age at childbearing, λ of the Leslie matrix,
 * r = ln(λ)/n and the stable age distribution.
 *
 * @example
 * const s = projectionSummary({ ageInterval: 5, srb: 1.05, asfr, survival, Lx, radix: 100000 });
 * s.r; // intrinsic growth rate per year
 */
export function projectionSummary(s: ReproductionSchedule): ProjectionSummary {
  const { tfr, grr, nrr, mac } = fertilityMeasures(s);
  const { lambda, vector } = dominantEigen(leslieMatrix(s));
  return { tfr, grr, nrr, mac, lambda, r: Math.log(lambda) / s.ageInterval, stable: vector };
}
