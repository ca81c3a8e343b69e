import type { PickingInfo } from '@deck.gl/core';
import type { TFunction } from 'i18next';
import type { AirSummary } from '../air-quality/air-summary.ts';
import { toAqiBand, toAqiColor, toCssColor } from '../air-quality/aqi-band.ts';
import { toDistrictName } from '../i18n/district-names.ts';
import type { Language } from '../i18n/languages.ts';
import { formatAqi, formatNumber, formatTime } from '../panels/format.ts';
import { type DistrictShape, DistrictLayer } from './district-layer.ts';
import type { Cluster } from './grid-clusters.ts';
import { toPickedStation } from './station-layer.ts';

/** What the hover card shows: a title with an accent colour and label/value rows. */
export type MapTooltipContent = {
  title: string;
  /** CSS colour of the title's edge: the station's AQI band, or cyan for a district. */
  accent: string;
  rows: readonly (readonly [label: string, value: string])[];
};

export type TooltipContext = {
  t: TFunction;
  language: Language;
  /** Server names of the districts by code. */
  districtNames: ReadonlyMap<string, string>;
  summary: AirSummary | null;
};

/** The hover card for an air-quality station (name, district, AQI, PM2.5), or null. */
export function toStationTooltip(
  info: PickingInfo,
  context: TooltipContext,
): MapTooltipContent | null {
  const { t, language } = context;
  const station = toPickedStation(info);
  if (!station) return null;
  const districtName =
    station.districtCode === null
      ? t('district.outside')
      : toDistrictName(
          station.districtCode,
          context.districtNames.get(station.districtCode) ?? station.districtCode,
          language,
        );
  const band =
    station.aqi === null ? t('air.bands.noData') : t(`air.bands.${toAqiBand(station.aqi).id}`);
  const pm25 =
    station.pm25 === null
      ? t('air.noValue')
      : `${formatNumber(station.pm25, language, 1)} ${t('air.pm25Unit')}`;
  return {
    title: station.name,
    accent: toCssColor(toAqiColor(station.aqi)),
    rows: [
      [t('tooltip.district'), districtName],
      [t('tooltip.aqi'), `${formatAqi(station.aqi, language)} · ${band}`],
      [t('tooltip.pm25'), pm25],
      ...(station.latestTs === null
        ? []
        : [[t('tooltip.updatedAt'), formatTime(station.latestTs, language)] as const]),
    ],
  };
}

/** The district under the pointer, if any: its code and server name. */
export function toPickedDistrict(info: PickingInfo): { code: string; name: string } | null {
  if (!(info.layer instanceof DistrictLayer) || !info.object) return null;
  return (info.object as DistrictShape).properties;
}

/** The hover card for a station or a district (its stations and average AQI), or null. */
export function toTooltip(info: PickingInfo, context: TooltipContext): MapTooltipContent | null {
  const station = toStationTooltip(info, context);
  if (station) return station;
  const district = toPickedDistrict(info);
  if (!district) return null;
  const { t, language } = context;
  const air = context.summary?.byDistrict.get(district.code);
  return {
    title: toDistrictName(district.code, district.name, language),
    accent: '#00e5ff',
    rows: [
      [t('tooltip.stations'), formatNumber(air?.stationCount ?? 0, language)],
      [t('tooltip.averageAqi'), formatAqi(air?.averageAqi ?? null, language)],
    ],
  };
}

/** Writes the content into the card element as text nodes (no HTML parsing of names). */
export function fillTooltip(element: HTMLElement, content: MapTooltipContent): void {
  const title = document.createElement('div');
  title.className = 'map-tooltip__title';
  title.style.borderColor = content.accent;
  title.textContent = content.title;
  const rows = content.rows.map(([label, value]) => {
    const row = document.createElement('div');
    row.className = 'map-tooltip__row';
    const labelElement = document.createElement('span');
    labelElement.textContent = label;
    const valueElement = document.createElement('b');
    valueElement.textContent = value;
    row.append(labelElement, valueElement);
    return row;
  });
  element.replaceChildren(title, ...rows);
}

/** The hover card of a cluster: how many points it holds, how many in alert and overdue. */
export function toClusterTooltip(
  cluster: Cluster<unknown>,
  context: Pick<TooltipContext, 't' | 'language'>,
  labels: { title: 'devices' | 'cameras'; overdue: 'silent' | 'offline'; accent: string },
): MapTooltipContent {
  const { t, language } = context;
  return {
    title: t(`tooltip.cluster.${labels.title}`, { count: cluster.count }),
    accent: labels.accent,
    rows: [
      [t('tooltip.cluster.members'), formatNumber(cluster.count, language, 0)],
      [t('tooltip.cluster.alert'), formatNumber(cluster.alertCount, language, 0)],
      [t(`tooltip.cluster.${labels.overdue}`), formatNumber(cluster.overdueCount, language, 0)],
      [t('tooltip.cluster.zoomHint'), ''],
    ],
  };
}
