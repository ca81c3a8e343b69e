import { useMemo } from 'react';
import type { PolledQuery } from '../live/polled-query.ts';
import { usePolledQuery } from '../live/use-polled-query.ts';
import { toReplayPolled, useCursorQuery, type CursorQuery } from '../time/use-cursor-query.ts';
import { toBucketStart } from '../time/time-cursor.ts';
import { useTimeCursor } from '../time/time-cursor-context.tsx';
import { useReplayQuery } from '../time/use-replay-query.ts';
import {
  hotlineKpisOperation,
  openTicketLocationsOperation,
  overdueListSize,
  overdueTicketsAtOperation,
  overdueTicketsOperation,
} from './hotline-operations.ts';
import type { HotlineKpis, OverdueTicket } from './hotline-types.ts';
import {
  maxTicketLocations,
  type TicketLocations,
  useTicketLocations,
} from './use-ticket-locations.ts';
import type { DateRange } from './period.ts';

/** Hotline figures at the cursor change once a minute of replayed time. */
const stepMs = 60_000;
const chinaOffsetMs = 8 * 3_600_000;
const overdueVariables = { first: overdueListSize };

/** The China Standard Time day (YYYY-MM-DD) of an instant. */
export function toChinaDay(instant: number): string {
  return new Date(instant + chinaOffsetMs).toISOString().slice(0, 10);
}

/** The variables of the KPIs on a day: that day's and its year's figures. */
export const toKpiVariables = (day: string) => ({
  today: day,
  yearStart: `${day.slice(0, 4)}-01-01`,
});

const kpisAt = {
  stepMs,
  at: (at: string) => ({ ...toKpiVariables(toChinaDay(Date.parse(at))), at }),
};

/**
 * Today's and this year's hotline figures: live, or in replay those of the cursor's day and
 * year as they stood at the cursor (every order derived from its actions up to it).
 */
export function useHotlineKpis(today: string, intervalMs: number): CursorQuery<HotlineKpis> {
  const variables = useMemo(() => toKpiVariables(today), [today]);
  return useCursorQuery(hotlineKpisOperation, variables, intervalMs, kpisAt);
}

/** The orders overdue and open: now, or at the cursor in replay (as they stood then). */
export function useOverdueTickets(intervalMs: number): PolledQuery<OverdueTicket[]> {
  const replayAt = useReplayStep();
  const live = usePolledQuery(
    overdueTicketsOperation,
    replayAt === null ? overdueVariables : null,
    intervalMs,
  );
  const replayVariables = useMemo(
    () =>
      replayAt === null ? null : { ...overdueVariables, at: new Date(replayAt).toISOString() },
    [replayAt],
  );
  const replay = useReplayQuery(overdueTicketsAtOperation, replayVariables);
  return useMemo(
    () => (replayAt === null ? live : toReplayPolled(replay.data, replay.failure)),
    [replayAt, live, replay],
  );
}

/** The cursor's step in replay (epoch ms); null when live. */
function useReplayStep(): number | null {
  const cursor = useTimeCursor();
  return cursor.mode === 'replay' ? toBucketStart(cursor.at, stepMs) : null;
}

/**
 * The orders on the map: live, those created in the period; in replay, those open at the
 * cursor, as they stood then.
 */
export function useMapTickets(range: DateRange | null): PolledQuery<TicketLocations> {
  const replayAt = useReplayStep();
  const live = useTicketLocations(replayAt === null ? range : null);
  const replayVariables = useMemo(
    () =>
      replayAt === null
        ? null
        : { at: new Date(replayAt).toISOString(), first: maxTicketLocations },
    [replayAt],
  );
  const replay = useReplayQuery(openTicketLocationsOperation, replayVariables);
  return useMemo(() => {
    if (replayAt === null) return live;
    const data =
      replay.data === null
        ? null
        : { tickets: replay.data, truncated: replay.data.length >= maxTicketLocations };
    return toReplayPolled(data, replay.failure);
  }, [replayAt, live, replay]);
}
