import type { Queryable } from '@city-twin/db';

/** One notice to deliver: its kind, its key within the kind, and the JSON body to post. */
export interface Notice {
  kind: string;
  /** Unique within the kind: the same (kind, key) is only ever stored, and sent, once. */
  dedupeKey: string;
  payload: unknown;
}

/**
 * Stores notices in the outbox in the caller's transaction (so a notice exists exactly when
 * what it reports was committed); a (kind, key) already there is left as it is. Returns the
 * keys that were new, as `kind:dedupeKey`.
 */
export async function enqueueNotices(tx: Queryable, notices: readonly Notice[]): Promise<string[]> {
  if (notices.length === 0) return [];
  const rows = await tx.query<{ kind: string; dedupe_key: string }>(
    `INSERT INTO notice_outbox (kind, dedupe_key, payload)
     SELECT kind, dedupe_key, payload::jsonb
     FROM unnest($1::text[], $2::text[], $3::text[]) AS n(kind, dedupe_key, payload)
     ORDER BY kind, dedupe_key
     ON CONFLICT (kind, dedupe_key) DO NOTHING
     RETURNING kind, dedupe_key`,
    [
      notices.map((n) => n.kind),
      notices.map((n) => n.dedupeKey),
      notices.map((n) => JSON.stringify(n.payload)),
    ],
  );
  return rows.map((r) => `${r.kind}:${r.dedupe_key}`);
}

/** Stores one notice (see {@link enqueueNotices}); true when it was new. */
export async function enqueueNotice(
  tx: Queryable,
  kind: string,
  dedupeKey: string,
  payload: unknown,
): Promise<boolean> {
  return (await enqueueNotices(tx, [{ kind, dedupeKey, payload }])).length === 1;
}
