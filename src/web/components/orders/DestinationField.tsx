import { Anchor, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { OrganizationPicker } from '../OrganizationPicker.tsx';
import type { Line } from './order-lines.ts';

type Props = {
  line: Line;
  organizationId: string;
  error?: string | undefined;
  onChange: (patch: Partial<Line>) => void;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Where the learner goes. The registry search answers only organizations within the user's own scope, so a
 * school does not find another school by name; until the registry offers a region-wide directory, the
 * receiving organization's registry code (from its card or its letter) can be entered instead.
 */
export function DestinationField({ line, organizationId, error, onChange }: Props) {
  const [byCode, setByCode] = useState(false);
  const label = line.kind === 'transfer_out' ? 'Организация, куда переводится' : 'Куда выбыл (если известно)';
  const required = line.kind === 'transfer_out';
  const typed = line.destinationOrganizationId;
  return (
    <Stack gap={4}>
      {byCode ? (
        <TextInput
          label={`${label}: код в реестре`}
          description="Идентификатор организации из её карточки в реестре"
          placeholder="например, 3f2c…"
          required={required}
          value={typed}
          onChange={(e) =>
            onChange({
              destinationOrganizationId: e.currentTarget.value.trim().toLowerCase(),
              destinationLabel: '',
            })
          }
          error={
            error ??
            (typed && !UUID.test(typed) ? 'Код организации — 36 символов, как в карточке' : undefined)
          }
        />
      ) : (
        <OrganizationPicker
          label={label}
          required={required}
          value={typed || null}
          initialOption={typed ? { value: typed, label: line.destinationLabel || typed } : null}
          excludeId={organizationId}
          onChange={(id, o) =>
            onChange({ destinationOrganizationId: id ?? '', destinationLabel: o?.label ?? '' })
          }
          error={error}
        />
      )}
      <Anchor component="button" type="button" size="xs" onClick={() => setByCode((v) => !v)} ta="left">
        {byCode ? 'Найти организацию по наименованию' : 'Организации нет в поиске? Указать код из реестра'}
      </Anchor>
    </Stack>
  );
}
