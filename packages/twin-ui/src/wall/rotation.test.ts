import { describe, expect, it } from 'vitest';
import { parseRotation, toNextScene } from './rotation.ts';

const known = ['overview', 'hotline', 'alerts', 'iot', 'video'] as const;

describe('scene rotation', () => {
  it('does not rotate without ?rotate', () => {
    expect(parseRotation('?scene=iot', known)).toBeNull();
  });

  it('plays every known scene in the default order when ?rotate names none', () => {
    expect(parseRotation('?rotate', known)).toEqual({
      scenes: ['overview', 'iot', 'video', 'hotline', 'alerts'],
      intervalMs: 60_000,
      resumeMs: 120_000,
    });
  });

  it('includes the 3D city once it is a known scene', () => {
    expect(parseRotation('?rotate=', [...known, 'city3d'])?.scenes).toContain('city3d');
  });

  it('keeps the named order, drops unknown and repeated names, and reads seconds', () => {
    expect(parseRotation('?rotate=video,moon,iot,video&interval=5&resume=30', known)).toEqual({
      scenes: ['video', 'iot'],
      intervalMs: 5_000,
      resumeMs: 30_000,
    });
  });

  it('keeps the interval within bounds and ignores nonsense', () => {
    expect(parseRotation('?rotate=iot,video&interval=1', known)?.intervalMs).toBe(5_000);
    expect(parseRotation('?rotate=iot,video&interval=abc', known)?.intervalMs).toBe(60_000);
    expect(parseRotation('?rotate=iot&interval=10', known)).toBeNull();
  });

  it('wraps round to the first scene', () => {
    expect(toNextScene(['overview', 'iot'], 'overview')).toBe('iot');
    expect(toNextScene(['overview', 'iot'], 'iot')).toBe('overview');
    expect(toNextScene(['overview', 'iot'], 'alerts' as 'iot')).toBe('overview');
  });
});
