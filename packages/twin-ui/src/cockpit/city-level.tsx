import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { District } from '../graphql/types.ts';
import type { OverdueTicket, UnitRanking, UnitRankRow } from '../hotline/hotline-types.ts';
import type { DateRange } from '../hotline/period.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import type { PolledQuery } from '../live/polled-query.ts';
import { usePolledQuery } from '../live/use-polled-query.ts';
import {
  cockpitOverdueSize,
  districtFiguresOperation,
  scopedOverdueOperation,
  toDistrictFiguresVariables,
} from './cockpit-operations.ts';
import { CockpitTable } from './cockpit-table.tsx';
import {
  type DistrictFigureRow,
  toDistrictColumns,
  toOverdueColumns,
  toRankingColumns,
} from './columns.ts';
import { ScopedFigures } from './scoped-figures.tsx';

const districtsIntervalMs = 30_000;
const overdueIntervalMs = 15_000;
const cityOverdueVariables = { first: cockpitOverdueSize, unitId: null, district: null };

/** The whole city: its figures, the six districts, every unit ranked, every overdue order. */
export function CityLevel({
  range,
  compareRange,
  districts,
  ranking,
  districtName,
  onSelectDistrict,
  onSelectUnit,
  onSelectTicket,
}: {
  range: DateRange;
  compareRange: DateRange;
  districts: readonly District[] | null;
  ranking: PolledQuery<UnitRanking>;
  districtName: (code: string) => string;
  onSelectDistrict: (code: string) => void;
  onSelectUnit: (row: UnitRankRow) => void;
  onSelectTicket: (ticket: OverdueTicket) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const codes = useMemo(() => (districts ?? []).map((district) => district.code), [districts]);
  const figuresVariables = useMemo(
    () => (codes.length === 0 ? null : toDistrictFiguresVariables(codes, range)),
    [codes, range],
  );
  const districtFigures = usePolledQuery(
    districtFiguresOperation,
    figuresVariables,
    districtsIntervalMs,
  );
  const districtRows = useMemo<DistrictFigureRow[] | null>(() => {
    if (districtFigures.data === null) return null;
    const figures = districtFigures.data;
    return codes.flatMap((code, index) => {
      const row = figures[index];
      return row ? [{ code, name: districtName(code), figures: row }] : [];
    });
  }, [codes, districtFigures.data, districtName]);
  const overdue = usePolledQuery(scopedOverdueOperation, cityOverdueVariables, overdueIntervalMs);

  return (
    <>
      <ScopedFigures district={null} unitId={null} range={range} compareRange={compareRange} />
      <CockpitTable
        title={t('cockpit.districts.title')}
        testId="cockpit-districts"
        query={districtFigures}
        rows={districtRows}
        columns={toDistrictColumns(t, language)}
        rowKey={(row) => row.code}
        fileName={`districts_${range.from}_${range.to}`}
        emptyText={t('cockpit.empty')}
        onSelect={(row) => onSelectDistrict(row.code)}
      />
      <CockpitTable
        title={t('cockpit.ranking.title')}
        testId="cockpit-ranking"
        query={ranking}
        rows={ranking.data?.rows ?? null}
        columns={toRankingColumns(t, language)}
        rowKey={(row) => row.unit.id}
        fileName={`unit-ranking_${range.from}_${range.to}`}
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
        fileName="overdue-orders"
        emptyText={t('hotline.overdue.none')}
        onSelect={onSelectTicket}
      />
    </>
  );
}
