import { COUNTY_CODES } from '../regions/county-codes.generated';
import type { SyntheticRegionInput } from './regions';

/** A small stand-in for 湖州市: its five county codes, 6 townships each, 10 villages per township. */
export function testRegion(): SyntheticRegionInput {
  const villages: { code: string; name: string }[] = [];
  for (const county of ['330502', '330503', '330521', '330522', '330523']) {
    for (let t = 1; t <= 6; t++) {
      for (let v = 1; v <= 10; v++) {
        const code = `${county}${String(t).padStart(3, '0')}${String(v).padStart(3, '0')}`;
        villages.push({ code, name: v <= 3 ? `第${v}社区居委会` : `第${v}村委会` });
      }
    }
  }
  return { code: '3305', name: '湖州市', villages, outsideCounties: [...COUNTY_CODES].filter((c) => !c.startsWith('3305')) };
}
