import { useTranslation } from 'react-i18next';
import type { Severity } from './alert-types.ts';
import { toSeverityKey } from './severity.ts';

/** 紧急 / 严重 / 一般 / 提示 on the severity's colour. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return (
    <span className={`severity-badge severity-badge--${severity}`} data-severity={severity}>
      {t(toSeverityKey(severity))}
    </span>
  );
}
