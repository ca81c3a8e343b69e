import { useTranslation } from 'react-i18next';
import { toCssColor } from '../air-quality/aqi-band.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { toCategoryColor } from './category-colors.ts';
import { formatCount } from './hotline-format.ts';
import { ticketCategories } from './hotline-types.ts';
import { toLabel } from './labels.ts';

/** Which category the map shows: all, or one, each with its count in the loaded orders. */
export function CategoryFilter({
  selected,
  counts,
  total,
  onChange,
}: {
  selected: string | null;
  counts: ReadonlyMap<string, number>;
  total: number;
  onChange: (category: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  return (
    <div
      className="category-filter"
      role="group"
      aria-label={t('hotline.map.categoryFilter')}
      data-testid="category-filter"
    >
      <button
        type="button"
        className={selected === null ? 'chip is-active' : 'chip'}
        aria-pressed={selected === null}
        onClick={() => onChange(null)}
      >
        {t('hotline.map.allCategories')}
        <b>{formatCount(total, language)}</b>
      </button>
      {ticketCategories.map((category) => (
        <button
          key={category}
          type="button"
          className={selected === category ? 'chip is-active' : 'chip'}
          aria-pressed={selected === category}
          data-category={category}
          onClick={() => onChange(selected === category ? null : category)}
        >
          <i style={{ background: toCssColor(toCategoryColor(category)) }} />
          {toLabel(t, 'categories', category)}
          <b>{formatCount(counts.get(category) ?? 0, language)}</b>
        </button>
      ))}
    </div>
  );
}
