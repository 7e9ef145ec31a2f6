import { DirectoryOrganizationPicker } from '../OrganizationPicker.tsx';
import type { Line } from './order-lines.ts';

type Props = {
  line: Line;
  organizationId: string;
  error?: string | undefined;
  onChange: (patch: Partial<Line>) => void;
};

/** Where the learner goes: any working organization of the region, found in the public directory. */
export function DestinationField({ line, organizationId, error, onChange }: Props) {
  const label = line.kind === 'transfer_out' ? 'Организация, куда переводится' : 'Куда выбыл (если известно)';
  const typed = line.destinationOrganizationId;
  return (
    <DirectoryOrganizationPicker
      label={label}
      required={line.kind === 'transfer_out'}
      value={typed || null}
      initialOption={typed ? { value: typed, label: line.destinationLabel || typed } : null}
      excludeId={organizationId}
      onChange={(id, o) =>
        onChange({ destinationOrganizationId: id ?? '', destinationLabel: o?.label ?? '' })
      }
      error={error}
    />
  );
}
