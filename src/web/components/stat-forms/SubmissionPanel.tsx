import { Alert, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { submissionsQuery, useSignForm } from '../../api/stat-forms.ts';
import { ConfirmButton } from '../ConfirmButton.tsx';
import { formatDate, formatDateTime } from '../format.ts';
import { notifyError, notifySuccess } from '../notify.tsx';
import { can, useSession } from '../session.ts';

/**
 * The organization's form on the date: signed (by whom, when), returned (with the reason) or not yet
 * signed — and, for the head of the organization, the signature. A form with broken control ratios
 * cannot be signed; the server says so too.
 */
export function SubmissionPanel(p: {
  code: string;
  edition: string;
  organizationId: string;
  asOf: string;
  controlsOk: boolean;
  /** Manual cells not yet entered: the form is not signed with them empty. */
  emptyManual: number;
}) {
  const session = useSession();
  const scope = { organizationId: p.organizationId, asOf: p.asOf };
  const progress = useQuery(submissionsQuery(p.code, p.edition, scope));
  const sign = useSignForm(p.code, p.edition);
  const item = progress.data?.items[0];
  if (!progress.data) return null;
  if (!item)
    return (
      <Alert color="gray" data-testid="submission-status">
        Организация не сдает эту форму.
      </Alert>
    );
  const maySign = can(session, 'statForm.sign') && item.status !== 'signed';
  const onSign = async () => {
    try {
      await sign.mutateAsync({
        organizationId: p.organizationId,
        asOf: p.asOf,
        version: item.version ?? undefined,
      });
      notifySuccess('Форма подписана. Подписанные цифры сохранены.');
    } catch (e) {
      notifyError(e, 'Форма не подписана');
    }
  };
  return (
    <Alert
      color={item.status === 'signed' ? 'green' : item.status === 'returned' ? 'orange' : 'blue'}
      data-testid="submission-status"
      title={
        item.status === 'signed'
          ? 'Форма подписана'
          : item.status === 'returned'
            ? 'Форма возвращена на исправление'
            : 'Форма не подписана'
      }
    >
      <Group justify="space-between" align="center" gap="sm" wrap="wrap">
        <div>
          {item.status === 'signed' && (
            <Text size="sm">
              {formatDateTime(item.signedAt!)}, {item.signedBy}. Подписанные цифры не меняются при последующих
              исправлениях данных; расчет ниже — по данным на сегодня.
            </Text>
          )}
          {item.status === 'returned' && <Text size="sm">Причина: {item.returnReason}</Text>}
          {item.status === 'missing' && (
            <Text size="sm">
              Проверьте форму на {formatDate(p.asOf)} и подпишите ее: цифры будут сохранены такими, как
              рассчитаны сейчас.
            </Text>
          )}
          {maySign && p.emptyManual > 0 && (
            <Text size="sm" fw={600}>
              Подписать нельзя, пока не заполнены ячейки, которые вводятся вручную.
            </Text>
          )}
          {maySign && !p.controlsOk && (
            <Text size="sm" fw={600}>
              Подписать нельзя, пока нарушены контрольные соотношения.
            </Text>
          )}
        </div>
        {maySign && (
          <ConfirmButton
            question={`Подписать форму на ${formatDate(p.asOf)}? Цифры будут сохранены такими, как рассчитаны сейчас.`}
            confirmLabel="Подписать"
            disabled={!p.controlsOk || p.emptyManual > 0}
            onConfirm={onSign}
            data-testid="sign-form"
          >
            {item.status === 'returned' ? 'Подписать снова' : 'Подписать форму'}
          </ConfirmButton>
        )}
      </Group>
    </Alert>
  );
}
