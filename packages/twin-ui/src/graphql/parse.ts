import { GraphQLRequestError } from './graphql-error.ts';

// Readers for the JSON the gateway returns: `unknown` in, typed values out, or a
// TWIN_GRAPHQL_BAD_RESPONSE naming the path that did not match the schema.

export type JsonRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function badResponse(path: string, expected: string): GraphQLRequestError {
  return new GraphQLRequestError('TWIN_GRAPHQL_BAD_RESPONSE', `${path}: expected ${expected}`);
}

export function readRecord(value: unknown, path: string): JsonRecord {
  if (!isRecord(value)) throw badResponse(path, 'an object');
  return value;
}

export function readArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw badResponse(path, 'a list');
  return value;
}

export function readString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw badResponse(path, 'a string');
  return value;
}

export function readNullableString(value: unknown, path: string): string | null {
  return value === null || value === undefined ? null : readString(value, path);
}

export function readNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badResponse(path, 'a number');
  return value;
}

/** A [lon, lat] pair. */
export function readPosition(value: unknown, path: string): [number, number] {
  const items = readArray(value, path);
  if (items.length < 2) throw badResponse(path, 'a [lon, lat] position');
  return [readNumber(items[0], `${path}[0]`), readNumber(items[1], `${path}[1]`)];
}

export function readNullableNumber(value: unknown, path: string): number | null {
  return value === null || value === undefined ? null : readNumber(value, path);
}

export function readBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw badResponse(path, 'a boolean');
  return value;
}
