/** Tokens `gql` sends to each gateway, registered by the stack helpers with {@link useToken}. */
const tokens = new Map<string, string>();

/** Makes every `gql` call to `baseUrl` carry `token` (unless it names its own). */
export function useToken(baseUrl: string, token: string): void {
  tokens.set(baseUrl, token);
}

/** The Authorization header for `baseUrl`'s registered token, or none. */
export function authHeader(baseUrl: string): Record<string, string> {
  const token = tokens.get(baseUrl);
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * Posts a GraphQL query to the gateway and returns `data`, throwing on errors. It sends the
 * token registered for `baseUrl`, or `options.token` (null: none).
 */
export async function gql<T>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string | null } = {},
): Promise<T> {
  const token = options.token === undefined ? tokens.get(baseUrl) : options.token;
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
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
