import { type PointerEvent, type ReactNode, useRef, useState } from 'react';
import { useElementSize } from '../map/use-element-size.ts';

/** Where a chart's plot area lies and how values map onto it. */
export type ChartScale = {
  width: number;
  height: number;
  plotLeft: number;
  plotTop: number;
  plotWidth: number;
  plotHeight: number;
  /** Centre of slot `index` (of `count` evenly spread slots). */
  x: (index: number) => number;
  /** Pixel height of `value` on the y axis, from 0 to yMax. */
  y: (value: number) => number;
  /** Pixels between two neighbouring slots (the whole plot for one slot). */
  slotWidth: number;
};

type Margin = { top: number; right: number; bottom: number; left: number };

const defaultMargin: Margin = { top: 8, right: 8, bottom: 20, left: 40 };

/**
 * The frame of a small SVG chart that fills its box: y grid at 0, ½ and the top with their
 * labels, x labels, a hover cursor snapped to a slot and a tip beside it. What is plotted is
 * the caller's (`children`); the tip's content too.
 */
export function ChartFrame({
  count,
  yMax,
  label,
  formatY,
  xLabel,
  xLabelIndexes,
  children,
  tip,
  margin = defaultMargin,
}: {
  /** Number of x slots (days, hours, buckets). */
  count: number;
  /** Top of the y axis (a nice round number above the data). */
  yMax: number;
  /** Accessible name of the chart. */
  label: string;
  formatY: (value: number) => string;
  /** Text under slot `index`. */
  xLabel: (index: number) => string;
  /** Slots to label; default: first, middle, last. */
  xLabelIndexes?: readonly number[];
  children: (scale: ChartScale) => ReactNode;
  /** What the tip shows for the hovered slot (null: no tip). */
  tip?: (index: number) => ReactNode;
  margin?: Margin;
}) {
  const frameRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(frameRef);
  const [hover, setHover] = useState<number | null>(null);

  const width = size?.width ?? 0;
  const height = size?.height ?? 0;
  const plotWidth = Math.max(0, width - margin.left - margin.right);
  const plotHeight = Math.max(0, height - margin.top - margin.bottom);
  const x = (index: number) =>
    margin.left + (count <= 1 ? plotWidth / 2 : (index / (count - 1)) * plotWidth);
  const y = (value: number) =>
    margin.top + plotHeight - (yMax > 0 ? (value / yMax) * plotHeight : 0);
  const scale: ChartScale = {
    width,
    height,
    plotLeft: margin.left,
    plotTop: margin.top,
    plotWidth,
    plotHeight,
    x,
    y,
    slotWidth: count <= 1 ? plotWidth : plotWidth / (count - 1),
  };

  const handlePointer = (event: PointerEvent<SVGSVGElement>) => {
    if (count === 0 || plotWidth === 0) return;
    const bounds = event.currentTarget.getBoundingClientRect();
    const ratio = (event.clientX - bounds.left - margin.left) / plotWidth;
    const index = Math.min(count - 1, Math.max(0, Math.round(ratio * (count - 1))));
    if (index !== hover) setHover(index);
  };

  const labelIndexes =
    xLabelIndexes ?? (count <= 1 ? [0] : [0, Math.floor((count - 1) / 2), count - 1]);
  const tipContent = hover === null || !tip ? null : tip(hover);

  return (
    <div ref={frameRef} className="trend__frame">
      {size ? (
        <svg
          width={width}
          height={height}
          className="trend__chart"
          role="img"
          aria-label={label}
          onPointerMove={handlePointer}
          onPointerLeave={() => setHover(null)}
        >
          {[0, 0.5, 1].map((share) => (
            <g key={share}>
              <line
                className="trend__grid"
                x1={margin.left}
                x2={margin.left + plotWidth}
                y1={y(yMax * share)}
                y2={y(yMax * share)}
              />
              <text className="trend__tick" x={margin.left - 6} y={y(yMax * share)} dy="0.32em">
                {formatY(yMax * share)}
              </text>
            </g>
          ))}
          {children(scale)}
          {labelIndexes.map((index) => (
            <text
              key={index}
              className="trend__tick trend__tick--x"
              x={x(index)}
              y={height - 4}
              textAnchor={
                count <= 1
                  ? 'middle'
                  : index === 0
                    ? 'start'
                    : index === count - 1
                      ? 'end'
                      : 'middle'
              }
            >
              {xLabel(index)}
            </text>
          ))}
          {hover !== null ? (
            <line
              className="trend__cursor"
              x1={x(hover)}
              x2={x(hover)}
              y1={margin.top}
              y2={margin.top + plotHeight}
            />
          ) : null}
        </svg>
      ) : null}
      {hover !== null && tipContent !== null ? (
        <div
          className="trend__tip"
          style={{
            left: x(hover) > width / 2 ? undefined : x(hover) + 8,
            right: x(hover) > width / 2 ? width - x(hover) + 8 : undefined,
          }}
        >
          {tipContent}
        </div>
      ) : null}
    </div>
  );
}
