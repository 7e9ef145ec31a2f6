import { Accordion, Badge, Button, Group, Paper, Text, Title } from '@mantine/core';
import type { CitizenCard, CitizenConsent, CitizenHealth } from '../../api/citizen.ts';
import { formatDate } from '../format.ts';
import { HealthView } from '../person/card/HealthView.tsx';
import { CoreInfo } from '../person/card/PersonInfo.tsx';
import {
  addressKindTitle,
  CONTACT_KIND_TITLES,
  contactText,
  documentNumberText,
  documentTypeTitle,
  fullName,
  hardshipTitle,
  relationTitle,
} from '../person/person-format.ts';
import { ScrollTable } from '../ScrollTable.tsx';
import { CabinetConsents } from './CabinetConsents.tsx';
import { RecordList } from './RecordList.tsx';

type Props = {
  card: CitizenCard;
  health?: CitizenHealth | undefined;
  consents?: CitizenConsent[] | undefined;
  child?: boolean;
  /** Opens «Сообщить об ошибке в данных» for this person. */
  onReport?: () => void;
};

type Enrollment = CitizenCard['enrollments'][number];

/**
 * Where the child studies now, the main school (or kindergarten, or college) first: a club of
 * additional education is named after it, never instead of it.
 */
export function currentOrganizations(card: CitizenCard): Enrollment[] {
  const today = new Date().toISOString().slice(0, 10);
  const current = card.enrollments.filter((e) => !e.endedOn || e.endedOn >= today);
  const rank = (e: Enrollment) => (e.organizationKind === 'additional' ? 1 : 0);
  return current.sort((a, b) => rank(a) - rank(b) || b.startedOn.localeCompare(a.startedOn));
}

/** Everything the registry holds about one person, as its subject (or parent) reads it. */
export function PersonSections({ card, health, consents, child, onReport }: Props) {
  const current = currentOrganizations(card);
  return (
    <Paper
      withBorder
      p="md"
      radius="sm"
      component="section"
      aria-label={fullName(card)}
      data-testid="cabinet-person"
    >
      <Title order={3} size="h4" mb={4}>
        {fullName(card)}
      </Title>
      {current.length > 0 && (
        <Group gap={6} mb={4} data-testid="cabinet-organizations">
          {current.map((e, i) => (
            <Badge
              key={e.id}
              variant={i === 0 ? 'light' : 'outline'}
              color={i === 0 ? 'blue' : 'gray'}
              tt="none"
              maw="100%"
              style={{ whiteSpace: 'normal', height: 'auto', textAlign: 'left' }}
            >
              {e.organizationName}
            </Badge>
          ))}
        </Group>
      )}
      <Group justify="space-between" gap="xs" mb="sm">
        <Text size="sm" c="dimmed">
          Дата рождения: {formatDate(card.birthDate)}
        </Text>
        {onReport && (
          <Button variant="subtle" size="compact-sm" onClick={onReport}>
            Сообщить об ошибке в данных
          </Button>
        )}
      </Group>
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
              <RecordList
                label="Обучение"
                testId="enrollments-list"
                empty="Сведений об обучении нет"
                head={['Организация', 'Дата зачисления', 'Дата выбытия']}
                rows={card.enrollments.map((e) => ({
                  key: e.id,
                  cells: [
                    e.organizationName,
                    formatDate(e.startedOn),
                    e.endedOn ? formatDate(e.endedOn) : 'обучается',
                  ],
                }))}
              />
            </Accordion.Panel>
          </Accordion.Item>
        )}
        <Accordion.Item value="documents">
          <Accordion.Control>Документы</Accordion.Control>
          <Accordion.Panel>
            <RecordList
              label="Документы"
              empty="Документы не указаны"
              head={[
                'Вид документа',
                'Серия и номер',
                'Дата выдачи',
                'Кем выдан',
                'Актовая запись / код',
                'Действителен до',
              ]}
              rows={card.documents.map((d, i) => ({
                key: `${i}`,
                cells: [
                  documentTypeTitle(d.type),
                  documentNumberText(d),
                  formatDate(d.issuedOn),
                  d.issuer,
                  d.actRecordNumber ?? d.issuerCode,
                  d.validUntil ? formatDate(d.validUntil) : null,
                ],
              }))}
            />
          </Accordion.Panel>
        </Accordion.Item>
        <Accordion.Item value="addresses">
          <Accordion.Control>Адреса и контакты</Accordion.Control>
          <Accordion.Panel>
            <RecordList
              label="Адреса"
              empty="Адреса не указаны"
              head={['Вид', 'Адрес', 'ОКТМО', 'Действует с', 'Действует по']}
              rows={card.addresses.map((a, i) => ({
                key: `${i}`,
                cells: [
                  addressKindTitle(a.kind),
                  a.text,
                  a.oktmo,
                  a.validFrom ? formatDate(a.validFrom) : null,
                  a.validTo ? formatDate(a.validTo) : null,
                ],
              }))}
            />
            <Text size="sm" fw={500} mt="sm" mb={4}>
              Контакты
            </Text>
            <RecordList
              label="Контакты"
              empty="Контакты не указаны"
              head={['Вид', 'Значение', 'Примечание']}
              rows={card.contacts.map((c, i) => ({
                key: `${i}`,
                cells: [CONTACT_KIND_TITLES[c.kind] ?? c.kind, contactText(c), c.note],
              }))}
            />
          </Accordion.Panel>
        </Accordion.Item>
        {child && (
          <Accordion.Item value="representatives">
            <Accordion.Control>Родители и законные представители</Accordion.Control>
            <Accordion.Panel>
              <RecordList
                label="Родители и законные представители"
                empty="Не указаны"
                head={['Кем приходится', 'ФИО']}
                rows={card.representatives.map((l) => ({
                  key: l.person.id,
                  cells: [relationTitle(l.relation), fullName(l.person)],
                }))}
              />
              <Text size="sm" fw={500} mt="sm" mb={4}>
                Трудная жизненная ситуация
              </Text>
              <RecordList
                label="Трудная жизненная ситуация"
                empty="Не относится к категориям ТЖС"
                head={['Категория', 'Начало', 'Окончание', 'Комментарий']}
                rows={card.hardships.map((h, i) => ({
                  key: `${i}`,
                  cells: [
                    hardshipTitle(h.category),
                    formatDate(h.startedOn),
                    h.endedOn ? formatDate(h.endedOn) : null,
                    h.note,
                  ],
                }))}
              />
            </Accordion.Panel>
          </Accordion.Item>
        )}
        {health !== undefined && (
          <Accordion.Item value="health">
            <Accordion.Control>Здоровье</Accordion.Control>
            <Accordion.Panel>
              {health ? (
                // The shared health view keeps its tables; on a phone they scroll inside this frame.
                <ScrollTable label="Сведения о здоровье">
                  <HealthView h={health} />
                </ScrollTable>
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
              <CabinetConsents items={consents} />
            </Accordion.Panel>
          </Accordion.Item>
        )}
      </Accordion>
    </Paper>
  );
}
