import { badInput } from './errors.ts';

const MAX_PAGE = 500;
const microsIso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A list size in 1..500 (`null`: the schema's default). */
export function parseFirst(first: number | null | undefined, fallback: number): number {
  const value = first ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE) {
    throw badInput(`first must be between 1 and ${MAX_PAGE}, got ${value}`);
  }
  return value;
}

/** An instant to the microsecond, UTC ISO, as the lists' cursor keys are written. */
export function isMicrosIso(v: unknown): v is string {
  return typeof v === 'string' && microsIso.test(v) && !Number.isNaN(Date.parse(v));
}

// Cursors are base64url JSON arrays tagged with their list, so one list's cursor is refused by another.
export function encodeCursor(parts: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** The parts of a cursor of the list tagged `tag`, without the tag. */
export function decodeCursor(cursor: string, tag: string): unknown[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  if (!Array.isArray(parts) || parts[0] !== tag) {
    throw badInput('after is not a cursor of this list');
  }
  return parts.slice(1);
}

/** A page of a keyset-paginated list read with one row more than asked for. */
export function toConnection<T>(rows: T[], first: number, cursorOf: (row: T) => string) {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
