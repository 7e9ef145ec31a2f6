import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { healthQuery } from '../../../api/person-extras.ts';
import { QueryError } from '../../QueryError.tsx';
import { ListSkeleton } from '../../Skeletons.tsx';
import { can, useSession } from '../../session.ts';
import { HealthForm } from './HealthForm.tsx';
import { HealthView } from './HealthView.tsx';

/** Special-category data: shown only to holders of the health permission, written under a consent. */
export function HealthTab({ personId }: { personId: string }) {
  const session = useSession();
  const query = useQuery(healthQuery(personId));
  const [editing, setEditing] = useState(false);
  if (query.isPending) return <ListSkeleton />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const h = query.data;
  return (
    <Stack gap="md">
      <Alert color="gray" variant="light" p="xs">
        <Text size="xs">
          Сведения о состоянии здоровья — специальная категория персональных данных (152-ФЗ ст. 10). Они
          вносятся только при действующем письменном согласии; каждое обращение фиксируется в журнале.
        </Text>
      </Alert>
      {editing ? (
        <HealthForm
          key={h.version}
          personId={personId}
          initial={h}
          onDone={() => setEditing(false)}
          onReload={() => void query.refetch()}
        />
      ) : (
        <>
          {can(session, 'health.write') && (
            <Group>
              <Button size="xs" variant="default" onClick={() => setEditing(true)}>
                Изменить сведения о здоровье
              </Button>
            </Group>
          )}
          <HealthView h={h} />
        </>
      )}
    </Stack>
  );
}
