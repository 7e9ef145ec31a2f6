/** The typed API client: CSRF header on writes, problem+json errors as ApiError, 401 back to login. */
import createClient from 'openapi-fetch';
import type { components, operations, paths } from './openapi.gen.ts';

/** A field-level message of a problem answer. */
export type FieldProblem = Schema<'Problem'>['errors'][number];

/** A problem+json answer as received; a network failure has status 0 and no body of its own. */
export type Problem = Partial<
  Pick<Schema<'Problem'>, 'type' | 'title' | 'code' | 'detail' | 'requestId' | 'errors'>
> & { status: number; [extension: string]: unknown };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code ?? 'unknown';
    this.detail = problem.detail ?? problem.title ?? 'Не удалось выполнить запрос';
    this.problem = problem;
  }

  /** Field-level messages keyed by the field path without the `body.` / `query.` prefix. */
  fieldErrors(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      const key = e.path.replace(/^(body|query|params)\.?/, '');
      if (key && !result[key]) result[key] = e.message;
    }
    return result;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;
export const isConflict = (e: unknown) => isApiError(e) && e.status === 409 && e.code === 'conflict_version';

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

let unauthorizedHandler: (() => void) | null = null;
/** Called on any 401 outside the auth endpoints (session expired → back to the login screen). */
export const setUnauthorizedHandler = (fn: () => void) => {
  unauthorizedHandler = fn;
};

/** Drops empty values, as the server reads an absent filter and an empty one alike. */
function serializeQuery(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  return params.toString();
}

/** A same-origin URL with a query string, for links the browser opens itself (downloads). */
export function withQuery(url: string, query?: Record<string, unknown>): string {
  const qs = query ? serializeQuery(query) : '';
  return qs ? `${url}?${qs}` : url;
}

/**
 * The typed client of /api/v1, generated from the OpenAPI document (openapi.gen.ts, `npm run api:types`):
 * paths, parameters, bodies and answers are checked against the server's own zod schemas.
 */
export const client = createClient<paths>({
  credentials: 'same-origin',
  headers: { Accept: 'application/json' },
  querySerializer: serializeQuery,
});
client.use({
  onRequest({ request }) {
    if (request.method !== 'GET' && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
});

type Outcome = { data?: unknown; error?: unknown; response: Response };

/**
 * The answer of a client call, or an ApiError: problem+json as sent, a network failure as status 0, and
 * any 401 outside the auth endpoints reported to the unauthorized handler (session expired).
 */
export async function call<R extends Outcome>(pending: Promise<R>): Promise<NonNullable<R['data']>> {
  let outcome: R;
  try {
    outcome = await pending;
  } catch {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      detail: 'Сервер недоступен. Проверьте подключение.',
    });
  }
  const { response } = outcome;
  if (response.ok) return outcome.data as NonNullable<R['data']>;
  const body = outcome.error;
  const problem: Problem =
    body && typeof body === 'object'
      ? { ...(body as Problem), status: response.status }
      : { status: response.status, detail: `Ошибка сервера (${response.status})` };
  if (response.status === 401 && !new URL(response.url, location.href).pathname.startsWith('/api/v1/auth/')) {
    unauthorizedHandler?.();
  }
  throw new ApiError(problem);
}

type SuccessCode = 200 | 201 | 202;
type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Responses<Op extends keyof operations> = operations[Op]['responses'];

/** The JSON answer of an operation, by its operationId (e.g. `ApiResult<'getPerson'>`). */
export type ApiResult<Op extends keyof operations> = JsonOf<
  Responses<Op>[Extract<keyof Responses<Op>, SuccessCode>]
>;
/** The JSON request body of an operation. */
export type ApiBody<Op extends keyof operations> = JsonOf<NonNullable<operations[Op]['requestBody']>>;
/** The query parameters of an operation. */
export type ApiQuery<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;
/** A component schema of the document, by its id (e.g. `Schema<'PersonCard'>`). */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** Path parameter for ids and versions. */
export const path = <P extends Record<string, string | number>>(p: P) => ({ params: { path: p } });
