import { useTranslation } from 'react-i18next';
import { QueryPlaceholder, StaleMark } from '../hotline/query-state.tsx';
import { currentLanguage } from '../i18n/i18n.ts';
import type { PolledQuery } from '../live/polled-query.ts';
import { Panel } from '../panels/panel.tsx';
import { formatAge, toAlertLabel, toTitle } from './alert-format.ts';
import { type AlertSource, alertSources, type AlertSummary, type Severity } from './alert-types.ts';
import { SeverityBadge } from './severity-badge.tsx';
import { toSeverityKey } from './severity.ts';
import { SourceIcon } from './source-icon.tsx';

/** Which alerts the list and the map show: one source or all, at or above a severity. */
export type AlertFilter = { source: AlertSource | null; minSeverity: Severity };

export const allAlerts: AlertFilter = { source: null, minSeverity: 1 };

export function matchesFilter(alert: AlertSummary, filter: AlertFilter): boolean {
  return (
    (filter.source === null || alert.source === filter.source) &&
    alert.severity >= filter.minSeverity
  );
}

const minSeverities: readonly Severity[] = [1, 2, 3, 4];

/** 告警列表: open and acknowledged alerts, filtered by source and minimum severity. */
export function AlertListPanel({
  alerts,
  filter,
  now,
  districtName,
  selectedId,
  onFilterChange,
  onSelectAlert,
}: {
  alerts: PolledQuery<AlertSummary[]>;
  filter: AlertFilter;
  now: number;
  districtName: (code: string) => string;
  selectedId: string | null;
  onFilterChange: (filter: AlertFilter) => void;
  onSelectAlert: (alertId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const all = alerts.data ?? [];
  const shown = all
    .filter((alert) => matchesFilter(alert, filter))
    .sort((a, b) => b.severity - a.severity || b.openedAt.localeCompare(a.openedAt));
  const countOf = (source: AlertSource | null) =>
    all.filter((alert) => matchesFilter(alert, { ...filter, source })).length;

  return (
    <Panel
      title={t('alerts.list.title')}
      testId="alert-list"
      className="panel--grow"
      aside={
        <>
          <StaleMark query={alerts} />
          {alerts.data ? (
            <span data-testid="alert-list-count">
              {t('alerts.list.shown', { shown: shown.length, total: all.length })}
            </span>
          ) : null}
        </>
      }
    >
      <div className="alert-filter" data-testid="alert-filter">
        <div
          className="alert-filter__sources"
          role="group"
          aria-label={t('alerts.list.sourceFilter')}
        >
          {[null, ...alertSources].map((source) => (
            <button
              key={source ?? 'all'}
              type="button"
              className={filter.source === source ? 'chip is-active' : 'chip'}
              aria-pressed={filter.source === source}
              data-source={source ?? 'all'}
              onClick={() => onFilterChange({ ...filter, source })}
            >
              {source === null ? null : <SourceIcon source={source} />}
              {source === null
                ? t('alerts.list.allSources')
                : toAlertLabel(t, 'sourceShort', source)}
              <b>{countOf(source)}</b>
            </button>
          ))}
        </div>
        <div className="segmented" role="group" aria-label={t('alerts.list.severityFilter')}>
          {minSeverities.map((severity) => (
            <button
              key={severity}
              type="button"
              className={
                filter.minSeverity === severity ? 'segmented__item is-active' : 'segmented__item'
              }
              aria-pressed={filter.minSeverity === severity}
              data-min-severity={severity}
              onClick={() => onFilterChange({ ...filter, minSeverity: severity })}
            >
              {severity === 1
                ? t('alerts.list.anySeverity')
                : severity === 4
                  ? t(toSeverityKey(severity))
                  : t('alerts.list.atLeast', { severity: t(toSeverityKey(severity)) })}
            </button>
          ))}
        </div>
      </div>
      {alerts.data === null ? (
        <QueryPlaceholder query={alerts} />
      ) : shown.length === 0 ? (
        <p className="panel__empty panel__empty--good">
          {all.length === 0 ? t('alerts.list.noneOpen') : t('alerts.list.none')}
        </p>
      ) : (
        <ul className="alert-list scroll-y">
          {shown.map((alert) => (
            <li
              key={alert.id}
              data-testid="alert-item"
              data-alert-id={alert.id}
              data-severity={alert.severity}
              data-source={alert.source}
            >
              <button
                type="button"
                className={[
                  'alert-row',
                  `alert-row--${alert.severity}`,
                  alert.id === selectedId ? 'is-selected' : '',
                ]
                  .filter(Boolean)
                  .join(' ')}
                onClick={() => onSelectAlert(alert.id)}
              >
                <span className="alert-row__top">
                  <SeverityBadge severity={alert.severity} />
                  <span className="alert-row__title">{toTitle(alert, language)}</span>
                  <span className="alert-row__age">{formatAge(alert.openedAt, now, t)}</span>
                </span>
                <span className="alert-row__bottom">
                  <SourceIcon source={alert.source} />
                  <span className="alert-row__district">
                    {alert.district ? districtName(alert.district) : '—'}
                  </span>
                  {alert.count > 1 ? (
                    <span className="alert-row__repeats">
                      {t('alerts.list.repeated', { count: alert.count })}
                    </span>
                  ) : null}
                  <span className={`alert-status alert-status--${alert.status}`}>
                    {toAlertLabel(t, 'statuses', alert.status)}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
