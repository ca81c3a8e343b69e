import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n/i18n.ts';
import { formatNumber } from '../panels/format.ts';
import type { KeyCount } from './iot-types.ts';

/** Counts under keys (districts, detection types) as bars, in the order given. */
export function CountBars({
  rows,
  labelOf,
  colorOf,
  testId,
}: {
  rows: readonly KeyCount[];
  labelOf: (key: string) => string;
  /** A bar's CSS colour (default: the screen's cyan). */
  colorOf?: (key: string) => string;
  testId: string;
}) {
  const { i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const max = Math.max(1, ...rows.map((row) => row.count));
  return (
    <ul className="count-bars" data-testid={testId}>
      {rows.map((row) => (
        <li
          key={row.key}
          className="count-bars__row"
          data-key={row.key}
          style={colorOf ? ({ '--bar': colorOf(row.key) } as CSSProperties) : undefined}
        >
          <span className="count-bars__name">{labelOf(row.key)}</span>
          <span className="count-bars__bar">
            <i style={{ width: `${(row.count / max) * 100}%` }} />
          </span>
          <b className="count-bars__count">{formatNumber(row.count, language)}</b>
        </li>
      ))}
    </ul>
  );
}
