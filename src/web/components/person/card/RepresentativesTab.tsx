import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { PersonCard, RepresentationLink } from '../../../api/person-types.ts';
import { useUnlinkRepresentative } from '../../../api/persons.ts';
import { ConfirmButton } from '../../ConfirmButton.tsx';
import { formatDate } from '../../format.ts';
import { AnchorLink } from '../../links.tsx';
import { notifyError, notifySuccess } from '../../notify.tsx';
import { fullName, relationTitle, snilsText } from '../person-format.ts';
import { AddRepresentativeModal } from './AddRepresentativeModal.tsx';
import { SimpleTable } from './PersonInfo.tsx';

const period = (l: RepresentationLink) =>
  l.validFrom || l.validTo
    ? `${formatDate(l.validFrom)} — ${l.validTo ? formatDate(l.validTo) : 'н. в.'}`
    : null;

const personLink = (l: RepresentationLink) => (
  <AnchorLink to="/persons/$id" params={{ id: l.person.id }} size="sm">
    {fullName(l.person)}
  </AnchorLink>
);

/**
 * The children a representative acts for, on the first tab of the representative's card: who they are
 * is the first thing a clerk looks for there.
 */
export function RepresentedChildren({ card }: { card: PersonCard }) {
  return (
    <div>
      <Title order={5} mb="xs">
        Представляет интересы
      </Title>
      <SimpleTable
        testId="represents-table"
        label="Представляет интересы"
        empty=""
        head={['ФИО', 'Дата рождения', 'Кем приходится', 'Срок']}
        rows={card.represents.map((l) => [
          personLink(l),
          formatDate(l.person.birthDate),
          relationTitle(l.relation),
          period(l),
        ])}
      />
    </div>
  );
}

export function RepresentativesTab({ card, canEdit }: { card: PersonCard; canEdit: boolean }) {
  const [opened, modal] = useDisclosure(false);
  const unlink = useUnlinkRepresentative(card.id);
  const remove = async (linkId: string) => {
    try {
      await unlink.mutateAsync(linkId);
      notifySuccess('Связь с представителем прекращена');
    } catch (err) {
      notifyError(err, 'Не удалось прекратить связь');
    }
  };
  return (
    <Stack gap="md">
      <div>
        <Group justify="space-between" mb="xs">
          <Title order={4}>Родители и законные представители</Title>
          {canEdit && (
            <Button size="xs" onClick={modal.open}>
              Добавить представителя
            </Button>
          )}
        </Group>
        <SimpleTable
          testId="representatives-table"
          label="Родители и законные представители"
          empty="Представители не указаны"
          head={['Кем приходится', 'ФИО', 'Дата рождения', 'СНИЛС', 'Документ о полномочиях', 'Срок', '']}
          rows={card.representatives.map((l) => [
            relationTitle(l.relation),
            personLink(l),
            formatDate(l.person.birthDate),
            l.person.snils ? snilsText(l.person.snils) : null,
            l.authorityDocument,
            period(l),
            canEdit ? (
              <ConfirmButton
                key="unlink"
                size="compact-xs"
                variant="subtle"
                color="red"
                question={`Прекратить связь с представителем ${fullName(l.person)}? Запись о человеке сохранится.`}
                confirmLabel="Прекратить"
                onConfirm={() => remove(l.linkId)}
              >
                Прекратить связь
              </ConfirmButton>
            ) : null,
          ])}
        />
      </div>
      {!canEdit && card.representatives.length === 0 && (
        <Text size="xs" c="dimmed">
          Добавлять представителей может пользователь с правом изменения записи.
        </Text>
      )}
      <AddRepresentativeModal learnerId={card.id} opened={opened} onClose={modal.close} />
    </Stack>
  );
}
