import { Button, Group, Modal, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import {
  CORRECTION_SECTION_TITLES,
  CORRECTION_SECTIONS,
  CORRECTION_TEXT_MAX,
  type CorrectionSection,
} from '../../../common/data-correction-sections.ts';
import { useSendCorrection } from '../../api/data-corrections.ts';
import { isApiError } from '../../api/http.ts';
import { notifyError, notifySuccess } from '../notify.tsx';

export type ReportTarget = { personId: string; fullName: string };

// Line breaks and tabs are kept; other control characters (pasted junk) are refused, as the server does.
const CONTROL = /(?![\t\n\r])\p{Cc}/u;

/**
 * «Сообщить об ошибке в данных»: which part of whose record is wrong and what is right. The report
 * goes to the organization that keeps the record, which fixes it and marks it «Исправлено».
 */
export function ReportErrorDialog({ target, onClose }: { target: ReportTarget | null; onClose: () => void }) {
  const [section, setSection] = useState<CorrectionSection>('personal');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = useSendCorrection();

  const close = () => {
    setText('');
    setError(null);
    setSection('personal');
    onClose();
  };
  const submit = async () => {
    const t = text.trim();
    if (t.length < 5)
      return setError('Опишите ошибку: что указано неверно и как правильно (не менее 5 символов)');
    if (CONTROL.test(t)) return setError('Текст содержит недопустимые управляющие символы');
    if (!target) return;
    try {
      await send.mutateAsync({ personId: target.personId, section, text: t });
      notifySuccess('Сообщение отправлено в образовательную организацию');
      close();
    } catch (err) {
      const field = isApiError(err) ? err.problem.errors?.find((e) => e.path === 'body.text') : undefined;
      if (field) setError(field.message);
      else notifyError(err, 'Не удалось отправить сообщение');
    }
  };

  return (
    <Modal opened={target !== null} onClose={close} title="Сообщить об ошибке в данных" size="lg">
      <Stack gap="sm">
        <Text size="sm">
          Сведения: <b>{target?.fullName}</b>. Сообщение получит образовательная организация, которая ведет
          запись; после исправления вы увидите отметку «Исправлено» в этом кабинете.
        </Text>
        <NativeSelect
          label="Где ошибка"
          value={section}
          onChange={(e) => setSection(e.currentTarget.value as CorrectionSection)}
          data={CORRECTION_SECTIONS.map((s) => ({ value: s, label: CORRECTION_SECTION_TITLES[s] }))}
        />
        <Textarea
          label="Что указано неверно и как правильно"
          placeholder="Например: в свидетельстве о рождении номер 123456, а указано 123465"
          autosize
          minRows={4}
          maxLength={CORRECTION_TEXT_MAX}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setError(null);
          }}
          error={error}
          description={`${text.length} из ${CORRECTION_TEXT_MAX} символов`}
          data-autofocus
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={close}>
            Отмена
          </Button>
          <Button onClick={submit} loading={send.isPending}>
            Отправить
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
