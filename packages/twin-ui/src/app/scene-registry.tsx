import { type ComponentType, lazy, type LazyExoticComponent } from 'react';
import type { District } from '../graphql/types.ts';
import { toBackoffMs } from '../live/backoff.ts';
import type { CityFeed, LinkState } from '../live/city-feed.ts';
import type { Scene, ScreenLocation } from './screen-location.ts';

/** What the screen gives every scene. */
export type SceneProps = {
  /** The districts (every scene's map) and, on the overview, the city snapshot. */
  feed: CityFeed;
  location: ScreenLocation;
  onLocationChange: (location: ScreenLocation) => void;
  onSceneChange: (scene: Scene) => void;
};

/** A scene that reads only the districts of the feed. */
type DistrictScene = ComponentType<{
  districts: readonly District[] | null;
  /** The districts' own link, which counts until they are loaded. */
  districtsLink: LinkState;
  location: ScreenLocation;
  onLocationChange: (location: ScreenLocation) => void;
  onSceneChange: (scene: Scene) => void;
}>;

function fromDistricts(Scene: DistrictScene): ComponentType<SceneProps> {
  return function DistrictSceneProps({ feed, ...rest }: SceneProps) {
    return <Scene districts={feed.districts} districtsLink={feed.link} {...rest} />;
  };
}

// Each scene is its own chunk, so a URL loads only what its scene draws (the cockpit no
// deck.gl, only the 3D city three.js). A loader is called at most once: its promise is kept.
const loaders: Record<Scene, () => Promise<ComponentType<SceneProps>>> = {
  overview: () => import('../scenes/overview-scene.tsx').then((module) => module.OverviewScene),
  hotline: () =>
    import('../scenes/hotline-scene.tsx').then((module) => fromDistricts(module.HotlineScene)),
  alerts: () =>
    import('../scenes/alert-scene.tsx').then((module) => fromDistricts(module.AlertScene)),
  iot: () => import('../scenes/iot-scene.tsx').then((module) => fromDistricts(module.IotScene)),
  video: () =>
    import('../scenes/video-scene.tsx').then((module) => fromDistricts(module.VideoScene)),
  city3d: () => import('../scenes/city3d-scene.tsx').then((module) => module.City3dScene),
  cockpit: () =>
    import('../scenes/cockpit-scene.tsx').then((module) => fromDistricts(module.CockpitScene)),
};

const loading = new Map<Scene, Promise<ComponentType<SceneProps>>>();

/**
 * A scene's component. A chunk that cannot be fetched (the gateway, which serves them, is
 * restarting) is asked for again with the reconnect backoff: the screen shows the scene's
 * placeholder meanwhile, never an error page.
 */
function load(scene: Scene): Promise<ComponentType<SceneProps>> {
  let promise = loading.get(scene);
  if (promise === undefined) {
    promise = loadWithRetry(scene);
    loading.set(scene, promise);
  }
  return promise;
}

async function loadWithRetry(scene: Scene): Promise<ComponentType<SceneProps>> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await loaders[scene]();
    } catch {
      // The gateway answers but the chunk is gone: it was upgraded while this screen stayed
      // open, and the new build's chunks have other names. Only a fresh page finds them.
      if (await isGatewayUp()) reloadForNewBuild();
      await new Promise((resolve) => setTimeout(resolve, toBackoffMs(attempt)));
    }
  }
}

async function isGatewayUp(): Promise<boolean> {
  try {
    return (await fetch('/healthz', { cache: 'no-store' })).ok;
  } catch {
    return false;
  }
}

const reloadedAtKey = 'city-twin:reloaded-for-build';
// At most one reload in this long: a chunk missing from a build that is not new would
// otherwise reload the screen in a loop.
const reloadPauseMs = 5 * 60_000;

function reloadForNewBuild(): void {
  try {
    const last = Number(window.sessionStorage.getItem(reloadedAtKey) ?? 0);
    if (Date.now() - last < reloadPauseMs) return;
    window.sessionStorage.setItem(reloadedAtKey, String(Date.now()));
  } catch {
    return; // No session storage: no way to prevent a loop, so keep retrying instead.
  }
  window.location.reload();
}

/** Starts fetching a scene's code (and what it imports) before it is rendered. */
export function preloadScene(scene: Scene): void {
  void load(scene);
}

/** The scenes as lazy components: each loads its chunk when first rendered. */
export const sceneComponents = Object.fromEntries(
  Object.keys(loaders).map((scene) => [
    scene,
    lazy(() => load(scene as Scene).then((component) => ({ default: component }))),
  ]),
) as Record<Scene, LazyExoticComponent<ComponentType<SceneProps>>>;
