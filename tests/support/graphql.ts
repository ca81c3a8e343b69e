/** Posts a GraphQL query to the gateway and returns `data`, throwing on errors. */
export async function gql<T>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  if (!body.data) throw new Error(`no data (HTTP ${response.status})`);
  return body.data;
}

/** Shape of `ingestStats`. */
export interface IngestStatsResult {
  ingestStats: {
    accepted: number;
    duplicates: number;
    rejected: number;
    byReason: { reason: string; count: number }[];
  };
}

export const ingestStatsQuery = `{ ingestStats { accepted duplicates rejected byReason { reason count } } }`;
