import type { PickingInfo } from '@deck.gl/core';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toCssColor } from '../air-quality/aqi-band.ts';
import { toAlertLink, toAlertListLink } from '../alerts/alert-feed.ts';
import { toTitle } from '../alerts/alert-format.ts';
import { AlertDetailView } from '../alerts/alert-detail-view.tsx';
import { AlertLayer, type AlertMarker, toPickedMarker } from '../alerts/alert-layer.ts';
import {
  type AlertFilter,
  AlertListPanel,
  allAlerts,
  matchesFilter,
} from '../alerts/alert-list-panel.tsx';
import {
  alertsAtOperation,
  openAlertsSize,
  openIncidentsOperation,
  openIncidentsSize,
} from '../alerts/alert-operations.ts';
import { AlertTicker } from '../alerts/alert-ticker.tsx';
import type { AlertSummary, Severity } from '../alerts/alert-types.ts';
import { IncidentDetailView } from '../alerts/incident-detail-view.tsx';
import { IncidentListPanel } from '../alerts/incident-list-panel.tsx';
import { SeveritySummary } from '../alerts/severity-summary.tsx';
import { toSeverityColor, toSeverityKey } from '../alerts/severity.ts';
import { useAlertFeed } from '../alerts/use-alert-feed.ts';
import { useNow } from '../alerts/use-now.ts';
import { useReducedMotion } from '../alerts/use-reduced-motion.ts';
import { Header } from '../app/header.tsx';
import { LinkBanner } from '../app/link-banner.tsx';
import type { Scene } from '../app/screen-location.ts';
import { markTwinReady } from '../app/twin-ready.ts';
import type { District } from '../graphql/types.ts';
import { DetailDrawer } from '../hotline/detail-drawer.tsx';
import { formatFullDateTime } from '../hotline/hotline-format.ts';
import { toDistrictName } from '../i18n/district-names.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import type { LinkState } from '../live/city-feed.ts';
import { combineLinks, type PolledQuery } from '../live/polled-query.ts';
import { usePolledQuery } from '../live/use-polled-query.ts';
import { CityMap } from '../map/city-map.tsx';
import { toPickedDistrict } from '../map/map-tooltip.ts';
import { formatNumber } from '../panels/format.ts';
import { Panel } from '../panels/panel.tsx';
import { toReplayTicker } from '../time/replay-ticker.ts';
import { TimeBar } from '../time/time-bar.tsx';
import { toBucketStart } from '../time/time-cursor.ts';
import { useTimeCursor } from '../time/time-cursor-context.tsx';
import { useReplayQuery } from '../time/use-replay-query.ts';
import { StageCorners } from './stage-corners.tsx';

const incidentsIntervalMs = 10_000;
/** Ages in the lists move on this often. */
const ageTickMs = 30_000;
const incidentVariables = { first: openIncidentsSize };
const legendSeverities: readonly Severity[] = [4, 3, 2, 1];

/** A drill-down in the drawer; an incident's alert opens over it (Back returns). */
type DrawerView = { kind: 'alert'; id: string } | { kind: 'incident'; id: string };

/**
 * 告警中心: the live alert ticker, open incidents and alerts on the map as pulsing circles, the
 * incident and alert lists, and a drawer with an incident's or an alert's detail, actions and log.
 */
