import { ActionIcon, Popover, TextInput } from '@mantine/core';
import { DatePicker } from '@mantine/dates';
import { useEffect, useState } from 'react';
import { displayDate, parseDate, todayIso } from '../../../common/dates/parse-date.ts';

export type DateFieldProps = {
  label: string;
  /** 'YYYY-MM-DD', '' for none, or the text of a date the user has not finished correctly. */
  value: string;
  /** Called with 'YYYY-MM-DD', '' when cleared, or the typed text while it is not a valid date. */
  onChange: (value: string) => void;
  error?: string | undefined;
  description?: string | undefined;
  required?: boolean | undefined;
  /** Dates after today are refused (birth dates, issue dates). */
  maxToday?: boolean | undefined;
  min?: string | undefined;
  max?: string | undefined;
};

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const textFor = (value: string) => (ISO.test(value) ? displayDate(value) : value);

/**
 * A date typed day first (ДД.ММ.ГГГГ, with or without separators) or picked from the calendar. What was
 * typed is never replaced by a guess: an impossible or out-of-range date stays as typed, with the reason
 * under the field, and the form receives the text (which the server refuses), not a different date.
 */
export function DateField(props: DateFieldProps) {
  const { label, value, onChange, error, description, required, maxToday, min } = props;
  const max = maxToday ? todayIso() : props.max;
  const [text, setText] = useState(() => textFor(value));
  const [touched, setTouched] = useState(false);
  const [open, setOpen] = useState(false);

  // A new value from outside (a reset, a loaded record, the calendar) replaces the text; the echo of
  // what this field itself reported does not.
  useEffect(() => {
    setText((current) => {
      const own = parseDate(current, { min, max });
      const same =
        own.kind === 'date' ? own.iso === value : own.kind === 'empty' ? value === '' : current === value;
      return same ? current : textFor(value);
    });
  }, [value, min, max]);

  const parsed = parseDate(text, { min, max });
  const report = (next: string) => {
    setText(next);
    const p = parseDate(next, { min, max });
    onChange(p.kind === 'date' ? p.iso : p.kind === 'empty' ? '' : next);
  };
  const ownError = touched && parsed.kind === 'invalid' ? parsed.message : undefined;

  return (
    <TextInput
      label={label}
      required={required}
      description={description}
      placeholder="ДД.ММ.ГГГГ"
      inputMode="numeric"
      autoComplete="off"
      value={text}
      error={ownError ?? error}
      onChange={(e) => report(e.currentTarget.value)}
      onBlur={() => {
        setTouched(true);
        if (parsed.kind === 'date') setText(displayDate(parsed.iso));
      }}
      rightSection={
        <Popover opened={open} onChange={setOpen} position="bottom-end" shadow="md" trapFocus>
          <Popover.Target>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`Выбрать дату в календаре: ${label}`}
              // Typing is the way in from the keyboard; the calendar button would double every date's Tab stops.
              tabIndex={-1}
              onClick={() => setOpen((o) => !o)}
            >
              <CalendarGlyph />
            </ActionIcon>
          </Popover.Target>
          <Popover.Dropdown>
            <DatePicker
              value={parsed.kind === 'date' ? parsed.iso : null}
              defaultDate={parsed.kind === 'date' ? parsed.iso : max}
              minDate={min}
              maxDate={max}
              onChange={(iso) => {
                if (iso) {
                  setTouched(true);
                  report(displayDate(iso));
                }
                setOpen(false);
              }}
            />
          </Popover.Dropdown>
        </Popover>
      }
    />
  );
}

function CalendarGlyph() {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <rect x="3" y="5" width="18" height="16" rx="2" />
      <path d="M16 3v4M8 3v4M3 11h18" />
    </svg>
  );
}
