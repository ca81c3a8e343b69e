import { type GraphQLErrorItem, GraphQLRequestError } from './graphql-error.ts';
import { isRecord, readArray, readString } from './parse.ts';
import { readToken, reportRejectedToken, toAuthorizationHeader } from '../session/session-token.ts';

/** A query and the parser that turns its `data` into a typed result. */
export type GraphQLOperation<TResult> = {
  readonly name: string;
  readonly query: string;
  readonly parse: (data: unknown) => TResult;
};

/** Same origin: the gateway serves both the UI and the API. */
const endpoint = '/graphql';

/**
 * POSTs one operation as JSON, with the session's bearer token, and returns its parsed result;
 * throws GraphQLRequestError. A refused token (HTTP 401 or UNAUTHENTICATED) is reported to the
 * session, which shows the login page or the wall screen's notice.
 */
export async function requestGraphQL<TResult>(
  operation: GraphQLOperation<TResult>,
  options: {
    signal?: AbortSignal;
    variables?: Readonly<Record<string, unknown>>;
  } = {},
): Promise<TResult> {
  const token = readToken();
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        ...toAuthorizationHeader(token),
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({
        operationName: operation.name,
        query: operation.query,
        variables: options.variables ?? {},
      }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new GraphQLRequestError('TWIN_GATEWAY_UNREACHABLE', String(error));
  }

  let body: unknown;
  try {
    body = await response.json();
  } catch {
    if (response.status === 401) reportRejectedToken(token, 'http');
    throw new GraphQLRequestError(
      response.ok ? 'TWIN_GRAPHQL_BAD_RESPONSE' : 'TWIN_GATEWAY_HTTP_ERROR',
      `${operation.name}: HTTP ${response.status}, body is not JSON`,
      [],
      response.status,
    );
  }
  if (!isRecord(body)) {
    throw new GraphQLRequestError('TWIN_GRAPHQL_BAD_RESPONSE', `${operation.name}: not an object`);
  }
  if (body.errors !== undefined) {
    const errors = parseGraphQLErrors(body.errors);
    if (response.status === 401 || errors.some((error) => error.code === 'UNAUTHENTICATED')) {
      reportRejectedToken(token, 'http');
    }
    throw new GraphQLRequestError(
      'TWIN_GRAPHQL_ERRORS',
      `${operation.name}: ${errors.map((error) => error.message).join('; ')}`,
      errors,
      response.status,
    );
  }
  if (!response.ok) {
    if (response.status === 401) reportRejectedToken(token, 'http');
    throw new GraphQLRequestError(
      'TWIN_GATEWAY_HTTP_ERROR',
      `${operation.name}: HTTP ${response.status}`,
      [],
      response.status,
    );
  }
  return operation.parse(body.data);
}

/** The `errors` of a GraphQL response (HTTP or WebSocket): messages and extension codes. */
export function parseGraphQLErrors(value: unknown): GraphQLErrorItem[] {
  return readArray(value, 'errors').map((error, index) => {
    if (!isRecord(error)) return { message: String(error), code: null };
    const extensions = error.extensions;
    const code = isRecord(extensions) ? extensions.code : undefined;
    return {
      message: readString(error.message, `errors[${index}].message`),
      code: typeof code === 'string' ? code : null,
    };
  });
}
