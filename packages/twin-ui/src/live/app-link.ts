import { useEffect, useId, useSyncExternalStore } from 'react';
import type { LinkState } from './city-feed.ts';
import { combineLinks } from './polled-query.ts';

// The one link state of the whole screen: every feed that talks to the gateway reports its
// own link here, and banners and markers read the combination, so a gateway restart shows
// one "reconnecting · data as of" everywhere rather than each panel on its own.
const links = new Map<string, LinkState>();
const listeners = new Set<() => void>();
let combined: LinkState = { phase: 'connecting' };

function publish(): void {
  const next =
    links.size === 0 ? ({ phase: 'connecting' } as const) : combineLinks([...links.values()]);
  if (
    next.phase === combined.phase &&
    (next.phase === 'connecting' ||
      (combined.phase !== 'connecting' && next.updatedAt === combined.updatedAt))
  ) {
    return;
  }
  combined = next;
  for (const listener of listeners) listener();
}

/** Reports one feed's link (until `withdrawLink`). */
export function reportLink(source: string, link: LinkState): void {
  links.set(source, link);
  publish();
}

/** Forgets a feed that stopped (its component unmounted). */
export function withdrawLink(source: string): void {
  if (links.delete(source)) publish();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const readLink = (): LinkState => combined;

/** The screen-wide link: reconnecting when any feed is, live as of the oldest data otherwise. */
export function useAppLink(): LinkState {
  return useSyncExternalStore(subscribe, readLink);
}

/** Reports a component's feed link to the screen-wide state while it lives (null: none). */
export function useReportLink(link: LinkState | null): void {
  const source = useId();
  useEffect(() => {
    if (link === null) withdrawLink(source);
    else reportLink(source, link);
  }, [source, link]);
  useEffect(() => () => withdrawLink(source), [source]);
}
