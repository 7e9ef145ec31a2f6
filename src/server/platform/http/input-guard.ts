import type { FastifyInstance } from 'fastify';
import { AppError, type FieldProblem } from '../errors.ts';

const MAX_PROBLEMS = 20;

/** Field paths of every string holding a NUL byte, in the notation of validation problems. */
function findNul(value: unknown, path: string, out: FieldProblem[], depth = 0) {
  if (out.length >= MAX_PROBLEMS || depth > 32) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) {
      out.push({ path, code: 'control_character', message: 'Недопустимый символ с кодом 0' });
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      findNul(v, `${path}.${i}`, out, depth + 1);
    });
  } else if (value !== null && typeof value === 'object') {
    // Binary bodies and uploads are not text.
    if (ArrayBuffer.isView(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return;
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) {
        out.push({ path, code: 'control_character', message: 'Недопустимый символ с кодом 0 в имени поля' });
      } else {
        findNul(v, `${path}.${k}`, out, depth + 1);
      }
    }
  }
}

/**
 * Names of query parameters whose percent-encoding is broken (`%E0%A4%A`). The query parser keeps
 * such text undecoded, so a search would silently run for the raw characters.
 */
function badlyEncodedQuery(url: string): FieldProblem[] {
  const start = url.indexOf('?');
  if (start < 0) return [];
  const out: FieldProblem[] = [];
  for (const pair of url.slice(start + 1).split('&')) {
    try {
      decodeURIComponent(pair);
    } catch {
      const name = pair.split('=')[0] ?? '';
      let decodedName = name;
      try {
        decodedName = decodeURIComponent(name);
      } catch {}
      out.push({
        path: `query.${decodedName}`,
        code: 'bad_encoding',
        message: 'Неверно закодированные символы в параметре',
      });
    }
  }
  return out;
}

/**
 * PostgreSQL cannot store a NUL byte in text; it answered 500. The shared zod primitives refuse it
 * with every other control character; this guard covers any field declared without them, before
 * validation, with the same code and field path.
 */
export function registerInputGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    const encoding = badlyEncodedQuery(req.url);
    if (encoding.length > 0) {
      throw new AppError(
        'malformed_request',
        'Некорректный адрес запроса: проверьте кодирование символов',
        encoding,
      );
    }
    const problems: FieldProblem[] = [];
    findNul(req.params, 'params', problems);
    findNul(req.query, 'query', problems);
    findNul(req.body, 'body', problems);
    if (problems.length > 0) {
      throw new AppError('validation_failed', 'Запрос содержит недопустимые управляющие символы', problems);
    }
  });
}
