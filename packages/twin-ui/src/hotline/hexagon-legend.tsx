import { useTranslation } from 'react-i18next';
import { toCssColor } from '../air-quality/aqi-band.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { hexagonColorRange } from './category-colors.ts';
import { formatCount } from './hotline-format.ts';

/** The hexagons' colour scale, from the fewest to the most orders per area. */
export function HexagonLegend({ domain }: { domain: [min: number, max: number] | null }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  // With no orders the GPU aggregation reports its float sentinels (±3.4e38) as the domain.
  const shown =
    domain && domain.every((n) => Number.isFinite(n) && Math.abs(n) < 1e9) && domain[0] <= domain[1]
      ? domain
      : null;
  return (
    <div className="hex-legend" data-testid="hexagon-legend">
      <span className="hex-legend__title">{t('hotline.map.legendTitle')}</span>
      <span className="hex-legend__scale">
        {hexagonColorRange.map((color) => (
          <i key={color.join()} style={{ background: toCssColor(color) }} />
        ))}
      </span>
      <span className="hex-legend__ends">
        <span>{shown ? formatCount(shown[0], language) : '—'}</span>
        <span>{shown ? formatCount(shown[1], language) : '—'}</span>
      </span>
    </div>
  );
}
