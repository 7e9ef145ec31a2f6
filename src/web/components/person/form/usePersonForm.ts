import { useCallback, useState } from 'react';
import { isApiError } from '../../../api/http.ts';
import { PERSON_FIELD_LABELS } from '../person-format.ts';
import {
  EMPTY_ROWS,
  LIST_NAMES,
  type ListName,
  type Lists,
  type PersonValues,
  SCALAR_FIELDS,
} from './person-values.ts';

export type Errors = Record<string, string>;

/** Where a server path lands in the form: its own key, or null when no input shows it. */
function formKey(values: PersonValues, path: string, extraKeys: readonly string[]): string | null {
  if ((SCALAR_FIELDS as readonly string[]).includes(path) || extraKeys.includes(path)) return path;
  if (path === 'citizenship' || path.startsWith('citizenship.')) return 'citizenship';
  if (path === 'enrollment') return 'enrollment.organizationId';
  const [list, index, field] = path.split('.');
  if (LIST_NAMES.includes(list as ListName) && index !== undefined && field) {
    const item = values[list as ListName][Number(index)];
    if (item && field in item) return `${list}.${index}.${field}`;
  }
  return null;
}

/**
 * State of the person form: core fields, the repeated rows, errors keyed by the API path
 * without `body.` (e.g. `documents.0.number`). `prefix` strips a nested body (`representative.`).
 */
export function usePersonForm(initial: PersonValues, extraKeys: readonly string[] = []) {
  const [values, setValues] = useState<PersonValues>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [generalErrors, setGeneralErrors] = useState<string[]>([]);

  const clearError = (path: string) =>
    setErrors((prev) => {
      if (!(path in prev)) return prev;
      const next = { ...prev };
      delete next[path];
      return next;
    });

  const set = <K extends keyof PersonValues>(field: K, value: PersonValues[K]) => {
    setValues((prev) => ({ ...prev, [field]: value }));
    clearError(field === 'stateless' ? 'citizenship' : field);
  };

  const setItem = <L extends ListName>(list: L, index: number, field: keyof Lists[L], value: string) => {
    setValues((prev) => {
      const rows = [...prev[list]] as Lists[L][];
      rows[index] = { ...rows[index]!, [field]: value };
      return { ...prev, [list]: rows };
    });
    clearError(`${list}.${index}.${String(field)}`);
  };

  const add = (list: ListName) =>
    setValues((prev) => ({ ...prev, [list]: [...prev[list], EMPTY_ROWS[list]()] }));

  const remove = (list: ListName, index: number) => {
    setValues((prev) => ({ ...prev, [list]: prev[list].filter((_, i) => i !== index) }));
    // Indexes after the removed row shift: its list's errors no longer point at the right rows.
    setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => !k.startsWith(`${list}.`))));
  };

  const applyServerError = useCallback(
    (error: unknown, prefix = '') => {
      if (!isApiError(error)) return;
      const own: Errors = {};
      const other: string[] = [];
      for (const [raw, message] of Object.entries(error.fieldErrors())) {
        if (prefix && !raw.startsWith(prefix)) continue;
        const path = raw.slice(prefix.length);
        if (path === 'version' || path === 'duplicateResolution') continue;
        const k = formKey(values, path, extraKeys);
        if (k) own[k] ??= message;
        else other.push(`${PERSON_FIELD_LABELS[path] ?? path}: ${message}`);
      }
      setErrors(own);
      setGeneralErrors(other);
    },
    [values, extraKeys],
  );

  return {
    values,
    errors,
    generalErrors,
    set,
    setItem,
    add,
    remove,
    setErrors,
    clearError,
    applyServerError,
    reset: setValues,
  };
}

export type PersonForm = ReturnType<typeof usePersonForm>;
