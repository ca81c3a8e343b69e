import type { Queryable } from '@city-twin/db';

/** A message the contract rejected. */
export interface DeadLetter {
  topic: string;
  reason: string;
  detail: string;
  payload: Buffer;
}

const KEPT_PAYLOAD_BYTES = 4096;

/** Keeps rejected messages with their reason and the first 4 KiB of the payload. */
export async function writeDeadLetters(
  tx: Queryable,
  letters: readonly DeadLetter[],
): Promise<void> {
  if (letters.length === 0) return;
  await tx.query(
    `INSERT INTO dead_letter (topic, reason, detail, payload)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
    [
      letters.map((l) => l.topic),
      letters.map((l) => l.reason),
      letters.map((l) => l.detail),
      // Postgres text cannot hold NUL; keep the rest of the bytes readable.
      letters.map((l) =>
        l.payload.subarray(0, KEPT_PAYLOAD_BYTES).toString('utf8').replaceAll('\u0000', '\\u0000'),
      ),
    ],
  );
}
