import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { isApiError } from '../../api/http.ts';
import { useCreateApiToken } from '../../api/users.ts';
import { notifyError } from '../notify.tsx';
import { OrganizationMultiPicker } from '../OrganizationPicker.tsx';

export function CreateTokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [token, setToken] = useState<string | null>(null);
  const close = () => {
    setToken(null);
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={token ? 'Токен выпущен' : 'Новый API-токен'}
      size="lg"
      // Once the token is shown, closing by a stray click would lose it for good.
      closeOnClickOutside={!token}
    >
      {opened && !token && <CreateTokenForm onCreated={setToken} onCancel={close} />}
      {token && <TokenShown token={token} onDone={close} />}
    </Modal>
  );
}

function CreateTokenForm({ onCreated, onCancel }: { onCreated: (t: string) => void; onCancel: () => void }) {
  const create = useCreateApiToken();
  const [name, setName] = useState('');
  const [organizationIds, setOrganizationIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'Обязательное поле';
    if (organizationIds.length === 0) local.organizationIds = 'Выберите хотя бы одну организацию';
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    try {
      const result = await create.mutateAsync({ name: name.trim(), organizationIds });
      onCreated(result.token);
    } catch (err) {
      if (isApiError(err)) setErrors(err.fieldErrors());
      notifyError(err, 'Не удалось выпустить токен');
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <TextInput
          label="Название внешней системы"
          description="Например: «Электронный журнал школы № 5»"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
        />
        <OrganizationMultiPicker
          label="Организации, от имени которых действует система"
          required
          value={organizationIds}
          onChange={setOrganizationIds}
          error={errors.organizationIds}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Отмена
          </Button>
          <Button type="submit" loading={create.isPending}>
            Выпустить токен
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function TokenShown({ token, onDone }: { token: string; onDone: () => void }) {
  return (
    <Stack>
      <Alert color="orange" title="Скопируйте токен сейчас">
        Токен показывается только один раз. После закрытия окна его нельзя будет посмотреть снова — при утрате
        придется отозвать его и выпустить новый. Передавайте токен только по защищенному каналу.
      </Alert>
      <Code block data-testid="api-token-value" style={{ wordBreak: 'break-all' }}>
        {token}
      </Code>
      <Group justify="space-between">
        <CopyButton value={token}>
          {({ copied, copy }) => (
            <Button color={copied ? 'green' : 'blue'} onClick={copy}>
              {copied ? 'Скопировано' : 'Скопировать токен'}
            </Button>
          )}
        </CopyButton>
        <Button variant="default" onClick={onDone}>
          Я сохранил токен, закрыть
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        Внешняя система передает токен в заголовке Authorization: Bearer &lt;токен&gt;.
      </Text>
    </Stack>
  );
}
