import { useSyncExternalStore } from 'react';

const query = '(prefers-reduced-motion: reduce)';

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(query);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

const readReducedMotion = (): boolean => window.matchMedia(query).matches;

/** True when the screen asks for reduced motion: the map's rings then stand still. */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(subscribe, readReducedMotion);
}
