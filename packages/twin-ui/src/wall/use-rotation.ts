import { useEffect, useRef, useState } from 'react';
import { type Rotation, toNextScene } from './rotation.ts';

/** Whether the playlist runs, and what comes next. */
export type RotationState<S extends string> =
  { phase: 'off' } | { phase: 'rotating' | 'paused'; next: S };

/** Interactions that pause the rotation: someone is using the screen. */
const interactions = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Runs a playlist: `onAdvance(next)` after each interval on a scene; any interaction pauses
 * it until the screen has been left alone for `resumeMs`. Its timers and listeners live as
 * long as the component (or the rotation) does.
 */
export function useRotation<S extends string>(
  rotation: Rotation<S> | null,
  scene: S,
  onAdvance: (next: S) => void,
): RotationState<S> {
  const [paused, setPaused] = useState(false);
  const advance = useRef(onAdvance);
  useEffect(() => {
    advance.current = onAdvance;
  }, [onAdvance]);

  const resumeMs = rotation?.resumeMs ?? null;
  useEffect(() => {
    if (resumeMs === null) return;
    let resumeTimer: ReturnType<typeof setTimeout> | null = null;
    const pause = (): void => {
      setPaused(true);
      if (resumeTimer !== null) clearTimeout(resumeTimer);
      resumeTimer = setTimeout(() => {
        resumeTimer = null;
        setPaused(false);
      }, resumeMs);
    };
    const options = { capture: true, passive: true } as const;
    for (const type of interactions) window.addEventListener(type, pause, options);
    return () => {
      for (const type of interactions) window.removeEventListener(type, pause, options);
      if (resumeTimer !== null) clearTimeout(resumeTimer);
    };
  }, [resumeMs]);

  const next = rotation ? toNextScene(rotation.scenes, scene) : null;
  const intervalMs = rotation?.intervalMs ?? null;
  useEffect(() => {
    if (paused || next === null || intervalMs === null) return;
    // Restarted whenever the scene changes (by rotation or by hand) or rotation resumes.
    const timer = setTimeout(() => advance.current(next), intervalMs);
    return () => clearTimeout(timer);
  }, [paused, next, intervalMs, scene]);

  if (next === null) return { phase: 'off' };
  return { phase: paused ? 'paused' : 'rotating', next };
}
