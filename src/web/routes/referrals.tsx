import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { REFERRAL_STATUS_TITLES } from '../../common/queue-dictionary.ts';
import { type Referral, referralsQuery, useCloseReferral } from '../api/allocation.ts';
import { ActionDialog } from '../components/ActionDialog.tsx';
import { ReferralStatusBadge } from '../components/allocation/allocation-format.tsx';
import { formatDate } from '../components/format.ts';
import { LabeledSelect } from '../components/LabeledSelect.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { AnchorLink } from '../components/links.tsx';
import { notifySuccess } from '../components/notify.tsx';
import { ListLoadError } from '../components/QueryError.tsx';
import { ReasonField, useReason } from '../components/ReasonField.tsx';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { TableSkeletonRows } from '../components/Skeletons.tsx';
import { can, useSession } from '../components/session.ts';
import { TableMessageRow } from '../components/TableMessageRow.tsx';
import { titleOptions, useServerErrors } from '../components/useServerErrors.ts';

const route = getRouteApi('/app/referrals');
const COLS = 7;

/** «Направления»: the referrals to the groups the user covers, and their closing by enrollment or refusal. */
export function ReferralsPage() {
  const search = route.useSearch();
  const session = useSession();
  const navigate = useNavigate({ from: '/referrals' });
  const list = useInfiniteQuery(referralsQuery({ status: search.status, runId: search.runId }));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const [closing, setClosing] = useState<Referral | null>(null);
  const mayClose = can(session, 'referral.close');
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Направления в детские сады
        </Title>
        <Text c="dimmed">
          Выданные по итогам комплектования. Направление действует до указанной даты; по истечении срока
          заявление возвращается в очередь.
        </Text>
      </div>
      <Group gap="sm" align="flex-end">
        <LabeledSelect
          label="Состояние"
          placeholder="Все"
          clearable
          data={titleOptions(REFERRAL_STATUS_TITLES)}
          value={search.status ?? null}
          onChange={(v) =>
            void navigate({
              search: (s) => ({ ...s, status: (v ?? undefined) as Referral['status'] | undefined }),
              replace: true,
            })
          }
          style={{ width: 240 }}
        />
      </Group>
      {list.isError && <ListLoadError error={list.error} fallback="Не удалось загрузить направления" />}
      <ScrollTable label="Направления" minWidth={900}>
        <Table
          withTableBorder
          striped
          highlightOnHover
          fz="sm"
          verticalSpacing={6}
          data-testid="referrals-table"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Направление</Table.Th>
              <Table.Th>Ребенок</Table.Th>
              <Table.Th>Детский сад и группа</Table.Th>
              <Table.Th>Выдано</Table.Th>
              <Table.Th>Действует до</Table.Th>
              <Table.Th>Состояние</Table.Th>
              <Table.Th aria-label="Действия" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.isPending && <TableSkeletonRows colSpan={COLS} />}
            {list.isSuccess && items.length === 0 && (
              <TableMessageRow colSpan={COLS}>Направлений нет</TableMessageRow>
            )}
            {items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  № {r.number}
                  <Text size="xs" c="dimmed">
                    {r.kind === 'offer' ? 'предложение иного сада' : 'по выбору семьи'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {can(session, 'application.read') ? (
                    <AnchorLink to="/queue/$id" params={{ id: r.applicationId }}>
                      {[r.child.lastName, r.child.firstName, r.child.middleName].filter(Boolean).join(' ')}
                    </AnchorLink>
                  ) : (
                    [r.child.lastName, r.child.firstName, r.child.middleName].filter(Boolean).join(' ')
                  )}
                  <Text size="xs" c="dimmed">
                    {formatDate(r.child.birthDate)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {r.organizationName}
                  <Text size="xs" c="dimmed">
                    {r.unitName}
                  </Text>
                </Table.Td>
                <Table.Td>{formatDate(r.issuedOn)}</Table.Td>
                <Table.Td>{formatDate(r.expiresOn)}</Table.Td>
                <Table.Td>
                  <ReferralStatusBadge status={r.status} />
                </Table.Td>
                <Table.Td>
                  {mayClose && r.status === 'issued' && (
                    <Button size="xs" variant="light" onClick={() => setClosing(r)}>
                      Закрыть
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {items.length > 0 && <LoadMore query={list} />}
      {closing && <CloseReferralDialog referral={closing} onClose={() => setClosing(null)} />}
    </Stack>
  );
}

function CloseReferralDialog({ referral, onClose }: { referral: Referral; onClose: () => void }) {
  const [decision, setDecision] = useState<'enrolled' | 'refused'>('enrolled');
  const reason = useReason('основание');
  const close = useCloseReferral(referral.id);
  const server = useServerErrors(() => ['decision']);
  const submit = async () => {
    const text = reason.take();
    if (!text) return;
    try {
      await close.mutateAsync({ decision, reason: text, version: referral.version });
      notifySuccess(
        decision === 'enrolled' ? 'Ребенок зачислен по направлению' : 'Отказ от направления записан',
      );
      onClose();
    } catch (e) {
      server.apply(e);
    }
  };
  return (
    <ActionDialog
      title={`Направление № ${referral.number}`}
      onClose={onClose}
      server={server}
      submitLabel="Сохранить"
      onSubmit={submit}
      pending={close.isPending}
    >
      <LabeledSelect
        label="Итог"
        required
        data={[
          { value: 'enrolled', label: 'Ребенок зачислен' },
          { value: 'refused', label: 'Семья отказалась' },
        ]}
        value={decision}
        onChange={(v) => setDecision((v ?? 'enrolled') as 'enrolled' | 'refused')}
        error={server.errors.decision}
      />
      <ReasonField
        label={decision === 'enrolled' ? 'Приказ о зачислении' : 'Причина отказа'}
        description="Увидит заявитель в истории заявления"
        field={reason.field}
      />
    </ActionDialog>
  );
}
