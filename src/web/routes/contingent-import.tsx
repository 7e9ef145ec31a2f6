import {
  Alert,
  Anchor,
  Button,
  Card,
  FileInput,
  Group,
  List,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import {
  contingentImportQuery,
  contingentImportsQuery,
  contingentTemplateUrl,
  IMPORT_STATUS_TITLES,
  uploadContingentFile,
} from '../api/contingent-import.ts';
import { isApiError } from '../api/http.ts';
import { ImportResult } from '../components/contingent-import/ImportResult.tsx';
import { formatDateTime } from '../components/format.ts';
import { LoadMore } from '../components/LoadMore.tsx';
import { OrganizationPicker } from '../components/OrganizationPicker.tsx';
import { ListLoadError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { hasRole, useSession } from '../components/session.ts';
import { TableMessageRow } from '../components/TableMessageRow.tsx';

const route = getRouteApi('/app/contingent-import');

/**
 * «Загрузка контингента»: an organization joins with the lists of its own system. The file is taken
 * at once and written in the background; the import's id is in the address, so the progress bar
 * survives a reload.
 */
export function ContingentImportPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/contingent-import' });
  const queryClient = useQueryClient();
  const session = useSession();
  const picksOrganization = hasRole(session, 'municipal_specialist');
  const [file, setFile] = useState<File | null>(null);
  const [organizationId, setOrganizationId] = useState<string | null>(null);
  const selected = useQuery({ ...contingentImportQuery(search.importId ?? ''), enabled: !!search.importId });
  const list = useInfiniteQuery(contingentImportsQuery());
  const upload = useMutation({
    mutationFn: (f: File) => uploadContingentFile(f, picksOrganization ? organizationId : null),
    onSuccess: (imp) => {
      queryClient.setQueryData(contingentImportQuery(imp.id).queryKey, imp);
      void queryClient.invalidateQueries({ queryKey: ['contingent-imports'] });
      setFile(null);
      void navigate({ search: { importId: imp.id } });
    },
  });
  const problem = upload.error;
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Загрузка контингента
        </Title>
        <Text c="dimmed">
          Списки обучающихся из системы вашей организации (XLSX или CSV): обучающиеся, их представители,
          документы, адреса и текущее зачисление с программой, классом (группой) и датой. Человек, который уже
          есть в регионе (тот же СНИЛС или документ), не создается второй раз; повторная загрузка того же
          файла ничего не меняет.
        </Text>
      </div>
      <Card withBorder padding="md">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (file) upload.mutate(file);
          }}
        >
          <Stack gap="sm">
            <Group gap="sm">
              <Anchor href={contingentTemplateUrl} download data-testid="contingent-template-link">
                Скачать шаблон (XLSX) с описанием столбцов
              </Anchor>
            </Group>
            {picksOrganization && (
              <div style={{ maxWidth: 480 }}>
                <OrganizationPicker
                  label="Организация"
                  value={organizationId}
                  onChange={(v) => setOrganizationId(v)}
                  required
                />
              </div>
            )}
            <Group align="flex-end" gap="sm" wrap="wrap">
              <FileInput
                label="Файл со списками"
                placeholder="Выберите файл XLSX или CSV"
                accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                value={file}
                onChange={setFile}
                clearable
                clearButtonProps={{ 'aria-label': 'Убрать выбранный файл' }}
                style={{ flex: '1 1 280px', maxWidth: 480 }}
              />
              <Button
                type="submit"
                disabled={!file || (picksOrganization && !organizationId)}
                loading={upload.isPending}
              >
                Загрузить
              </Button>
            </Group>
            {problem && (
              <Alert color="red" title="Файл не загружен" role="alert">
                {isApiError(problem) ? problem.detail : 'Не удалось загрузить файл'}
                {isApiError(problem) && (problem.problem.errors?.length ?? 0) > 1 && (
                  <List size="sm" mt="xs">
                    {problem.problem.errors?.map((e) => (
                      <List.Item key={`${e.path}-${e.message}`}>{e.message}</List.Item>
                    ))}
                  </List>
                )}
              </Alert>
            )}
          </Stack>
        </form>
      </Card>
      {selected.data && <ImportResult imp={selected.data} />}
      {selected.isError && <ListLoadError error={selected.error} fallback="Не удалось открыть загрузку" />}
      <Title order={2} size="h4">
        Загрузки
      </Title>
      {list.isError ? (
        <ListLoadError error={list.error} fallback="Не удалось загрузить список загрузок" />
      ) : (
        <>
          <ScrollTable label="Загрузки контингента" minWidth={640}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Когда</Table.Th>
                  <Table.Th>Файл</Table.Th>
                  <Table.Th>Организация</Table.Th>
                  <Table.Th>Состояние</Table.Th>
                  <Table.Th>Строк</Table.Th>
                  <Table.Th>Отклонено</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.length === 0 && (
                  <TableMessageRow colSpan={6}>
                    {list.isPending ? 'Загрузка…' : 'Файлы еще не загружались'}
                  </TableMessageRow>
                )}
                {items.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td>{formatDateTime(i.createdAt)}</Table.Td>
                    <Table.Td>
                      <Anchor
                        component="button"
                        type="button"
                        ta="left"
                        onClick={() => void navigate({ search: { importId: i.id } })}
                      >
                        {i.fileName ?? 'Файл'}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{i.organizationName}</Table.Td>
                    <Table.Td>{IMPORT_STATUS_TITLES[i.status]}</Table.Td>
                    <Table.Td>{i.totalRows}</Table.Td>
                    <Table.Td>{i.rejected}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <LoadMore query={list} />
        </>
      )}
    </Stack>
  );
}
