import { useCallback, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Header } from '../app/header.tsx';
import type { Scene } from '../app/screen-location.ts';
import { markTwinReady } from '../app/twin-ready.ts';
import { Breadcrumbs, type Crumb } from '../cockpit/breadcrumbs.tsx';
import { CityLevel } from '../cockpit/city-level.tsx';
import {
  type CockpitLocation,
  type DeviceWindow,
  useCockpitLocation,
} from '../cockpit/cockpit-location.ts';
import { deviceHeadOperation } from '../cockpit/cockpit-operations.ts';
import { ComparePicker } from '../cockpit/compare-picker.tsx';
import { toComparisonRange } from '../cockpit/comparison.ts';
import { DeviceLevel } from '../cockpit/device-level.tsx';
import { DistrictLevel } from '../cockpit/district-level.tsx';
import { UnitLevel } from '../cockpit/unit-level.tsx';
import type { District } from '../graphql/types.ts';
import { hotlineRulesOperation, unitRankingOperation } from '../hotline/hotline-operations.ts';
import type { OverdueTicket, UnitRankRow, UnitRef } from '../hotline/hotline-types.ts';
import { PeriodPicker } from '../hotline/period-picker.tsx';
import { type Period, toDateRange } from '../hotline/period.ts';
import { TicketTraceView } from '../hotline/ticket-trace.tsx';
import { useChinaToday } from '../hotline/use-china-today.ts';
import { toDistrictName } from '../i18n/district-names.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { usePolledQuery } from '../live/use-polled-query.ts';
import { Panel } from '../panels/panel.tsx';

const rankingIntervalMs = 30_000;
const rulesIntervalMs = 300_000;
const deviceIntervalMs = 60_000;
const noVariables = {};

/**
 * 领导驾驶舱, the leaders' cockpit: the city's figures on a responsive page, drilled down city →
 * district → unit → work order or district → device, over any period compared with another.
 * The URL holds the whole view, so a link or a reload opens it again.
 */
export function CockpitScene({
  districts,
  onSceneChange,
}: {
  districts: readonly District[] | null;
  onSceneChange: (scene: Scene) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const [location, navigate] = useCockpitLocation();
  const today = useChinaToday();
  const { from, to } = toDateRange(location.period, today);
  const range = useMemo(() => ({ from, to }), [from, to]);
  const comparison = toComparisonRange(range, location.compare);
  const compareRange = useMemo(
    () => ({ from: comparison.from, to: comparison.to }),
    [comparison.from, comparison.to],
  );

  const ranking = usePolledQuery(unitRankingOperation, range, rankingIntervalMs);
  const rules = usePolledQuery(hotlineRulesOperation, noVariables, rulesIntervalMs);
  const deviceVariables = useMemo(
    () => (location.deviceId === null ? null : { id: location.deviceId }),
    [location.deviceId],
  );
  const device = usePolledQuery(deviceHeadOperation, deviceVariables, deviceIntervalMs);

  useEffect(() => {
    if (ranking.data !== null) markTwinReady();
  }, [ranking.data]);

  const districtName = useCallback(
    (code: string) =>
      toDistrictName(
        code,
        districts?.find((district) => district.code === code)?.name ?? code,
        language,
      ),
    [districts, language],
  );
  const unit = useMemo<UnitRef | null>(() => {
    if (location.unitId === null) return null;
    const row = ranking.data?.rows.find((item) => item.unit.id === location.unitId);
    return row?.unit ?? { id: location.unitId, name: location.unitId };
  }, [location.unitId, ranking.data]);

  const go = useCallback(
    (changes: Partial<CockpitLocation>) => navigate({ ...location, ...changes }),
    [location, navigate],
  );
  const atLevel = { unitId: null, ticketId: null, deviceId: null };
  const selectDistrict = (code: string) => go({ ...atLevel, district: code });
  const selectUnit = (row: UnitRankRow) => go({ ...atLevel, unitId: row.unit.id });
  const selectTicket = (ticket: OverdueTicket) =>
    go({
      ...atLevel,
      district: location.district ?? ticket.district,
      unitId: ticket.unit?.id ?? location.unitId,
      ticketId: ticket.id,
    });
  const selectTicketId = (ticketId: string) => go({ deviceId: null, ticketId });
  const selectDevice = (deviceId: string) => go({ ...atLevel, deviceId });
  const changePeriod = (period: Period) => go({ period });
  const changeWindow = (deviceWindow: DeviceWindow) => go({ deviceWindow });

  const crumbs: Crumb[] = [
    {
      id: 'city',
      label: t('cockpit.crumbs.city'),
      onSelect: () => go({ ...atLevel, district: null }),
    },
  ];
  if (location.district !== null) {
    crumbs.push({
      id: 'district',
      label: districtName(location.district),
      onSelect: () => go(atLevel),
    });
  }
  if (unit !== null) {
    crumbs.push({
      id: 'unit',
      label: unit.name,
      onSelect: () => go({ ticketId: null, deviceId: null }),
    });
  }
  if (location.ticketId !== null) {
    crumbs.push({
      id: 'ticket',
      label: t('cockpit.crumbs.ticket', { id: location.ticketId }),
      onSelect: () => undefined,
    });
  }
  if (location.deviceId !== null) {
    crumbs.push({
      id: 'device',
      label: device.data?.name ?? location.deviceId,
      onSelect: () => undefined,
    });
  }

  const level = (() => {
    if (location.ticketId !== null) {
      return (
        <Panel
          title={t('hotline.trace.title')}
          testId="cockpit-trace"
          className="cockpit__panel cockpit__panel--wide"
        >
          <TicketTraceView
            key={location.ticketId}
            ticketId={location.ticketId}
            districts={districts}
          />
        </Panel>
      );
    }
    if (location.deviceId !== null) {
      return (
        <DeviceLevel
          device={device.data}
          deviceId={location.deviceId}
          window={location.deviceWindow}
          districtName={districtName}
          onWindowChange={changeWindow}
        />
      );
    }
    if (unit !== null) {
      return (
        <UnitLevel
          unit={unit}
          range={range}
          compareRange={compareRange}
          rules={rules.data}
          districtName={districtName}
          onSelectTicket={selectTicketId}
        />
      );
    }
    if (location.district !== null) {
      return (
        <DistrictLevel
          district={location.district}
          range={range}
          compareRange={compareRange}
          ranking={ranking}
          districtName={districtName}
          onSelectUnit={selectUnit}
          onSelectTicket={selectTicket}
          onSelectDevice={selectDevice}
        />
      );
    }
    return (
      <CityLevel
        range={range}
        compareRange={compareRange}
        districts={districts}
        ranking={ranking}
        districtName={districtName}
        onSelectDistrict={selectDistrict}
        onSelectUnit={selectUnit}
        onSelectTicket={selectTicket}
      />
    );
  })();

  return (
    <>
      <Header scene="cockpit" onSceneChange={onSceneChange} />
      <main className="cockpit" data-testid="cockpit-scene">
        <div className="cockpit__bar">
          <Breadcrumbs crumbs={crumbs} />
          <div className="cockpit__periods">
            <PeriodPicker
              key={`${range.from}..${range.to}`}
              period={location.period}
              range={range}
              today={today}
              onChange={changePeriod}
            />
            <ComparePicker
              key={`${compareRange.from}..${compareRange.to}`}
              compare={location.compare}
              compareRange={compareRange}
              today={today}
              onChange={(compare) => go({ compare })}
            />
          </div>
        </div>
        <div className="cockpit__grid">{level}</div>
      </main>
    </>
  );
}
