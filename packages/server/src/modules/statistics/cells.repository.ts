/**
 * Reads the maintained cubes (migration 0005) for one region or for each child of a region, over a range
 * of months, and cuts them into the cells of any period inside the range. Three indexed range reads per
 * request, whatever the region's size: flows by month, today's stock, and the presence changes since the
 * range began (the stock on a past date is today's minus the changes after it).
 */
import type { FlowCell, FlowKind, Period, RegionCells, Sex, StockCell } from '@renkou/core';
import type { Db } from '@renkou/db';
import { sql } from 'kysely';

export type StatsBasis = 'residence' | 'hukou';

/** One region (`children: false`), every child of it one level down, or every descendant at `descendantsAt`. */
export interface RegionTarget {
  readonly code: string;
  readonly level: number;
  readonly children: boolean;
  readonly descendantsAt?: number;
}

interface MonthFlow extends FlowCell {
  readonly month: string;
}
interface MonthPresence extends StockCell {
  readonly month: string;
}

/** The cubes of one region over a range of months. */
export class RegionSeries {
  constructor(
    readonly regionCode: string,
    private readonly basis: StatsBasis,
    private readonly flows: readonly MonthFlow[],
    private readonly stockNow: Readonly<Record<StatsBasis, readonly StockCell[]>>,
    private readonly presence: Readonly<Record<StatsBasis, readonly MonthPresence[]>>,
  ) {}

  /** Persons present at the end of `date`'s month on a basis: today's stock minus every change after that month. */
  stockOn(basis: StatsBasis, date: string): StockCell[] {
    const after = `${date.slice(0, 7)}-01`;
    const cells = new Map<string, { sex: Sex; birthYear: number; floating: boolean; away: boolean; count: number }>();
    const add = (c: StockCell, sign: number) => {
      const key = `${c.sex}|${c.birthYear}|${c.floating}|${c.away}`;
      const cell = cells.get(key) ?? { sex: c.sex, birthYear: c.birthYear, floating: c.floating, away: c.away, count: 0 };
      cell.count += sign * c.count;
      cells.set(key, cell);
    };
    for (const c of this.stockNow[basis]) add(c, 1);
    for (const c of this.presence[basis]) if (c.month > after) add(c, -1);
    return [...cells.values()].filter((c) => c.count !== 0);
  }

  flowsIn(period: Period): FlowCell[] {
    const from = period.start.slice(0, 7);
    const to = period.end.slice(0, 7);
    const cells = new Map<string, FlowCell & { count: number }>();
    for (const f of this.flows) {
      const m = f.month.slice(0, 7);
      if (m < from || m > to) continue;
      const key = `${f.kind}|${f.sex}|${f.age5}|${f.order}|${f.motherAge5}`;
      const cell = cells.get(key) ?? { kind: f.kind, sex: f.sex, age5: f.age5, order: f.order, motherAge5: f.motherAge5, count: 0 };
      cell.count += f.count;
      cells.set(key, cell);
    }
    return [...cells.values()];
  }

  /** Births per month, for the data-quality checks. */
  monthlyFlow(kind: FlowKind): Map<string, number> {
    const out = new Map<string, number>();
    for (const f of this.flows) if (f.kind === kind) out.set(f.month.slice(0, 7), (out.get(f.month.slice(0, 7)) ?? 0) + f.count);
    return out;
  }

  cellsFor(period: Period): RegionCells {
    return {
      flows: this.flowsIn(period),
      stock: {
        residence: { start: this.stockOn('residence', period.before), end: this.stockOn('residence', period.end) },
        hukou: { start: this.stockOn('hukou', period.before), end: this.stockOn('hukou', period.end) },
      },
    };
  }

  get flowBasis(): StatsBasis {
    return this.basis;
  }
}

const monthOf = (date: string) => `${date.slice(0, 7)}-01`;

function regionFilter(target: RegionTarget) {
  const level = target.descendantsAt ?? (target.children ? target.level + 1 : target.level);
  return level !== target.level ? sql`level = ${level} AND region_code LIKE ${`${target.code}%`}` : sql`level = ${level} AND region_code = ${target.code}`;
}

/**
 * Loads the series of the target region(s) for flows between two dates (inclusive months) on `basis`,
 * with stocks able to answer any date from the month before `from` on.
 */
