import { Loader, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { organizationSearchQuery } from '../api/organizations.ts';
import type { OrganizationListItem } from '../api/types.ts';
import { LabeledMultiSelect, LabeledSelect } from './LabeledSelect.tsx';

export type OrgOption = { value: string; label: string };

function useOrgSearch(search: string, ignore: string | undefined) {
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const q = ignore !== undefined && debounced === ignore ? '' : debounced;
  const query = useQuery(organizationSearchQuery(q));
  return { items: query.data ?? [], loading: query.isFetching };
}

const describe = (o: OrganizationListItem) =>
  [o.inn && `ИНН ${o.inn}`, o.territoryName].filter(Boolean).join(', ');

type Props = {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  initialOption?: OrgOption | null;
  excludeId?: string;
  error?: string;
  required?: boolean;
  description?: string;
};

/** Searchable select of an organization; the search runs on the server (`q`). */
export function OrganizationPicker(props: Props) {
  const { label, value, onChange, initialOption, excludeId, error, required, description } = props;
  const [selected, setSelected] = useState<OrgOption | null>(initialOption ?? null);
  const [search, setSearch] = useState(initialOption?.label ?? '');
  const { items, loading } = useOrgSearch(search, selected?.label);
  const details = new Map(items.map((o) => [o.id, describe(o)]));
  const options: OrgOption[] = items
    .filter((o) => o.id !== excludeId)
    .map((o) => ({ value: o.id, label: o.shortName || o.fullName }));
  if (selected && value === selected.value && !options.some((o) => o.value === selected.value)) {
    options.unshift(selected);
  }
  return (
    <LabeledSelect
      label={label}
      description={description}
      placeholder="Начните вводить наименование или ИНН"
      searchable
      clearable
      required={required}
      error={error}
      data={options}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      onChange={(next, option) => {
        setSelected(option ? { value: option.value, label: option.label } : null);
        onChange(next);
      }}
      nothingFoundMessage={loading ? 'Поиск…' : 'Ничего не найдено'}
      rightSection={loading ? <Loader size="xs" /> : undefined}
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

type MultiProps = {
  label: string;
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
  required?: boolean;
};

/** Searchable multi-select of organizations (e.g. the organizations an API token may act for). */
export function OrganizationMultiPicker({ label, value, onChange, error, required }: MultiProps) {
  const [search, setSearch] = useState('');
  const known = useRef(new Map<string, string>());
  const { items, loading } = useOrgSearch(search, undefined);
  for (const o of items) known.current.set(o.id, o.shortName || o.fullName);
  const ids = new Set([...value, ...items.map((o) => o.id)]);
  const options = [...ids].map((id) => ({ value: id, label: known.current.get(id) ?? id }));
  return (
    <LabeledMultiSelect
      label={label}
      placeholder="Поиск по наименованию или ИНН"
      searchable
      required={required}
      error={error}
      data={options}
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={loading ? 'Поиск…' : 'Ничего не найдено'}
      rightSection={loading ? <Loader size="xs" /> : undefined}
    />
  );
}
