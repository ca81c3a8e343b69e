import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { openAlertsOperation } from '../alerts/alert-operations.ts';
import { useNow } from '../alerts/use-now.ts';
import type { OverdueTicket, UnitRanking, UnitRankRow } from '../hotline/hotline-types.ts';
import type { DateRange } from '../hotline/period.ts';
import { QueryPlaceholder, StaleMark } from '../hotline/query-state.tsx';
import { currentLanguage } from '../i18n/i18n.ts';
import { AttentionList } from '../iot/attention-list.tsx';
import type { PolledQuery } from '../live/polled-query.ts';
import { usePolledQuery } from '../live/use-polled-query.ts';
import { Panel } from '../panels/panel.tsx';
import {
  cockpitOverdueSize,
  districtDevicesOperation,
  districtUnitsOperation,
  scopedOverdueOperation,
} from './cockpit-operations.ts';
import { CockpitTable } from './cockpit-table.tsx';
import { toAlertColumns, toOverdueColumns, toRankingColumns } from './columns.ts';
import { ScopedFigures } from './scoped-figures.tsx';

const unitsIntervalMs = 300_000;
const overdueIntervalMs = 15_000;
const devicesIntervalMs = 15_000;
const alertsIntervalMs = 15_000;
const nowIntervalMs = 30_000;
/** Open alerts asked for city-wide; the district's are picked from them. */
const alertsFirst = 200;
const attentionFirst = 12;
const alertsVariables = { first: alertsFirst };

/** One district: its figures, its units ranked, its overdue orders, devices and open alerts. */
export function DistrictLevel({
  district,
  range,
  compareRange,
  ranking,
  districtName,
  onSelectUnit,
  onSelectTicket,
  onSelectDevice,
}: {
  district: string;
  range: DateRange;
  compareRange: DateRange;
  ranking: PolledQuery<UnitRanking>;
  districtName: (code: string) => string;
  onSelectUnit: (row: UnitRankRow) => void;
  onSelectTicket: (ticket: OverdueTicket) => void;
  onSelectDevice: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const now = useNow(nowIntervalMs);
  const districtVariables = useMemo(() => ({ district }), [district]);
  const units = usePolledQuery(districtUnitsOperation, districtVariables, unitsIntervalMs);
  const overdueVariables = useMemo(
    () => ({ first: cockpitOverdueSize, unitId: null, district }),
    [district],
  );
  const overdue = usePolledQuery(scopedOverdueOperation, overdueVariables, overdueIntervalMs);
  const devicesVariables = useMemo(() => ({ district, attentionFirst }), [district]);
  const devices = usePolledQuery(districtDevicesOperation, devicesVariables, devicesIntervalMs);
  const alerts = usePolledQuery(openAlertsOperation, alertsVariables, alertsIntervalMs);

  // The district's units in the city ranking's order (their rank is the city-wide one).
  const rankRows = useMemo(() => {
    if (ranking.data === null || units.data === null) return null;
    const ids = new Set(units.data.map((unit) => unit.id));
    return ranking.data.rows.filter((row) => ids.has(row.unit.id));
  }, [ranking.data, units.data]);
  const districtAlerts = useMemo(
    () => alerts.data?.filter((alert) => alert.district === district) ?? null,
    [alerts.data, district],
  );
  // Both queries count until the ranking rows can be shown.
  const rankingQuery = units.data === null ? units : ranking;

  return (
    <>
      <ScopedFigures district={district} unitId={null} range={range} compareRange={compareRange} />
      <CockpitTable
        title={t('cockpit.ranking.districtTitle', { district: districtName(district) })}
        testId="cockpit-ranking"
        query={rankingQuery}
        rows={rankRows}
        columns={toRankingColumns(t, language)}
        rowKey={(row) => row.unit.id}
        fileName={`unit-ranking_${district}_${range.from}_${range.to}`}
        emptyText={t('hotline.ranking.noUnits')}
        onSelect={onSelectUnit}
      />
      <CockpitTable
        title={t('cockpit.overdue.title')}
        testId="cockpit-overdue"
        query={overdue}
        rows={overdue.data}
        columns={toOverdueColumns(t, language, districtName)}
        rowKey={(row) => row.id}
        fileName={`overdue-orders_${district}`}
        emptyText={t('hotline.overdue.none')}
        onSelect={onSelectTicket}
      />
      <Panel
        title={t('cockpit.devices.title')}
        testId="cockpit-devices"
        className="cockpit__panel"
        aside={<StaleMark query={devices} />}
      >
        {devices.data === null ? (
          <QueryPlaceholder query={devices} />
        ) : (
          <AttentionList
            devices={devices.data.attention}
            now={now}
            districtName={districtName}
            selectedId={null}
            onSelect={onSelectDevice}
          />
        )}
      </Panel>
      <CockpitTable
        title={t('cockpit.alerts.title')}
        testId="cockpit-alerts"
        query={alerts}
        rows={districtAlerts}
        columns={toAlertColumns(t, language)}
        rowKey={(row) => row.id}
        fileName={`alerts_${district}`}
        emptyText={t('cockpit.alerts.none')}
      />
    </>
  );
}
