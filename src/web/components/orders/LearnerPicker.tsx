import { queryOptions } from '@tanstack/react-query';
import { call, client } from '../../api/http.ts';
import { type PickerOption, SearchPicker } from '../SearchPicker.tsx';
import { personLabel } from './order-lines.ts';

type Props = {
  organizationId: string;
  value: string | null;
  initialLabel: string;
  onChange: (id: string | null, label: string) => void;
  error?: string | undefined;
};

/** Learners of this organization only: an order is about the organization's own contingent. */
const learnersOf = (organizationId: string) => (q: string) =>
  queryOptions({
    queryKey: ['persons', 'order-learners', organizationId, q] as const,
    queryFn: async () =>
      (
        await call(
          client.GET('/api/v1/persons', {
            params: { query: { q, organizationId, role: 'learner', limit: 15 } },
          }),
        )
      ).items,
    enabled: q.length >= 2,
    staleTime: 30_000,
  });

type Item = { id: string; lastName: string; firstName: string; middleName: string | null; birthDate: string };

export function LearnerPicker({ organizationId, value, initialLabel, onChange, error }: Props) {
  return (
    <SearchPicker
      label="Обучающийся"
      required
      value={value}
      initialOption={value ? { value, label: initialLabel } : null}
      onChange={(id, option?: PickerOption | null) => onChange(id, option?.label ?? '')}
      error={error}
      searchQuery={learnersOf(organizationId)}
      toOption={(p: Item) => ({ value: p.id, label: personLabel(p) })}
      describe={() => ''}
      placeholder="Начните вводить фамилию"
      notFound="В организации такого обучающегося нет"
      minQueryLength={2}
    />
  );
}
