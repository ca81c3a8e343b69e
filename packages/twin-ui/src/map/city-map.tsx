import { MapView, type MapViewState, type PickingInfo } from '@deck.gl/core';
import DeckGL from '@deck.gl/react';
import { useCallback, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AirStation } from '../air-quality/air-station.ts';
import type { AirSummary } from '../air-quality/air-summary.ts';
import type { District } from '../graphql/types.ts';
import { toDistrictName } from '../i18n/district-names.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { type DistrictLabel, DistrictLabelLayer } from './district-label-layer.ts';
import { DistrictLayer, type DistrictShape } from './district-layer.ts';
import { toBounds, toFittedView } from './fit-view.ts';
import { toLabelPoint } from './label-point.ts';
import { fillTooltip, toTooltip } from './map-tooltip.ts';
import { StationLayer } from './station-layer.ts';
import { useElementSize } from './use-element-size.ts';

export type CityMapProps = {
  districts: readonly District[] | null;
  stations: readonly AirStation[] | null;
  summary: AirSummary | null;
  /** Called once, after deck.gl has drawn a frame with both districts and stations. */
  onDataDrawn: () => void;
};

// No base map: the districts are the map. Top-down Web Mercator, no world copies.
const mapView = new MapView({ id: 'city', repeat: false });
const controller = { dragRotate: false, touchRotate: false, doubleClickZoom: true } as const;
const sanmenxia: MapViewState = {
  longitude: 111.2,
  latitude: 34.45,
  zoom: 8,
  pitch: 0,
  bearing: 0,
};

/** The city map: district boundaries and names, and air-quality stations by AQI band. */
export function CityMap({ districts, stations, summary, onDataDrawn }: CityMapProps) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const containerRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(containerRef);

  const shapes = useMemo<DistrictShape[]>(
    () =>
      (districts ?? []).map((district) => ({
        type: 'Feature',
        id: district.code,
        properties: { code: district.code, name: district.name },
        geometry: district.geometry,
      })),
    [districts],
  );
  const labels = useMemo<DistrictLabel[]>(
    () =>
      (districts ?? []).map((district) => ({
        code: district.code,
        text: toDistrictName(district.code, district.name, language),
        position: toLabelPoint(district),
      })),
    [districts, language],
  );
  const districtNames = useMemo(
    () => new Map((districts ?? []).map((district) => [district.code, district.name])),
    [districts],
  );
  const bounds = useMemo(
    () => toBounds((districts ?? []).map((district) => district.geometry)),
    [districts],
  );
  const viewState = useMemo(
    () => (bounds && size ? toFittedView(bounds, size, 48) : sanmenxia),
    [bounds, size],
  );

  // Layers appear with their data (an empty text layer would upload an empty glyph atlas).
  const layers = [
    districts && new DistrictLayer({ id: 'districts', districts: shapes, pickable: true }),
    stations && new StationLayer({ id: 'stations', stations, pickable: true }),
    districts && new DistrictLabelLayer({ id: 'district-labels', labels }),
  ];

  // The hover card is updated in place, not through React state: pointer moves are frequent.
  const tooltipRef = useRef<HTMLDivElement>(null);
  const handleHover = useCallback(
    (info: PickingInfo) => {
      const element = tooltipRef.current;
      if (!element) return;
      const content = toTooltip(info, { t, language, districtNames, summary });
      if (!content) {
        element.hidden = true;
        return;
      }
      fillTooltip(element, content);
      element.hidden = false;
      // Right of and below the pointer, flipped to stay inside the map.
      const gap = 16;
      const { width, height } = element.getBoundingClientRect();
      const mapWidth = size?.width ?? Infinity;
      const mapHeight = size?.height ?? Infinity;
      const x = info.x + gap + width > mapWidth ? info.x - gap - width : info.x + gap;
      const y = info.y + gap + height > mapHeight ? info.y - gap - height : info.y + gap;
      element.style.transform = `translate(${Math.max(0, x)}px, ${Math.max(0, y)}px)`;
    },
    [t, language, districtNames, summary, size],
  );

  // deck.gl redraws on its own schedule; the first frame drawn after both data sets arrived
  // is the one a viewer (or a test) can trust.
  const drawnRef = useRef(false);
  const dataReady = districts !== null && stations !== null;
  const handleAfterRender = useCallback(() => {
    if (!dataReady || drawnRef.current) return;
    drawnRef.current = true;
    onDataDrawn();
  }, [dataReady, onDataDrawn]);

  return (
    <div ref={containerRef} className="city-map" data-testid="map">
      <DeckGL
        views={mapView}
        initialViewState={viewState}
        controller={controller}
        layers={layers}
        onHover={handleHover}
        onAfterRender={handleAfterRender}
      />
      <div ref={tooltipRef} className="map-tooltip" data-testid="map-tooltip" hidden />
    </div>
  );
}
