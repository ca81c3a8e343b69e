import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFullDateTime } from '../hotline/hotline-format.ts';
import { QueryPlaceholder, StaleMark } from '../hotline/query-state.tsx';
import { currentLanguage } from '../i18n/i18n.ts';
import { usePolledQuery } from '../live/use-polled-query.ts';
import { AlertActions } from './alert-actions.tsx';
import { AlertLog } from './alert-log.tsx';
import { toAlertLabel, toTitle } from './alert-format.ts';
import { alertDetailOperation } from './alert-operations.ts';
import type { AlertDetail } from './alert-types.ts';
import { toDetailRows } from './detail-fields.ts';
import { SeverityBadge } from './severity-badge.tsx';
import { toSeverityKey } from './severity.ts';
import { SourceIcon } from './source-icon.tsx';

const detailIntervalMs = 10_000;

/**
 * One alert: what it is, what its rule saw (the detail JSON as labelled values), the actions,
 * and its log right below — who did what, when, with which note.
 */
export function AlertDetailView({
  alertId,
  districtName,
  onChanged,
  onSelectIncident,
}: {
  alertId: string;
  districtName: (code: string) => string;
  /** After an action went through: the lists read again. */
  onChanged: () => void;
  onSelectIncident: (incidentId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const [revision, setRevision] = useState(0);
  const variables = useMemo(() => ({ id: alertId }), [alertId]);
  const query = usePolledQuery(alertDetailOperation, variables, detailIntervalMs, revision);
  const handleDone = useCallback(() => {
    setRevision((value) => value + 1);
    onChanged();
  }, [onChanged]);

  if (query.data === null) return <QueryPlaceholder query={query} />;
  const alert = query.data;
  if (alert === null) return <p className="panel__empty">{t('alerts.detail.notFound')}</p>;

  const rows = toDetailRows(alert.detail, { t, language, kind: alert.kind, districtName });
  return (
    <article
      className={`alert-detail alert-detail--${alert.severity}`}
      data-testid="alert-detail"
      data-alert-id={alert.id}
      data-status={alert.status}
    >
      <header className="trace__head">
        <SeverityBadge severity={alert.severity} />
        <span className={`alert-status alert-status--${alert.status}`} data-testid="alert-status">
          {toAlertLabel(t, 'statuses', alert.status)}
        </span>
        <span className="alert-detail__source">
          <SourceIcon source={alert.source} />
          {toAlertLabel(t, 'sources', alert.source)}
        </span>
        <StaleMark query={query} />
      </header>
      <h3 className="alert-detail__title" data-testid="alert-detail-title">
        {toTitle(alert, language)}
      </h3>
      <AlertFlags alert={alert} />
      <dl className="trace__facts">
        {toFacts(alert, t, language, districtName).map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {alert.incident ? (
        <p className="alert-detail__incident">
          <span>{t('alerts.detail.incident')}</span>
          <button
            type="button"
            className="link-button"
            data-testid="alert-incident-link"
            onClick={() => alert.incident && onSelectIncident(alert.incident.id)}
          >
            {toTitle(alert.incident, language)}
          </button>
        </p>
      ) : null}

      {rows.length > 0 ? (
        <>
          <h3 className="trace__section">{t('alerts.detail.readings')}</h3>
          <dl className="detail-values" data-testid="alert-detail-values">
            {rows.map((row) => (
              <div key={row.key} data-key={row.key}>
                <dt>{row.label}</dt>
                <dd>
                  {row.href ? (
                    <a href={row.href} target="_blank" rel="noreferrer">
                      {t('alerts.values.open')}
                    </a>
                  ) : (
                    row.value
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}

      <AlertActions
        target={{ kind: 'alert', id: alert.id, status: alert.status }}
        onDone={handleDone}
      />

      <h3 className="trace__section">
        {t('alerts.detail.log')}
        <small>{alert.log.length}</small>
      </h3>
      <AlertLog log={alert.log} testId="alert-log" />
    </article>
  );
}

function AlertFlags({ alert }: { alert: AlertDetail }) {
  const { t } = useTranslation();
  const flags: string[] = [];
  if (alert.escalations > 0) {
    flags.push(t('alerts.detail.escalations', { count: alert.escalations }));
  }
  if (alert.baseSeverity !== alert.severity) {
    flags.push(t('alerts.detail.baseSeverity', { severity: t(toSeverityKey(alert.baseSeverity)) }));
  }
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

function toFacts(
  alert: AlertDetail,
  t: ReturnType<typeof useTranslation>['t'],
  language: ReturnType<typeof currentLanguage>,
  districtName: (code: string) => string,
): [label: string, value: string][] {
  const by = (actor: string | null, at: string | null): string | null =>
    at === null
      ? null
      : t('alerts.detail.byActor', {
          actor: actor ?? '',
          time: formatFullDateTime(at, language),
        }).trim();
  const facts: [string, string | null][] = [
    [
      t('alerts.detail.rule'),
      alert.ruleName
        ? language === 'zh-CN'
          ? alert.ruleName.zh
          : alert.ruleName.en
        : alert.ruleId,
    ],
    [t('alerts.detail.subject'), alert.subject],
    [t('alerts.detail.district'), alert.district ? districtName(alert.district) : '—'],
    [t('alerts.detail.openedAt'), formatFullDateTime(alert.openedAt, language)],
    [t('alerts.detail.lastSeenAt'), formatFullDateTime(alert.lastSeenAt, language)],
    [t('alerts.detail.count'), String(alert.count)],
    [t('alerts.detail.assignee'), alert.assignee ?? t('alerts.detail.unassigned')],
    [
      t('alerts.detail.clearedAt'),
      alert.clearedAt ? formatFullDateTime(alert.clearedAt, language) : null,
    ],
    [t('alerts.detail.acknowledged'), by(alert.acknowledgedBy, alert.acknowledgedAt)],
    [t('alerts.detail.resolved'), by(alert.resolvedBy, alert.resolvedAt)],
  ];
  return facts.filter((fact): fact is [string, string] => fact[1] !== null);
}
