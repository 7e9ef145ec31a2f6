import { Button, Group, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { CitizenView } from '../../api/citizen.ts';
import { citizenApplicationsQuery } from '../../api/citizen-queue.ts';
import { QueryError } from '../QueryError.tsx';
import { ListSkeleton } from '../Skeletons.tsx';
import { PreschoolApplicationForm } from './PreschoolApplicationForm.tsx';
import { PreschoolApplicationList } from './PreschoolApplications.tsx';

/** «Очередь в детский сад» in the cabinet: the parent's applications and the form to file one. */
export function PreschoolSection({ view, applicantName }: { view: CitizenView; applicantName: string }) {
  const query = useQuery(citizenApplicationsQuery);
  const [filing, setFiling] = useState(false);
  return (
    <section aria-labelledby="preschool-title" data-testid="preschool-section">
      <Group justify="space-between" align="center" mb="xs" gap="xs">
        <Title order={2} size="h3" id="preschool-title">
          Очередь в детский сад
        </Title>
        <Button onClick={() => setFiling(true)}>Подать заявление</Button>
      </Group>
      {query.isPending && <ListSkeleton />}
      {query.isError && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && <PreschoolApplicationList items={query.data.items} zone={query.data.timeZone} />}
      {filing && (
        <PreschoolApplicationForm
          onClose={() => setFiling(false)}
          kids={view.children.map((c) => c.card)}
          needApplicant={!view.person}
          applicantName={applicantName}
        />
      )}
    </section>
  );
}
