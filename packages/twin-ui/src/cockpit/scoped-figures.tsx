import { useMemo } from 'react';
import type { DateRange } from '../hotline/period.ts';
import { usePolledQuery } from '../live/use-polled-query.ts';
import { figurePairOperation } from './cockpit-operations.ts';
import { FigureComparison } from './figure-comparison.tsx';

const figuresIntervalMs = 15_000;

/** The period comparison of the city, a district or a unit. */
export function ScopedFigures({
  district,
  unitId,
  range,
  compareRange,
}: {
  district: string | null;
  unitId: string | null;
  range: DateRange;
  compareRange: DateRange;
}) {
  const variables = useMemo(
    () => ({
      from: range.from,
      to: range.to,
      previousFrom: compareRange.from,
      previousTo: compareRange.to,
      district,
      unitId,
    }),
    [range.from, range.to, compareRange.from, compareRange.to, district, unitId],
  );
  const figures = usePolledQuery(figurePairOperation, variables, figuresIntervalMs);
  return <FigureComparison figures={figures} range={range} compareRange={compareRange} />;
}
