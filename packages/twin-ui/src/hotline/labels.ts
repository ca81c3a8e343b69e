import type { ParseKeys, TFunction } from 'i18next';
import { zhCN } from '../i18n/zh-cn.ts';

/** Groups of the gateway's code words that the catalogue names (`hotline.<group>.<code>`). */
export type LabelGroup =
  | 'categories'
  | 'statuses'
  | 'actions'
  | 'kinds'
  | 'urgencies'
  | 'channels'
  | 'satisfactions'
  | 'scoreKinds';

/**
 * The label of a code word the gateway sends (category, status, action …) in the current
 * language; a word the catalogue does not know yet is shown as sent, '—' for none.
 */
export function toLabel(t: TFunction, group: LabelGroup, code: string | null): string {
  if (code === null) return '—';
  if (!Object.hasOwn(zhCN.hotline[group], code)) return code;
  return t(`hotline.${group}.${code}` as ParseKeys);
}
