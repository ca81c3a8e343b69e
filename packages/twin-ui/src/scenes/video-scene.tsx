import type { PickingInfo } from '@deck.gl/core';
import { type CSSProperties, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toCssColor } from '../air-quality/aqi-band.ts';
import { formatAge, toAlertLabel } from '../alerts/alert-format.ts';
import { toSeverityKey } from '../alerts/severity.ts';
import { useNow } from '../alerts/use-now.ts';
import { Header } from '../app/header.tsx';
import { LinkBanner } from '../app/link-banner.tsx';
import type { Scene } from '../app/screen-location.ts';
import { markTwinReady } from '../app/twin-ready.ts';
import type { District } from '../graphql/types.ts';
import { DetailDrawer } from '../hotline/detail-drawer.tsx';
import { formatRate } from '../hotline/hotline-format.ts';
import { QueryPlaceholder, StaleMark } from '../hotline/query-state.tsx';
import { toDistrictName } from '../i18n/district-names.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { CountBars } from '../iot/count-bars.tsx';
import type { LinkState } from '../live/city-feed.ts';
import { combineLinks, type PolledQuery } from '../live/polled-query.ts';
import { usePolledQuery } from '../live/use-polled-query.ts';
import { CityMap } from '../map/city-map.tsx';
import { toClusterTooltip, toPickedDistrict } from '../map/map-tooltip.ts';
import { formatNumber } from '../panels/format.ts';
import { Panel } from '../panels/panel.tsx';
import { toCameraColor, toCameraStateColor, toDetectionColor } from '../video/camera-colors.ts';
import { CameraDetailView } from '../video/camera-detail-view.tsx';
import { CameraLayer, toPickedCamera, toPickedCameraCluster } from '../video/camera-layer.ts';
import { DetectionList } from '../video/detection-list.tsx';
import { EventDensityChart } from '../video/event-density-chart.tsx';
import {
  camerasOperation,
  detectionsBeforeOperation,
  eventDensityOperation,
  latestDetectionsSize,
  videoOverviewOperation,
} from '../video/video-operations.ts';
import { cameraStates, type Detection, type EventCount } from '../video/video-types.ts';
import { TimeBar } from '../time/time-bar.tsx';
import { toBucketStart } from '../time/time-cursor.ts';
import { useTimeCursor } from '../time/time-cursor-context.tsx';
import { useCursorQuery } from '../time/use-cursor-query.ts';
import { useReplayQuery } from '../time/use-replay-query.ts';
import { StageCorners } from './stage-corners.tsx';

const HOUR_MS = 3_600_000;
const DENSITY_HOURS = 24;
const camerasIntervalMs = 15_000;
const overviewIntervalMs = 10_000;
const densityIntervalMs = 60_000;
const ageTickMs = 30_000;
const noVariables = {};
const overviewVariables = { first: latestDetectionsSize };
const atMinute = { stepMs: 60_000, at: (at: string) => ({ at }) };
const overviewAtMinute = { stepMs: 60_000, at: (at: string) => ({ ...overviewVariables, at }) };

/**
 * 视联网: cameras on the map by state, the online rate, the last hour's detections by type, the
 * latest detections, detections per hour over 24 hours, and a camera's detail on click.
 */
