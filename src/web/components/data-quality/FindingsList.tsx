import { Badge, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { type DqFinding, dqFindingsQuery, useRecheck } from '../../api/data-quality.ts';
import { notifyError, notifySuccess } from '../notify.tsx';
import { QueryError } from '../QueryError.tsx';
import { FindingLink } from './FindingLink.tsx';

const SEVERITY = {
  error: { label: 'Ошибка', color: 'red' },
  warning: { label: 'Предупреждение', color: 'yellow' },
} as const;

/**
 * An organization's open findings, check by check: what is wrong, how to fix it, and each object with a
 * link to where it is fixed (see FindingLink). «Проверить снова» re-runs the checks for the
 * organization: a fixed finding closes.
 */
export function FindingsList({
  organizationId,
  canRecheck,
}: {
  organizationId: string;
  canRecheck: boolean;
}) {
  const findings = useInfiniteQuery(dqFindingsQuery(organizationId, 'open'));
  const recheck = useRecheck();
  const items = findings.data?.pages.flatMap((p) => p.items) ?? [];
  const byCheck = new Map<string, DqFinding[]>();
  for (const f of items) byCheck.set(f.check, [...(byCheck.get(f.check) ?? []), f]);
  const onRecheck = async () => {
    try {
      const r = await recheck.mutateAsync(organizationId);
      notifySuccess(`Проверка выполнена: устранено ${r.closed}, новых ${r.opened}, открыто ${r.open}`);
    } catch (e) {
      notifyError(e, 'Проверка не выполнена');
    }
  };
  return (
    <Stack gap="sm" data-testid="dq-findings">
      <Group justify="space-between" align="center" wrap="wrap">
        <Title order={2} size="h4">
          Замечания ({items.length}
          {findings.hasNextPage ? '+' : ''})
        </Title>
        {canRecheck && (
          <Button variant="default" onClick={onRecheck} loading={recheck.isPending}>
            Проверить снова
          </Button>
        )}
      </Group>
      {findings.isError && <QueryError error={findings.error} onRetry={() => void findings.refetch()} />}
      {findings.isSuccess && items.length === 0 && <Text c="dimmed">Открытых замечаний нет.</Text>}
      {[...byCheck.entries()].map(([check, list]) => (
        <Stack key={check} gap={4} data-check={check}>
          <Group gap="xs" wrap="wrap">
            <Badge color={SEVERITY[list[0]!.severity].color} variant="light">
              {SEVERITY[list[0]!.severity].label}
            </Badge>
            <Text fw={600}>
              {list[0]!.title}: {list.length}
            </Text>
          </Group>
          <Text size="sm" c="dimmed">
            Как исправить: {list[0]!.fix}
          </Text>
          <List size="sm">
            {list.map((f) => (
              <List.Item key={f.id}>
                <FindingLink f={f} />
              </List.Item>
            ))}
          </List>
        </Stack>
      ))}
      {findings.hasNextPage && (
        <Button
          variant="subtle"
          onClick={() => void findings.fetchNextPage()}
          loading={findings.isFetchingNextPage}
        >
          Показать еще
        </Button>
      )}
    </Stack>
  );
}
