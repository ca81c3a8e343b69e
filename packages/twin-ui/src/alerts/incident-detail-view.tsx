import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFullDateTime } from '../hotline/hotline-format.ts';
import { QueryPlaceholder, StaleMark } from '../hotline/query-state.tsx';
import { currentLanguage } from '../i18n/i18n.ts';
import { usePolledQuery } from '../live/use-polled-query.ts';
import { AlertActions } from './alert-actions.tsx';
import { AlertLog } from './alert-log.tsx';
import { toAlertLabel, toTitle } from './alert-format.ts';
import { incidentDetailOperation } from './alert-operations.ts';
import { alertSources } from './alert-types.ts';
import { SeverityBadge } from './severity-badge.tsx';
import { SourceIcon } from './source-icon.tsx';

const detailIntervalMs = 10_000;

/**
 * One incident: why its alerts are one (the grouping explanation), its alerts grouped by
 * source (IoT, video, 12345), the actions, and its own log.
 */
export function IncidentDetailView({
  incidentId,
  districtName,
  onChanged,
  onSelectAlert,
}: {
  incidentId: string;
  districtName: (code: string) => string;
  onChanged: () => void;
  onSelectAlert: (alertId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const [revision, setRevision] = useState(0);
  const variables = useMemo(() => ({ id: incidentId }), [incidentId]);
  const query = usePolledQuery(incidentDetailOperation, variables, detailIntervalMs, revision);
  const handleDone = useCallback(() => {
    setRevision((value) => value + 1);
    onChanged();
  }, [onChanged]);

  if (query.data === null) return <QueryPlaceholder query={query} />;
  const incident = query.data;
  if (incident === null) return <p className="panel__empty">{t('alerts.detail.notFound')}</p>;

  const by = (actor: string | null, at: string | null): string | null =>
    at === null
      ? null
      : t('alerts.detail.byActor', {
          actor: actor ?? '',
          time: formatFullDateTime(at, language),
        }).trim();
  const facts = (
    [
      [t('alerts.detail.district'), incident.district ? districtName(incident.district) : '—'],
      [t('alerts.detail.openedAt'), formatFullDateTime(incident.openedAt, language)],
      [t('alerts.detail.lastActivityAt'), formatFullDateTime(incident.lastActivityAt, language)],
      [t('alerts.detail.assignee'), incident.assignee ?? t('alerts.detail.unassigned')],
      [t('alerts.detail.acknowledged'), by(incident.acknowledgedBy, incident.acknowledgedAt)],
      [t('alerts.detail.resolved'), by(incident.resolvedBy, incident.resolvedAt)],
    ] satisfies [string, string | null][]
  ).filter((fact): fact is [string, string] => fact[1] !== null);
  const explanation =
    language === 'zh-CN' || incident.explanationEn === ''
      ? incident.explanation
      : incident.explanationEn;

  return (
    <article
      className={`alert-detail alert-detail--${incident.severity}`}
      data-testid="incident-detail"
      data-incident-id={incident.id}
      data-status={incident.status}
    >
      <header className="trace__head">
        <SeverityBadge severity={incident.severity} />
        <span
          className={`alert-status alert-status--${incident.status}`}
          data-testid="incident-status"
        >
          {toAlertLabel(t, 'statuses', incident.status)}
        </span>
        <StaleMark query={query} />
      </header>
      <h3 className="alert-detail__title" data-testid="incident-detail-title">
        {toTitle(incident, language)}
      </h3>
      <dl className="trace__facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>

      <h3 className="trace__section">{t('alerts.detail.explanation')}</h3>
      <p className="alert-detail__explanation" data-testid="incident-explanation">
        {explanation}
      </p>

      <h3 className="trace__section">
        {t('alerts.detail.alertsBySource')}
        <small>{incident.alerts.length}</small>
      </h3>
      <div className="source-groups" data-testid="incident-alerts">
        {alertSources.map((source) => {
          const alerts = incident.alerts
            .filter((alert) => alert.source === source)
            .sort((a, b) => a.openedAt.localeCompare(b.openedAt));
          if (alerts.length === 0) return null;
          return (
            <section
              key={source}
              className="source-group"
              data-testid="source-group"
              data-source={source}
            >
              <h4 className="source-group__head">
                <SourceIcon source={source} />
                {toAlertLabel(t, 'sources', source)}
                <b>{alerts.length}</b>
              </h4>
              <ul className="source-group__list">
                {alerts.map((alert) => (
                  <li key={alert.id}>
                    <button
                      type="button"
                      className={`order-item incident-alert incident-alert--${alert.severity}`}
                      data-testid="incident-alert"
                      data-alert-id={alert.id}
                      onClick={() => onSelectAlert(alert.id)}
                    >
                      <SeverityBadge severity={alert.severity} />
                      <span className="incident-alert__title">{toTitle(alert, language)}</span>
                      <span className={`alert-status alert-status--${alert.status}`}>
                        {toAlertLabel(t, 'statuses', alert.status)}
                      </span>
                      <time className="order-item__time" dateTime={alert.openedAt}>
                        {formatFullDateTime(alert.openedAt, language)}
                      </time>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>

      <AlertActions
        target={{ kind: 'incident', id: incident.id, status: incident.status }}
        onDone={handleDone}
      />

      <h3 className="trace__section">
        {t('alerts.detail.log')}
        <small>{incident.log.length}</small>
      </h3>
      <AlertLog log={incident.log} testId="incident-log" />
    </article>
  );
}
