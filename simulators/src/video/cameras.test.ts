import { cameraMetaSchema } from '@city-twin/events';
import { locateDistrict } from '@city-twin/events/districts';
import { describe, expect, it } from 'vitest';
import { placeCameras } from './cameras.ts';
import { toCameraMetaPayload } from './video-payloads.ts';

const cameras = placeCameras(1, 300);

describe('placeCameras', () => {
  it('places the requested number inside their districts, ids and names unique', () => {
    expect(cameras).toHaveLength(300);
    for (const camera of cameras)
      expect(locateDistrict(camera.lon, camera.lat), camera.id).toBe(camera.district);
    expect(new Set(cameras.map((c) => c.id)).size).toBe(300);
    expect(new Set(cameras.map((c) => c.name)).size).toBe(300);
    for (const camera of cameras) expect(camera.id).toMatch(/^cam-\d{6}-\d{4}$/);
  });

  it('watches mostly 湖滨区 and the county seats: intersections, squares, the riverside', () => {
    const share = (pick: (c: (typeof cameras)[number]) => boolean): number =>
      cameras.filter(pick).length / cameras.length;
    expect(share((c) => c.district === '411202')).toBeGreaterThan(0.4);
    expect(share((c) => c.site === 'intersection')).toBeGreaterThan(0.35);
    expect(share((c) => c.site === 'square')).toBeGreaterThan(0.05);
    expect(share((c) => c.site === 'riverside')).toBeGreaterThan(0.05);
    expect(cameras.some((c) => c.name.includes('天鹅湖'))).toBe(true);
  });

  it('is deterministic for a seed', () => {
    expect(placeCameras(1, 300)).toEqual(cameras);
    expect(placeCameras(2, 300).map((c) => c.lon)).not.toEqual(cameras.map((c) => c.lon));
  });

  it('passes the meta schema', () => {
    for (const camera of cameras) {
      const result = cameraMetaSchema.safeParse(toCameraMetaPayload(camera, Date.now()));
      expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
    }
  });
});
