import { useForm } from '@mantine/form';
import { useState } from 'react';
import { isApiError } from '../api/http.ts';

export type FormErrors = Record<string, string>;

const read = (values: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], values);

/** Flat values keyed by API path ('legalAddress.oktmo') as the nested object @mantine/form keeps. */
function nest(flat: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(flat)) {
    const keys = path.split('.');
    let node = out;
    for (const k of keys.slice(0, -1)) {
      node[k] ??= {};
      node = node[k] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]!] = value;
  }
  return out;
}

type Options<T> = {
  /** Checks the values as the API would (a shared zod schema through zod4Resolver); errors by API path. */
  validate?: (values: T) => FormErrors;
};

/**
 * Form state on @mantine/form for forms whose fields are strings keyed by API path: values read flat,
 * errors keyed the same way, so server problems and the shared zod schema's issues land on the inputs.
 */
export function useFormState<T extends Record<string, string>>(initial: T, options: Options<T> = {}) {
  const [keys] = useState(() => Object.keys(initial) as (keyof T & string)[]);
  const flat = (nested: unknown) => Object.fromEntries(keys.map((k) => [k, read(nested, k) ?? ''])) as T;
  const form = useForm<Record<string, unknown>>({
    mode: 'controlled',
    initialValues: nest(initial),
  });
  const [generalErrors, setGeneralErrors] = useState<string[]>([]);
  const values = flat(form.values);
  const errors = form.errors as Record<string, string>;

  const set = <K extends keyof T & string>(key: K, value: T[K]) => form.setFieldValue(key, value as never);

  const reset = (next: T) => {
    form.setValues(nest(next));
    form.clearErrors();
    setGeneralErrors([]);
  };

  /** Spreads field errors over the inputs; ones without a matching input are listed separately. */
  const applyErrors = (fieldErrors: Record<string, string>, labels: Record<string, string> = {}) => {
    const own: Record<string, string> = {};
    const other: string[] = [];
    for (const [path, message] of Object.entries(fieldErrors)) {
      if (path === 'version') continue; // a stale version is reported as a conflict, not as a field
      if (keys.includes(path)) own[path] = message;
      else other.push(labels[path] ? `${labels[path]}: ${message}` : `${path}: ${message}`);
    }
    form.setErrors(own);
    setGeneralErrors(other);
    return Object.keys(own).length + other.length > 0;
  };

  /** Runs the validate option; true when the values pass. */
  const check = (labels: Record<string, string> = {}) =>
    !options.validate || !applyErrors(options.validate(values), labels);

  const applyServerError = (error: unknown, labels: Record<string, string> = {}) => {
    if (isApiError(error)) applyErrors(error.fieldErrors(), labels);
  };

  /** Props for a Mantine text-like input bound to a field. */
  const text = <K extends keyof T & string>(key: K) => ({
    value: values[key],
    onChange: (e: { currentTarget: { value: string } }) => set(key, e.currentTarget.value as T[K]),
    error: errors[key],
  });

  return {
    values,
    errors,
    generalErrors,
    set,
    setErrors: (next: Record<string, string>) => form.setErrors(next),
    reset,
    check,
    applyServerError,
    text,
  };
}
