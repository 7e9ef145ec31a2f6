import { ApiError, isConflict } from '../../api/http.ts';

export type OrderErrors = {
  header: Record<string, string>;
  /** Per line index, keyed by the path inside the line; '' for a message about the whole line. */
  lines: Record<number, Record<string, string>>;
  general: string[];
  conflict: boolean;
};

export const NO_ERRORS: OrderErrors = { header: {}, lines: {}, general: [], conflict: false };

const HEADER = new Set([
  'kind',
  'number',
  'orderDate',
  'signerName',
  'signerPosition',
  'basis',
  'organizationId',
]);

/**
 * A problem answer split by where it belongs: `body.movements.3.exitReason` on line 3's reason, header
 * fields on the header, the rest (and the detail when no field is named) above the form.
 */
export function splitErrors(error: unknown): OrderErrors {
  if (!(error instanceof ApiError)) {
    return {
      ...NO_ERRORS,
      general: [error instanceof Error ? error.message : 'Не удалось выполнить действие'],
    };
  }
  if (isConflict(error)) return { ...NO_ERRORS, conflict: true };
  const out: OrderErrors = { header: {}, lines: {}, general: [], conflict: false };
  for (const e of error.problem.errors ?? []) {
    const path = e.path.replace(/^(body|query|params)\.?/, '');
    const line = /^movements\.(\d+)(?:\.(.+))?$/.exec(path);
    if (line) {
      const i = Number(line[1]);
      const field = line[2] ?? '';
      out.lines[i] ??= {};
      out.lines[i][field] ??= e.message;
    } else if (HEADER.has(path)) out.header[path] ??= e.message;
    else out.general.push(e.message);
  }
  if (out.general.length === 0 && Object.keys(out.header).length === 0 && Object.keys(out.lines).length === 0)
    out.general.push(error.detail);
  return out;
}
