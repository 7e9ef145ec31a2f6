import { useState } from 'react';
import { isApiError, isConflict } from '../api/http.ts';

/** A dictionary of titles as select options, in the dictionary's order. */
export const titleOptions = (titles: Record<string, string>) =>
  Object.entries(titles).map(([value, label]) => ({ value, label }));

/**
 * A dialog's server messages for forms whose values are keyed by the API's field names: a problem's
 * field errors land on the fields the form has, the rest (or the detail) above it, a stale version is
 * a conflict. A corrected field no longer shows the server's old message.
 */
export function useServerErrors(fieldNames: () => string[]) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [conflict, setConflict] = useState(false);

  const clear = (changed: object) =>
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !(k in changed))));

  const apply = (error: unknown) => {
    if (isConflict(error)) return setConflict(true);
    if (!isApiError(error)) return setGeneral(['Не удалось сохранить']);
    const names = new Set(fieldNames());
    const own: Record<string, string> = {};
    const other: string[] = [];
    for (const [k, m] of Object.entries(error.fieldErrors())) {
      if (names.has(k)) own[k] = m;
      else other.push(m);
    }
    setErrors(own);
    setGeneral(other.length || Object.keys(own).length ? other : [error.detail]);
  };

  return { errors, general, conflict, clear, apply };
}
