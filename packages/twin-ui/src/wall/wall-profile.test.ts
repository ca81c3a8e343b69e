import { describe, expect, it } from 'vitest';
import { parseWallProfile, toAutoProfile, toCanvasFit, toWallCanvas } from './wall-profile.ts';

describe('wall profiles', () => {
  it('reads the profiles the URL may name and nothing else', () => {
    expect(parseWallProfile('4k')).toBe('4k');
    expect(parseWallProfile('ultrawide')).toBe('ultrawide');
    expect(parseWallProfile('1080p')).toBe('1080p');
    expect(parseWallProfile('8k')).toBeNull();
    expect(parseWallProfile(null)).toBeNull();
  });

  it('picks a profile from the window when the URL names none', () => {
    expect(toAutoProfile(1920, 1080)).toBe('1080p');
    expect(toAutoProfile(1366, 768)).toBe('1080p');
    expect(toAutoProfile(3840, 2160)).toBe('4k');
    expect(toAutoProfile(5760, 1080)).toBe('ultrawide');
    expect(toAutoProfile(3840, 1080)).toBe('ultrawide');
  });

  it('lays 4K out on the 1080p canvas, twice as large', () => {
    const canvas = toWallCanvas('4k');
    expect(canvas).toMatchObject({ width: 1920, height: 1080 });
    expect(toCanvasFit(canvas, 3840, 2160)).toEqual({ scale: 2, left: 0, top: 0 });
  });

  it('keeps the aspect ratio and centres the canvas in an odd window', () => {
    const fit = toCanvasFit(toWallCanvas('1080p'), 1920, 1200);
    expect(fit.scale).toBe(1);
    expect(fit.left).toBe(0);
    expect(fit.top).toBe(60);
    expect(toCanvasFit(toWallCanvas('ultrawide'), 2880, 540).scale).toBe(0.5);
  });
});
