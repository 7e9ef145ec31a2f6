/** One catalogue of problem codes, answered as RFC 9457 application/problem+json. */
export const PROBLEMS = {
  validation_failed: { status: 400, title: 'Ошибка в данных запроса' },
  malformed_request: { status: 400, title: 'Некорректный запрос' },
  unsupported_media_type: { status: 415, title: 'Неподдерживаемый формат данных' },
  payload_too_large: { status: 413, title: 'Слишком большой запрос' },
  uri_too_long: { status: 414, title: 'Слишком длинный адрес запроса' },
  unauthorized: { status: 401, title: 'Требуется вход в систему' },
  invalid_credentials: { status: 401, title: 'Неверный логин или пароль' },
  account_locked: { status: 423, title: 'Учетная запись временно заблокирована' },
  forbidden: { status: 403, title: 'Недостаточно прав' },
  csrf_failed: { status: 403, title: 'Недействительный CSRF-токен' },
  not_found: { status: 404, title: 'Не найдено' },
  conflict_version: { status: 409, title: 'Запись изменена другим пользователем' },
  conflict: { status: 409, title: 'Конфликт данных' },
  duplicate_organization: { status: 409, title: 'Организация уже зарегистрирована' },
  duplicate_login: { status: 409, title: 'Логин уже занят' },
  duplicate_person: { status: 409, title: 'Человек уже есть в реестре' },
  duplicate_candidates: { status: 409, title: 'Возможный дубликат' },
  consent_required: { status: 422, title: 'Нет согласия на обработку' },
  business_rule: { status: 422, title: 'Нарушено правило предметной области' },
  rate_limited: { status: 429, title: 'Слишком много запросов' },
  internal: { status: 500, title: 'Внутренняя ошибка сервера' },
  unavailable: { status: 503, title: 'Сервис временно недоступен' },
} as const;

export type ProblemCode = keyof typeof PROBLEMS;
export type FieldProblem = { path: string; code: string; message: string };

export class AppError extends Error {
  readonly code: ProblemCode;
  readonly detail: string;
  readonly errors: FieldProblem[];
  readonly extra: Record<string, unknown>;
  /** Set on refusals that must leave a 'denied' audit record (out-of-scope access). */
  auditAs: { action: string; objectType: string; objectId: string | null } | null = null;

  constructor(code: ProblemCode, detail: string, errors: FieldProblem[] = [], extra = {}) {
    super(detail);
    this.code = code;
    this.detail = detail;
    this.errors = errors;
    this.extra = extra;
  }

  audited(action: string, objectType: string, objectId: string | null): this {
    this.auditAs = { action, objectType, objectId };
    return this;
  }

  get status(): number {
    return PROBLEMS[this.code].status;
  }
}

export const notFound = (what = 'Запись') => new AppError('not_found', `${what} не найдена или недоступна`);
export const forbidden = (detail = 'Действие не разрешено для вашей роли и области доступа') =>
  new AppError('forbidden', detail);
export const versionConflict = (current: number) =>
  new AppError(
    'conflict_version',
    'Запись уже изменена другим пользователем. Обновите страницу и повторите изменение.',
    [{ path: 'version', code: 'stale', message: `Текущая версия записи: ${current}` }],
    { currentVersion: current },
  );
export const invalidField = (path: string, message: string, code = 'invalid') =>
  new AppError('validation_failed', message, [{ path, code, message }]);

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  requestId?: string;
  errors: FieldProblem[];
  [k: string]: unknown;
};

export function problemBody(err: AppError, requestId?: string): ProblemBody {
  const p = PROBLEMS[err.code];
  return {
    type: `urn:kontingent:problem:${err.code}`,
    title: p.title,
    status: p.status,
    code: err.code,
    detail: err.detail,
    errors: err.errors,
    ...(requestId ? { requestId } : {}),
    ...err.extra,
  };
}
