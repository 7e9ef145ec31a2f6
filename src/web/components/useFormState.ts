import { useCallback, useState } from 'react';
import { isApiError } from '../api/http.ts';

export type FormErrors = Record<string, string>;

/** Minimal form state: flat values keyed by field path, field errors keyed the same way. */
export function useFormState<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const [generalErrors, setGeneralErrors] = useState<string[]>([]);

  const set = useCallback(<K extends keyof T & string>(key: K, value: T[K]) => {
    setValues((prev) => ({ ...prev, [key]: value }));
    setErrors((prev) => {
      if (!(key in prev)) return prev;
      const next = { ...prev };
      delete next[key];
      return next;
    });
  }, []);

  const reset = useCallback((next: T) => {
    setValues(next);
    setErrors({});
    setGeneralErrors([]);
  }, []);

  /** Spreads server field errors over the inputs; ones without a matching input are listed separately. */
  const applyServerError = useCallback(
    (error: unknown, labels: Record<string, string> = {}) => {
      if (!isApiError(error)) return;
      const fieldErrors = error.fieldErrors();
      const own: FormErrors = {};
      const other: string[] = [];
      for (const [path, message] of Object.entries(fieldErrors)) {
        if (path === 'version') continue; // a stale version is reported as a conflict, not as a field
        if (path in values) own[path] = message;
        else other.push(labels[path] ? `${labels[path]}: ${message}` : `${path}: ${message}`);
      }
      setErrors(own);
      setGeneralErrors(other);
    },
    [values],
  );

  /** Props for a Mantine text-like input bound to a field. */
  const text = <K extends keyof T & string>(key: K) => ({
    value: values[key],
    onChange: (e: { currentTarget: { value: string } }) => set(key, e.currentTarget.value as T[K]),
    error: errors[key],
  });

  return { values, errors, generalErrors, set, setErrors, reset, applyServerError, text };
}
