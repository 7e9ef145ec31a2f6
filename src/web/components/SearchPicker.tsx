import { Loader, type OptionsFilter, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type QueryKey, type UseQueryOptions, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { LabeledSelect } from './LabeledSelect.tsx';

export type PickerOption = { value: string; label: string };

/** Builds the server query for a search text (e.g. `organizationSearchQuery`). */
export type SearchQuery<T, K extends QueryKey> = (q: string) => UseQueryOptions<T[], Error, T[], K>;

// The server has already filtered by the search text; Mantine must not filter its answer again.
const keepAll: OptionsFilter = ({ options }) => options;

/**
 * Debounced server search for pickers, with the search-box props of the select. `ignore` is the label of the
 * chosen option: Mantine writes it into the search box, and that text is not a new search.
 */
export function useServerSearch<T, K extends QueryKey>(
  searchQuery: SearchQuery<T, K>,
  initialSearch: string,
  ignore: string | undefined,
) {
  const [search, setSearch] = useState(initialSearch);
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const q = ignore !== undefined && debounced === ignore ? '' : debounced;
  const query = useQuery(searchQuery(q));
  const loading = query.isFetching;
  const searchProps = {
    searchable: true,
    searchValue: search,
    onSearchChange: setSearch,
    filter: keepAll,
    rightSection: loading ? <Loader size="xs" /> : undefined,
  };
  return { q, items: query.data ?? [], loading, searchProps };
}

/** What a form sets on a picker, whatever it picks. */
export type PickerFieldProps = {
  label: string;
  value: string | null;
  /** The id picked, and its option (name as listed) for a form that shows it again later. */
  onChange: (value: string | null, option?: PickerOption | null) => void;
  initialOption?: PickerOption | null;
  excludeId?: string;
  error?: string | undefined;
  required?: boolean;
  description?: string;
};

export type SearchPickerProps<T, K extends QueryKey> = PickerFieldProps & {
  searchQuery: SearchQuery<T, K>;
  /** The option of an item: its id and its name in the list. */
  toOption: (item: T) => PickerOption;
  /** The dimmed second line of an option (identifiers, organization…); empty for none. */
  describe: (item: T) => string;
  placeholder: string;
  /** What the list says when the server found nothing. */
  notFound: string;
  /** The least search text `searchQuery` runs for; below it the list asks for more letters. */
  minQueryLength?: number;
};

/** Searchable select of one server-side entity; the search runs on the server as the user types. */
export function SearchPicker<T, K extends QueryKey>(props: SearchPickerProps<T, K>) {
  const { label, value, onChange, initialOption, excludeId, error, required, description } = props;
  const { searchQuery, toOption, describe, placeholder, notFound, minQueryLength = 0 } = props;
  const [selected, setSelected] = useState<PickerOption | null>(initialOption ?? null);
  const { q, items, loading, searchProps } = useServerSearch(
    searchQuery,
    initialOption?.label ?? '',
    selected?.label,
  );
  const details = new Map(items.map((item) => [toOption(item).value, describe(item)]));
  const options = items.map(toOption).filter((o) => o.value !== excludeId);
  if (selected && value === selected.value && !options.some((o) => o.value === selected.value)) {
    options.unshift(selected);
  }
  const nothingFound =
    q.length < minQueryLength ? `Введите не менее ${minQueryLength} символов` : loading ? 'Поиск…' : notFound;
  return (
    <LabeledSelect
      label={label}
      description={description}
      placeholder={placeholder}
      {...searchProps}
      clearable
      required={required}
      error={error}
      data={options}
      value={value}
      onChange={(next, option) => {
        const picked = option ? { value: option.value, label: option.label } : null;
        setSelected(picked);
        onChange(next, picked);
      }}
      nothingFoundMessage={nothingFound}
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
