import { type ReactNode, useCallback, useMemo, useSyncExternalStore } from 'react';
import {
  parseScreenLocation,
  type Scene,
  scenes,
  toScreenSearch,
  useScreenLocation,
} from '../app/screen-location.ts';
import { RotationIndicator } from './rotation-indicator.tsx';
import { parseRotation } from './rotation.ts';
import { useRotation } from './use-rotation.ts';
import { WallCanvas } from './wall-canvas.tsx';
import { parseWallProfile } from './wall-profile.ts';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
}

const readSearch = (): string => window.location.search;

/**
 * Rotation moves to the next scene in place (replaceState): weeks of rotation must not pile up
 * history entries.
 */
function showScene(scene: Scene): void {
  const current = parseScreenLocation(window.location.search);
  const search = toScreenSearch({ ...current, scene }, window.location.search);
  if (search === window.location.search) return;
  window.history.replaceState(
    null,
    '',
    `${window.location.pathname}${search}${window.location.hash}`,
  );
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/**
 * The wall-screen shell around the scenes: a fixed canvas scaled to the window
 * (`?profile=1080p|4k|ultrawide`, else chosen from the window) and the scene playlist
 * (`?rotate=…&interval=…&resume=…`) with its indicator. Wall screens always get the canvas;
 * people only when the URL asks for a profile or rotation (their laptops keep the responsive
 * layout).
 */
export function WallShell({
  isWallScreen,
  children,
}: {
  isWallScreen: boolean;
  children: ReactNode;
}) {
  const search = useSyncExternalStore(subscribe, readSearch);
  const [location] = useScreenLocation();
  const settings = useMemo(() => {
    const params = new URLSearchParams(search);
    return {
      profile: parseWallProfile(params.get('profile')),
      asked: params.has('profile') || params.has('rotate'),
      rotation: parseRotation<Scene>(search, scenes),
    };
  }, [search]);
  const advance = useCallback((next: Scene) => showScene(next), []);
  const rotation = useRotation(settings.rotation, location.scene, advance);

  if (!isWallScreen && !settings.asked) return children;
  return (
    <WallCanvas profile={settings.profile}>
      {children}
      <RotationIndicator state={rotation} />
    </WallCanvas>
  );
}
