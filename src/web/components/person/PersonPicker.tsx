import { Loader, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { personSearchQuery } from '../../api/persons.ts';
import { formatDate } from '../format.ts';
import { LabeledSelect } from '../LabeledSelect.tsx';
import { fullName } from './person-format.ts';

type Props = {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  excludeId?: string;
  error?: string | undefined;
};

/** Searchable select of a person in the operator's scope; the search runs on the server (ФИО). */
export function PersonPicker({ label, value, onChange, excludeId, error }: Props) {
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const q = chosen && debounced === chosen.label ? '' : debounced;
  const query = useQuery(personSearchQuery(q));
  const items = (query.data ?? []).filter((p) => p.id !== excludeId);
  const details = new Map(
    items.map((p) => [p.id, `${formatDate(p.birthDate)}${p.organization ? `, ${p.organization}` : ''}`]),
  );
  const options = items.map((p) => ({ value: p.id, label: fullName(p) }));
  if (chosen && value === chosen.value && !options.some((o) => o.value === chosen.value))
    options.unshift(chosen);
  return (
    <LabeledSelect
      label={label}
      required
      placeholder="Начните вводить фамилию и имя"
      searchable
      clearable
      error={error}
      data={options}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      onChange={(next, option) => {
        setChosen(option ? { value: option.value, label: option.label } : null);
        onChange(next);
      }}
      nothingFoundMessage={
        q.length < 2 ? 'Введите не менее 2 символов' : query.isFetching ? 'Поиск…' : 'Никого не найдено'
      }
      rightSection={query.isFetching ? <Loader size="xs" /> : undefined}
      renderOption={({ option }) => (
        <div>
          <Text size="sm">{option.label}</Text>
          {details.get(option.value) && (
            <Text size="xs" c="dimmed">
              {details.get(option.value)}
            </Text>
          )}
        </div>
      )}
    />
  );
}
