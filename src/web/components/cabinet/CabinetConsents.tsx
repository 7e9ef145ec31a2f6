import { Stack, Text } from '@mantine/core';
import { CONSENT_PURPOSES } from '../../../common/consent-purposes.ts';
import type { CitizenConsent } from '../../api/citizen.ts';
import { formatDate } from '../format.ts';
import { categoryTitle } from '../person/card/ConsentsView.tsx';
import { RecordList } from './RecordList.tsx';

const BY_LAW = CONSENT_PURPOSES.filter((p) => p.basis === 'law');

/**
 * Consents given for the person and the purposes processed without consent, as the cabinet's
 * records (cards on a phone): the same content as the staff card's consent tables.
 */
export function CabinetConsents({ items }: { items: CitizenConsent[] }) {
  return (
    <Stack gap="sm">
      <Text size="sm" fw={500}>
        Согласия на обработку персональных данных
      </Text>
      <RecordList
        label="Согласия на обработку персональных данных"
        empty="Согласия не зарегистрированы"
        head={['Цель обработки', 'Категории данных', 'Дата', 'Документ', 'Кто дал', 'Статус']}
        rows={items.map((c) => ({
          key: c.id,
          cells: [
            c.purposeTitle,
            c.scope.map(categoryTitle).join('; '),
            formatDate(c.givenOn),
            c.document,
            c.representative?.fullName ?? 'Лично',
            c.revokedOn
              ? `Отозвано ${formatDate(c.revokedOn)}${c.revocationReason ? `: ${c.revocationReason}` : ''}`
              : 'Действует',
          ],
        }))}
      />
      <Text size="sm" fw={500}>
        Обработка без согласия (на основании закона)
      </Text>
      <RecordList
        label="Обработка без согласия"
        empty=""
        head={['Цель обработки', 'Правовое основание', 'Категории данных']}
        rows={BY_LAW.map((b) => ({
          key: b.code,
          cells: [b.title, b.lawReference, b.dataCategories.map(categoryTitle).join('; ')],
        }))}
      />
    </Stack>
  );
}
