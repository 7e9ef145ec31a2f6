import { Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { useState } from 'react';
import { passwordProblems } from '../../../common/password-policy.ts';
import { isApiError } from '../../api/http.ts';
import { useResetPassword } from '../../api/users.ts';
import { notifyError, notifySuccess } from '../notify.tsx';
import { PasswordHints } from '../PasswordHints.tsx';

type Props = { userId: string; opened: boolean; onClose: () => void };

export function PasswordModal({ userId, opened, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="Сброс пароля" size="md">
      {opened && <PasswordForm userId={userId} onClose={onClose} />}
    </Modal>
  );
}

function PasswordForm({ userId, onClose }: Omit<Props, 'opened'>) {
  const reset = useResetPassword(userId);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | undefined>();
  const mismatch = repeat !== '' && repeat !== password;

  const submit = async () => {
    if (passwordProblems(password).length > 0) return setError('Пароль не соответствует требованиям');
    if (password !== repeat) return;
    try {
      await reset.mutateAsync(password);
      notifySuccess('Пароль изменен');
      onClose();
    } catch (err) {
      setError(isApiError(err) ? (err.fieldErrors().password ?? err.detail) : undefined);
      notifyError(err, 'Не удалось изменить пароль');
    }
  };

  return (
    <Stack>
      <div>
        <PasswordInput
          label="Новый пароль"
          required
          autoComplete="new-password"
          value={password}
          onChange={(e) => {
            setPassword(e.currentTarget.value);
            setError(undefined);
          }}
          error={error}
        />
        <PasswordHints password={password} />
      </div>
      <PasswordInput
        label="Повторите пароль"
        required
        autoComplete="new-password"
        value={repeat}
        onChange={(e) => setRepeat(e.currentTarget.value)}
        error={mismatch ? 'Пароли не совпадают' : undefined}
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Отмена
        </Button>
        <Button onClick={submit} loading={reset.isPending} disabled={!password || password !== repeat}>
          Сохранить пароль
        </Button>
      </Group>
    </Stack>
  );
}
