import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { toCssColor } from '../air-quality/aqi-band.ts';
import type { District } from '../graphql/types.ts';
import { toDistrictName } from '../i18n/district-names.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import type { Language } from '../i18n/languages.ts';
import { usePolledQuery } from '../live/use-polled-query.ts';
import { toCategoryColor } from './category-colors.ts';
import { formatFullDateTime, formatOverdue, formatSignedPoints } from './hotline-format.ts';
import { ticketTraceOperation } from './hotline-operations.ts';
import type { TicketEvent, TicketTrace } from './hotline-types.ts';
import { toLabel } from './labels.ts';
import { QueryPlaceholder, StaleMark } from './query-state.tsx';

const traceIntervalMs = 10_000;

/** A work order's full trace: its facts, every action as a timeline, its score records. */
export function TicketTraceView({
  ticketId,
  districts,
}: {
  ticketId: string;
  districts: readonly District[] | null;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const variables = useMemo(() => ({ id: ticketId }), [ticketId]);
  const trace = usePolledQuery(ticketTraceOperation, variables, traceIntervalMs);
  const districtName = (code: string | null): string => {
    if (code === null) return '—';
    const district = districts?.find((item) => item.code === code);
    return toDistrictName(code, district?.name ?? code, language);
  };

  if (trace.data === null) return <QueryPlaceholder query={trace} />;
  const ticket = trace.data;
  if (ticket === null) {
    return <p className="panel__empty">{t('hotline.trace.notFound')}</p>;
  }

  const facts: [label: string, value: string, testId?: string][] = [
    [t('hotline.trace.category'), toLabel(t, 'categories', ticket.category)],
    [t('hotline.trace.kind'), toLabel(t, 'kinds', ticket.kind)],
    [t('hotline.trace.urgency'), toLabel(t, 'urgencies', ticket.urgency)],
    [t('hotline.trace.channel'), toLabel(t, 'channels', ticket.channel)],
    [t('hotline.trace.district'), districtName(ticket.district)],
    [t('hotline.trace.unit'), ticket.unit?.name ?? '—'],
    // Personal data exactly as the gateway returns it (it masks by role once access control lands).
    [t('hotline.trace.caller'), ticket.callerName ?? '—', 'trace-caller'],
    [t('hotline.trace.phone'), ticket.callerPhone ?? '—', 'trace-phone'],
    [t('hotline.trace.createdAt'), formatFullDateTime(ticket.createdAt, language)],
    [t('hotline.trace.signDueAt'), formatFullDateTime(ticket.signDueAt, language)],
    [t('hotline.trace.dueAt'), formatFullDateTime(ticket.dueAt, language)],
    [t('hotline.trace.completedAt'), formatFullDateTime(ticket.completedAt, language)],
    [t('hotline.trace.satisfaction'), toLabel(t, 'satisfactions', ticket.satisfaction)],
  ];

  return (
    <article className="trace" data-testid="ticket-trace" data-ticket-id={ticket.id}>
      <header className="trace__head">
        <span
          className="category-tag"
          style={{ borderColor: toCssColor(toCategoryColor(ticket.category)) }}
        >
          {toLabel(t, 'categories', ticket.category)}
        </span>
        <span className="trace__id" data-testid="trace-ticket-id">
          {ticket.id}
        </span>
        <span className={`status-badge status-badge--${ticket.status}`}>
          {toLabel(t, 'statuses', ticket.status)}
        </span>
        <StaleMark query={trace} />
      </header>
      <TraceFlags ticket={ticket} t={t} />
      {ticket.summary ? <p className="trace__summary">{ticket.summary}</p> : null}
      <dl className="trace__facts">
        {facts.map(([label, value, testId]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd data-testid={testId}>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="trace__counters">
        {t('hotline.trace.counters', {
          extensions: ticket.extensions,
          returns: ticket.returns,
          reopens: ticket.reopens,
        })}
      </p>
      {ticket.resolution ? (
        <p className="trace__resolution">
          <b>{t('hotline.trace.resolution')}</b>
          {ticket.resolution}
        </p>
      ) : null}

      <h3 className="trace__section">
        {t('hotline.trace.timeline')}
        <small data-testid="trace-step-count">
          {t('hotline.trace.steps', { count: ticket.events.length })}
        </small>
      </h3>
      <ol className="timeline" data-testid="trace-timeline">
        {ticket.events.map((event) => (
          <li
            key={event.eventId}
            className={`timeline__step timeline__step--${event.action}`}
            data-testid="trace-step"
            data-action={event.action}
          >
            <span className="timeline__dot" aria-hidden="true" />
            <div className="timeline__line">
              <b className="timeline__action">{toLabel(t, 'actions', event.action)}</b>
              <time className="timeline__time" dateTime={event.ts}>
                {formatFullDateTime(event.ts, language)}
              </time>
            </div>
            {event.unit ? <div className="timeline__unit">{event.unit.name}</div> : null}
            {toDetailLines(event, t, language).map((line) => (
              <div key={line} className="timeline__detail">
                {line}
              </div>
            ))}
          </li>
        ))}
      </ol>

      <h3 className="trace__section">{t('hotline.trace.scoreItems')}</h3>
      {ticket.scoreItems.length === 0 ? (
        <p className="panel__empty">{t('hotline.trace.noScoreItems')}</p>
      ) : (
        <ul className="score-items" data-testid="trace-score-items">
          {ticket.scoreItems.map((item) => (
            <li key={`${item.kind}/${item.cycle}`} className="score-item">
              <span className="score-item__kind">
                {toLabel(t, 'scoreKinds', item.kind)}
                <small>{t('hotline.trace.cycle', { cycle: item.cycle })}</small>
              </span>
              <span className="score-item__unit">{item.unit?.name ?? ''}</span>
              <time className="score-item__at" dateTime={item.at}>
                {formatFullDateTime(item.at, language)}
              </time>
              <span className={pointsClass(item.points)}>
                {formatSignedPoints(item.points, language)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

function TraceFlags({ ticket, t }: { ticket: TicketTrace; t: TFunction }) {
  const flags: string[] = [];
  if (ticket.overdueSeconds !== null && ticket.overdueSeconds > 0) {
    flags.push(
      t('hotline.trace.overdueNow', { duration: formatOverdue(ticket.overdueSeconds, t) }),
    );
  }
  if (ticket.overdueSign) flags.push(t('hotline.trace.overdueSign'));
  if (ticket.overdueComplete && ticket.overdueSeconds === null) {
    flags.push(t('hotline.trace.overdueComplete'));
  }
  if (ticket.chasedAt !== null) flags.push(t('hotline.trace.chased'));
  if (flags.length === 0) return null;
  return (
    <div className="trace__flags">
      {flags.map((flag) => (
        <span key={flag} className="alert-badge">
          {flag}
        </span>
      ))}
    </div>
  );
}

/** The class of a points figure: green for a bonus, red for a deduction. */
export function pointsClass(points: number): string {
  return points > 0 ? 'points points--bonus' : points < 0 ? 'points points--deduction' : 'points';
}

/** The lines under an action: reason, extension, resolution or callback rating, as sent. */
function toDetailLines(event: TicketEvent, t: TFunction, language: Language): string[] {
  const detail = event.detail;
  if (!detail) return [];
  const lines: string[] = [];
  const text = (key: string): string | null => {
    const value = detail[key];
    return typeof value === 'string' && value !== '' ? value : null;
  };
  const reason = text('reason');
  if (reason) lines.push(t('hotline.trace.detail.reason', { value: reason }));
  const until = text('until');
  if (until) {
    lines.push(t('hotline.trace.detail.until', { value: formatFullDateTime(until, language) }));
  }
  const resolution = text('resolution');
  if (resolution) lines.push(t('hotline.trace.detail.resolution', { value: resolution }));
  const satisfaction = text('satisfaction');
  if (satisfaction) {
    lines.push(
      t('hotline.trace.detail.satisfaction', {
        value: toLabel(t, 'satisfactions', satisfaction),
      }),
    );
  }
  return lines;
}
