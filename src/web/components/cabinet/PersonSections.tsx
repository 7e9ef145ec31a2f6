import { Accordion, Badge, Group, Paper, Text, Title } from '@mantine/core';
import { CONSENT_PURPOSES } from '../../../common/consent-purposes.ts';
import type { CitizenCard, CitizenConsent, CitizenHealth } from '../../api/citizen.ts';
import { formatDate } from '../format.ts';
import { ConsentsView } from '../person/card/ConsentsView.tsx';
import { HealthView } from '../person/card/HealthView.tsx';
import {
  AddressesTable,
  ContactsTable,
  CoreInfo,
  DocumentsTable,
  EnrollmentsTable,
  HardshipsTable,
  SimpleTable,
} from '../person/card/PersonInfo.tsx';
import { fullName, relationTitle } from '../person/person-format.ts';

const LEGAL_BASES = CONSENT_PURPOSES.map((p) => ({ ...p, dataCategories: [...p.dataCategories] }));

type Props = {
  card: CitizenCard;
  health?: CitizenHealth | undefined;
  consents?: CitizenConsent[] | undefined;
  child?: boolean;
};

/** Everything the registry holds about one person, as its subject (or parent) reads it. */
export function PersonSections({ card, health, consents, child }: Props) {
  const current = card.enrollments.find((e) => !e.endedOn);
  return (
    <Paper
      withBorder
      p="md"
      radius="sm"
      component="section"
      aria-label={fullName(card)}
      data-testid="cabinet-person"
    >
      <Group justify="space-between" mb="xs">
        <Title order={4}>{fullName(card)}</Title>
        {current && <Badge variant="light">{current.organizationName}</Badge>}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        Дата рождения: {formatDate(card.birthDate)}
      </Text>
      <Accordion multiple defaultValue={['core', 'education']} variant="separated">
        <Accordion.Item value="core">
          <Accordion.Control>Личные данные</Accordion.Control>
          <Accordion.Panel>
            <CoreInfo p={card} />
          </Accordion.Panel>
        </Accordion.Item>
        {child && (
          <Accordion.Item value="education">
            <Accordion.Control>Обучение</Accordion.Control>
            <Accordion.Panel>
              <EnrollmentsTable p={card} />
            </Accordion.Panel>
          </Accordion.Item>
        )}
        <Accordion.Item value="documents">
          <Accordion.Control>Документы</Accordion.Control>
          <Accordion.Panel>
            <DocumentsTable p={card} />
          </Accordion.Panel>
        </Accordion.Item>
        <Accordion.Item value="addresses">
          <Accordion.Control>Адреса и контакты</Accordion.Control>
          <Accordion.Panel>
            <AddressesTable p={card} />
            <Text size="sm" fw={500} mt="sm" mb={4}>
              Контакты
            </Text>
            <ContactsTable p={card} />
          </Accordion.Panel>
        </Accordion.Item>
        {child && (
          <Accordion.Item value="representatives">
            <Accordion.Control>Родители и законные представители</Accordion.Control>
            <Accordion.Panel>
              <SimpleTable
                empty="Не указаны"
                head={['Кем приходится', 'ФИО']}
                rows={card.representatives.map((l) => [relationTitle(l.relation), fullName(l.person)])}
              />
              <Text size="sm" fw={500} mt="sm" mb={4}>
                Трудная жизненная ситуация
              </Text>
              <HardshipsTable p={card} />
            </Accordion.Panel>
          </Accordion.Item>
        )}
        {health !== undefined && (
          <Accordion.Item value="health">
            <Accordion.Control>Здоровье</Accordion.Control>
            <Accordion.Panel>
              {health ? (
                <HealthView h={health} />
              ) : (
                <Text size="sm" c="dimmed">
                  Сведения о здоровье не вносились
                </Text>
              )}
            </Accordion.Panel>
          </Accordion.Item>
        )}
        {consents !== undefined && (
          <Accordion.Item value="consents">
            <Accordion.Control>Согласия на обработку данных</Accordion.Control>
            <Accordion.Panel>
              <ConsentsView
                items={consents.map((c) => ({ ...c, basis: 'consent' }))}
                legalBases={LEGAL_BASES}
              />
            </Accordion.Panel>
          </Accordion.Item>
        )}
      </Accordion>
    </Paper>
  );
}
