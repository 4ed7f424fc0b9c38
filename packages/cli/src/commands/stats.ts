import { Basis, Breakdown, PeriodCode, todayInChina, type IndicatorValue, type StatsResult } from '@renkou/core';
import { createKysely } from '@renkou/db';
import { computeStats, findRegion } from '@renkou/server';
import type { Runtime } from '../runtime';
import { errorResult, type CommandResult } from './lifetable';

export interface StatsCommandOptions {
  region: string;
  period: string;
  indicators?: string;
  basis?: string;
  by?: string;
  json?: boolean;
}

const fmt = (x: number | null, digits = 2) => (x === null ? '-' : Number.isInteger(x) ? x.toLocaleString('en-US') : x.toFixed(digits));

function toText(r: StatsResult): string {
  const head = `${r.region.name} (${r.region.code}) ${r.period.code} ${r.basis === 'residence' ? '常住 residence' : '户籍 hukou'}${r.by ? ` by ${r.by}` : ''}\n`;
  const rows = r.rows.map((v: IndicatorValue) => [
    v.indicator,
    v.group === null ? '' : (v.groupName ?? v.group),
    fmt(v.value),
    fmt(v.numerator),
    fmt(v.denominator),
    v.interval ? `${v.interval.lower.toFixed(1)}–${v.interval.upper.toFixed(1)}` : '',
    v.flags.join(','),
  ]);
  const all = [['indicator', 'group', 'value', 'numerator', 'denominator', '95% CI', 'flags'], ...rows];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((row) => [...row[i]!].length)));
  return head + all.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

/** `renkou stats`: one row per indicator (and breakdown value) from the maintained aggregates. */
export async function statsCommand(rt: Pick<Runtime, 'owner'>, o: StatsCommandOptions): Promise<CommandResult> {
  const db = createKysely(rt.owner);
  try {
    // The same validation as the API's query string.
    const period = PeriodCode.parse(o.period);
    const basis = Basis.parse(o.basis ?? 'residence');
    const by = o.by === undefined ? undefined : Breakdown.parse(o.by);
    const region = await findRegion(db, o.region, '--region');
    const result = await computeStats(db, region, { period, basis, by, indicators: o.indicators }, todayInChina());
    return { stdout: o.json ? JSON.stringify(result.rows) + '\n' : toText(result), stderr: '', exitCode: 0 };
  } catch (error) {
    const issues = (error as { issues?: { message: string; path: unknown[] }[] }).issues;
    if (issues) return { stdout: '', stderr: `输入有误 / invalid input\n${issues.map((i) => `  ${i.message}`).join('\n')}\n`, exitCode: 2 };
    return errorResult(error);
  }
}

/** `renkou stats rebuild`: recomputes every aggregate from the events and persons, in one transaction. */
export async function statsRebuildCommand(rt: Pick<Runtime, 'owner'>): Promise<CommandResult & { ms: number }> {
  const started = performance.now();
  const client = await rt.owner.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT stat_rebuild()');
    await client.query('ANALYZE stat_flow, stat_presence, stat_stock');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  const ms = performance.now() - started;
  return { stdout: `统计汇总已重建 / statistics rebuilt in ${(ms / 1000).toFixed(1)} s\n`, stderr: '', exitCode: 0, ms };
}
