// A small typed client for aidgraph's GraphQL endpoint: fetch and nothing else. The documents it
// takes are made by codegen (src/gql/) from the schema, so each result has the exact type of
// what the operation selects, and each operation's variables are checked where it is called.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type OperationDefinitionNode, print } from 'graphql';

/** Where `go run .` serves the endpoint. */
export const DEFAULT_ENDPOINT = 'http://localhost:8080/query';

/** The endpoint to use: AIDGRAPH_ENDPOINT if set, else DEFAULT_ENDPOINT. */
export function endpointFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env['AIDGRAPH_ENDPOINT'] || DEFAULT_ENDPOINT;
}

/** One entry of a response's `errors`; aidgraph puts a machine-readable code in `extensions.code`. */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: { code?: string; [key: string]: unknown };
}

/** A response as the server sends it: data, errors, or both (a partial result). */
export interface Response<TResult> {
  data?: TResult | null;
  errors?: GraphQLErrorEntry[];
  extensions?: Record<string, unknown>;
}

/** A request that failed: HTTP refused it, or the response holds errors. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errors: readonly GraphQLErrorEntry[] = [],
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

export interface RequestOptions {
  /** The GraphQL endpoint; endpointFromEnv() if not given. */
  endpoint?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

// Operations without variables may leave them out; those with variables must pass them.
type VariablesArgs<TVariables> = {} extends TVariables
  ? [variables?: TVariables, options?: RequestOptions]
  : [variables: TVariables, options?: RequestOptions];

/**
 * Sends one operation and returns the whole response, partial results and errors included.
 * Throws RequestError only when there is no GraphQL response at all.
 */
export async function execute<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  ...[variables, options = {}]: VariablesArgs<TVariables>
): Promise<{ status: number; response: Response<TResult> }> {
  const endpoint = options.endpoint ?? endpointFromEnv();
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
  );
  const init: RequestInit = {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...options.headers,
    },
    body: JSON.stringify({
      query: print(document),
      ...(operation?.name ? { operationName: operation.name.value } : {}),
      ...(variables === undefined ? {} : { variables }),
    }),
  };
  if (options.signal) init.signal = options.signal;
  let res: globalThis.Response;
  try {
    res = await fetch(endpoint, init);
  } catch (err) {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND...) is its cause.
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    throw new RequestError(`${endpoint}: ${err instanceof Error ? err.message : String(err)}${cause}`, 0);
  }
  const type = res.headers.get('content-type') ?? '';
  if (!/\bjson\b|\+json\b/.test(type)) {
    throw new RequestError(`${endpoint}: HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`, res.status);
  }
  return { status: res.status, response: (await res.json()) as Response<TResult> };
}

/**
 * Sends one operation and returns its data, typed by the document. Any error in the response,
 * even beside partial data, throws a RequestError that carries the errors and their codes.
 */
export async function request<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  ...args: VariablesArgs<TVariables>
): Promise<TResult> {
  const { status, response } = await execute(document, ...args);
  const errors = response.errors ?? [];
  if (errors.length > 0 || response.data == null) {
    const first = errors[0];
    const what = first
      ? `${first.message}${first.extensions?.code ? ` (${first.extensions.code})` : ''}`
      : `HTTP ${status} with no data`;
    throw new RequestError(what, status, errors);
  }
  return response.data;
}
