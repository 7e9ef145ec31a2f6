import { Button, Group, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import {
  CONSENT_PURPOSES,
  consentPurpose,
  needsRepresentative,
} from '../../../../common/consent-purposes.ts';
import { isApiError } from '../../../api/http.ts';
import { type GiveConsentBody, useGiveConsent } from '../../../api/person-extras.ts';
import type { PersonCard } from '../../../api/person-types.ts';
import { today } from '../../format.ts';
import { LabeledMultiSelect, LabeledSelect } from '../../LabeledSelect.tsx';
import { notifyError, notifySuccess } from '../../notify.tsx';
import { DateField } from '../form/fields.tsx';
import { fullName, relationTitle } from '../person-format.ts';
import { categoryTitle } from './ConsentsView.tsx';

const PURPOSE_OPTIONS = CONSENT_PURPOSES.filter((p) => p.basis === 'consent').map((p) => ({
  value: p.code,
  label: p.title,
}));

/** Registers a written consent; a minor's consent names the legal representative who signed it. */
export function GiveConsentForm({ card, onClose }: { card: PersonCard; onClose: () => void }) {
  const give = useGiveConsent(card.id);
  const [purpose, setPurpose] = useState<GiveConsentBody['purpose'] | null>(null);
  const [scope, setScope] = useState<string[]>([]);
  const [givenOn, setGivenOn] = useState(today());
  const [document, setDocument] = useState('');
  const [representativeId, setRepresentativeId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const categories = purpose ? [...(consentPurpose(purpose)?.dataCategories ?? [])] : [];
  const minor = !!givenOn && needsRepresentative(card.birthDate, givenOn);

  const choosePurpose = (v: string | null) => {
    setPurpose(v as GiveConsentBody['purpose'] | null);
    setScope(v ? [...(consentPurpose(v)?.dataCategories ?? [])] : []);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!purpose) missing.purpose = 'Выберите цель обработки';
    if (scope.length === 0) missing.scope = 'Укажите хотя бы одну категорию данных';
    if (!givenOn) missing.givenOn = 'Обязательное поле';
    if (minor && !representativeId)
      missing.representativeId = 'Согласие за несовершеннолетнего дает законный представитель';
    setErrors(missing);
    if (Object.keys(missing).length) return;
    try {
      await give.mutateAsync({
        purpose: purpose!,
        scope,
        givenOn,
        ...(document.trim() ? { document: document.trim() } : {}),
        ...(representativeId ? { representativeId } : {}),
      });
      notifySuccess('Согласие зарегистрировано');
      onClose();
    } catch (err) {
      if (isApiError(err)) {
        const fields = err.fieldErrors();
        setErrors(Object.fromEntries(Object.entries(fields).map(([k, m]) => [k.split('.')[0]!, m])));
      }
      notifyError(err, 'Не удалось зарегистрировать согласие');
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <LabeledSelect
          label="Цель обработки"
          required
          data={PURPOSE_OPTIONS}
          value={purpose}
          onChange={choosePurpose}
          error={errors.purpose}
        />
        <LabeledMultiSelect
          label="Категории данных"
          required
          data={categories.map((c) => ({ value: c, label: categoryTitle(c) }))}
          value={scope}
          onChange={setScope}
          error={errors.scope}
        />
        <DateField
          label="Дата согласия"
          required
          maxToday
          value={givenOn}
          onChange={setGivenOn}
          error={errors.givenOn}
        />
        <TextInput
          label="Документ (реквизиты бланка согласия)"
          value={document}
          onChange={(e) => setDocument(e.currentTarget.value)}
          error={errors.document}
        />
        <LabeledSelect
          label="Кто дал согласие"
          required={minor}
          clearable={!minor}
          placeholder={minor ? 'Выберите законного представителя' : 'Лично'}
          description={minor ? 'Человеку нет 18 лет на дату согласия' : undefined}
          data={card.representatives.map((l) => ({
            value: l.person.id,
            label: `${fullName(l.person)} (${relationTitle(l.relation).toLowerCase()})`,
          }))}
          value={representativeId}
          onChange={setRepresentativeId}
          error={errors.representativeId}
          nothingFoundMessage="Представители не указаны в карточке"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={give.isPending}>
            Отмена
          </Button>
          <Button type="submit" loading={give.isPending}>
            Зарегистрировать
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
