import { Alert, Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { ButtonLink } from '../../links.tsx';

/** A record duplicate control found by СНИЛС or document: its id in scope, a match token outside. */
export type Found = { id: string | null; token: string | null };

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

/** The new learner is a record that exists: open it, enrol it here, or ask its holder. */
export function LearnerFoundAlert({
  found,
  canEnroll,
  onEnroll,
  onRequest,
}: {
  found: Found;
  canEnroll: boolean;
  onEnroll: (id: string) => void;
  onRequest: (token: string) => void;
}) {
  const { id, token } = found;
  return (
    <ExistingPersonAlert
      whom="Такой человек"
      inScope={!!id}
      onRequest={token ? () => onRequest(token) : undefined}
    >
      {id && (
        <>
          <ButtonLink size="xs" variant="white" to="/persons/$id" params={{ id }}>
            Открыть существующую запись
          </ButtonLink>
          {canEnroll && (
            <Button size="xs" variant="white" onClick={() => onEnroll(id)}>
              Зачислить существующую запись в организацию
            </Button>
          )}
        </>
      )}
    </ExistingPersonAlert>
  );
}

/** The parent entered is a record that exists: take it as the representative, or ask its holder. */
export function RepresentativeFoundAlert({
  found,
  onUse,
  onRequest,
}: {
  found: Found;
  onUse: (id: string) => void;
  onRequest: (token: string) => void;
}) {
  const { id, token } = found;
  return (
    <ExistingPersonAlert
      whom="Представитель"
      inScope={!!id}
      onRequest={token ? () => onRequest(token) : undefined}
    >
      {id && (
        <Button size="xs" variant="white" onClick={() => onUse(id)}>
          Указать существующую запись представителем
        </Button>
      )}
    </ExistingPersonAlert>
  );
}
