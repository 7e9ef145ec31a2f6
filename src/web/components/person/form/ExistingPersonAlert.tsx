import { Alert, Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * Duplicate control found the СНИЛС or document on a record that already exists: inside the clerk's
 * scope it offers that record, outside it says only that it exists and offers an access request.
 */
export function ExistingPersonAlert({
  whom,
  inScope,
  children,
  onRequest,
}: {
  whom: string;
  inScope: boolean;
  /** Buttons that use the existing record (in scope). */
  children?: ReactNode;
  onRequest?: () => void;
}) {
  return inScope ? (
    <Alert color="orange" title={`${whom} уже есть в реестре`} data-testid="existing-person">
      Человек с этим СНИЛС или документом уже зарегистрирован. Используйте существующую запись вместо создания
      новой.
      <Group mt="sm" gap="xs">
        {children}
      </Group>
    </Alert>
  ) : (
    <Alert color="orange" title={`${whom} уже есть в реестре`} data-testid="match-out-of-scope">
      Человек с этим СНИЛС или документом зарегистрирован вне вашей области доступа. Направьте запрос доступа
      организации, которая ведет его запись, или обратитесь в муниципальный орган управления образованием.
      {onRequest && (
        <Group mt="sm">
          <Button size="xs" variant="white" onClick={onRequest}>
            Направить запрос
          </Button>
        </Group>
      )}
    </Alert>
  );
}
