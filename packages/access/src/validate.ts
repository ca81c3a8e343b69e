import { AccessError } from './errors.ts';
import { isRole, type Role } from './viewer.ts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const DISTRICT = /^\d{6}$/;

function bad(message: string): AccessError {
  return new AccessError('TWIN_BAD_INPUT', message);
}

/** A login or screen name: letters, digits, `.`, `_`, `-`, at most 64, not starting with a sign. */
export function parseName(value: string, what = 'username'): string {
  if (!NAME.test(value)) {
    throw bad(
      `${what} must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
  return value;
}

/** A display name: 1-64 characters without control characters, trimmed. */
export function parseDisplayName(value: string): string {
  const trimmed = value.trim();
  if (trimmed === '' || [...trimmed].length > 64 || /\p{Cc}/u.test(trimmed)) {
    throw bad('display name must be 1-64 characters without control characters');
  }
  return trimmed;
}

/** A new password: 8-1024 characters. */
export function parsePassword(value: string): string {
  if ([...value].length < 8) throw bad('password must be at least 8 characters');
  if (value.length > 1024) throw bad('password must be at most 1024 characters');
  return value;
}

/** A role name. */
export function parseRole(value: string): Role {
  if (!isRole(value)) throw bad(`role must be screen, leader, operator or admin, not ${value}`);
  return value;
}

/** District codes (six digits each, e.g. 411202), deduplicated; null or undefined: the whole city. */
export function parseDistricts(value: readonly string[] | null | undefined): string[] | null {
  if (value === null || value === undefined) return null;
  const codes = [...new Set(value.map((code) => code.trim()))];
  if (codes.length === 0)
    throw bad('districts must name at least one district (omit for the whole city)');
  for (const code of codes) if (!DISTRICT.test(code)) throw bad(`not a district code: ${code}`);
  return codes.sort();
}
