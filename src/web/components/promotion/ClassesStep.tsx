import { Alert, Button, Stack, Table, Text } from '@mantine/core';
import type { PreviewSchool } from '../../api/promotions.ts';
import { ScrollTable } from '../ScrollTable.tsx';

type Props = {
  schools: PreviewSchool[];
  /** Next year's classes the school already has; zero offers the copy. */
  nextYearUnits: number | null;
  onCopy?: (() => void) | undefined;
  copying: boolean;
};

/** Step 1: every class of the closing year and the class its learners go to next year. */
export function ClassesStep({ schools, nextYearUnits, onCopy, copying }: Props) {
  const many = schools.length !== 1;
  return (
    <Stack gap="sm">
      {nextYearUnits === 0 && onCopy && (
        <Alert color="yellow" title="Классы следующего учебного года ещё не созданы">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              Скопируйте классы этого года: номер класса увеличится на единицу, буквы сохранятся. Недостающие
              классы перевод создаст и сам.
            </Text>
            <Button onClick={onCopy} loading={copying}>
              Скопировать классы прошлого года
            </Button>
          </Stack>
        </Alert>
      )}
      {many ? (
        <SchoolsTable schools={schools} />
      ) : (
        <ScrollTable label="Классы и классы следующего года" minWidth={420}>
          <Table withTableBorder striped fz="sm" data-testid="promotion-classes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Класс</Table.Th>
                <Table.Th>Обучающихся</Table.Th>
                <Table.Th>В следующем году</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {schools.flatMap((s) =>
                s.classes.map((c) => (
                  <Table.Tr key={c.unitId}>
                    <Table.Td>{c.name}</Table.Td>
                    <Table.Td>{c.learners.length}</Table.Td>
                    <Table.Td>
                      {c.target === null
                        ? 'Выпуск'
                        : c.target.unitId
                          ? c.target.name
                          : `${c.target.name} (будет создан)`}
                    </Table.Td>
                  </Table.Tr>
                )),
              )}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}

/** A territory's run: per school the classes, the learners promoted and the graduates; no one is named. */
export function SchoolsTable({ schools }: { schools: PreviewSchool[] }) {
  return (
    <ScrollTable label="Школы" minWidth={480}>
      <Table withTableBorder striped fz="sm" data-testid="promotion-schools">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Школа</Table.Th>
            <Table.Th>Классов</Table.Th>
            <Table.Th>Переводятся</Table.Th>
            <Table.Th>Выпускаются</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {schools.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={4}>
                Переводить некого: обучающиеся этого года уже переведены или выбыли
              </Table.Td>
            </Table.Tr>
          )}
          {schools.map((s) => (
            <Table.Tr key={s.organizationId}>
              <Table.Td>{s.name}</Table.Td>
              <Table.Td>{s.classes.length}</Table.Td>
              <Table.Td>{s.promote}</Table.Td>
              <Table.Td>{s.graduate}</Table.Td>
            </Table.Tr>
          ))}
          {schools.length > 1 && (
            <Table.Tr fw={700}>
              <Table.Td>Всего</Table.Td>
              <Table.Td>{schools.reduce((n, s) => n + s.classes.length, 0)}</Table.Td>
              <Table.Td>{schools.reduce((n, s) => n + s.promote, 0)}</Table.Td>
              <Table.Td>{schools.reduce((n, s) => n + s.graduate, 0)}</Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
