import { Empty, Space, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import type { PersonDetail, VitalEventView } from '@renkou/core';
import { formatDate, formatTime } from '../../app/format';
import { RegionName } from '../../components/RegionName';
import { useI18n } from '../../i18n/i18n';
import { EVENT_KIND, label, SEX, SOURCE, type Lang } from '../../i18n/labels';

const COLORS: Record<string, string> = {
  birth: 'green', death: 'gray', marriage: 'red', divorce: 'orange', move_in: 'blue', move_out: 'purple', residence_change: 'cyan', hukou_change: 'geekblue', correction: 'gold',
};

const FIELD_NAMES: Record<string, [string, string]> = {
  name: ['姓名', 'name'], sex: ['性别', 'sex'], birthDate: ['出生日期', 'date of birth'], ethnicity: ['民族', 'ethnicity'], idNumber: ['身份证号', 'ID number'], occurredOn: ['发生日期', 'date'],
};

function PersonLink({ id, names }: { id: unknown; names: Map<number, string> }) {
  if (typeof id !== 'number') return null;
  return <Link to={`/persons/${id}`}>{names.get(id) ?? `#${id}`}</Link>;
}

function Details({ e, person, names, lang }: { e: VitalEventView; person: PersonDetail; names: Map<number, string>; lang: Lang }) {
  const { t } = useI18n();
  const p = e.payload;
  switch (e.kind) {
    case 'birth':
      return e.personId === person.id ? (
        <span>
          {t('event.birthOrder')} {String(p.birthOrder ?? '')}
          {typeof p.motherId === 'number' && (
            <>
              {' · '}
              {t('person.mother')} <PersonLink id={p.motherId} names={names} />
            </>
          )}
        </span>
      ) : (
        <span>
          {t('person.children')} <PersonLink id={e.personId} names={names} /> ({label(SEX, String(p.sex ?? ''), lang)}, {t('event.birthOrder')} {String(p.birthOrder ?? '')})
        </span>
      );
    case 'death':
      return <span>{[p.place, p.cause].filter(Boolean).join(' · ')}</span>;
    case 'marriage':
    case 'divorce':
      return (
        <span>
          <PersonLink id={p.husbandId} names={names} /> — <PersonLink id={p.wifeId} names={names} />
        </span>
      );
    case 'move_in':
    case 'move_out':
    case 'residence_change':
    case 'hukou_change':
      return (
        <span>
          {typeof p.fromRegion === 'string' && (
            <>
              {t('event.from')} <RegionName code={p.fromRegion} full />{' '}
            </>
          )}
          {typeof p.toRegion === 'string' && (
            <>
              {t('event.to')} <RegionName code={p.toRegion} full />
            </>
          )}
          {typeof p.destination === 'string' && ` · ${p.destination}`}
        </span>
      );
    case 'correction': {
      const changes = (p.changes ?? {}) as Record<string, unknown>;
      return (
        <span>
          {t('event.corrects', { id: e.correctsEventId ?? '' })} · {t('event.reason')}：{String(p.reason ?? '')} · {t('event.changes')}：
          {Object.entries(changes)
            .map(([k, v]) => `${FIELD_NAMES[k]?.[lang === 'zh' ? 0 : 1] ?? k} → ${k === 'sex' ? label(SEX, String(v), lang) : String(v)}`)
            .join('；')}
        </span>
      );
    }
  }
}

/** A person's events, oldest first; corrected events stay visible, marked with what corrected them. */
export function EventTimeline({ person }: { person: PersonDetail }) {
  const { t, lang } = useI18n();
  const names = new Map<number, string>([[person.id, person.name]]);
  for (const r of [person.mother, person.father, person.spouse, ...person.children]) if (r) names.set(r.id, r.name);
  if (person.timeline.length === 0) return <Empty description={t('person.noEvents')} />;
  return (
    <Timeline
      data-testid="timeline"
      items={person.timeline.map((e) => ({
        key: e.id,
        color: COLORS[e.kind] ?? 'blue',
        content: (
          <div data-testid={`event-${e.kind}`} data-event-id={e.id} className={e.correctedBy.length > 0 ? 'event-corrected' : undefined}>
            <Space wrap size={[8, 0]}>
              <strong>{formatDate(e.occurredOn)}</strong>
              <Tag color={COLORS[e.kind]}>{label(EVENT_KIND, e.kind, lang)}</Tag>
              <Typography.Text type="secondary">#{e.id}</Typography.Text>
              {e.correctedBy.length > 0 && <Tag color="warning">{t('event.corrected', { ids: e.correctedBy.join(', #') })}</Tag>}
            </Space>
            <div>
              <Details e={e} person={person} names={names} lang={lang} />
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('event.region')}：<RegionName code={e.regionCode} /> · {t('event.recordedAt')}：{formatTime(e.recordedAt)} · {t('event.source')}：{label(SOURCE, e.source, lang)}
            </Typography.Text>
          </div>
        ),
      }))}
    />
  );
}
