import { NumberInput, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { PRIORITY_TITLES } from '../../../common/queue-dictionary.ts';
import { type AllocationRun, useSetGroupFree } from '../../api/allocation.ts';
import { notifyError } from '../notify.tsx';
import { ScrollTable } from '../ScrollTable.tsx';
import { TableMessageRow } from '../TableMessageRow.tsx';

type Group = AllocationRun['groups'][number];

/**
 * The groups of the run: how the free places were found (capacity, enrolled, held by referrals), the
 * places the run will use — editable until it is computed — and, after it, what each group admitted and
 * the weakest priority it admitted when full.
 */
export function RunGroupsTable({ run }: { run: AllocationRun }) {
  const editable = run.status === 'preparing';
  const computed = run.inputSha256 !== null;
  return (
    <ScrollTable label="Группы и свободные места" minWidth={computed ? 980 : 760}>
      <Table withTableBorder striped fz="sm" verticalSpacing={4} data-testid="run-groups">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Детский сад</Table.Th>
            <Table.Th>Группа</Table.Th>
            <Table.Th>Возраст</Table.Th>
            <Table.Th ta="right">Мест</Table.Th>
            <Table.Th ta="right">Зачислено</Table.Th>
            <Table.Th ta="right">Направления в ожидании</Table.Th>
            <Table.Th>Свободно к расчету</Table.Th>
            {computed && <Table.Th ta="right">Направлено</Table.Th>}
            {computed && <Table.Th>Последний принятый</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {run.groups.length === 0 && <TableMessageRow colSpan={9}>Групп нет</TableMessageRow>}
          {run.groups.map((g) => (
            <Table.Tr key={g.unitId}>
              <Table.Td>{g.organizationName}</Table.Td>
              <Table.Td>{g.unitName}</Table.Td>
              <Table.Td>
                {g.ageFrom}–{g.ageTo} лет
              </Table.Td>
              <Table.Td ta="right">{g.capacity}</Table.Td>
              <Table.Td ta="right">{g.enrolled}</Table.Td>
              <Table.Td ta="right">{g.held}</Table.Td>
              <Table.Td>{editable ? <FreeInput run={run} group={g} /> : <FreeText group={g} />}</Table.Td>
              {computed && (
                <Table.Td ta="right">
                  {g.placed}
                  {g.offered > 0 && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      + {g.offered}
                    </Text>
                  )}
                </Table.Td>
              )}
              {computed && (
                <Table.Td>
                  {g.cutoff ? (
                    <>
                      {PRIORITY_TITLES[g.cutoff.priority] ?? g.cutoff.priority}
                      <Text size="xs" c="dimmed">
                        № {g.cutoff.number ?? '—'}
                      </Text>
                    </>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {g.free === 0 ? 'мест не было' : 'места остались'}
                    </Text>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function FreeText({ group }: { group: Group }) {
  return (
    <>
      {group.free}
      {group.free !== group.computedFree && (
        <Text span size="xs" c="dimmed">
          {' '}
          (рассчитано {group.computedFree})
        </Text>
      )}
    </>
  );
}

function FreeInput({ run, group }: { run: AllocationRun; group: Group }) {
  const save = useSetGroupFree(run.id);
  const [value, setValue] = useState<number | string>(group.free);
  const commit = async () => {
    if (typeof value !== 'number' || value === group.free) return;
    try {
      await save.mutateAsync({ unitId: group.unitId, free: value, version: run.version });
    } catch (e) {
      setValue(group.free);
      notifyError(e, 'Не удалось изменить число мест');
    }
  };
  return (
    <NumberInput
      aria-label={`Свободно: ${group.organizationName}, ${group.unitName}`}
      size="xs"
      w={90}
      min={0}
      max={1000}
      allowDecimal={false}
      allowNegative={false}
      value={value}
      onChange={setValue}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && void commit()}
      description={group.free !== group.computedFree ? `рассчитано ${group.computedFree}` : undefined}
    />
  );
}
