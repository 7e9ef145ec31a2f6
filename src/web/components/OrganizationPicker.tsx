import { useRef } from 'react';
import { organizationDirectoryQuery, organizationSearchQuery } from '../api/organizations.ts';
import { LabeledMultiSelect } from './LabeledSelect.tsx';
import { type PickerFieldProps, type PickerOption, SearchPicker, useServerSearch } from './SearchPicker.tsx';

export type OrgOption = PickerOption;

type Listed = {
  id: string;
  shortName: string | null;
  fullName: string;
  territoryName: string | null;
  inn: string | null;
};
const describe = (o: Listed) => (o.inn ? `ИНН ${o.inn}` : '');

/**
 * The short name with its municipality, in the list and in the field once chosen: a region has several
 * «МБОУ СОШ № 4».
 */
export const orgName = (o: { shortName?: string | null; fullName: string; territoryName?: string | null }) =>
  [o.shortName || o.fullName, o.territoryName].filter(Boolean).join(', ');
const toOption = (o: Listed): OrgOption => ({ value: o.id, label: orgName(o) });

/** Searchable select of an organization; the search runs on the server (`q`). */
export function OrganizationPicker(props: PickerFieldProps) {
  return (
    <SearchPicker
      {...props}
      searchQuery={organizationSearchQuery}
      toOption={toOption}
      describe={describe}
      placeholder="Начните вводить наименование или ИНН"
      notFound="Ничего не найдено"
    />
  );
}

/** Any working organization of the region (the public directory), beyond the user's own scope. */
export function DirectoryOrganizationPicker(props: PickerFieldProps) {
  return (
    <SearchPicker
      {...props}
      searchQuery={organizationDirectoryQuery}
      toOption={toOption}
      describe={describe}
      placeholder="Начните вводить наименование или ИНН"
      notFound="Ничего не найдено"
      minQueryLength={2}
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
  const known = useRef(new Map<string, string>());
  const { items, loading, searchProps } = useServerSearch(organizationSearchQuery, '', undefined);
  for (const o of items) known.current.set(o.id, orgName(o));
  const ids = new Set([...value, ...items.map((o) => o.id)]);
  const options = [...ids].map((id) => ({ value: id, label: known.current.get(id) ?? id }));
  return (
    <LabeledMultiSelect
      label={label}
      placeholder="Поиск по наименованию или ИНН"
      {...searchProps}
      required={required}
      error={error}
      data={options}
      value={value}
      onChange={onChange}
      nothingFoundMessage={loading ? 'Поиск…' : 'Ничего не найдено'}
    />
  );
}
