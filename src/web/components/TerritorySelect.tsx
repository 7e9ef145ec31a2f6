import { territoryOptions, useTerritories } from '../api/territories.ts';
import type { TerritoryKind } from '../api/types.ts';
import { LabeledSelect } from './LabeledSelect.tsx';

type Props = {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  kinds?: TerritoryKind[];
  error?: string;
  required?: boolean;
  clearable?: boolean;
  placeholder?: string;
  w?: number | string;
};

/** Select of a territory (by default municipalities and districts) from GET /territories. */
export function TerritorySelect(props: Props) {
  const { kinds = ['municipality', 'district'], ...rest } = props;
  const territories = useTerritories();
  return (
    <LabeledSelect
      searchable
      clearable={rest.clearable ?? !rest.required}
      label={rest.label}
      value={rest.value}
      onChange={rest.onChange}
      error={rest.error ?? (territories.isError ? 'Не удалось загрузить список территорий' : undefined)}
      required={rest.required}
      placeholder={rest.placeholder ?? (territories.isLoading ? 'Загрузка…' : 'Выберите')}
      data={territoryOptions(territories.data, kinds)}
      nothingFoundMessage="Не найдено"
      w={rest.w}
    />
  );
}
