import { Alert, Button, Group, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ContingentImport, contingentImportQuery, decideHeldRow } from '../../api/contingent-import.ts';
import { isApiError } from '../../api/http.ts';
import { formatDate } from '../format.ts';
import { ScrollTable } from '../ScrollTable.tsx';

/**
 * Rows like a person already in the region but not surely the same: the operator says whether it is
 * that person (the enrollment goes to the existing record) or another one (a new record).
 */
export function HeldRows({ imp }: { imp: ContingentImport }) {
  const queryClient = useQueryClient();
  const decide = useMutation({
    mutationFn: (v: { rowIndex: number; decision: 'link' | 'create' }) =>
      decideHeldRow(imp.id, v.rowIndex, v.decision),
    onSuccess: (next) => queryClient.setQueryData(contingentImportQuery(imp.id).queryKey, next),
  });
  return (
    <>
      <Text fw={600}>Строки, похожие на записи реестра</Text>
      {decide.error && (
        <Alert color="red" role="alert">
          {isApiError(decide.error) ? decide.error.detail : 'Не удалось сохранить решение'}
        </Alert>
      )}
      <ScrollTable label="Строки, ожидающие решения" minWidth={640}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Строка</Table.Th>
              <Table.Th>В файле</Table.Th>
              <Table.Th>Похожая запись</Table.Th>
              <Table.Th>Решение</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {imp.heldRows.map((h) => (
              <Table.Tr key={h.rowIndex}>
                <Table.Td>{h.rowNumber}</Table.Td>
                <Table.Td>
                  {h.fullName}, {h.birthDate}
                </Table.Td>
                <Table.Td>
                  {h.candidate?.inScope
                    ? `${h.candidate.displayName}, ${formatDate(h.candidate.birthDate)} (сходство ${Math.round(h.candidate.score * 100)} %)`
                    : 'Запись вне вашей области доступа'}
                </Table.Td>
                <Table.Td>
                  {h.decided ? (
                    h.decided === 'linked' ? (
                      'Связано с записью реестра'
                    ) : (
                      'Создана новая запись'
                    )
                  ) : (
                    <Group gap="xs" wrap="wrap">
                      <Button
                        size="xs"
                        loading={decide.isPending && decide.variables?.rowIndex === h.rowIndex}
                        onClick={() => decide.mutate({ rowIndex: h.rowIndex, decision: 'link' })}
                      >
                        Это тот же человек
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => decide.mutate({ rowIndex: h.rowIndex, decision: 'create' })}
                      >
                        Другой человек
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </>
  );
}
