import { useTranslation } from 'react-i18next';
import { QueryPlaceholder, StaleMark } from '../hotline/query-state.tsx';
import { currentLanguage } from '../i18n/i18n.ts';
import type { PolledQuery } from '../live/polled-query.ts';
import { Panel } from '../panels/panel.tsx';
import { formatAge, toAlertLabel, toTitle } from './alert-format.ts';
import { openIncidentsSize } from './alert-operations.ts';
import { alertSources, type IncidentSummary } from './alert-types.ts';
import { SeverityBadge } from './severity-badge.tsx';
import { SourceIcon } from './source-icon.tsx';

/** 未处理事件: open and acknowledged incidents, the most severe and most recently active first. */
export function IncidentListPanel({
  incidents,
  now,
  districtName,
  selectedId,
  onSelectIncident,
}: {
  incidents: PolledQuery<IncidentSummary[]>;
  now: number;
  districtName: (code: string) => string;
  selectedId: string | null;
  onSelectIncident: (incidentId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const list = incidents.data;
  return (
    <Panel
      title={t('alerts.incidents.title')}
      testId="incident-list"
      className="panel--grow"
      aside={
        <>
          <StaleMark query={incidents} />
          {list ? <b className="panel__count">{list.length}</b> : null}
        </>
      }
    >
      {list === null ? (
        <QueryPlaceholder query={incidents} />
      ) : list.length === 0 ? (
        <p className="panel__empty panel__empty--good">{t('alerts.incidents.none')}</p>
      ) : (
        <ul className="alert-list scroll-y">
          {[...list]
            .sort(
              (a, b) => b.severity - a.severity || b.lastActivityAt.localeCompare(a.lastActivityAt),
            )
            .map((incident) => (
              <li
                key={incident.id}
                data-testid="incident-item"
                data-incident-id={incident.id}
                data-severity={incident.severity}
              >
                <button
                  type="button"
                  className={[
                    'alert-row',
                    `alert-row--${incident.severity}`,
                    incident.id === selectedId ? 'is-selected' : '',
                  ]
                    .filter(Boolean)
                    .join(' ')}
                  onClick={() => onSelectIncident(incident.id)}
                >
                  <span className="alert-row__top">
                    <SeverityBadge severity={incident.severity} />
                    <span className="alert-row__title" data-testid="incident-title">
                      {toTitle(incident, language)}
                    </span>
                    <span className="alert-row__age">{formatAge(incident.openedAt, now, t)}</span>
                  </span>
                  <span className="alert-row__bottom">
                    <span className="alert-row__district">
                      {incident.district ? districtName(incident.district) : '—'}
                    </span>
                    <span
                      className="alert-row__sources"
                      data-testid="incident-alert-count"
                      data-count={incident.alerts.length}
                      title={t('alerts.incidents.alertCount', { count: incident.alerts.length })}
                    >
                      {alertSources.map((source) => {
                        const count = incident.alerts.filter(
                          (alert) => alert.source === source,
                        ).length;
                        return count === 0 ? null : (
                          <span key={source} className="source-count" data-source={source}>
                            <SourceIcon source={source} />
                            <small>{toAlertLabel(t, 'sourceShort', source)}</small>
                            <b>{count}</b>
                          </span>
                        );
                      })}
                    </span>
                    <span className={`alert-status alert-status--${incident.status}`}>
                      {toAlertLabel(t, 'statuses', incident.status)}
                    </span>
                  </span>
                </button>
              </li>
            ))}
          {list.length >= openIncidentsSize ? (
            <li className="overdue-list__note">
              {t('alerts.incidents.firstOnly', { count: openIncidentsSize })}
            </li>
          ) : null}
        </ul>
      )}
    </Panel>
  );
}
