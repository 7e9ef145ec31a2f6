import { Accordion, Group, List, Paper, Stack, Text, Timeline } from '@mantine/core';
import { formatInstant } from '../../../common/dates/format-instant.ts';
import { GROUP_FOCUS_TITLES, STAY_MODE_TITLES } from '../../../common/education-dictionary.ts';
import { RIGHT_TITLES } from '../../../common/queue-dictionary.ts';
import type { CitizenApplication } from '../../api/citizen-queue.ts';
import { formatDate } from '../format.ts';
import { InfoGrid } from '../InfoGrid.tsx';
import { AnchorLink } from '../links.tsx';
import { fullName } from '../person/person-format.ts';
import { ApplicationStatusBadge } from '../queue/queue-format.tsx';
import { PreschoolReferrals } from './PreschoolReferrals.tsx';

const RIGHT_STATUS: Record<CitizenApplication['rights'][number]['status'], string> = {
  pending: 'на проверке',
  confirmed: 'подтверждена',
  rejected: 'не подтверждена',
};

/**
 * One application as a card: number (to the public position page), status, the referral when one is
 * issued, what was asked, history.
 */
function ApplicationCard({ a, zone }: { a: CitizenApplication; zone: string }) {
  return (
    <Paper
      withBorder
      p="md"
      radius="sm"
      component="li"
      style={{ listStyle: 'none' }}
      aria-label={`Заявление № ${a.number}`}
      data-testid="preschool-application"
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs">
          <div style={{ minWidth: 0 }}>
            <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
              {fullName(a.child)}, {formatDate(a.child.birthDate)}
            </Text>
            <Text size="sm">
              Заявление №{' '}
              <AnchorLink to="/queue-position" search={{ number: a.number }} data-testid="application-number">
                {a.number}
              </AnchorLink>{' '}
              от {formatInstant(a.registeredAt, zone)}
            </Text>
          </div>
          <ApplicationStatusBadge status={a.status} />
        </Group>
        <PreschoolReferrals referrals={a.referrals} />
        <InfoGrid
          cols={3}
          items={[
            { label: 'Муниципалитет', value: a.municipality.name },
            { label: 'Желаемая дата приёма', value: formatDate(a.desiredOn) },
            { label: 'Направленность группы', value: GROUP_FOCUS_TITLES[a.groupFocus] },
            { label: 'Режим пребывания', value: STAY_MODE_TITLES[a.stayMode] },
            {
              label: 'Другие детские сады',
              value: a.acceptsAlternatives ? 'согласен(на) рассмотреть' : 'только выбранные',
            },
            { label: 'Заявитель', value: a.applicant.isMe ? 'вы' : a.applicant.fullName },
          ]}
        />
        <div>
          <Text size="sm" c="dimmed">
            Детские сады в порядке приоритета
          </Text>
          <List type="ordered" size="sm" spacing={2}>
            {a.preferences.map((p) => (
              <List.Item key={p.rank}>{p.name}</List.Item>
            ))}
          </List>
        </div>
        {a.rights.map((r) => (
          <Text size="sm" key={r.categoryTitle}>
            Льгота: {r.categoryTitle} ({RIGHT_TITLES[r.right]}) — {RIGHT_STATUS[r.status]}
            {r.decisionReason ? `: ${r.decisionReason}` : ''}
          </Text>
        ))}
        <Accordion variant="contained" chevronPosition="left">
          <Accordion.Item value="history">
            <Accordion.Control>История заявления ({a.history.length})</Accordion.Control>
            <Accordion.Panel>
              <Timeline active={a.history.length - 1} bulletSize={14} lineWidth={2}>
                {a.history.map((h) => (
                  <Timeline.Item key={`${h.at}-${h.status}-${h.reason}`} title={h.statusTitle}>
                    <Text size="xs" c="dimmed">
                      {formatInstant(h.at, zone)}
                    </Text>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {h.reason}
                    </Text>
                  </Timeline.Item>
                ))}
              </Timeline>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
      </Stack>
    </Paper>
  );
}

/** The parent's applications, newest first; an empty list says how to start. */
export function PreschoolApplicationList({ items, zone }: { items: CitizenApplication[]; zone: string }) {
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="preschool-applications-empty">
        Заявлений пока нет. Чтобы встать в очередь, нажмите «Подать заявление».
      </Text>
    );
  return (
    <Stack gap="sm" component="ul" p={0} m={0} aria-label="Мои заявления в детский сад">
      {items.map((a) => (
        <ApplicationCard key={a.id} a={a} zone={zone} />
      ))}
    </Stack>
  );
}
