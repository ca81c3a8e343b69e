import { type RefObject, useEffect } from 'react';

/** How long a page of a scrolling list stands still, and how long the move to the next takes. */
const pageDwellMs = 6_000;
const pageMoveMs = 700;

/**
 * Pages through a list that does not fit its viewport, as wall screens show long rankings:
 * every few seconds the track (the list followed by a copy of it) moves up by the rows the
 * viewport shows, then stands still. Nothing animates between moves, so the page stays idle.
 * At the copy's top, which looks like the list's top, it jumps back unseen. It waits while
 * the pointer or the focus is in the viewport; `enabled: false` (e.g. for reduced motion)
 * leaves the list at its top.
 */
export function usePageScroll({
  viewportRef,
  trackRef,
  viewportHeight,
  listHeight,
  rowCount,
  enabled,
}: {
  viewportRef: RefObject<HTMLElement | null>;
  trackRef: RefObject<HTMLElement | null>;
  viewportHeight: number;
  listHeight: number;
  rowCount: number;
  enabled: boolean;
}): void {
  useEffect(() => {
    const viewport = viewportRef.current;
    const track = trackRef.current;
    if (!viewport || !track) return;
    track.style.transform = '';
    if (!enabled || rowCount === 0 || listHeight <= viewportHeight) return;

    const rowHeight = listHeight / rowCount;
    const step = Math.max(1, Math.floor(viewportHeight / rowHeight)) * rowHeight;
    const place = (offset: number) => `translateY(${-offset}px)`;
    let offset = 0;
    let move: Animation | null = null;

    const timer = setInterval(() => {
      const busy =
        move !== null || viewport.matches(':hover') || viewport.contains(document.activeElement);
      if (busy) return;
      const to = Math.min(offset + step, listHeight);
      move = track.animate([{ transform: place(offset) }, { transform: place(to) }], {
        duration: pageMoveMs,
        easing: 'ease-in-out',
        fill: 'forwards',
      });
      move.onfinish = () => {
        offset = to >= listHeight ? 0 : to;
        track.style.transform = place(offset);
        move?.cancel();
        move = null;
      };
    }, pageDwellMs);

    return () => {
      clearInterval(timer);
      if (move) {
        move.onfinish = null;
        move.cancel();
      }
      track.style.transform = '';
    };
  }, [viewportRef, trackRef, viewportHeight, listHeight, rowCount, enabled]);
}
