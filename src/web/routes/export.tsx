import { Alert, Button, Card, Group, Radio, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { isApiError } from '../api/http.ts';
import { downloadPersonsExport, type ExportFileFormat } from '../api/privacy.ts';
import type { OrganizationKind } from '../api/types.ts';
import { LabeledSelect } from '../components/LabeledSelect.tsx';
import { ORG_KIND_LABELS } from '../components/labels.ts';
import { TerritorySelect } from '../components/TerritorySelect.tsx';

const KINDS = Object.entries(ORG_KIND_LABELS).map(([value, label]) => ({ value, label }));

type Outcome = { ok: true; rows: number; fileName: string } | { ok: false; message: string };

/** «Обезличенная выгрузка»: the pseudonymised extract for analysis, as a file Excel opens. */
export function ExportPage() {
  const [territoryId, setTerritoryId] = useState<string | null>(null);
  const [kind, setKind] = useState<string | null>(null);
  const [format, setFormat] = useState<ExportFileFormat>('excel');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const download = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      const r = await downloadPersonsExport(format, {
        territoryId,
        organizationKind: kind as OrganizationKind | null,
      });
      setOutcome({ ok: true, ...r });
    } catch (err) {
      setOutcome({ ok: false, message: isApiError(err) ? err.detail : 'Не удалось подготовить файл' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Title order={1} size="h2" mb="xs">
        Обезличенная выгрузка
      </Title>
      <Text mb="md" maw={720}>
        В файле нет ФИО, СНИЛС, документов и адресов: каждый человек обозначен псевдонимом (одинаковым во всех
        выгрузках), даты сокращены до месяца, адрес — до муниципального образования.
      </Text>
      <Card withBorder maw={720} padding="md">
        <Stack gap="md">
          <TerritorySelect
            label="Территория"
            value={territoryId}
            onChange={setTerritoryId}
            placeholder="Вся доступная территория"
          />
          <LabeledSelect
            label="Вид организации"
            data={KINDS}
            value={kind}
            onChange={setKind}
            clearable
            placeholder="Все виды"
          />
          <Radio.Group label="Формат файла" value={format} onChange={(v) => setFormat(v as ExportFileFormat)}>
            <Stack gap={6} mt={6}>
              <Radio value="excel" label="CSV для Excel (разделитель «;», кодировка UTF-8)" />
              <Radio value="xlsx" label="XLSX (книга Excel)" />
            </Stack>
          </Radio.Group>
          <Group>
            <Button onClick={download} loading={busy} disabled={busy} data-testid="export-download">
              Скачать
            </Button>
            {busy && (
              <Text size="sm" c="dimmed" role="status">
                Файл готовится…
              </Text>
            )}
          </Group>
          {outcome?.ok && (
            <Alert color="green" role="status" data-testid="export-done">
              Файл {outcome.fileName} скачан, строк: {outcome.rows}.
            </Alert>
          )}
          {outcome && !outcome.ok && (
            <Alert color="red" title="Файл не подготовлен">
              {outcome.message}
            </Alert>
          )}
        </Stack>
      </Card>
    </>
  );
}
