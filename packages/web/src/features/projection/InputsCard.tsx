import { Alert, Card, Descriptions } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { formatNumber, type RegionProjection } from './model';

/**
 * 基期与参数: where the projection starts (31 December of the base year) and the rates estimated from the
 * registry; above them a warning that names every rate borrowed from a higher region or the national
 * model, with the server's reason — the page always says when it borrows.
 */
export function InputsCard({ result }: { result: RegionProjection }) {
  const { t, lang, text } = useI18n();
  const i = result.inputs;
  const years = result.inputYears;
  return (
    <Card size="small" title={`${t('projection.inputs')} · ${result.region.name}`} data-testid="projection-inputs">
      {i.borrowed.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="projection-borrowed"
          title={t('projection.borrowed.title')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {i.borrowed.map((b) => (
                <li key={b.what} data-what={b.what} data-from={b.from}>
                  {t('projection.borrowed.item', { what: t(`projection.borrow.${b.what}`), from: b.from === 'model' ? t('projection.borrowed.model') : b.fromName, reason: text(b.reason) })}
                </li>
              ))}
            </ul>
          }
        />
      ) : (
        <Alert type="success" showIcon style={{ marginBottom: 12 }} data-testid="projection-own-rates" title={t('projection.borrowed.none')} />
      )}
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3, xl: 4 }}
        items={[
          { key: 'base', label: t('projection.inputs.baseYear'), children: t('projection.inputs.baseDate', { y: result.baseYear }) },
          { key: 'years', label: t('projection.inputs.inputYears'), children: years.length > 1 ? `${years[0]}–${years.at(-1)}` : String(years[0] ?? '') },
          {
            key: 'population',
            label: t('projection.inputs.population'),
            children: (
              <strong data-testid="projection-base-population" data-value={i.population}>
                {formatNumber(i.population, lang)}
              </strong>
            ),
          },
          { key: 'births', label: t('projection.inputs.births'), children: formatNumber(i.births, lang) },
          { key: 'deaths', label: t('projection.inputs.deaths'), children: `${formatNumber(i.deathsFemale, lang)} / ${formatNumber(i.deathsMale, lang)}` },
          { key: 'tfr', label: t('projection.inputs.tfr'), children: <span data-testid="projection-base-tfr" data-value={i.tfr}>{formatNumber(i.tfr, lang, 2)}</span> },
          { key: 'e0', label: t('projection.inputs.e0'), children: `${formatNumber(i.e0Female, lang, 1)} / ${formatNumber(i.e0Male, lang, 1)}` },
          { key: 'srb', label: t('projection.inputs.srb'), children: formatNumber(i.srb, lang, 1) },
          { key: 'migration', label: t('projection.inputs.migration'), children: formatNumber(i.netMigration, lang, Math.abs(i.netMigration) < 100 ? 1 : 0) },
        ]}
      />
    </Card>
  );
}
