import { mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useCitySuite } from './support/city-suite.ts';
import { seedWall } from './support/seed-wall.ts';
import { unexpectedErrors } from './support/session.ts';
import {
  artifactsDir,
  captureScene,
  expectWallLayout,
  showScene,
  wallScenes,
} from './support/wall.ts';

// Every wall scene on an ultra-wide video wall (`?profile=ultrawide`, 5760×1080, three 1080p
// panels side by side): the layout fills the width without overflow or overlap and its text is
// legible from across the room (the rules in support/wall.ts; wall-screen.test.ts applies them
// at 1080p and 4K while it takes its screenshots). Screenshots: artifacts/e2e/wall-*-ultrawide.png.

const viewport = { width: 5760, height: 1080 };

describe('ultra-wide wall (browser)', () => {
  const suite = useCitySuite({
    async seed({ running: { db } }) {
      await mkdir(artifactsDir, { recursive: true });
      await seedWall(db);
    },
  });

  it('lays out every scene across 5760×1080 without overflow or overlap, in legible text', async () => {
    const { page, errors } = await suite.openWallScene('/?profile=ultrawide', {
      reducedMotion: true,
      viewport,
      readyTimeoutMs: 90_000,
    });
    try {
      expect(await page.getByTestId('wall').getAttribute('data-profile')).toBe('ultrawide');
      for (const scene of wallScenes) {
        await showScene(page, scene);
        await expectWallLayout(page, `${scene} at ultrawide`);
        await captureScene(page, `wall-${scene}-ultrawide`);
      }
      expect(unexpectedErrors(errors)).toEqual([]);
    } finally {
      await page.close();
    }
  }, 400_000);
});
