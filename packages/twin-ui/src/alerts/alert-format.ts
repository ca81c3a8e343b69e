import type { ParseKeys, TFunction } from 'i18next';
import { formatOverdue } from '../hotline/hotline-format.ts';
import type { Language } from '../i18n/languages.ts';
import { zhCN } from '../i18n/zh-cn.ts';

/** Groups of the gateway's code words that the catalogue names (`alerts.<group>.<code>`). */
export type AlertLabelGroup =
  | 'sources'
  | 'sourceShort'
  | 'statuses'
  | 'logActions'
  | 'metrics'
  | 'deviceTypes'
  | 'eventTypes'
  | 'keys';

/** The label of a code word in the current language; an unknown word is shown as sent. */
export function toAlertLabel(t: TFunction, group: AlertLabelGroup, code: string): string {
  if (!Object.hasOwn(zhCN.alerts[group], code)) return code;
  return t(`alerts.${group}.${code}` as ParseKeys);
}

/** The title in the screen's language (the gateway sends both). */
export function toTitle(item: { title: string; titleEn: string }, language: Language): string {
  return language === 'zh-CN' || item.titleEn === '' ? item.title : item.titleEn;
}

/** How long ago an instant was: 刚刚, 12分钟前, 3小时5分前 (just now, 12 min ago …). */
export function formatAge(at: string, now: number, t: TFunction): string {
  const seconds = (now - Date.parse(at)) / 1000;
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 60) return t('alerts.duration.justNow');
  return t('alerts.duration.ago', { duration: formatOverdue(seconds, t) });
}
