/** Code lengths of the five levels: province, city, county, township, village. */
export const LEVEL_LENGTHS = [2, 4, 6, 9, 12] as const;
export type RegionLevel = 1 | 2 | 3 | 4 | 5;

/**
 * The level of a region code, or undefined when its length fits no level.
 * @example regionLevel('330522') // 3
 */
export function regionLevel(code: string): RegionLevel | undefined {
  if (!/^\d+$/.test(code)) return undefined;
  const i = LEVEL_LENGTHS.indexOf(code.length as (typeof LEVEL_LENGTHS)[number]);
  return i < 0 ? undefined : ((i + 1) as RegionLevel);
}

/**
 * A code's ancestors are its prefixes at the shorter level lengths, outermost first.
 * @example ancestorCodes('330522100200') // ['33', '3305', '330522', '330522100']
 */
export function ancestorCodes(code: string): string[] {
  return LEVEL_LENGTHS.filter((n) => n < code.length).map((n) => code.slice(0, n));
}

/** True when `code` lies in the subtree rooted at `root` (a region is in its own subtree). */
export function isWithin(code: string, root: string): boolean {
  return code.startsWith(root);
}
