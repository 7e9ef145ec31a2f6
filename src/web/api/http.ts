/** Thin fetch wrapper: JSON in and out, CSRF header on writes, problem+json errors as ApiError. */

export type FieldProblem = { path: string; code: string; message: string };

export type Problem = {
  type?: string;
  title?: string;
  status: number;
  code?: string;
  detail?: string;
  requestId?: string;
  errors?: FieldProblem[];
};

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

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

type RequestOptions = { body?: unknown; query?: Query };

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(`/api/v1${path}`, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      detail: 'Сервер недоступен. Проверьте подключение.',
    });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem: Problem =
      data && typeof data === 'object'
        ? { ...(data as Problem), status: response.status }
        : { status: response.status, detail: `Ошибка сервера (${response.status})` };
    if (response.status === 401 && !path.startsWith('/auth/')) unauthorizedHandler?.();
    throw new ApiError(problem);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};
