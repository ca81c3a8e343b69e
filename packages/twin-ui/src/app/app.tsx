import { useCallback, useMemo } from 'react';
import { toAirStation } from '../air-quality/air-station.ts';
import { toAirSummary } from '../air-quality/air-summary.ts';
import { useCityFeed } from '../live/use-city-feed.ts';
import { CityMap } from '../map/city-map.tsx';
import { AirOverviewPanel } from '../panels/air-overview-panel.tsx';
import { AqiLegendPanel } from '../panels/aqi-legend-panel.tsx';
import { DistrictPanel } from '../panels/district-panel.tsx';
import { IngestPanel } from '../panels/ingest-panel.tsx';
import { WorstStationsPanel } from '../panels/worst-stations-panel.tsx';
import { Header } from './header.tsx';
import { LinkBanner } from './link-banner.tsx';
import { markTwinReady } from './twin-ready.ts';

/** The command-centre screen: header, air-quality panels, the city map, districts and ingest. */
export function App() {
  const feed = useCityFeed();
  const { districts, snapshot, link } = feed;

  const stations = useMemo(() => snapshot?.airStations.map(toAirStation) ?? null, [snapshot]);
  const summary = useMemo(() => (stations ? toAirSummary(stations) : null), [stations]);
  const districtNames = useMemo(
    () => new Map((districts ?? []).map((district) => [district.code, district.name])),
    [districts],
  );
  const handleDataDrawn = useCallback(() => markTwinReady(), []);

  return (
    <div className="screen">
      <Header link={link} />
      <main className="layout">
        <aside className="column column--left">
          <AirOverviewPanel summary={summary} />
          <AqiLegendPanel summary={summary} />
          <WorstStationsPanel summary={summary} districtNames={districtNames} />
        </aside>
        <section className="stage">
          <CityMap
            districts={districts}
            stations={stations}
            summary={summary}
            onDataDrawn={handleDataDrawn}
          />
          <span className="stage__corner stage__corner--tl" aria-hidden="true" />
          <span className="stage__corner stage__corner--tr" aria-hidden="true" />
          <span className="stage__corner stage__corner--bl" aria-hidden="true" />
          <span className="stage__corner stage__corner--br" aria-hidden="true" />
          <LinkBanner link={link} hasData={districts !== null} />
        </section>
        <aside className="column column--right">
          <DistrictPanel districts={districts} summary={summary} />
          <IngestPanel snapshot={snapshot} />
        </aside>
      </main>
    </div>
  );
}
