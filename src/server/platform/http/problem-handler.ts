import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { auditNow } from '../context.ts';
import { constraintProblem } from '../db/constraint-problems.ts';
import { isRetryable } from '../db/tx.ts';
import { AppError, type FieldProblem, problemBody } from '../errors.ts';
import { applyTransportHeaders } from './security-headers.ts';

type ZodIssueLike = {
  instancePath: string;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
};

function zodProblems(context: string, issues: ZodIssueLike[]): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const i of issues) {
    // One name for the query string in every field path, whoever reports the problem.
    const part = context === 'querystring' ? 'query' : context;
    const base = [part, ...i.instancePath.split('/').filter(Boolean)].join('.');
    if (i.keyword === 'unrecognized_keys' && Array.isArray(i.params.keys)) {
      for (const k of i.params.keys as string[]) {
        out.push({ path: `${base}.${k}`, code: 'unknown_field', message: `Неизвестное поле «${k}»` });
      }
    } else {
      const custom = (i.params.params as { code?: string } | undefined)?.code;
      out.push({ path: base, code: custom ?? i.keyword, message: i.message });
    }
  }
  return out;
}

/** Maps any thrown error to problem+json; nothing but a real fault becomes a 500. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as FastifyError & { validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(e)) {
    const errors = zodProblems(e.validationContext ?? 'body', e.validation as unknown as ZodIssueLike[]);
    return new AppError('validation_failed', 'Проверьте выделенные поля', errors);
  }
  if (e.validation) {
    return new AppError('validation_failed', 'Проверьте выделенные поля', [
      { path: e.validationContext ?? 'body', code: 'invalid', message: e.message },
    ]);
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Ожидаются данные в формате application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'Размер запроса превышает допустимый');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('malformed_request', 'Тело запроса не является корректным JSON');
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return new AppError('malformed_request', 'Некорректный адрес запроса: проверьте кодирование символов', [
        { path: 'url', code: 'bad_encoding', message: 'Адрес содержит неверно закодированные символы' },
      ]);
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('uri_too_long', 'Параметр в адресе запроса слишком длинный', [
        { path: 'params', code: 'too_long', message: 'Слишком длинный параметр адреса' },
      ]);
  }
  if (e.statusCode === 429) return new AppError('rate_limited', 'Слишком много запросов, повторите позже');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    if (e instanceof SyntaxError)
      return new AppError('malformed_request', 'Тело запроса не является корректным JSON');
    return new AppError('malformed_request', 'Некорректный запрос');
  }
  // Constraints and encoding errors of the database: one table maps them to problems.
  const fromDatabase = constraintProblem(err);
  if (fromDatabase) return fromDatabase;
  // Invalid text for a typed column (e.g. a uuid) is bad input, not a server fault.
  const pgCode = (err as { code?: string }).code;
  if (pgCode === '22P02' || pgCode === '22007' || pgCode === '22008' || pgCode === '22003') {
    return new AppError('validation_failed', 'Значение имеет неверный формат');
  }
  if (isRetryable(err)) {
    return new AppError(
      'conflict',
      'Данные одновременно изменяются другим пользователем. Повторите действие',
    );
  }
  return new AppError('internal', 'Внутренняя ошибка. Обратитесь в поддержку и сообщите номер запроса.');
}

export function sendProblem(reply: FastifyReply, req: FastifyRequest, err: AppError) {
  return reply
    .code(err.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(problemBody(err, req.id));
}

/**
 * Fastify's framework errors (a malformed URL, a path parameter over maxParamLength) are answered
 * before routing and hooks; this handler, passed as the `frameworkErrors` option, makes them
 * problems too.
 */
export function frameworkErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  applyTransportHeaders(req, reply);
  return sendProblem(reply, req, toAppError(err));
}

export function registerProblemHandler(app: FastifyInstance) {
  app.setErrorHandler(async (err, req, reply) => {
    const appErr = toAppError(err);
    if (appErr.status >= 500) {
      // Messages of database errors can quote values; log the type, code and call sites only.
      const e = err as Error & { code?: string };
      const frames = (e.stack ?? '').split('\n').slice(1, 8).join('\n');
      req.log.error({ err: { type: e.name, code: e.code, frames } }, 'request failed');
    }
    if (appErr.auditAs && req.ctx) {
      await auditNow(req.ctx, {
        action: appErr.auditAs.action,
        objectType: appErr.auditAs.objectType,
        objectId: appErr.auditAs.objectId,
        outcome: 'denied',
        details: { code: appErr.code },
      }).catch((e) => req.log.error({ err: e }, 'audit write failed'));
    }
    return sendProblem(reply, req, appErr);
  });
}
