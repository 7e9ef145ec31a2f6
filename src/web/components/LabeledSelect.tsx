import { Input, MultiSelect, type MultiSelectProps, Select, type SelectProps } from '@mantine/core';
import { useId } from '@mantine/hooks';
import type { CSSProperties, ReactNode } from 'react';

type WrapperProps = {
  label: ReactNode;
  required?: boolean;
  error?: ReactNode;
  description?: ReactNode;
  w?: number | string;
  style?: CSSProperties;
  /** On the wrapper, so a grid class (span-2) widens the whole field. */
  className?: string | undefined;
  children: (id: string, describedBy: string | undefined) => ReactNode;
};

/**
 * Puts the label on a wrapper around a combobox. Mantine's Select labels its (always mounted) option list with
 * its own label, so «найти поле по подписи» would find two elements; an outer <label for> names only the input.
 */
export function OuterLabel({
  label,
  required,
  error,
  description,
  w,
  style,
  className,
  children,
}: WrapperProps) {
  const id = useId();
  const describedBy =
    [description && `${id}-description`, error && typeof error !== 'boolean' && `${id}-error`]
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <Input.Wrapper
      id={id}
      label={label}
      required={required}
      error={error}
      description={description}
      w={w}
      style={style}
      className={className}
      descriptionProps={{ id: `${id}-description` }}
      errorProps={{ id: `${id}-error` }}
    >
      {children(id, describedBy)}
    </Input.Wrapper>
  );
}

export function LabeledSelect({
  label,
  required,
  error,
  description,
  w,
  style,
  className,
  ...rest
}: SelectProps) {
  return (
    <OuterLabel
      label={label}
      required={required}
      error={error}
      description={description}
      w={w as number | string | undefined}
      style={style as CSSProperties | undefined}
      className={className}
    >
      {(id, describedBy) => (
        <Select
          // Mantine's clear button has no name of its own; a screen reader must say what it does.
          clearButtonProps={{ 'aria-label': 'Очистить поле' }}
          {...rest}
          id={id}
          required={required}
          error={!!error}
          aria-describedby={describedBy}
        />
      )}
    </OuterLabel>
  );
}

export function LabeledMultiSelect({ label, required, error, description, w, ...rest }: MultiSelectProps) {
  return (
    <OuterLabel
      label={label}
      required={required}
      error={error}
      description={description}
      w={w as number | undefined}
    >
      {(id, describedBy) => (
        <MultiSelect
          clearButtonProps={{ 'aria-label': 'Очистить поле' }}
          {...rest}
          id={id}
          required={required}
          error={!!error}
          aria-describedby={describedBy}
        />
      )}
    </OuterLabel>
  );
}
