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
  EXAM_KIND_TITLES,
  type GiaImport,
  giaImportQuery,
  giaImportsQuery,
  giaUnmatchedXlsxUrl,
  uploadGiaFile,
} from '../api/gia.ts';
import { isApiError } from '../api/http.ts';
import { formatDateTime } from '../components/format.ts';
import { InfoGrid } from '../components/InfoGrid.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { ListLoadError } from '../components/QueryError.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { TableMessageRow } from '../components/TableMessageRow.tsx';

const route = getRouteApi('/app/gia-imports');

const COLUMNS =
  'Фамилия, Имя, Отчество, Вид документа, Серия документа, Номер документа, Вид экзамена, Предмет, Дата экзамена, Первичный балл, Тестовый балл, Отметка, Код ОО';

function ImportResult({ imp }: { imp: GiaImport }) {
  return (
    <Card withBorder padding="md" data-testid="gia-import-result">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {imp.fileName ?? 'Файл'} — {formatDateTime(imp.createdAt)}
        </Title>
        <InfoGrid
          cols={4}
          items={[
            { label: 'Строк в файле', value: imp.totalRows },
            { label: 'Сопоставлено с обучающимися', value: imp.matched },
            { label: 'Новых результатов', value: imp.inserted },
            { label: 'Обновлено', value: imp.updated },
            { label: 'Без изменений', value: imp.unchanged },
            { label: 'Не загружено', value: imp.rejected },
            { label: 'Экзамены', value: imp.examKinds.map((k) => EXAM_KIND_TITLES[k]).join(', ') },
            { label: 'Предметы', value: imp.subjects.join(', ') },
          ]}
        />
        {imp.rejected > 0 ? (
          <>
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Text fw={600}>Не загруженные строки</Text>
              <Anchor href={giaUnmatchedXlsxUrl(imp.id)} download>
                Скачать не загруженные строки (XLSX)
              </Anchor>
            </Group>
            <ScrollTable label="Не загруженные строки" minWidth={560}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Строка</Table.Th>
                    <Table.Th>ФИО</Table.Th>
                    <Table.Th>Предмет</Table.Th>
                    <Table.Th>Причина</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {imp.rejectedRows.map((r) => (
                    <Table.Tr key={r.row}>
                      <Table.Td>{r.row}</Table.Td>
                      <Table.Td>{[r.lastName, r.firstName, r.middleName].filter(Boolean).join(' ')}</Table.Td>
                      <Table.Td>{r.subject}</Table.Td>
                      <Table.Td>{r.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
            {imp.rejected > imp.rejectedRows.length && (
              <Text size="sm" c="dimmed">
                Показаны первые {imp.rejectedRows.length} из {imp.rejected}; все строки — в файле XLSX.
              </Text>
            )}
          </>
        ) : (
          <Text c="teal.8">Все строки файла загружены.</Text>
        )}
      </Stack>
    </Card>
  );
}

/**
 * «Результаты ГИА»: the exam centre's file of ОГЭ, ЕГЭ or ГВЭ results is uploaded as it is; the
 * screen shows what was matched and written, and the rows left out with their reasons.
 */
export function GiaImportsPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/gia-imports' });
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const selected = useQuery({ ...giaImportQuery(search.importId ?? ''), enabled: !!search.importId });
  const list = useInfiniteQuery(giaImportsQuery());
  const upload = useMutation({
    mutationFn: (f: File) => uploadGiaFile(f),
    onSuccess: (imp) => {
      queryClient.setQueryData(giaImportQuery(imp.id).queryKey, imp);
      void queryClient.invalidateQueries({ queryKey: ['gia-imports'] });
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
          Результаты ГИА
        </Title>
        <Text c="dimmed">
          Файл РЦОИ с результатами ОГЭ, ЕГЭ или ГВЭ (XLSX или CSV). Участник находится в реестре по документу
          (вид, серия, номер) и ФИО; повторная загрузка того же файла обновляет результаты, а не дублирует их.
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
            <Group align="flex-end" gap="sm" wrap="wrap">
              <FileInput
                label="Файл результатов"
                placeholder="Выберите файл XLSX или CSV"
                accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                value={file}
                onChange={setFile}
                clearable
                clearButtonProps={{ 'aria-label': 'Убрать выбранный файл' }}
                style={{ flex: '1 1 280px', maxWidth: 480 }}
              />
              <Button type="submit" disabled={!file} loading={upload.isPending}>
                Загрузить
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              Столбцы первой строки: {COLUMNS}. Обязательны ФИО (отчество — если есть), документ, вид
              экзамена, предмет, дата и результат: тестовый балл для ЕГЭ, отметка для ОГЭ и ГВЭ.
            </Text>
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
      {selected.isError && (
        <ListLoadError error={selected.error} fallback="Не удалось открыть итоги загрузки" />
      )}
      <Title order={2} size="h4">
        Загрузки
      </Title>
      {list.isError ? (
        <ListLoadError error={list.error} fallback="Не удалось загрузить список загрузок" />
      ) : (
        <>
          <ScrollTable label="Загрузки результатов ГИА" minWidth={640}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Когда</Table.Th>
                  <Table.Th>Файл</Table.Th>
                  <Table.Th>Экзамен, предметы</Table.Th>
                  <Table.Th>Строк</Table.Th>
                  <Table.Th>Загружено</Table.Th>
                  <Table.Th>Не загружено</Table.Th>
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
                    <Table.Td>
                      {[i.examKinds.map((k) => EXAM_KIND_TITLES[k]).join(', '), i.subjects.join(', ')]
                        .filter(Boolean)
                        .join(': ')}
                    </Table.Td>
                    <Table.Td>{i.totalRows}</Table.Td>
                    <Table.Td>{i.matched}</Table.Td>
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