export function VideoScene({
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
  // In replay the density chart and the latest detections end at the cursor's minute.
  const cursor = useTimeCursor();
  const replayMinute = cursor.mode === 'replay' ? toBucketStart(cursor.at, 60_000) : null;
  const replaying = replayMinute !== null;
  const now = replayMinute ?? liveNow;
  // The density window ends with the current hour, hour-aligned so the rollup serves it.
  const densityTo = Math.ceil(now / HOUR_MS) * HOUR_MS;
  const densityFrom = densityTo - DENSITY_HOURS * HOUR_MS;
  const densityVariables = useMemo(
    () => ({ from: new Date(densityFrom).toISOString(), to: new Date(densityTo).toISOString() }),
    [densityFrom, densityTo],
  );

  // Cameras' states and the summary as they were at the cursor's minute in replay.
  const cameras = useCursorQuery(camerasOperation, noVariables, camerasIntervalMs, atMinute);
  const overview = useCursorQuery(
    videoOverviewOperation,
    overviewVariables,
    overviewIntervalMs,
    overviewAtMinute,
  );
  const liveDensity = usePolledQuery(
    eventDensityOperation,
    replaying ? null : densityVariables,
    densityIntervalMs,
  );
  const replayDensity = useReplayQuery(eventDensityOperation, replaying ? densityVariables : null);
  const replayLatestVariables = useMemo(
    () =>
      replayMinute === null
        ? null
        : { to: new Date(replayMinute).toISOString(), first: latestDetectionsSize },
    [replayMinute],
  );
  const replayLatest = useReplayQuery(detectionsBeforeOperation, replayLatestVariables);
  const density: PolledQuery<EventCount[]> = replaying
    ? { link: cameras.link, ...replayDensity }
    : liveDensity;
  const latest: PolledQuery<Detection[]> = replaying
    ? { link: cameras.link, ...replayLatest }
    : { ...overview, data: overview.data?.latest ?? null };
  const link = combineLinks([
    ...(districts === null ? [districtsLink] : []),
    cameras.link,
    overview.link,
    ...(replaying ? [] : [density.link]),
  ]);

  const districtNames = useMemo(
    () => new Map((districts ?? []).map((district) => [district.code, district.name])),
    [districts],
  );
  const districtName = useCallback(
    (code: string) => toDistrictName(code, districtNames.get(code) ?? code, language),
    [districtNames, language],
  );

  const layers = useMemo(
    () =>
      cameras.data
        ? [new CameraLayer({ id: 'cameras', cameras: cameras.data, pickable: true })]
        : [],
    [cameras.data],
  );

  const [selected, setSelected] = useState<string | null>(null);
  const closeDrawer = useCallback(() => setSelected(null), []);
  const describe = useCallback(
    (info: PickingInfo) => {
      const camera = toPickedCamera(info);
      if (camera) {
        return {
          title: camera.name,
          accent: toCssColor(toCameraColor(camera)),
          rows: [
            [
              t('video.map.state'),
              camera.state === 'alert' && camera.alertSeverity !== null
                ? `${t('video.states.alert')} · ${t(toSeverityKey(camera.alertSeverity))}`
                : t(`video.states.${camera.state}`),
            ] as const,
            [
              t('video.map.district'),
              camera.district ? districtName(camera.district) : '—',
            ] as const,
            [
              t('video.map.statusAt'),
              camera.statusAt ? formatAge(camera.statusAt, Date.now(), t) : '—',
            ] as const,
            [t('video.map.clickHint'), ''] as const,
          ],
        };
      }
      const cluster = toPickedCameraCluster(info);
      if (cluster) {
        const labels = { title: 'cameras', overdue: 'offline', accent: '#00e5ff' } as const;
        return toClusterTooltip(cluster, { t, language }, labels);
      }
      const district = toPickedDistrict(info);
      if (!district) return null;
      return { title: districtName(district.code), accent: '#00e5ff', rows: [] };
    },
    [t, language, districtName],
  );
  const handleMapClick = useCallback((info: PickingInfo) => {
    const camera = toPickedCamera(info);
    if (camera) setSelected(camera.id);
  }, []);
  const handleDataDrawn = useCallback(() => markTwinReady(), []);

  const summary = overview.data?.summary ?? null;

  return (
    <>
      <Header scene="video" onSceneChange={onSceneChange} />
      <main className="layout layout--video" data-testid="video-scene">
        <aside className="column column--left">
          <Panel
            title={t('video.summary.title')}
            testId="video-summary"
            aside={<StaleMark query={overview} />}
          >
            <div className="video-figures">
              <div className="scene-total" data-testid="camera-total">
                <span>{t('video.summary.total')}</span>
                <b>{summary ? formatNumber(summary.total, language) : '—'}</b>
              </div>
              <div className="scene-total" data-testid="camera-online">
                <span>{t('video.summary.online')}</span>
                <b>{summary ? formatNumber(summary.online, language) : '—'}</b>
              </div>
              <div className="scene-total scene-total--rate" data-testid="camera-online-rate">
                <span>{t('video.summary.onlineRate')}</span>
                <b>{summary ? formatRate(summary.onlineRate, language) : '—'}</b>
              </div>
            </div>
            <div className="state-figures" data-testid="camera-states">
              {cameraStates.map((state) => {
                const count = summary?.byState.find((row) => row.key === state)?.count ?? null;
                return (
                  <div
                    key={state}
                    className="state-figure"
                    data-state={state}
                    style={{ '--state': toCssColor(toCameraStateColor(state, 4)) } as CSSProperties}
                  >
                    <span className="state-figure__label">{t(`video.states.${state}`)}</span>
                    <b className="state-figure__value">
                      {count === null ? '—' : formatNumber(count, language)}
                    </b>
                  </div>
                );
              })}
            </div>
          </Panel>
          <Panel
            title={t('video.lastHour.title')}
            testId="video-last-hour"
            className="panel--grow"
            aside={
              summary ? (
                <span className="panel__count">
                  {formatNumber(summary.lastHourTotal, language)}
                </span>
              ) : null
            }
          >
            {summary === null ? (
              <QueryPlaceholder query={overview} />
            ) : summary.lastHourByType.length === 0 ? (
              <p className="panel__empty">{t('video.lastHour.empty')}</p>
            ) : (
              <CountBars
                rows={summary.lastHourByType}
                labelOf={(type) => toAlertLabel(t, 'eventTypes', type)}
                colorOf={(type) => toCssColor(toDetectionColor(type))}
                testId="last-hour-types"
              />
            )}
          </Panel>
        </aside>
        <div className="center center--plain">
          <section className="stage">
            <CityMap
              districts={districts}
              layers={layers}
              dataReady={cameras.data !== null}
              onDataDrawn={handleDataDrawn}
              toTooltip={describe}
              onClick={handleMapClick}
            />
            <div className="stage__toolbar stage__toolbar--end">
              <div className="stage__count" data-testid="map-camera-count">
                <span>{t('video.map.cameras')}</span>
                <b>{cameras.data ? formatNumber(cameras.data.length, language) : '—'}</b>
              </div>
            </div>
            <div className="stage__bottom">
              <div className="severity-legend" data-testid="camera-state-legend">
                <span>{t('video.stateLegend')}</span>
                {cameraStates.map((state) => (
                  <span key={state} className="severity-legend__item">
                    <i style={{ background: toCssColor(toCameraStateColor(state, 3)) }} />
                    {t(`video.states.${state}`)}
                  </span>
                ))}
              </div>
            </div>
            <StageCorners />
            <LinkBanner link={link} hasData={districts !== null} />
            {selected ? (
              <DetailDrawer
                title={t('video.detail.title')}
                canGoBack={false}
                onBack={closeDrawer}
                onClose={closeDrawer}
              >
                <CameraDetailView key={selected} cameraId={selected} districtName={districtName} />
              </DetailDrawer>
            ) : null}
          </section>
        </div>
        <aside className="column column--right">
          <Panel
            title={t('video.density.title')}
            testId="video-density"
            className="panel--trend"
            aside={<StaleMark query={density} />}
          >
            {density.data === null ? (
              <QueryPlaceholder query={density} />
            ) : density.data.length === 0 ? (
              <p className="panel__empty">{t('video.density.noData')}</p>
            ) : (
              <EventDensityChart counts={density.data} from={densityFrom} hours={DENSITY_HOURS} />
            )}
          </Panel>
          <Panel title={t('video.latest.title')} testId="video-latest" className="panel--grow">
            {latest.data === null ? (
              <QueryPlaceholder query={latest} />
            ) : latest.data.length === 0 ? (
              <p className="panel__empty">{t('video.latest.empty')}</p>
            ) : (
              <DetectionList
                detections={latest.data}
                now={now}
                districtName={districtName}
                onSelectCamera={setSelected}
                testId="latest-detections"
              />
            )}
          </Panel>
        </aside>
      </main>
      <TimeBar />
    </>
  );
}
