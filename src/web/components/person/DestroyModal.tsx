import { Alert, Anchor, Button, Checkbox, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { type ApiBody, type ApiResult, client as api, call, isApiError, path } from '../../api/http.ts';
import type { PersonCard } from '../../api/person-types.ts';
import { LabeledSelect } from '../LabeledSelect.tsx';
import { toOptions } from '../labels.ts';
import { notifyError } from '../notify.tsx';
import { fullName } from './person-format.ts';

/** Mirrors BASIS_TITLES of the privacy module (server code stays out of the browser bundle). */
const BASIS_TITLES: Record<string, string> = {
  purpose_achieved: 'Достижение цели обработки (ст. 21 ч. 4 152-ФЗ)',
  retention_expired: 'Истечение срока хранения (ст. 5 ч. 7 152-ФЗ)',
  subject_request: 'Требование субъекта персональных данных (ст. 14 ч. 1, ст. 20 ч. 3 152-ФЗ)',
  consent_revoked: 'Отзыв согласия на обработку (ст. 9 ч. 2, ст. 21 ч. 5 152-ФЗ)',
};

type Act = ApiResult<'destroyPerson'>;
type Basis = ApiBody<'destroyPerson'>['basis'];
type Props = { card: PersonCard; opened: boolean; onClose: () => void };

/** Lawful destruction of a person's data with an act (152-ФЗ ст. 21); irreversible. */
export function DestroyModal({ card, opened, onClose }: Props) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [basis, setBasis] = useState<string | null>(null);
  const [details, setDetails] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [act, setAct] = useState<Act | null>(null);
  const destroy = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/persons/{id}/destroy', {
          ...path({ id: card.id }),
          body: {
            basis: basis as Basis,
            ...(details.trim() ? { basisDetails: details.trim() } : {}),
            confirm: true,
          },
        }),
      ),
  });
  const submit = async () => {
    if (!basis) return setErrors({ basis: 'Укажите основание' });
    try {
      setAct(await destroy.mutateAsync());
    } catch (err) {
      if (isApiError(err)) setErrors(err.fieldErrors());
      notifyError(err, 'Не удалось уничтожить сведения');
    }
  };
  const close = () => {
    onClose();
    // The record is gone: leave its card, but only after the act has been shown.
    if (!act) return;
    void client.invalidateQueries({ queryKey: ['persons'] });
    void navigate({ to: '/persons' });
  };
  return (
    <Modal opened={opened} onClose={close} title="Уничтожение персональных данных" size="lg">
      {act ? (
        <Stack gap="sm">
          <Alert color="green">Сведения уничтожены. Составлен акт № {act.actNumber}.</Alert>
          <Anchor href={`/api/v1/destruction-acts/${encodeURIComponent(act.actId)}/pdf`} target="_blank">
            Открыть акт об уничтожении (PDF)
          </Anchor>
          <Group justify="flex-end">
            <Button onClick={close}>Закрыть</Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="sm">
          <Alert color="red" variant="light">
            Сведения о человеке «{fullName(card)}» будут уничтожены без возможности восстановления. Сохранятся
            только обезличенные данные для статистики и акт об уничтожении.
          </Alert>
          <LabeledSelect
            label="Основание"
            required
            data={toOptions(BASIS_TITLES)}
            value={basis}
            onChange={setBasis}
            error={errors.basis}
          />
          <Textarea
            label="Уточнение основания"
            description="Без ФИО, СНИЛС и иных сведений о человеке"
            autosize
            minRows={2}
            value={details}
            onChange={(e) => setDetails(e.currentTarget.value)}
            error={errors.basisDetails}
          />
          <Checkbox
            label="Подтверждаю уничтожение сведений"
            checked={confirmed}
            onChange={(e) => setConfirmed(e.currentTarget.checked)}
          />
          <Text size="xs" c="dimmed">
            Действие фиксируется в журнале аудита.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={destroy.isPending}>
              Отмена
            </Button>
            <Button color="red" disabled={!confirmed} loading={destroy.isPending} onClick={submit}>
              Уничтожить
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
