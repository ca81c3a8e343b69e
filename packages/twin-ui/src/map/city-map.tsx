import { type LayersList, MapView, type MapViewState, type PickingInfo } from '@deck.gl/core';
import DeckGL from '@deck.gl/react';
import { useCallback, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { District } from '../graphql/types.ts';
import { toDistrictName } from '../i18n/district-names.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { type DistrictLabel, DistrictLabelLayer } from './district-label-layer.ts';
import { DistrictLayer, type DistrictShape } from './district-layer.ts';
import { toBounds, toFittedView } from './fit-view.ts';
import { toLabelPoint } from './label-point.ts';
import { fillTooltip, type MapTooltipContent } from './map-tooltip.ts';
import { useDeviceRelease } from './use-device-release.ts';
import { useElementSize } from './use-element-size.ts';

export type CityMapProps = {
  districts: readonly District[] | null;
  /** The scene's data layers, drawn over the district areas and under their names. */
  layers: LayersList;
  /** True once the scene's first data is in `layers`. */
  dataReady: boolean;
  /** Called once, after deck.gl has drawn a frame with the districts and the scene's data. */
  onDataDrawn: () => void;
  /** The hover card for what is under the pointer, or null for none. */
  toTooltip: (info: PickingInfo) => MapTooltipContent | null;
  /** A click on the map, with what was picked. */
  onClick?: (info: PickingInfo) => void;
};

// No base map: the districts are the map. Top-down Web Mercator, no world copies.
const mapView = new MapView({ id: 'city', repeat: false });
const controller = { dragRotate: false, touchRotate: false, doubleClickZoom: true } as const;
// deck.gl picks synchronously on pointer down; on a software-rendered screen that pick can
// outlast the 250 ms a press may take to count as a click, and every click would be lost.
// A press still counts as a click up to a second, and never once the pointer moved.
const eventRecognizerOptions = { click: { time: 1_000 } };
const sanmenxia: MapViewState = {
  longitude: 111.2,
  latitude: 34.45,
  zoom: 8,
  pitch: 0,
  bearing: 0,
};

/** The city map: district boundaries and names, with a scene's data layers between them. */
export function CityMap({
  districts,
  layers,
  dataReady,
  onDataDrawn,
  toTooltip,
  onClick,
}: CityMapProps) {
  const { i18n } = useTranslation();
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
  const bounds = useMemo(
    () => toBounds((districts ?? []).map((district) => district.geometry)),
    [districts],
  );
  const viewState = useMemo(
    () => (bounds && size ? toFittedView(bounds, size, 48) : sanmenxia),
    [bounds, size],
  );

  // Layers appear with their data (an empty text layer would upload an empty glyph atlas).
  const allLayers: LayersList = [
    districts && new DistrictLayer({ id: 'districts', districts: shapes, pickable: true }),
    ...layers,
    districts && new DistrictLabelLayer({ id: 'district-labels', labels }),
  ];

  // The hover card is updated in place, not through React state: pointer moves are frequent.
  const tooltipRef = useRef<HTMLDivElement>(null);
  const handleHover = useCallback(
    (info: PickingInfo) => {
      const element = tooltipRef.current;
      if (!element) return;
      const content = toTooltip(info);
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
    [toTooltip, size],
  );

  // deck.gl redraws on its own schedule; the first frame drawn after the districts and the
  // scene's data arrived is the one a viewer (or a test) can trust.
  const drawnRef = useRef(false);
  const ready = districts !== null && dataReady;
  const handleAfterRender = useCallback(() => {
    if (!ready || drawnRef.current) return;
    drawnRef.current = true;
    onDataDrawn();
  }, [ready, onDataDrawn]);

  const handleClick = useCallback((info: PickingInfo) => onClick?.(info), [onClick]);
  const handleDeviceInitialized = useDeviceRelease();

  return (
    <div ref={containerRef} className="city-map" data-testid="map">
      <DeckGL
        views={mapView}
        initialViewState={viewState}
        controller={controller}
        eventRecognizerOptions={eventRecognizerOptions}
        layers={allLayers}
        onHover={handleHover}
        onClick={handleClick}
        onAfterRender={handleAfterRender}
        onDeviceInitialized={handleDeviceInitialized}
        // Physical pixels: on a 4K wall the 1080p layout is scaled up by CSS, and a drawing
        // buffer at CSS size would be stretched twice over and look soft.
        useDevicePixels={size?.pixelRatio ?? true}
        getCursor={({ isDragging, isHovering }) =>
          isDragging ? 'grabbing' : isHovering && onClick ? 'pointer' : 'grab'
        }
      />
      <div ref={tooltipRef} className="map-tooltip" data-testid="map-tooltip" hidden />
    </div>
  );
}
