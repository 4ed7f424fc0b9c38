import { INDICATORS } from './indicators';

export const INDICATORS_TABLE_START = '<!-- generated from INDICATORS: start -->';
export const INDICATORS_TABLE_END = '<!-- generated from INDICATORS: end -->';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The indicator catalogue as a markdown table, for docs/domain/statistics.md. */
export function renderIndicatorsTable(): string {
  const head = ['| code | 名称 / name | numerator ÷ denominator × factor | unit | breakdowns | formula |', '|---|---|---|---|---|---|'];
  const rows = INDICATORS.map((d) =>
    [
      `\`${d.code}\``,
      `${d.name.zh} / ${d.name.en}`,
      d.denominator === null ? `\`${d.numerator}\`` : `\`${d.numerator}\` ÷ \`${d.denominator}\` × ${d.factor.toLocaleString('en-US')}`,
      `${d.unit.zh} / ${d.unit.en}`,
      d.breakdowns.join(', '),
      cell(d.description.en),
    ].join(' | '),
  ).map((r) => `| ${r} |`);
  return [...head, ...rows].join('\n');
}
