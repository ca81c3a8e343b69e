/** Why a GraphQL request gave no usable data. */
export type GraphQLErrorCode =
  | 'TWIN_GATEWAY_UNREACHABLE'
  | 'TWIN_GATEWAY_HTTP_ERROR'
  | 'TWIN_GRAPHQL_ERRORS'
  | 'TWIN_GRAPHQL_BAD_RESPONSE';

/** One error of a GraphQL response: its message and `extensions.code` (BAD_USER_INPUT …). */
export type GraphQLErrorItem = { message: string; code: string | null };

/** A failed GraphQL request, with a stable code the UI can switch on. */
export class GraphQLRequestError extends Error {
  override name = 'GraphQLRequestError';

  constructor(
    readonly code: GraphQLErrorCode,
    message: string,
    /** The response's errors when the code is TWIN_GRAPHQL_ERRORS. */
    readonly errors: readonly GraphQLErrorItem[] = [],
    /** The HTTP status when the gateway answered (401 for a refused token), else null. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}
