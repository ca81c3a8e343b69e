import type { PickingInfo } from '@deck.gl/core';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { toAirStation } from '../air-quality/air-station.ts';
import { toAirSummary } from '../air-quality/air-summary.ts';
import { LinkBanner } from '../app/link-banner.tsx';
import { markTwinReady } from '../app/twin-ready.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import type { CityFeed } from '../live/city-feed.ts';
import { CityMap } from '../map/city-map.tsx';
import { toTooltip } from '../map/map-tooltip.ts';
import { StationLayer } from '../map/station-layer.ts';
import { AirOverviewPanel } from '../panels/air-overview-panel.tsx';
import { AqiLegendPanel } from '../panels/aqi-legend-panel.tsx';
import { DistrictPanel } from '../panels/district-panel.tsx';
import { IngestPanel } from '../panels/ingest-panel.tsx';
import { WorstStationsPanel } from '../panels/worst-stations-panel.tsx';
import { StageCorners } from './stage-corners.tsx';

/** The overview: air-quality panels, the city map with its stations, districts and ingest. */
export function OverviewScene({ feed }: { feed: CityFeed }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const { districts, snapshot, link } = feed;

  const stations = useMemo(() => snapshot?.airStations.map(toAirStation) ?? null, [snapshot]);
  const summary = useMemo(() => (stations ? toAirSummary(stations) : null), [stations]);
  const districtNames = useMemo(
    () => new Map((districts ?? []).map((district) => [district.code, district.name])),
    [districts],
  );
  const handleDataDrawn = useCallback(() => markTwinReady(), []);
  const describe = useCallback(
    (info: PickingInfo) => toTooltip(info, { t, language, districtNames, summary }),
    [t, language, districtNames, summary],
  );
  const layers = useMemo(
    () => (stations ? [new StationLayer({ id: 'stations', stations, pickable: true })] : []),
    [stations],
  );

  return (
    <main className="layout">
      <aside className="column column--left">
        <AirOverviewPanel summary={summary} />
        <AqiLegendPanel summary={summary} />
        <WorstStationsPanel summary={summary} districtNames={districtNames} />
      </aside>
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
      <aside className="column column--right">
        <DistrictPanel districts={districts} summary={summary} />
        <IngestPanel snapshot={snapshot} />
      </aside>
    </main>
  );
}
