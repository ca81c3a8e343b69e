import { type ReactNode, useEffect, useState } from 'react';
import { toCanvasFit, toWallCanvas, toAutoProfile, type WallProfile } from './wall-profile.ts';
import './wall-layout.css';

function readWindow(): { width: number; height: number } {
  return { width: window.innerWidth, height: window.innerHeight };
}

/** The window's size, followed on resize (one listener, removed on unmount). */
function useWindowSize(): { width: number; height: number } {
  const [size, setSize] = useState(readWindow);
  useEffect(() => {
    const onResize = (): void => setSize(readWindow());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return size;
}

/**
 * The wall screen's fixed design canvas (1920×1080, or 5760×1080 ultra-wide), scaled with a
 * CSS transform to fill the window without distortion. `profile` null: the window decides.
 */
export function WallCanvas({
  profile: requested,
  children,
}: {
  profile: WallProfile | null;
  children: ReactNode;
}) {
  const { width, height } = useWindowSize();
  useEffect(() => {
    // rem follows the window on responsive pages; on the canvas it is fixed (see styles.css).
    document.documentElement.classList.add('is-wall');
    return () => document.documentElement.classList.remove('is-wall');
  }, []);
  const profile = requested ?? toAutoProfile(width, height);
  const canvas = toWallCanvas(profile);
  const fit = toCanvasFit(canvas, width, height);
  return (
    <div className="wall" data-testid="wall" data-profile={profile}>
      <div
        className={`wall__canvas wall__canvas--${profile}`}
        style={{
          width: canvas.width,
          height: canvas.height,
          transform: `translate(${fit.left}px, ${fit.top}px) scale(${fit.scale})`,
        }}
      >
        {children}
      </div>
    </div>
  );
}
