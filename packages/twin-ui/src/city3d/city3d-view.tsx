import { useEffect, useMemo, useRef, useState } from 'react';
import type { Beacon } from './beacons.ts';
import { createCityCamera, toScreenPoint } from './city-camera.ts';
import type { CityModel } from './city-model.ts';
import { type CityRenderer, createCityRenderer } from './city-renderer.ts';

type LabelPosition = { code: string; urban: boolean; x: number; y: number };

// Labels float this far above their district block.
const labelLiftKm = 0.9;

/**
 * The three.js sand table in its stage: one WebGL canvas owned by this component (freed on
 * unmount), sized by a ResizeObserver, drawn on change and while beacons pulse; district names
 * as HTML labels placed when the model or the size changes (the camera does not move).
 */
export function City3dView({
  model,
  beacons,
  animate,
  dataReady,
  label,
  districtName,
  onDrawn,
}: {
  model: CityModel | null;
  beacons: readonly Beacon[];
  animate: boolean;
  /** Whether the data behind the beacons has arrived (then `onDrawn` follows a frame). */
  dataReady: boolean;
  /** The canvas's accessible name. */
  label: string;
  districtName: (code: string) => string;
  onDrawn: () => void;
}) {
  const hostRef = useRef<HTMLDivElement | null>(null);
  const [renderer, setRenderer] = useState<CityRenderer | null>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const created = createCityRenderer();
    created.canvas.setAttribute('role', 'img');
    host.prepend(created.canvas);
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const width = Math.round(entry.contentRect.width);
      const height = Math.round(entry.contentRect.height);
      if (width === 0 || height === 0) return;
      created.setSize(width, height);
      setSize((previous) =>
        previous?.width === width && previous.height === height ? previous : { width, height },
      );
    });
    observer.observe(host);
    setRenderer(created);
    return () => {
      observer.disconnect();
      created.dispose();
      setRenderer(null);
    };
  }, []);

  useEffect(() => {
    renderer?.canvas.setAttribute('aria-label', label);
  }, [renderer, label]);

  useEffect(() => {
    if (renderer && model) renderer.setModel(model);
  }, [renderer, model]);

  // The camera stands still: the labels move only when the model or the size changes.
  const labels = useMemo<LabelPosition[]>(() => {
    if (!model || !size) return [];
    const { width, height } = size;
    const camera = createCityCamera(model.frame, width, height);
    const placed: LabelPosition[] = [];
    const inView = (point: { x: number; y: number } | null) =>
      point !== null && point.x >= 0 && point.y >= 0 && point.x <= width && point.y <= height;
    for (const district of model.districts) {
      // A district reaching beyond the view is named over its seat (its town) instead.
      const point = [district.label, district.seat]
        .map((anchor) =>
          toScreenPoint(camera, anchor, district.heightKm + labelLiftKm, width, height),
        )
        .find(inView);
      if (point)
        placed.push({ code: district.code, urban: district.urban, x: point.x, y: point.y });
    }
    return placed;
  }, [model, size]);

  useEffect(() => {
    renderer?.setBeacons(beacons);
  }, [renderer, beacons]);

  useEffect(() => {
    renderer?.setAnimate(animate);
  }, [renderer, animate]);

  useEffect(() => {
    if (renderer && model && size && dataReady) renderer.afterNextDraw(onDrawn);
  }, [renderer, model, size, dataReady, beacons, onDrawn]);

  return (
    <div className="city3d" ref={hostRef} data-testid="city3d-view">
      <div className="city3d__labels">
        {labels.map((item) => (
          <span
            key={item.code}
            className={item.urban ? 'city3d__label city3d__label--urban' : 'city3d__label'}
            style={{ transform: `translate(${item.x}px, ${item.y}px) translate(-50%, -100%)` }}
            data-testid="city3d-label"
            data-code={item.code}
          >
            {districtName(item.code)}
          </span>
        ))}
      </div>
    </div>
  );
}
