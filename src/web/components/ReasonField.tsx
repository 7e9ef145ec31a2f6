import { Textarea } from '@mantine/core';
import { useState } from 'react';

/** Fewer characters than this is not a reason anyone could check later. */
const MIN_REASON = 5;

/**
 * The reason an operator must give for a decision that is kept (a merge, «different people»). Typing
 * clears the previous refusal, so the message never outlives what it was about.
 */
export function useReason(word: 'основание' | 'причину') {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  return {
    field: {
      value,
      error,
      onChange: (v: string) => {
        setValue(v);
        setError(undefined);
      },
    },
    /** The trimmed reason, or null once the field says why it is refused. */
    take: (): string | null => {
      const reason = value.trim();
      if (reason.length >= MIN_REASON) return reason;
      setError(`Укажите ${word} (не менее ${MIN_REASON} символов)`);
      return null;
    },
    clear: () => setValue(''),
  };
}

export function ReasonField({
  label,
  description,
  field,
  autoFocus = false,
}: {
  label: string;
  description?: string;
  field: ReturnType<typeof useReason>['field'];
  autoFocus?: boolean;
}) {
  return (
    <Textarea
      label={label}
      description={description}
      required
      autosize
      minRows={2}
      data-autofocus={autoFocus || undefined}
      value={field.value}
      onChange={(e) => field.onChange(e.currentTarget.value)}
      error={field.error}
    />
  );
}
