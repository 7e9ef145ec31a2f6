import { Divider, Stack, Title } from '@mantine/core';
import type { Address, Organization } from '../../api/types.ts';
import { dash, formatDate, formatDateTime, phoneText } from '../format.ts';
import { InfoGrid } from '../InfoGrid.tsx';
import { LEGAL_FORMS, ORG_KIND_LABELS } from '../labels.ts';
import { AnchorLink } from '../links.tsx';

const address = (a: Address | null) =>
  a?.text ? [a.text, a.oktmo && `ОКТМО ${a.oktmo}`].filter(Boolean).join(', ') : null;

const orgLink = (id: string | null, name: string | null) =>
  id ? (
    <AnchorLink to="/organizations/$id" params={{ id }} size="sm">
      {name ?? id}
    </AnchorLink>
  ) : null;

function Block({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div>
      <Title order={5} mb="xs">
        {title}
      </Title>
      {children}
      <Divider mt="md" />
    </div>
  );
}

// The API leaves out the head's name and phone for roles without access to personal data (the analyst):
// say so, rather than a dash that reads as «not filled in».
const HIDDEN = 'скрыто: персональные данные';

export function DetailsTab({ org }: { org: Organization }) {
  const headHidden = !!org.head && !org.head.fullName && !!org.head.position;
  const licence = org.licence;
  const accreditation = org.accreditation;
  return (
    <Stack gap="md">
      <Block title="Основные сведения">
        <InfoGrid
          items={[
            { label: 'Полное наименование', value: org.fullName, span: true },
            { label: 'Вид организации', value: ORG_KIND_LABELS[org.kind] ?? org.kind },
            {
              label: 'Организационно-правовая форма',
              value: LEGAL_FORMS[org.legalForm]
                ? `${org.legalForm} — ${LEGAL_FORMS[org.legalForm]}`
                : org.legalForm,
            },
            { label: 'Муниципальное образование', value: org.territoryName },
            {
              label: 'Головная организация',
              value: orgLink(org.parentOrganizationId, org.parentOrganizationName),
            },
            { label: 'Вместимость (мест)', value: dash(org.capacity) },
            { label: 'Дата изменения статуса', value: formatDate(org.statusChangedOn) },
            ...(org.liquidatedOn ? [{ label: 'Дата ликвидации', value: formatDate(org.liquidatedOn) }] : []),
            ...(org.successorOrganizationId
              ? [
                  {
                    label: 'Правопреемник',
                    value: orgLink(org.successorOrganizationId, org.successorOrganizationName),
                  },
                ]
              : []),
          ]}
        />
      </Block>
      <Block title="Реквизиты">
        <InfoGrid
          items={[
            { label: 'ИНН', value: org.inn },
            { label: 'КПП', value: org.kpp },
            { label: 'ОГРН', value: org.ogrn },
            { label: 'Учредитель', value: org.founder?.name },
            { label: 'ИНН учредителя', value: org.founder?.inn },
          ]}
        />
      </Block>
      <Block title="Адреса">
        <InfoGrid
          cols={2}
          items={[
            { label: 'Юридический адрес', value: address(org.legalAddress) },
            { label: 'Фактический адрес', value: address(org.actualAddress) },
          ]}
        />
      </Block>
      <Block title="Руководитель и контакты">
        <InfoGrid
          items={[
            { label: 'Руководитель', value: headHidden ? HIDDEN : org.head?.fullName },
            { label: 'Должность', value: org.head?.position },
            {
              label: 'Телефон руководителя',
              value: headHidden ? HIDDEN : org.head?.phone && phoneText(org.head.phone),
            },
            { label: 'Телефон', value: org.contacts?.phone && phoneText(org.contacts.phone) },
            { label: 'Электронная почта', value: org.contacts?.email },
            { label: 'Сайт', value: org.contacts?.website },
          ]}
        />
      </Block>
      <Title order={5} mb={-8}>
        Лицензия и аккредитация
      </Title>
      <InfoGrid
        items={[
          {
            label: 'Лицензия',
            value: licence
              ? [
                  `№ ${licence.number} от ${formatDate(licence.issuedOn)}`,
                  licence.issuer,
                  licence.registryNumber && `реестровый № ${licence.registryNumber}`,
                ]
                  .filter(Boolean)
                  .join(', ')
              : 'нет сведений',
          },
          {
            label: 'Аккредитация',
            value: accreditation
              ? `№ ${accreditation.number} от ${formatDate(accreditation.issuedOn)}` +
                (accreditation.validUntil ? `, до ${formatDate(accreditation.validUntil)}` : ', бессрочно')
              : 'нет сведений',
          },
          { label: 'Запись создана', value: formatDateTime(org.createdAt) },
          { label: 'Последнее изменение', value: `${formatDateTime(org.updatedAt)} (версия ${org.version})` },
        ]}
      />
    </Stack>
  );
}
