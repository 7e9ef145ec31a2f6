import { Alert, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import type { PersonCard } from '../../api/person-types.ts';
import { formatDate, today } from '../format.ts';
import { InfoGrid } from '../InfoGrid.tsx';
import { AnchorLink } from '../links.tsx';
import { PersonPicker } from '../person/PersonPicker.tsx';
import { ageText, fullName, relationTitle } from '../person/person-format.ts';
import type { PickerOption } from '../SearchPicker.tsx';

/** The address the queue goes by: where the child is registered to live, else where it stays or lives. */
export function homeAddress(card: PersonCard | undefined) {
  const order = ['registration', 'stay', 'actual'];
  const current = (card?.addresses ?? []).filter((a) => !a.validTo || a.validTo >= today());
  return [...current].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))[0] ?? null;
}

/** The child's parents and legal representatives whose link is in force. */
export const currentRepresentatives = (card: PersonCard | undefined) =>
  (card?.representatives ?? []).filter((r) => !r.validTo || r.validTo >= today());

type Props = {
  childId: string;
  applicantId: string;
  onChild: (id: string, option: PickerOption | null) => void;
  onApplicant: (id: string) => void;
  /** The chosen child's card once loaded; `cardFailed` when it could not be. */
  card: PersonCard | undefined;
  cardFailed: boolean;
  initialChild: PickerOption | null;
  errors: Record<string, string>;
};

/** «3 года», or «8 мес.» for a child under one. */
function age(birthDate: string) {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today().split('-').map(Number) as [number, number, number];
  const months = (ty - by) * 12 + (tm - bm) - (td < bd ? 1 : 0);
  return months < 12 ? `${Math.max(months, 0)} мес.` : ageText(Math.floor(months / 12));
}

/**
 * «Ребёнок и заявитель»: a child the operator already sees (persons search), and the applicant among the
 * child's parents and legal representatives on its card.
 */
export function FilingPersons(props: Props) {
  const { childId, applicantId, onChild, onApplicant, card: data, cardFailed, initialChild, errors } = props;
  const reps = currentRepresentatives(data);
  const address = homeAddress(data);
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <PersonPicker
          label="Ребёнок"
          value={childId || null}
          initialOption={initialChild}
          onChange={(id, option) => onChild(id ?? '', option ?? null)}
          error={errors.childId}
        />
      </SimpleGrid>
      {childId && cardFailed && (
        <Alert color="red" variant="light">
          Не удалось загрузить карточку ребёнка
        </Alert>
      )}
      {data && (
        <InfoGrid
          items={[
            { label: 'Дата рождения', value: `${formatDate(data.birthDate)} (${age(data.birthDate)})` },
            {
              label: 'Сейчас обучается',
              value: data.enrollments
                .filter((e) => !e.endedOn)
                .map((e) => e.organizationName)
                .join(', '),
            },
            {
              label: 'Адрес',
              value: address
                ? `${address.text}${address.oktmo ? ` · ОКТМО ${address.oktmo}` : ''}`
                : 'не указан',
              span: true,
            },
          ]}
        />
      )}
      {data && reps.length > 0 && (
        <Radio.Group
          label="Заявитель"
          description="Родитель (законный представитель) ребёнка, от имени которого подаётся заявление"
          required
          value={applicantId || null}
          onChange={onApplicant}
          error={errors.applicantId}
        >
          <Stack gap={6} mt={6}>
            {reps.map((r) => (
              <Radio
                key={r.linkId}
                value={r.person.id}
                label={`${fullName(r.person)} — ${relationTitle(r.relation)}, ${formatDate(r.person.birthDate)}`}
              />
            ))}
          </Stack>
        </Radio.Group>
      )}
      {data && reps.length === 0 && (
        <Alert color="orange" variant="light" title="Нет законного представителя">
          Заявление подаёт родитель (законный представитель). Добавьте его в{' '}
          <AnchorLink to="/persons/$id" params={{ id: data.id }}>
            карточке ребёнка
          </AnchorLink>{' '}
          и вернитесь к заявлению.
          {errors.applicantId && (
            <Text size="sm" c="red.8" mt={4}>
              {errors.applicantId}
            </Text>
          )}
        </Alert>
      )}
    </Stack>
  );
}
