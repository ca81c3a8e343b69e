import type { PickingInfo } from '@deck.gl/core';
import { useCallback, useMemo, useState } from 'react';
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
import { QueryPlaceholder, StaleMark } from '../hotline/query-state.tsx';
import { toDistrictName } from '../i18n/district-names.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { AttentionList } from '../iot/attention-list.tsx';
import { toDeviceColor, toStateColor } from '../iot/device-colors.ts';
import { DeviceDetailView } from '../iot/device-detail-view.tsx';
import { DeviceLayer, toPickedDevice, toPickedDeviceCluster } from '../iot/device-layer.ts';
import { CountBars } from '../iot/count-bars.tsx';
import { attentionSize, deviceSummaryOperation, devicesOperation } from '../iot/iot-operations.ts';
import { type DevicePoint, deviceStates, deviceTypes } from '../iot/iot-types.ts';
import { StateFigures } from '../iot/state-figures.tsx';
import { TypeLayerToggles } from '../iot/type-layer-toggles.tsx';
import type { LinkState } from '../live/city-feed.ts';
import { combineLinks } from '../live/polled-query.ts';
import { CityMap } from '../map/city-map.tsx';
import { toClusterTooltip, toPickedDistrict } from '../map/map-tooltip.ts';
import { formatNumber } from '../panels/format.ts';
import { Panel } from '../panels/panel.tsx';
import { devicePositionsAtOperation, toDevicesAt } from '../time/replay-positions.ts';
import { TimeBar } from '../time/time-bar.tsx';
import { useCursorQuery } from '../time/use-cursor-query.ts';
import { useReplayQuery } from '../time/use-replay-query.ts';
import { StageCorners } from './stage-corners.tsx';

// Devices report every minute or so; states follow their alerts.
const devicesIntervalMs = 15_000;
const summaryIntervalMs = 15_000;
const ageTickMs = 30_000;
const noVariables = {};
const summaryVariables = { attentionFirst: attentionSize };
const atMinute = { stepMs: 60_000, at: (at: string) => ({ at }) };
const summaryAtMinute = { stepMs: 60_000, at: (at: string) => ({ ...summaryVariables, at }) };

/** The device the drawer shows (its type picks the metric charted first). */
type Selected = { id: string; type: string | null };

/**
 * 物联感知: every device on the map by type (layers toggled from the legend) in its state's
 * colour, counts per state, type and district, the devices needing attention, and a device's
 * readings and 24-hour chart on click.
 */
