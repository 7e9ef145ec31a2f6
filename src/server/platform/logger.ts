import pino from 'pino';

/**
 * JSON logs with request id, actor id and route pattern. Bodies, query strings and headers are
 * never logged: they carry names, СНИЛС and document numbers.
 */
export function createLogger(level: string) {
  return pino({
    level,
    base: { service: 'kontingent' },
    redact: { paths: ['req.headers', 'headers', 'body', 'query', 'password', '*.password'], remove: true },
  });
}
