/** A playlist of scenes the wall rotates through, from `?rotate=…&interval=…&resume=…`. */
export type Rotation<S extends string> = {
  scenes: readonly S[];
  /** How long each scene stays. */
  intervalMs: number;
  /** How long after the last interaction rotation resumes. */
  resumeMs: number;
};

/** The playlist when `?rotate` names none, in this order (scenes that exist only). */
export const defaultRotation = ['overview', 'iot', 'video', 'hotline', 'alerts', 'city3d'] as const;
export const defaultIntervalS = 60;
export const defaultResumeS = 120;
const shortestIntervalS = 5;
const longestIntervalS = 3_600;

function readSeconds(value: string | null, fallback: number, low: number, high: number): number {
  if (value === null || value.trim() === '') return fallback;
  const seconds = Number(value);
  if (!Number.isFinite(seconds)) return fallback;
  return Math.min(high, Math.max(low, seconds));
}

/**
 * Reads the playlist from a query string: null without `?rotate`; `?rotate` without a list
 * plays every known scene; unknown names are dropped (fewer than two scenes: no rotation).
 * Intervals are seconds, kept between 5 s and an hour.
 */
export function parseRotation<S extends string>(
  search: string,
  known: readonly S[],
): Rotation<S> | null {
  const params = new URLSearchParams(search);
  const list = params.get('rotate');
  if (list === null) return null;
  const isKnown = (name: string): name is S => (known as readonly string[]).includes(name);
  const named = list
    .split(',')
    .map((name) => name.trim())
    .filter(isKnown);
  const scenes =
    list.trim() === ''
      ? (defaultRotation as readonly string[]).filter(isKnown)
      : named.filter((name, index) => named.indexOf(name) === index);
  if (scenes.length < 2) return null;
  return {
    scenes,
    intervalMs:
      readSeconds(params.get('interval'), defaultIntervalS, shortestIntervalS, longestIntervalS) *
      1_000,
    resumeMs: readSeconds(params.get('resume'), defaultResumeS, 1, 24 * 3_600) * 1_000,
  };
}

/** The scene after `current` in the playlist (its first when `current` is not in it). */
export function toNextScene<S extends string>(scenes: readonly S[], current: S): S {
  const index = scenes.indexOf(current);
  const next = scenes[(index + 1) % scenes.length];
  if (next === undefined) throw new Error('TWIN_EMPTY_ROTATION: a rotation needs scenes');
  return next;
}
