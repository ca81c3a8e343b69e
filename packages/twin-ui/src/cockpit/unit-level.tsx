import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { HotlineRules, OverdueTicket, UnitRef } from '../hotline/hotline-types.ts';
import type { DateRange } from '../hotline/period.ts';
import { ScoreBreakdownView } from '../hotline/score-breakdown.tsx';
import { currentLanguage } from '../i18n/i18n.ts';
import { usePolledQuery } from '../live/use-polled-query.ts';
import { Panel } from '../panels/panel.tsx';
import { cockpitOverdueSize, scopedOverdueOperation } from './cockpit-operations.ts';
import { CockpitTable } from './cockpit-table.tsx';
import { toOverdueColumns } from './columns.ts';
import { ScopedFigures } from './scoped-figures.tsx';

const overdueIntervalMs = 15_000;

/** One unit: its figures, its score fact by fact, and its overdue orders. */
export function UnitLevel({
  unit,
  range,
  compareRange,
  rules,
  districtName,
  onSelectTicket,
}: {
  unit: UnitRef;
  range: DateRange;
  compareRange: DateRange;
  rules: HotlineRules | null;
  districtName: (code: string) => string;
  onSelectTicket: (ticketId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const overdueVariables = useMemo(
    () => ({ first: cockpitOverdueSize, unitId: unit.id, district: null }),
    [unit.id],
  );
  const overdue = usePolledQuery(scopedOverdueOperation, overdueVariables, overdueIntervalMs);
  return (
    <>
      <ScopedFigures district={null} unitId={unit.id} range={range} compareRange={compareRange} />
      <CockpitTable
        title={t('cockpit.overdue.unitTitle', { unit: unit.name })}
        testId="cockpit-overdue"
        query={overdue}
        rows={overdue.data}
        columns={toOverdueColumns(t, language, districtName)}
        rowKey={(row: OverdueTicket) => row.id}
        fileName={`overdue-orders_${unit.id}`}
        emptyText={t('hotline.overdue.none')}
        onSelect={(row) => onSelectTicket(row.id)}
      />
      <Panel
        title={t('hotline.breakdown.title')}
        testId="cockpit-breakdown"
        className="cockpit__panel"
      >
        <ScoreBreakdownView
          key={unit.id}
          unit={unit}
          range={range}
          rules={rules}
          onSelectTicket={onSelectTicket}
        />
      </Panel>
    </>
  );
}
