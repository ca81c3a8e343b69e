import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import {
  advanceReplay,
  parseReplay,
  playReplay,
  type Replay,
  seekReplay,
  type TimeCursor,
  type TimeWindow,
  toReplaySearch,
  withSpeed,
} from './time-cursor.ts';

/** How often a playing replay moves its cursor (and live mode its clock): a bounded rate. */
export const cursorStepMs = 500;
const liveClockMs = 10_000;

/** What the time bar does to the cursor. */
export interface TimeControls {
  goLive(): void;
  /** Replay a window, paused at its start. */
  replay(window: TimeWindow): void;
  play(): void;
  pause(): void;
  seek(at: number): void;
  setSpeed(speed: number): void;
}

const liveCursor = (at: number): TimeCursor => ({
  mode: 'live',
  at,
  window: null,
  playing: true,
  speed: 1,
});

const CursorContext = createContext<TimeCursor | null>(null);
const ControlsContext = createContext<TimeControls | null>(null);

const readReplay = (): Replay | null => parseReplay(window.location.search);

function writeReplay(replay: Replay | null): string {
  const search = toReplaySearch(replay, window.location.search);
  if (search !== window.location.search) {
    // The cursor replaces the history entry without a popstate: moving it is not a navigation.
    window.history.replaceState(
      window.history.state,
      '',
      `${window.location.pathname}${search}${window.location.hash}`,
    );
  }
  return toReplaySearch(replay);
}

/**
 * The one clock of the screen: live by default, or the replay the URL names. A playing replay
 * moves every `cursorStepMs`; its state is written back to the URL so the link is shareable.
 */
export function TimeCursorProvider({ children }: { children: ReactNode }) {
  const [replay, setReplay] = useState<Replay | null>(readReplay);
  const [liveAt, setLiveAt] = useState(() => Date.now());
  const written = useRef<string | null>(null);

  useEffect(() => {
    written.current = writeReplay(replay);
  }, [replay]);

  // Back/forward or another part of the screen changing the URL.
  useEffect(() => {
    const onPopState = () => {
      const next = readReplay();
      if (toReplaySearch(next) !== written.current) setReplay(next);
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const playing = replay?.playing ?? false;
  const live = replay === null;
  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      const elapsed = now - last;
      last = now;
      setReplay((current) => current && advanceReplay(current, elapsed));
    }, cursorStepMs);
    return () => clearInterval(timer);
  }, [playing]);

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setLiveAt(Date.now()), liveClockMs);
    return () => clearInterval(timer);
  }, [live]);

  const cursor = useMemo<TimeCursor>(
    () => (replay ? { mode: 'replay', ...replay } : liveCursor(liveAt)),
    [replay, liveAt],
  );
  const controls = useMemo<TimeControls>(
    () => ({
      goLive: () => {
        setLiveAt(Date.now());
        setReplay(null);
      },
      replay: (window) =>
        setReplay((current) => ({
          window,
          at: window.from,
          speed: current?.speed ?? 600,
          playing: false,
        })),
      play: () => setReplay((current) => current && playReplay(current)),
      pause: () => setReplay((current) => current && { ...current, playing: false }),
      seek: (at) => setReplay((current) => current && seekReplay(current, at)),
      setSpeed: (speed) => setReplay((current) => current && withSpeed(current, speed)),
    }),
    [],
  );

  return (
    <ControlsContext.Provider value={controls}>
      <CursorContext.Provider value={cursor}>{children}</CursorContext.Provider>
    </ControlsContext.Provider>
  );
}

/**
 * The screen's time cursor: `mode` live or replay, `at` (epoch ms; in live mode the present,
 * refreshed every few seconds), the replay `window`, `playing` and `speed`. It changes at most
 * every `cursorStepMs`; layers that animate between steps interpolate themselves.
 */
export function useTimeCursor(): TimeCursor {
  const cursor = useContext(CursorContext);
  if (!cursor) throw new Error('useTimeCursor needs a TimeCursorProvider above it');
  return cursor;
}

/** The actions of the time bar. */
export function useTimeControls(): TimeControls {
  const controls = useContext(ControlsContext);
  if (!controls) throw new Error('useTimeControls needs a TimeCursorProvider above it');
  return controls;
}