export async function loadSeries(db: Db, target: RegionTarget, basis: StatsBasis, from: string, to: string): Promise<Map<string, RegionSeries>> {
  const where = regionFilter(target);
  const [flows, stock, presence] = await Promise.all([
    sql<{ region_code: string; month: string; kind: FlowKind; sex: string; age5: number; birth_order: number; mother_age5: number; n: number }>`
      SELECT region_code, to_char(month, 'YYYY-MM-DD') AS month, kind, sex, age5, birth_order, mother_age5, n
        FROM stat_flow WHERE ${where} AND basis = ${basis} AND month BETWEEN ${monthOf(from)}::date AND ${monthOf(to)}::date AND n <> 0`.execute(db),
    sql<{ region_code: string; basis: StatsBasis; sex: Sex; birth_year: number; floating: boolean; away: boolean; n: number }>`
      SELECT region_code, basis, sex, birth_year, floating, away, n FROM stat_stock WHERE ${where} AND n <> 0`.execute(db),
    sql<{ region_code: string; basis: StatsBasis; month: string; sex: Sex; birth_year: number; floating: boolean; away: boolean; n: number }>`
      SELECT region_code, basis, to_char(month, 'YYYY-MM-DD') AS month, sex, birth_year, floating, away, n
        FROM stat_presence WHERE ${where} AND month >= ${monthOf(from)}::date AND n <> 0`.execute(db),
  ]);
  const codes = new Set<string>([...stock.rows, ...flows.rows, ...presence.rows].map((r) => r.region_code));
  if (!target.children && target.descendantsAt === undefined) codes.add(target.code);
  const byRegion = <T extends { region_code: string }>(rows: readonly T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) (m.get(r.region_code) ?? m.set(r.region_code, []).get(r.region_code)!).push(r);
    return m;
  };
  const [flowsBy, stockBy, presenceBy] = [byRegion(flows.rows), byRegion(stock.rows), byRegion(presence.rows)];
  const out = new Map<string, RegionSeries>();
  for (const code of [...codes].sort()) {
    const f = flowsBy.get(code) ?? [];
    const s = stockBy.get(code) ?? [];
    const p = presenceBy.get(code) ?? [];
    const stockCell = (r: (typeof s)[number]): StockCell => ({ sex: r.sex, birthYear: r.birth_year, floating: r.floating, away: r.away, count: r.n });
    out.set(
      code,
      new RegionSeries(
        code,
        basis,
        f.map((r) => ({
          month: r.month,
          kind: r.kind,
          sex: r.sex === '' ? null : (r.sex as Sex),
          age5: r.age5 < 0 ? null : r.age5,
          order: r.birth_order === 0 ? null : r.birth_order,
          motherAge5: r.mother_age5 < 0 ? null : r.mother_age5,
          count: r.n,
        })),
        { residence: s.filter((r) => r.basis === 'residence').map(stockCell), hukou: s.filter((r) => r.basis === 'hukou').map(stockCell) },
        {
          residence: p.filter((r) => r.basis === 'residence').map((r) => ({ ...stockCell(r), month: r.month })),
          hukou: p.filter((r) => r.basis === 'hukou').map((r) => ({ ...stockCell(r), month: r.month })),
        },
      ),
    );
  }
  return out;
}

/**
 * The cells of one period for the target region(s), aggregated by the database: the flows summed over the
 * period's months, and the stock on the day before the period and on its last day (today's stock minus the
 * presence changes after that month) for both bases. A few hundred rows per region whatever the period's
 * length — what GET /api/v1/stats reads (bench/stats.ts measured the month-by-month series at 24,000 rows).
 */
export async function loadPeriodCells(db: Db, target: RegionTarget, basis: StatsBasis, period: Period): Promise<Map<string, RegionCells>> {
  const where = regionFilter(target);
  const stockOn = (date: string) => sql<{ region_code: string; basis: StatsBasis; sex: Sex; birth_year: number; floating: boolean; away: boolean; n: number }>`
    SELECT region_code, basis, sex, birth_year, floating, away, sum(n)::int AS n FROM (
      SELECT region_code, basis, sex, birth_year, floating, away, n FROM stat_stock WHERE ${where}
      UNION ALL
      SELECT region_code, basis, sex, birth_year, floating, away, -n FROM stat_presence WHERE ${where} AND month > ${monthOf(date)}::date
    ) x GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0`.execute(db);
  const [flows, start, end] = await Promise.all([
    sql<{ region_code: string; kind: FlowKind; sex: string; age5: number; birth_order: number; mother_age5: number; n: number }>`
      SELECT region_code, kind, sex, age5, birth_order, mother_age5, sum(n)::int AS n
        FROM stat_flow WHERE ${where} AND basis = ${basis} AND month BETWEEN ${monthOf(period.start)}::date AND ${monthOf(period.end)}::date
       GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0`.execute(db),
    stockOn(period.before),
    stockOn(period.end),
  ]);
  const out = new Map<string, { flows: FlowCell[]; stock: Record<StatsBasis, { start: StockCell[]; end: StockCell[] }> }>();
  const cellsOf = (code: string) => {
    let c = out.get(code);
    if (!c) {
      c = { flows: [], stock: { residence: { start: [], end: [] }, hukou: { start: [], end: [] } } };
      out.set(code, c);
    }
    return c;
  };
  if (!target.children && target.descendantsAt === undefined) cellsOf(target.code);
  for (const r of flows.rows) {
    cellsOf(r.region_code).flows.push({ kind: r.kind, sex: r.sex === '' ? null : (r.sex as Sex), age5: r.age5 < 0 ? null : r.age5, order: r.birth_order === 0 ? null : r.birth_order, motherAge5: r.mother_age5 < 0 ? null : r.mother_age5, count: r.n });
  }
  for (const [rows, when] of [[start.rows, 'start'], [end.rows, 'end']] as const) {
    for (const r of rows) cellsOf(r.region_code).stock[r.basis][when].push({ sex: r.sex, birthYear: r.birth_year, floating: r.floating, away: r.away, count: r.n });
  }
  return out;
}
