import type { Rgba } from '../air-quality/aqi-band.ts';

/** Colours of the map, in the command-centre palette of styles.css. */
export const palette = {
  districtGlow: [0, 229, 255, 55] as Rgba,
  districtEdge: [90, 240, 255, 235] as Rgba,
  districtFill: [0, 170, 255, 62] as Rgba,
  districtHighlight: [0, 229, 255, 70] as Rgba,
  labelText: [225, 250, 255, 255] as Rgba,
  labelPlate: [3, 22, 52, 215] as Rgba,
  labelPlateEdge: [0, 229, 255, 200] as Rgba,
} as const;

/** The system CJK font (Debian fonts-noto-cjk), then common CJK fonts of other systems. */
export const cjkFontFamily =
  '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';
