import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlowCell, StockCell } from './cells';
import { evaluateIndicators, type RegionCells } from './evaluate';
import { parsePeriod } from './periods';

/* Breakdown rows of counts must add up to the total row, for any cells. */

const sex = fc.constantFrom<'male' | 'female'>('male', 'female');
const stockCell: fc.Arbitrary<StockCell> = fc.record({
  sex,
  birthYear: fc.integer({ min: 1900, max: 2025 }),
  floating: fc.boolean(),
  away: fc.boolean(),
  count: fc.integer({ min: 0, max: 500 }),
});
const flowCell: fc.Arbitrary<FlowCell> = fc.oneof(
  fc.record({
    kind: fc.constant<'birth'>('birth'),
    sex,
    age5: fc.constant(0),
    order: fc.integer({ min: 1, max: 3 }),
    motherAge5: fc.integer({ min: 2, max: 10 }),
    count: fc.integer({ min: 0, max: 50 }),
  }),
  fc.record({
    kind: fc.constantFrom<FlowCell['kind']>('death', 'move_in', 'move_out'),
    sex,
    age5: fc.integer({ min: 0, max: 20 }),
    order: fc.constant(null),
    motherAge5: fc.constant(null),
    count: fc.integer({ min: 0, max: 50 }),
  }),
);
const stocks = fc.array(stockCell, { maxLength: 12 });
const cellsArb: fc.Arbitrary<RegionCells> = fc.record({
  flows: fc.array(flowCell, { maxLength: 12 }),
  stock: fc.record({ residence: fc.record({ start: stocks, end: stocks }), hukou: fc.record({ start: stocks, end: stocks }) }),
});
const period = fc.constantFrom('2025', '2025Q2', '2025-03').map((c) => parsePeriod(c));
const basis = fc.constantFrom<'residence' | 'hukou'>('residence', 'hukou');

function groupsAddUp(codes: string[], by: 'sex' | 'age5' | 'order') {
  fc.assert(
    fc.property(cellsArb, period, basis, (cells, p, b) => {
      const rows = evaluateIndicators(codes, p, b, cells, by);
      for (const code of codes) {
        const mine = rows.filter((r) => r.indicator === code);
        const total = mine.find((r) => r.group === null)!;
        const parts = mine.filter((r) => r.group !== null);
        expect(parts.length).toBeGreaterThan(0);
        expect(parts.reduce((a, r) => a + r.value!, 0)).toBeCloseTo(total.value!, 9);
      }
    }),
  );
}

describe('breakdown counts add up to the total', () => {
  it('by sex', () => groupsAddUp(['population', 'population_midyear', 'births', 'deaths', 'move_in', 'move_out', 'floating_in', 'floating_out'], 'sex'));
  it('by age group', () => groupsAddUp(['population', 'population_midyear', 'births', 'deaths', 'move_in', 'move_out', 'floating_in', 'floating_out'], 'age5'));
  it('by birth order', () => groupsAddUp(['births'], 'order'));

  it('shares of birth orders add up to 100 whenever there are births', () => {
    fc.assert(
      fc.property(cellsArb, period, (cells, p) => {
        const rows = evaluateIndicators(['births_order_1', 'births_order_2', 'births_order_3plus'], p, 'residence', cells);
        if (rows[0]!.denominator === 0) return;
        expect(rows.reduce((a, r) => a + r.value!, 0)).toBeCloseTo(100, 9);
      }),
    );
  });
});
