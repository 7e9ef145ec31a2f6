import { Alert, Badge, List, Stack, Text } from '@mantine/core';
import type { CitizenApplication } from '../../api/citizen-queue.ts';
import { formatDate } from '../format.ts';
import { WRAPPING } from '../queue/queue-format.tsx';

type Referral = CitizenApplication['referrals'][number];

const STATUS_COLORS: Record<Referral['status'], string> = {
  issued: 'grape',
  enrolled: 'green',
  refused: 'gray',
  expired: 'orange',
  cancelled: 'gray',
};

/** What the kindergarten asks for at admission (Order 236, п. 9). */
const DOCUMENTS = [
  'паспорт (документ, удостоверяющий личность родителя)',
  'свидетельство о рождении ребёнка',
  'документ о регистрации ребёнка по месту жительства или пребывания',
  'медицинское заключение',
];

const where = (r: Referral) => `${r.kindergarten.name}, группа «${r.groupName}»`;

/**
 * The referral in force, set apart at the top of the application: where to go, to which group, by
 * when, and what to bring. An offer of a kindergarten the family did not rank says that refusing it
 * costs nothing in the queue.
 */
function CurrentReferral({ r }: { r: Referral }) {
  const offer = r.kind === 'offer';
  const deadline = formatDate(r.expiresOn);
  return (
    <Alert
      color="grape"
      variant="light"
      radius="sm"
      data-testid="current-referral"
      title={
        <span style={{ overflowWrap: 'anywhere' }}>
          {offer ? 'Предложено место в ' : 'Выдано направление в '}
          {where(r)}, явиться до {deadline}
        </span>
      }
    >
      <Stack gap={6}>
        <Text size="sm">
          Направление № {r.number} от {formatDate(r.issuedOn)}
        </Text>
        {r.kindergarten.address && (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            Адрес детского сада: {r.kindergarten.address}
          </Text>
        )}
        {offer && (
          <Text size="sm">
            В выбранных вами детских садах мест не нашлось, поэтому предлагается место в другом. Если оно вам
            подходит, сделайте то же, что и по обычному направлению.
          </Text>
        )}
        <Text size="sm" fw={600}>
          Придите в детский сад не позднее {deadline} включительно и возьмите с собой:
        </Text>
        <List size="sm" spacing={2}>
          {DOCUMENTS.map((d) => (
            <List.Item key={d}>{d}</List.Item>
          ))}
        </List>
        <Text size="sm">
          В детском саду вы напишете заявление о приёме и заключите договор, после чего ребёнка зачислят.
        </Text>
        <Text size="sm">
          {offer
            ? 'От этого предложения можно отказаться: место в очереди и дата регистрации заявления сохранятся. Сообщите об отказе в детский сад или в управление образования.'
            : 'Если не прийти в срок, направление будет аннулировано, а заявление вернётся в очередь с прежней датой регистрации.'}
        </Text>
      </Stack>
    </Alert>
  );
}

/** The application's referrals: the one in force highlighted, the closed ones listed with their outcome. */
export function PreschoolReferrals({ referrals }: { referrals: Referral[] }) {
  const current = referrals.find((r) => r.status === 'issued');
  const past = referrals.filter((r) => r !== current);
  if (referrals.length === 0) return null;
  return (
    <Stack gap="xs">
      {current && <CurrentReferral r={current} />}
      {past.length > 0 && (
        <div>
          <Text size="sm" c="dimmed">
            {current ? 'Прежние направления' : 'Направления'}
          </Text>
          <List size="sm" spacing={4} data-testid="past-referrals">
            {past.map((r) => (
              <List.Item key={r.number}>
                <span style={{ overflowWrap: 'anywhere' }}>
                  № {r.number} от {formatDate(r.issuedOn)}: {where(r)}{' '}
                </span>
                <Badge
                  color={STATUS_COLORS[r.status]}
                  variant="light"
                  radius="sm"
                  tt="none"
                  styles={WRAPPING}
                >
                  {r.statusTitle}
                </Badge>
              </List.Item>
            ))}
          </List>
        </div>
      )}
    </Stack>
  );
}
