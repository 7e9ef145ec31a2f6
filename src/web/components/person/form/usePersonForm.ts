import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { z } from 'zod';
import { isApiError } from '../../../api/http.ts';
import { schemaErrors } from '../../schema-errors.ts';
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
  const form = useForm<PersonValues>({ mode: 'controlled', initialValues: initial });
  const [generalErrors, setGeneralErrors] = useState<string[]>([]);
  const values = form.values;
  const errors = form.errors as Errors;

  const clearError = (path: string) => form.clearFieldError(path);

  const set = <K extends keyof PersonValues>(field: K, value: PersonValues[K]) => {
    form.setFieldValue(field, value as never);
    clearError(field === 'stateless' ? 'citizenship' : field);
  };

  const setItem = <L extends ListName>(list: L, index: number, field: keyof Lists[L], value: string) =>
    form.setFieldValue(`${list}.${index}.${String(field)}`, value as never);

  const add = (list: ListName) => form.insertListItem(list, EMPTY_ROWS[list]());

  const remove = (list: ListName, index: number) => {
    form.removeListItem(list, index);
    // Indexes after the removed row shift: its list's errors no longer point at the right rows.
    form.setErrors(Object.fromEntries(Object.entries(errors).filter(([k]) => !k.startsWith(`${list}.`))));
  };

  /** Spreads field errors keyed by API path over the inputs; the rest are listed above the form. */
  const applyErrors = (fieldErrors: Record<string, string>, prefix = '') => {
    const own: Errors = {};
    const other: string[] = [];
    for (const [raw, message] of Object.entries(fieldErrors)) {
      if (prefix && !raw.startsWith(prefix)) continue;
      const path = raw.slice(prefix.length);
      if (path === 'version' || path === 'duplicateResolution') continue;
      const k = formKey(form.getValues(), path, extraKeys);
      if (k) own[k] ??= message;
      else other.push(`${PERSON_FIELD_LABELS[path] ?? path}: ${message}`);
    }
    form.setErrors(own);
    setGeneralErrors(other);
    return Object.keys(own).length + other.length > 0;
  };

  /**
   * Checks a request body with the shared zod schema the server validates it with (through
   * mantine-form-zod-resolver); true when it passes, otherwise the errors are on the form.
   */
  const check = (schema: z.ZodType, body: unknown, prefix = '') =>
    !applyErrors(schemaErrors(schema, body), prefix);

  const applyServerError = (error: unknown, prefix = '') => {
    if (isApiError(error)) applyErrors(error.fieldErrors(), prefix);
  };

  return {
    values,
    errors,
    generalErrors,
    set,
    setItem,
    add,
    remove,
    setErrors: (next: Errors) => form.setErrors(next),
    clearError,
    check,
    applyServerError,
    reset: (next: PersonValues) => form.setValues(next),
  };
}

export type PersonForm = ReturnType<typeof usePersonForm>;
