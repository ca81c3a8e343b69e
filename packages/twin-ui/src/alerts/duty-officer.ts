import { useCallback, useState } from 'react';

const storageKey = 'city-twin.duty-officer';

function readDutyOfficer(): string {
  try {
    return window.localStorage.getItem(storageKey) ?? '';
  } catch {
    // Storage can be disabled (kiosk profiles): the field starts empty.
    return '';
  }
}

/**
 * 当前值班员: the operator's name sent with each action (`x-twin-user`), kept on this screen.
 * Access control replaces it later.
 */
export function useDutyOfficer(): [string, (name: string) => void] {
  const [name, setName] = useState(readDutyOfficer);
  const update = useCallback((next: string) => {
    setName(next);
    try {
      window.localStorage.setItem(storageKey, next.trim());
    } catch {
      // Not persisted; the name still acts for this session.
    }
  }, []);
  return [name, update];
}

/**
 * The `x-twin-user` header of an action. Header values are Latin-1 and fetch refuses any other
 * character, so the name travels percent-encoded (张伟 → %E5%BC%A0%E4%BC%9F); the gateway
 * decodes it.
 */
export function toUserHeader(name: string): Record<string, string> {
  return { 'x-twin-user': encodeURIComponent(name.trim()) };
}
