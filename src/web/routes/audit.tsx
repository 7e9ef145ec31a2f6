import { Button, Group, TextInput, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type AuditFilters, auditQuery } from '../api/audit.ts';
import { personSearchQuery } from '../api/persons.ts';
import type { AuditOutcome } from '../api/types.ts';
import { AuditTable } from '../components/audit/AuditTable.tsx';
import { formatDate } from '../components/format.ts';
import { LabeledSelect } from '../components/LabeledSelect.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { AUDIT_ACTION_LABELS, OUTCOME_LABELS, toOptions } from '../components/labels.ts';
import { OrganizationPicker } from '../components/OrganizationPicker.tsx';
import { fullName } from '../components/person/person-format.ts';
import { ListLoadError } from '../components/QueryError.tsx';
import { SearchPicker } from '../components/SearchPicker.tsx';

/**
 * One option per Russian label: codes that read the same (an old and a new name of one action) are
 * one choice that filters by all of them.
 */
const actionOptions = (() => {
  const byLabel = new Map<string, string[]>();
  for (const [code, label] of Object.entries(AUDIT_ACTION_LABELS)) {
    byLabel.set(label, [...(byLabel.get(label) ?? []), code]);
  }
  return [...byLabel.entries()]
    .map(([label, codes]) => ({ value: codes.join(','), label }))
    .sort((a, b) => a.label.localeCompare(b.label, 'ru'));
})();

export function AuditPage() {
  const [action, setAction] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [range, setRange] = useState<[string | null, string | null]>([null, null]);
  const [actor, setActor] = useState('');
  const [personId, setPersonId] = useState<string | null>(null);
  const [organizationId, setOrganizationId] = useState<string | null>(null);
  // Pickers keep their own search text: a new key clears them on «Сбросить».
  const [resetKey, setResetKey] = useState(0);
  const [debouncedActor] = useDebouncedValue(actor.trim(), 400);

  const filters: AuditFilters = {
    action: action ?? undefined,
    outcome: (outcome as AuditOutcome | null) ?? undefined,
    actorName: debouncedActor || undefined,
    personId: personId ?? undefined,
    organizationId: organizationId ?? undefined,
    from: range[0] ?? undefined,
    to: range[1] ?? range[0] ?? undefined,
  };
  const query = useInfiniteQuery(auditQuery(filters));
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];

  const reset = () => {
    setAction(null);
    setOutcome(null);
    setRange([null, null]);
    setActor('');
    setPersonId(null);
    setOrganizationId(null);
    setResetKey((k) => k + 1);
  };

  return (
    <>
      <Title order={1} size="h2" mb="md">
        Журнал аудита
      </Title>
      <Group gap="sm" mb="md" align="flex-end" role="search" key={resetKey}>
        <SearchPicker
          label="Человек"
          value={personId}
          onChange={setPersonId}
          searchQuery={personSearchQuery}
          toOption={(p) => ({ value: p.id, label: fullName(p) })}
          describe={(p) => `${formatDate(p.birthDate)}${p.organization ? `, ${p.organization}` : ''}`}
          placeholder="Фамилия и имя"
          notFound="Никого не найдено"
          minQueryLength={2}
        />
        <OrganizationPicker label="Организация" value={organizationId} onChange={setOrganizationId} />
        <TextInput
          label="Пользователь"
          placeholder="Фамилия или логин"
          w={220}
          value={actor}
          onChange={(e) => setActor(e.currentTarget.value)}
        />
        <LabeledSelect
          label="Действие"
          w={300}
          searchable
          clearable
          placeholder="Все"
          data={actionOptions}
          value={action}
          onChange={setAction}
        />
        <LabeledSelect
          label="Результат"
          w={150}
          clearable
          placeholder="Все"
          data={toOptions(OUTCOME_LABELS)}
          value={outcome}
          onChange={setOutcome}
        />
        <DatePickerInput
          type="range"
          label="Период"
          w={230}
          clearable
          allowSingleDateInRange
          valueFormat="DD.MM.YYYY"
          placeholder="Любой"
          value={range}
          onChange={(v) => setRange([v[0] ?? null, v[1] ?? null])}
        />
        <Button variant="subtle" onClick={reset}>
          Сбросить
        </Button>
      </Group>
      {query.isError && <ListLoadError error={query.error} fallback="Не удалось загрузить журнал" />}
      <AuditTable
        label="Журнал аудита"
        rows={rows}
        pending={query.isPending}
        onActor={(name) => setActor(name)}
      />
      <LoadMore query={query} />
    </>
  );
}
