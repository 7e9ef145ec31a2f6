import { Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { DATA_CATEGORY_TITLES, type DataCategory } from '../../../../common/consent-purposes.ts';
import type { Consent, LegalBasisRow } from '../../../api/person-extras.ts';
import { formatDate } from '../../format.ts';
import { SimpleTable } from './PersonInfo.tsx';

export const categoryTitle = (c: string) => DATA_CATEGORY_TITLES[c as DataCategory] ?? c;

/** Consents given (and revoked) and the purposes processed on a law's basis, where no consent is asked. */
export function ConsentsView({
  items,
  legalBases,
  actions,
}: {
  items: Consent[];
  legalBases: LegalBasisRow[];
  actions?: (c: Consent) => ReactNode;
}) {
  const byLaw = legalBases.filter((b) => b.basis === 'law');
  return (
    <Stack gap="md">
      <div>
        <Title order={5} mb="xs">
          Согласия на обработку персональных данных
        </Title>
        <SimpleTable
          testId="consents-table"
          empty="Согласия не зарегистрированы"
          head={[
            'Цель обработки',
            'Категории данных',
            'Дата',
            'Документ',
            'Кто дал',
            'Статус',
            ...(actions ? [''] : []),
          ]}
          rows={items.map((c) => [
            c.purposeTitle,
            <Text size="xs" key="scope">
              {c.scope.map(categoryTitle).join('; ')}
            </Text>,
            formatDate(c.givenOn),
            c.document,
            c.representative?.fullName ?? 'Лично',
            c.revokedOn ? (
              <Text key="st" size="sm" c="dimmed" title={c.revocationReason ?? undefined}>
                Отозвано {formatDate(c.revokedOn)}
              </Text>
            ) : (
              <Text key="st" size="sm" c="green.8" fw={500}>
                Действует
              </Text>
            ),
            ...(actions ? [actions(c)] : []),
          ])}
        />
      </div>
      {byLaw.length > 0 && (
        <div>
          <Title order={5} mb="xs">
            Обработка без согласия (на основании закона)
          </Title>
          <SimpleTable
            testId="legal-bases-table"
            empty=""
            head={['Цель обработки', 'Правовое основание', 'Категории данных']}
            rows={byLaw.map((b) => [
              b.title,
              b.lawReference,
              <Text size="xs" key="cat">
                {b.dataCategories.map(categoryTitle).join('; ')}
              </Text>,
            ])}
          />
        </div>
      )}
    </Stack>
  );
}
