import { type RefObject, useEffect, useState } from 'react';

export type ElementSize = {
  width: number;
  height: number;
  /**
   * Physical pixels per CSS pixel of the element as shown: the device pixel ratio times any CSS
   * scale above it (the wall canvas is scaled to the screen with a transform).
   */
  pixelRatio: number;
};

/** The most physical pixels per CSS pixel a map draws at (a 4K wall from a 1080p layout is 2). */
const maxPixelRatio = 3;

/** How many physical pixels one CSS pixel of `element` covers on screen now. */
function toPixelRatio(element: HTMLElement): number {
  const shownWidth = element.getBoundingClientRect().width;
  const scale = element.offsetWidth > 0 ? shownWidth / element.offsetWidth : 1;
  const ratio = (window.devicePixelRatio || 1) * scale;
  // Rounded to a quarter: a scale of 1.9999 draws at 2, not at a fraction that resamples.
  return Math.min(maxPixelRatio, Math.max(1, Math.round(ratio * 4) / 4));
}

/** The element's content size and pixel ratio, updated on resize only (never per frame). */
export function useElementSize(ref: RefObject<HTMLElement | null>): ElementSize | null {
  const [size, setSize] = useState<ElementSize | null>(null);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = (width: number, height: number): void => {
      if (width === 0 || height === 0) return;
      const pixelRatio = toPixelRatio(element);
      setSize((previous) =>
        previous?.width === width &&
        previous.height === height &&
        previous.pixelRatio === pixelRatio
          ? previous
          : { width, height, pixelRatio },
      );
    };
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      measure(Math.round(entry.contentRect.width), Math.round(entry.contentRect.height));
    });
    observer.observe(element);
    // A window resize can change the wall's scale without changing the element's own size.
    const onResize = (): void => {
      const pixelRatio = toPixelRatio(element);
      setSize((previous) =>
        previous === null || previous.pixelRatio === pixelRatio
          ? previous
          : { ...previous, pixelRatio },
      );
    };
    window.addEventListener('resize', onResize);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', onResize);
    };
  }, [ref]);

  return size;
}