export function AlertScene({
  districts,
  districtsLink,
  onSceneChange,
}: {
  districts: readonly District[] | null;
  /** The districts' own link, which counts until they are loaded. */
  districtsLink: LinkState;
  onSceneChange: (scene: Scene) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const liveNow = useNow(ageTickMs);
  const reducedMotion = useReducedMotion();

  // Raised after an operator's action: the lists read again at once.
  const [revision, setRevision] = useState(0);
  const handleChanged = useCallback(() => setRevision((value) => value + 1), []);
  const feed = useAlertFeed(revision);
  // In replay the ticker, the lists and the map show the alerts open at the cursor's minute.
  const cursor = useTimeCursor();
  const replayMinute = cursor.mode === 'replay' ? toBucketStart(cursor.at, 60_000) : null;
  const replayVariables = useMemo(
    () =>
      replayMinute === null
        ? null
        : { openAt: new Date(replayMinute).toISOString(), first: openAlertsSize },
    [replayMinute],
  );
  const replayed = useReplayQuery(alertsAtOperation, replayVariables);
  const replaying = replayMinute !== null;
  const openAlerts = replaying ? replayed.data : feed.alerts;
  const ticker = useMemo(
    () => (replaying ? toReplayTicker(replayed.data) : feed.ticker),
    [replaying, replayed.data, feed.ticker],
  );
  const now = replayMinute ?? liveNow;
  const incidents = usePolledQuery(
    openIncidentsOperation,
    incidentVariables,
    incidentsIntervalMs,
    revision,
  );
  const feedLink = toAlertLink(feed);
  // The list is stale only when reading it fails, not while the socket is down and it is polled.
  const alerts: PolledQuery<AlertSummary[]> = {
    link: toAlertListLink(feed),
    data: openAlerts,
    failure: replaying ? replayed.failure : feed.failure,
  };
  const link = combineLinks([
    ...(districts === null ? [districtsLink] : []),
    feedLink,
    incidents.link,
  ]);

  const [filter, setFilter] = useState<AlertFilter>(allAlerts);
  const districtNames = useMemo(
    () => new Map((districts ?? []).map((district) => [district.code, district.name])),
    [districts],
  );
  const districtName = useCallback(
    (code: string) => toDistrictName(code, districtNames.get(code) ?? code, language),
    [districtNames, language],
  );

  const markers = useMemo<AlertMarker[]>(() => {
    const list: AlertMarker[] = [];
    // Incidents are drawn as they are now: in replay only the alerts follow the cursor.
    for (const incident of replaying ? [] : (incidents.data ?? [])) {
      if (incident.position === null) continue;
      list.push({
        kind: 'incident',
        id: incident.id,
        position: incident.position,
        severity: incident.severity,
        title: incident.title,
        titleEn: incident.titleEn,
        district: incident.district,
        openedAt: incident.openedAt,
        alertCount: incident.alerts.length,
      });
    }
    for (const alert of openAlerts ?? []) {
      if (alert.position === null || !matchesFilter(alert, filter)) continue;
      list.push({
        kind: 'alert',
        id: alert.id,
        position: alert.position,
        severity: alert.severity,
        title: alert.title,
        titleEn: alert.titleEn,
        district: alert.district,
        openedAt: alert.openedAt,
        alertCount: 1,
      });
    }
    return list;
  }, [incidents.data, openAlerts, filter, replaying]);
  const layers = useMemo(
    () =>
      markers.length === 0
        ? []
        : [new AlertLayer({ id: 'alerts', markers, animate: !reducedMotion, pickable: true })],
    [markers, reducedMotion],
  );

  const [drawer, setDrawer] = useState<DrawerView[]>([]);
  const openAlert = useCallback((id: string) => setDrawer([{ kind: 'alert', id }]), []);
  const openIncident = useCallback((id: string) => setDrawer([{ kind: 'incident', id }]), []);
  const pushAlert = useCallback(
    (id: string) => setDrawer((views) => [...views, { kind: 'alert', id }]),
    [],
  );
  const pushIncident = useCallback(
    (id: string) => setDrawer((views) => [...views, { kind: 'incident', id }]),
    [],
  );
  const closeDrawer = useCallback(() => setDrawer([]), []);
  const backDrawer = useCallback(() => setDrawer((views) => views.slice(0, -1)), []);
  const view = drawer.at(-1);

  const describe = useCallback(
    (info: PickingInfo) => {
      const marker = toPickedMarker(info);
      if (marker) {
        return {
          title: toTitle(marker, language),
          accent: toCssColor(toSeverityColor(marker.severity)),
          rows: [
            [t('alerts.map.severity'), t(toSeverityKey(marker.severity))] as const,
            [
              t('alerts.map.district'),
              marker.district ? districtName(marker.district) : '—',
            ] as const,
            [t('alerts.map.openedAt'), formatFullDateTime(marker.openedAt, language)] as const,
            ...(marker.kind === 'incident'
              ? [[t('alerts.map.alertCount'), String(marker.alertCount)] as const]
              : []),
            [t('alerts.map.clickHint'), ''] as const,
          ],
        };
      }
      const district = toPickedDistrict(info);
      if (!district) return null;
      return { title: districtName(district.code), accent: '#00e5ff', rows: [] };
    },
    [t, language, districtName],
  );
  const handleMapClick = useCallback((info: PickingInfo) => {
    const marker = toPickedMarker(info);
    if (marker) setDrawer([{ kind: marker.kind, id: marker.id }]);
  }, []);
  const handleDataDrawn = useCallback(() => markTwinReady(), []);

  const shownAlerts = markers.filter((marker) => marker.kind === 'alert').length;
  const shownIncidents = markers.length - shownAlerts;
  const unlocated = (openAlerts ?? []).filter(
    (alert) => alert.position === null && matchesFilter(alert, filter),
  ).length;

  return (
    <>
      <Header scene="alerts" onSceneChange={onSceneChange} />
      <main className="layout layout--alerts" data-testid="alert-scene">
        <aside className="column column--left">
          <Panel title={t('alerts.summary.title')} testId="severity-panel">
            <SeveritySummary alerts={openAlerts} />
          </Panel>
          <IncidentListPanel
            incidents={incidents}
            now={now}
            districtName={districtName}
            selectedId={view?.kind === 'incident' ? view.id : null}
            onSelectIncident={openIncident}
          />
        </aside>
        <div className="center">
          <AlertTicker
            items={ticker}
            openCount={openAlerts?.length ?? null}
            now={now}
            onSelectAlert={openAlert}
          />
          <section className="stage">
            <CityMap
              districts={districts}
              layers={layers}
              dataReady={openAlerts !== null && incidents.data !== null}
              onDataDrawn={handleDataDrawn}
              toTooltip={describe}
              onClick={handleMapClick}
            />
            <div className="stage__toolbar stage__toolbar--end">
              <div className="stage__count" data-testid="map-alert-count">
                <span>{t('alerts.map.alerts')}</span>
                <b>{openAlerts === null ? '—' : formatNumber(shownAlerts, language)}</b>
                <small>
                  {t('alerts.map.incidents')} {formatNumber(shownIncidents, language)}
                  {unlocated > 0 ? ` · ${t('alerts.map.unlocated', { count: unlocated })}` : ''}
                </small>
              </div>
            </div>
            <div className="stage__bottom">
              <div className="severity-legend" data-testid="severity-legend">
                <span>{t('alerts.map.legend')}</span>
                {legendSeverities.map((severity) => (
                  <span key={severity} className="severity-legend__item">
                    <i style={{ background: toCssColor(toSeverityColor(severity)) }} />
                    {t(toSeverityKey(severity))}
                  </span>
                ))}
              </div>
            </div>
            <StageCorners />
            <LinkBanner
              link={link}
              hasData={districts !== null}
              detail={feed.socket === 'down' ? t('alerts.link.pollingDetail') : undefined}
            />
            {view ? (
              <DetailDrawer
                title={
                  view.kind === 'alert'
                    ? t('alerts.detail.alertTitle')
                    : t('alerts.detail.incidentTitle')
                }
                canGoBack={drawer.length > 1}
                onBack={backDrawer}
                onClose={closeDrawer}
              >
                {view.kind === 'alert' ? (
                  <AlertDetailView
                    key={`alert/${view.id}`}
                    alertId={view.id}
                    districtName={districtName}
                    onChanged={handleChanged}
                    onSelectIncident={pushIncident}
                  />
                ) : (
                  <IncidentDetailView
                    key={`incident/${view.id}`}
                    incidentId={view.id}
                    districtName={districtName}
                    onChanged={handleChanged}
                    onSelectAlert={pushAlert}
                  />
                )}
              </DetailDrawer>
            ) : null}
          </section>
        </div>
        <aside className="column column--right">
          <AlertListPanel
            alerts={alerts}
            filter={filter}
            now={now}
            districtName={districtName}
            selectedId={view?.kind === 'alert' ? view.id : null}
            onFilterChange={setFilter}
            onSelectAlert={openAlert}
          />
        </aside>
      </main>
      <TimeBar />
    </>
  );
}
