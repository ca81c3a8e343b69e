/** The wall layouts: a fixed design canvas scaled to the window. */
export const wallProfiles = ['1080p', '4k', 'ultrawide'] as const;
export type WallProfile = (typeof wallProfiles)[number];

/** The canvas a profile's scenes are laid out on, in CSS pixels before scaling. */
export type WallCanvas = { profile: WallProfile; width: number; height: number };

// 4K is the 1080p layout drawn twice as large, so text stays legible across a room.
const canvases: Record<WallProfile, { width: number; height: number }> = {
  '1080p': { width: 1920, height: 1080 },
  '4k': { width: 1920, height: 1080 },
  ultrawide: { width: 5760, height: 1080 },
};

/** Windows at least this much wider than tall get the ultra-wide layout. */
const ultrawideAspect = 2.6;
/** Windows at least this wide (CSS pixels) are taken for 4K panels. */
const fourKWidth = 2880;

/** Reads `?profile=`; anything else is null (the window decides). */
export function parseWallProfile(value: string | null): WallProfile | null {
  return (wallProfiles as readonly (string | null)[]).includes(value)
    ? (value as WallProfile)
    : null;
}

/** The profile a window of this size gets when the URL names none. */
export function toAutoProfile(width: number, height: number): WallProfile {
  if (height > 0 && width / height >= ultrawideAspect) return 'ultrawide';
  return width >= fourKWidth ? '4k' : '1080p';
}

/** The design canvas of a profile. */
export function toWallCanvas(profile: WallProfile): WallCanvas {
  return { profile, ...canvases[profile] };
}

/**
 * How the canvas fits a window: one scale for both axes (never distorted), centred, the rest
 * left as dark margins.
 */
export function toCanvasFit(
  canvas: Pick<WallCanvas, 'width' | 'height'>,
  windowWidth: number,
  windowHeight: number,
): { scale: number; left: number; top: number } {
  const scale = Math.max(0.01, Math.min(windowWidth / canvas.width, windowHeight / canvas.height));
  return {
    scale,
    left: Math.max(0, (windowWidth - canvas.width * scale) / 2),
    top: Math.max(0, (windowHeight - canvas.height * scale) / 2),
  };
}
