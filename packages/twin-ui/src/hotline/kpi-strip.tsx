import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n/i18n.ts';
import type { PolledQuery } from '../live/polled-query.ts';
import { formatCount, formatRate } from './hotline-format.ts';
import type { HotlineFigures, HotlineKpis } from './hotline-types.ts';
import { StaleMark } from './query-state.tsx';

type Card = {
  id: string;
  label: string;
  value: (kpis: HotlineKpis) => string;
  /** Today's value under a year figure. */
  today?: (figures: HotlineFigures) => string;
  unit?: string;
  /** Shows the year scope tag. */
  yearly?: boolean;
  tone?: 'alert';
};

/** The hotline's headline figures: accepted today and this year, rates, overdue orders. */
export function KpiStrip({ kpis }: { kpis: PolledQuery<HotlineKpis> }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const count = (value: number) => formatCount(value, language);
  const rate = (value: number | null) => formatRate(value, language);
  const cards: Card[] = [
    {
      id: 'accepted-today',
      label: t('hotline.kpi.acceptedToday'),
      value: (k) => count(k.today.accepted),
      unit: t('hotline.kpi.ordersUnit'),
    },
    {
      id: 'accepted-year',
      label: t('hotline.kpi.acceptedYear'),
      value: (k) => count(k.year.accepted),
      unit: t('hotline.kpi.ordersUnit'),
    },
    {
      id: 'completion-rate',
      label: t('hotline.kpi.completionRate'),
      value: (k) => rate(k.year.completionRate),
      today: (f) => rate(f.completionRate),
      yearly: true,
    },
    {
      id: 'satisfaction-rate',
      label: t('hotline.kpi.satisfactionRate'),
      value: (k) => rate(k.year.satisfactionRate),
      today: (f) => rate(f.satisfactionRate),
      yearly: true,
    },
    {
      id: 'overdue-open',
      label: t('hotline.kpi.overdueOpen'),
      value: (k) => count(k.year.overdueOpen),
      today: (f) => count(f.overdueOpen),
      unit: t('hotline.kpi.ordersUnit'),
      yearly: true,
      tone: 'alert',
    },
    {
      id: 'on-time-sign-rate',
      label: t('hotline.kpi.onTimeSignRate'),
      value: (k) => rate(k.year.onTimeSignRate),
      today: (f) => rate(f.onTimeSignRate),
      yearly: true,
    },
  ];
  const data = kpis.data;
  return (
    <section
      className={kpis.link.phase === 'reconnecting' && data ? 'kpi-strip is-stale' : 'kpi-strip'}
      data-testid="hotline-kpis"
      aria-busy={data === null}
    >
      {cards.map((card) => (
        <div
          key={card.id}
          className={card.tone === 'alert' ? 'kpi kpi--alert' : 'kpi'}
          data-testid={`kpi-${card.id}`}
        >
          <span className="kpi__label">
            {card.label}
            {card.yearly ? (
              <small className="kpi__scope">{t('hotline.kpi.yearScope')}</small>
            ) : null}
          </span>
          <span className="kpi__value">
            <b data-testid={`kpi-${card.id}-value`}>{data ? card.value(data) : '—'}</b>
            {card.unit && data ? <small>{card.unit}</small> : null}
          </span>
          <span className="kpi__today">
            {card.today && data ? t('hotline.kpi.today', { value: card.today(data.today) }) : ' '}
          </span>
        </div>
      ))}
      <span className="kpi-strip__stale">
        <StaleMark query={kpis} />
      </span>
    </section>
  );
}