export function IotScene({
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
  const now = useNow(ageTickMs);
  // In replay every device's state is the one it had at the cursor's minute, and the
  // ambulances stand where they were then.
  const devices = useCursorQuery(devicesOperation, noVariables, devicesIntervalMs, atMinute);
  const summary = useCursorQuery(
    deviceSummaryOperation,
    summaryVariables,
    summaryIntervalMs,
    summaryAtMinute,
  );
  const replayMinute = devices.replayAt;
  // Ages ("quiet for 2 h") count to the cursor in replay.
  const ageAt = replayMinute ?? now;
  const positionVariables = useMemo(
    () =>
      replayMinute === null
        ? null
        : { at: new Date(replayMinute).toISOString(), type: 'ambulance' },
    [replayMinute],
  );
  const positions = useReplayQuery(devicePositionsAtOperation, positionVariables);
  const shownDevices = useMemo(
    () =>
      replayMinute === null || devices.data === null
        ? devices.data
        : positions.data === null
          ? null
          : toDevicesAt(devices.data, positions.data),
    [replayMinute, devices.data, positions.data],
  );
  const link = combineLinks([
    ...(districts === null ? [districtsLink] : []),
    devices.link,
    summary.link,
  ]);

  const districtNames = useMemo(
    () => new Map((districts ?? []).map((district) => [district.code, district.name])),
    [districts],
  );
  const districtName = useCallback(
    (code: string) => toDistrictName(code, districtNames.get(code) ?? code, language),
    [districtNames, language],
  );

  // The contract's types first, then any other type the network reports.
  const types = useMemo(() => {
    const known: string[] = [...deviceTypes];
    for (const row of summary.data?.byType ?? []) if (!known.includes(row.key)) known.push(row.key);
    return known;
  }, [summary.data]);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const toggleType = useCallback(
    (type: string) =>
      setHidden((previous) => {
        const next = new Set(previous);
        if (next.has(type)) next.delete(type);
        else next.add(type);
        return next;
      }),
    [],
  );

  // One layer per type, each with its own array: toggling one leaves the others' data alone.
  const byType = useMemo(() => {
    const groups = new Map<string, DevicePoint[]>();
    for (const device of shownDevices ?? []) {
      const group = groups.get(device.type);
      if (group) group.push(device);
      else groups.set(device.type, [device]);
    }
    return groups;
  }, [shownDevices]);
  // One layer for every shown type: crowded devices cluster across types.
  const layers = useMemo(() => {
    const shown = [...byType].filter(([type]) => !hidden.has(type)).flatMap(([, list]) => list);
    return [new DeviceLayer({ id: 'devices', devices: shown, pickable: true })];
  }, [byType, hidden]);
  const shownCount = useMemo(
    () =>
      [...byType].reduce((sum, [type, list]) => (hidden.has(type) ? sum : sum + list.length), 0),
    [byType, hidden],
  );

  const [selected, setSelected] = useState<Selected | null>(null);
  const selectFromList = useCallback(
    (id: string) =>
      setSelected({ id, type: summary.data?.attention.find((d) => d.id === id)?.type ?? null }),
    [summary.data],
  );
  const closeDrawer = useCallback(() => setSelected(null), []);

  const describe = useCallback(
    (info: PickingInfo) => {
      const device = toPickedDevice(info);
      if (device) {
        return {
          title: device.name,
          accent: toCssColor(toDeviceColor(device)),
          rows: [
            [t('iot.map.type'), toAlertLabel(t, 'deviceTypes', device.type)] as const,
            [
              t('iot.map.state'),
              device.state === 'alert' && device.alertSeverity !== null
                ? `${t('iot.states.alert')} · ${t(toSeverityKey(device.alertSeverity))}`
                : t(`iot.states.${device.state}`),
            ] as const,
            [t('iot.map.district'), device.district ? districtName(device.district) : '—'] as const,
            [
              t('iot.map.latestTs'),
              device.latestTs ? formatAge(device.latestTs, replayMinute ?? Date.now(), t) : '—',
            ] as const,
            [t('iot.map.clickHint'), ''] as const,
          ],
        };
      }
      const cluster = toPickedDeviceCluster(info);
      if (cluster) {
        const labels = { title: 'devices', overdue: 'silent', accent: '#00e5ff' } as const;
        return toClusterTooltip(cluster, { t, language }, labels);
      }
      const district = toPickedDistrict(info);
      if (!district) return null;
      return { title: districtName(district.code), accent: '#00e5ff', rows: [] };
    },
    [t, language, districtName, replayMinute],
  );
  const handleMapClick = useCallback((info: PickingInfo) => {
    const device = toPickedDevice(info);
    if (device) setSelected({ id: device.id, type: device.type });
  }, []);
  const handleDataDrawn = useCallback(() => markTwinReady(), []);

  const attentionCount = summary.data
    ? summary.data.byState
        .filter((row) => row.key === 'alert' || row.key === 'silent')
        .reduce((sum, row) => sum + row.count, 0)
    : null;

  return (
    <>
      <Header scene="iot" onSceneChange={onSceneChange} />
      <main className="layout layout--iot" data-testid="iot-scene">
        <aside className="column column--left">
          <Panel
            title={t('iot.summary.title')}
            testId="iot-summary"
            aside={<StaleMark query={summary} />}
          >
            <div className="scene-total" data-testid="device-total">
              <span>{t('iot.summary.total')}</span>
              <b>{summary.data ? formatNumber(summary.data.total, language) : '—'}</b>
            </div>
            <StateFigures byState={summary.data?.byState ?? null} />
          </Panel>
          <Panel title={t('iot.legend.title')} testId="iot-layers">
            <TypeLayerToggles
              types={types}
              counts={summary.data?.byType ?? null}
              hidden={hidden}
              onToggle={toggleType}
            />
          </Panel>
          <Panel title={t('iot.districts.title')} testId="iot-districts" className="panel--grow">
            {summary.data ? (
              <CountBars
                rows={summary.data.byDistrict}
                labelOf={(code) => (code === '' ? t('iot.districts.outside') : districtName(code))}
                testId="device-districts"
              />
            ) : (
              <QueryPlaceholder query={summary} />
            )}
          </Panel>
        </aside>
        <div className="center center--plain">
          <section className="stage">
            <CityMap
              districts={districts}
              layers={layers}
              dataReady={shownDevices !== null}
              onDataDrawn={handleDataDrawn}
              toTooltip={describe}
              onClick={handleMapClick}
            />
            <div className="stage__toolbar stage__toolbar--end">
              <div className="stage__count" data-testid="map-device-count">
                <span>{t('iot.map.devices')}</span>
                <b>{shownDevices ? formatNumber(shownCount, language) : '—'}</b>
              </div>
            </div>
            <div className="stage__bottom">
              <div className="severity-legend" data-testid="state-legend">
                <span>{t('iot.stateLegend')}</span>
                {deviceStates.map((state) => (
                  <span key={state} className="severity-legend__item">
                    <i style={{ background: toCssColor(toStateColor(state, 3)) }} />
                    {t(`iot.states.${state}`)}
                  </span>
                ))}
              </div>
            </div>
            <StageCorners />
            <LinkBanner link={link} hasData={districts !== null} />
            {selected ? (
              <DetailDrawer
                title={t('iot.detail.title')}
                canGoBack={false}
                onBack={closeDrawer}
                onClose={closeDrawer}
              >
                <DeviceDetailView
                  key={selected.id}
                  deviceId={selected.id}
                  deviceType={selected.type}
                  districtName={districtName}
                />
              </DetailDrawer>
            ) : null}
          </section>
        </div>
        <aside className="column column--right">
          <Panel
            title={t('iot.attention.title')}
            testId="iot-attention"
            className="panel--grow"
            aside={
              attentionCount === null ? null : (
                <span className="panel__count">{formatNumber(attentionCount, language)}</span>
              )
            }
          >
            {summary.data ? (
              <AttentionList
                devices={summary.data.attention}
                now={ageAt}
                districtName={districtName}
                selectedId={selected?.id ?? null}
                onSelect={selectFromList}
              />
            ) : (
              <QueryPlaceholder query={summary} />
            )}
          </Panel>
        </aside>
      </main>
      <TimeBar />
    </>
  );
}
