import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateRangeForm } from './date-range-form.tsx';
import { type DateRange, type Period, periodPresets } from './period.ts';

/** 今日 / 本月 / 本季度 / 本年, or a custom range of days. */
export function PeriodPicker({
  period,
  range,
  today,
  onChange,
}: {
  period: Period;
  /** The days the period covers now. */
  range: DateRange;
  today: string;
  onChange: (period: Period) => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);

  return (
    <div className="period-picker" data-testid="period-picker">
      <div className="segmented" role="group" aria-label={t('hotline.period.label')}>
        {periodPresets.map((preset) => (
          <button
            key={preset}
            type="button"
            className={period.kind === preset ? 'segmented__item is-active' : 'segmented__item'}
            aria-pressed={period.kind === preset}
            data-period={preset}
            onClick={() => {
              setEditing(false);
              onChange({ kind: preset });
            }}
          >
            {t(`hotline.period.${preset}`)}
          </button>
        ))}
        <button
          type="button"
          className={
            period.kind === 'custom' || editing ? 'segmented__item is-active' : 'segmented__item'
          }
          aria-pressed={period.kind === 'custom'}
          aria-expanded={editing}
          data-period="custom"
          onClick={() => setEditing(!editing)}
        >
          {t('hotline.period.custom')}
        </button>
      </div>
      <span className="period-picker__range" data-testid="period-range">
        {t('hotline.period.range', { from: range.from, to: range.to })}
      </span>
      {editing ? (
        <DateRangeForm
          initial={range}
          today={today}
          onApply={(custom) => {
            setEditing(false);
            onChange({ kind: 'custom', ...custom });
          }}
        />
      ) : null}
    </div>
  );
}
