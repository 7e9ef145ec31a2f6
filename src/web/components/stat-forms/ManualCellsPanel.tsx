import { Alert, Button, Group, Text } from '@mantine/core';
import { isConflict } from '../../api/http.ts';
import { type StatFormReport, useSaveManualCells } from '../../api/stat-forms.ts';
import { formatDateTime } from '../format.ts';
import { notifyError, notifySuccess } from '../notify.tsx';

/**
 * The cells the registry cannot know, for the organization's head: how many are still empty, who saved
 * them last, and «Сохранить». A save against cells someone else changed meanwhile is refused; the form
 * reloads with their values and the user's unsaved ones are dropped, so nothing is overwritten unseen.
 */
export function ManualCellsPanel(p: {
  code: string;
  edition: string;
  report: StatFormReport;
  draft: Record<string, string>;
  onSaved: () => void;
}) {
  const save = useSaveManualCells(p.code, p.edition);
  const empty = p.report.sections.flatMap((s) => s.cells).filter((c) => c.manual && c.value === null).length;
  const changed = Object.entries(p.draft);
  const onSave = async () => {
    try {
      await save.mutateAsync({
        organizationId: p.report.scope.id,
        asOf: p.report.asOf,
        version: p.report.manualEntry?.version ?? 0,
        cells: changed.map(([key, value]) => {
          const [section, row, column] = key.split('|') as [string, string, string];
          return { section, row, column, value: value === '' ? null : Number(value) };
        }),
      });
      p.onSaved();
      notifySuccess('Ячейки сохранены, контрольные соотношения пересчитаны.');
    } catch (e) {
      if (isConflict(e)) p.onSaved();
      notifyError(
        isConflict(e)
          ? new Error(
              'Ячейки уже изменил другой пользователь. Форма обновлена: проверьте значения и введите свои снова.',
            )
          : e,
        'Ячейки не сохранены',
      );
    }
  };
  const entry = p.report.manualEntry;
  return (
    <Alert color="yellow" title="Ячейки, которые вводятся вручную" data-testid="manual-cells">
      <Group justify="space-between" align="center" gap="sm" wrap="wrap">
        <div>
          <Text size="sm">
            Реестр не знает этих цифр (выделены желтым в таблицах ниже): заполните их до подписания формы.
          </Text>
          <Text
            size="sm"
            c={empty > 0 ? 'red.9' : undefined}
            fw={empty > 0 ? 600 : undefined}
            data-testid="manual-cells-state"
          >
            {empty > 0 ? `Не заполнено ячеек: ${empty}.` : 'Все ячейки заполнены.'}
            {entry
              ? ` Сохранено ${formatDateTime(entry.updatedAt)}${entry.updatedBy ? `, ${entry.updatedBy}` : ''}.`
              : ''}
          </Text>
        </div>
        <Button onClick={() => void onSave()} loading={save.isPending} disabled={changed.length === 0}>
          Сохранить ячейки
        </Button>
      </Group>
    </Alert>
  );
}
