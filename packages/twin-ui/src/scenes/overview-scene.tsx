import type { PickingInfo } from '@deck.gl/core';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { toAirStation } from '../air-quality/air-station.ts';
import { toAirSummary } from '../air-quality/air-summary.ts';
import { AlertTicker } from '../alerts/alert-ticker.tsx';
import { SeveritySummary } from '../alerts/severity-summary.tsx';
import { useAlertFeed } from '../alerts/use-alert-feed.ts';
import { useNow } from '../alerts/use-now.ts';
import { Header } from '../app/header.tsx';
import { LinkBanner } from '../app/link-banner.tsx';
import type { SceneProps } from '../app/scene-registry.tsx';
import { markTwinReady } from '../app/twin-ready.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { CityMap } from '../map/city-map.tsx';
import { toTooltip } from '../map/map-tooltip.ts';
import { StationLayer } from '../map/station-layer.ts';
import { AirOverviewPanel } from '../panels/air-overview-panel.tsx';
import { AqiLegendPanel } from '../panels/aqi-legend-panel.tsx';
import { CityIndicators } from '../panels/city-indicators.tsx';
import { DistrictPanel } from '../panels/district-panel.tsx';
import { IngestPanel } from '../panels/ingest-panel.tsx';
import { Panel } from '../panels/panel.tsx';
import { WorstStationsPanel } from '../panels/worst-stations-panel.tsx';
import { StageCorners } from './stage-corners.tsx';

/** Ticker ages move on this often. */
const ageTickMs = 30_000;
/** The open alerts are re-read at least this often (the socket brings changes at once). */
const alertsRefreshMs = 60_000;

/**
 * The overview: key indicators of the three streams over the map, the live alert ticker,
 * air-quality panels, the city map with its stations, open alerts by severity, districts and
 * ingest.
 */
export function OverviewScene({ feed, onSceneChange }: SceneProps) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const { districts, snapshot, link } = feed;
  const alerts = useAlertFeed();
  const now = useNow(ageTickMs);

  const stations = useMemo(() => snapshot?.airStations.map(toAirStation) ?? null, [snapshot]);
  const summary = useMemo(() => (stations ? toAirSummary(stations) : null), [stations]);
  const districtNames = useMemo(
    () => new Map((districts ?? []).map((district) => [district.code, district.name])),
    [districts],
  );
  const handleDataDrawn = useCallback(() => markTwinReady(), []);
  // A ticker item leads to the alert centre.
  const handleSelectAlert = useCallback(() => onSceneChange('alerts'), [onSceneChange]);
  const describe = useCallback(
    (info: PickingInfo) => toTooltip(info, { t, language, districtNames, summary }),
    [t, language, districtNames, summary],
  );
  const layers = useMemo(
    () => (stations ? [new StationLayer({ id: 'stations', stations, pickable: true })] : []),
    [stations],
  );

  return (
    <>
      <Header scene="overview" onSceneChange={onSceneChange} />
      <main className="layout layout--overview" data-testid="overview-scene">
        <aside className="column column--left">
          <AirOverviewPanel summary={summary} />
          <AqiLegendPanel summary={summary} />
          <WorstStationsPanel summary={summary} districtNames={districtNames} />
        </aside>
        <div className="center center--overview">
          <CityIndicators />
          <AlertTicker
            items={alerts.ticker}
            openCount={alerts.alerts?.length ?? null}
            now={now}
            onSelectAlert={handleSelectAlert}
          />
          <section className="stage">
            <CityMap
              districts={districts}
              layers={layers}
              dataReady={stations !== null}
              onDataDrawn={handleDataDrawn}
              toTooltip={describe}
            />
            <StageCorners />
            <LinkBanner link={link} hasData={districts !== null} />
          </section>
        </div>
        <aside className="column column--right">
          <Panel
            title={t('overview.alerts.title')}
            testId="indicators-alerts"
            dataAt={alerts.updatedAt}
            refreshMs={alertsRefreshMs}
          >
            <SeveritySummary alerts={alerts.alerts} />
          </Panel>
          <DistrictPanel districts={districts} summary={summary} />
          <IngestPanel snapshot={snapshot} />
        </aside>
      </main>
    </>
  );
}
