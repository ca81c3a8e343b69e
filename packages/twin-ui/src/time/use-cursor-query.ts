import { useMemo } from 'react';
import type { GraphQLOperation } from '../graphql/client.ts';
import type { GraphQLErrorCode } from '../graphql/graphql-error.ts';
import type { LinkState } from '../live/city-feed.ts';
import type { PolledQuery } from '../live/polled-query.ts';
import { usePolledQuery } from '../live/use-polled-query.ts';
import { toBucketStart } from './time-cursor.ts';
import { useTimeCursor } from './time-cursor-context.tsx';
import { useReplayQuery } from './use-replay-query.ts';

type Variables = Readonly<Record<string, unknown>>;

/** How a query follows the cursor in replay. */
export interface CursorQueryOptions {
  /** The variables at an instant (UTC ISO): the live variables with `at` and what else it needs. */
  at: (instant: string) => Variables;
  /** The cursor is floored to this step: the figures change once per step, not per tick. */
  stepMs: number;
}

/** A query that follows the time cursor, and whether it shows a replayed instant. */
export type CursorQuery<T> = PolledQuery<T> & {
  /** The instant shown (epoch ms, floored to the step) in replay; null when live. */
  replayAt: number | null;
};

/**
 * One query on the time cursor: polled every `intervalMs` while live, and in replay read once
 * per step of the cursor with `options.at(instant)` (history does not change), the previous
 * answer kept on screen while the next loads. `null` live variables read nothing.
 */
export function useCursorQuery<T>(
  operation: GraphQLOperation<T>,
  liveVariables: Variables | null,
  intervalMs: number,
  options: CursorQueryOptions,
): CursorQuery<T> {
  const cursor = useTimeCursor();
  const replayAt = cursor.mode === 'replay' ? toBucketStart(cursor.at, options.stepMs) : null;
  const { at } = options;
  const live = usePolledQuery(operation, replayAt === null ? liveVariables : null, intervalMs);
  const liveKey = liveVariables === null ? null : JSON.stringify(liveVariables);
  const replayVariables = useMemo(
    () => (replayAt === null || liveKey === null ? null : at(new Date(replayAt).toISOString())),
    [replayAt, liveKey, at],
  );
  const replay = useReplayQuery(operation, replayVariables);
  return useMemo(
    () =>
      replayAt === null
        ? { ...live, replayAt }
        : { ...toReplayPolled(replay.data, replay.failure), replayAt },
    [live, replay, replayAt],
  );
}

/** A replay read as a panel shows it: live once answered (history does not go stale). */
export function toReplayPolled<T>(
  data: T | null,
  failure: GraphQLErrorCode | null,
): PolledQuery<T> {
  const link: LinkState =
    failure !== null
      ? { phase: 'reconnecting', updatedAt: null }
      : data === null
        ? { phase: 'connecting' }
        : { phase: 'live', updatedAt: Date.now() };
  return { link, data, failure };
}
