/** The parts of a preschool application that the parent's form and the operator's page share. */
import { Checkbox, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import {
  GROUP_FOCUS_TITLES,
  IMPAIRMENT_TYPE_TITLES,
  STAY_MODE_TITLES,
} from '../../../common/education-dictionary.ts';
import { RIGHT_CATEGORIES } from '../../../common/queue-dictionary.ts';
import type { ApiBody } from '../../api/http.ts';
import { bind, type FieldProps, type Values } from '../cabinet/NewChildFields.tsx';
import { DateField } from '../date/DateField.tsx';
import { today } from '../format.ts';
import { LabeledSelect } from '../LabeledSelect.tsx';
import { titleOptions } from '../useServerErrors.ts';

type Body = ApiBody<'filePreschoolApplication'>;

export const opt = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
const SPECIAL = new Set(['compensating', 'combined']);
/** A compensating or combined group needs the ПМПК conclusion and the kind of impairment. */
export const isSpecialFocus = (focus: string | undefined) => SPECIAL.has(focus ?? '');

/** The paths of the fields below, for the server's field problems. */
export const APPLICATION_FIELD_PATHS = [
  'desiredOn',
  'impairmentType',
  'pmpkNumber',
  'pmpkDate',
  'right.categoryCode',
  'right.documentTitle',
  'right.documentNumber',
  'right.documentIssuedOn',
  'right.documentIssuer',
  'right.validFrom',
  'right.validTo',
];

/** The categories claimable today (the sibling right is found by the system, not claimed). */
export const claimableRights = () =>
  RIGHT_CATEGORIES.filter(
    (c) => c.right !== 'sibling' && c.validFrom <= today() && (c.validTo === null || c.validTo >= today()),
  ).map((c) => ({ value: c.code, label: c.title }));

/** The group wished for: its focus (with the ПМПК conclusion for a special one) and the stay mode. */
export function groupNeeds(
  v: Values,
): Pick<Body, 'groupFocus' | 'impairmentType' | 'pmpkNumber' | 'pmpkDate' | 'stayMode'> {
  return {
    groupFocus: (v.groupFocus || 'general') as 'general',
    ...(isSpecialFocus(v.groupFocus)
      ? {
          impairmentType: (opt(v.impairmentType) as 'speech' | undefined) ?? undefined,
          pmpkNumber: opt(v.pmpkNumber),
          pmpkDate: opt(v.pmpkDate),
        }
      : {}),
    stayMode: (v.stayMode || 'full') as 'full',
  };
}

/** The claimed right with its document, when «есть право» is ticked. */
export function rightClaim(v: Values): Pick<Body, 'right'> {
  if (v.hasRight !== 'true') return {};
  return {
    right: {
      categoryCode: v['right.categoryCode'] ?? '',
      documentTitle: v['right.documentTitle'] ?? '',
      documentNumber: opt(v['right.documentNumber']),
      documentIssuedOn: v['right.documentIssuedOn'] ?? '',
      documentIssuer: opt(v['right.documentIssuer']),
      validFrom: opt(v['right.validFrom']),
      validTo: opt(v['right.validTo']),
    },
  };
}

const date = ({ values, errors, set }: FieldProps, key: string) => ({
  value: values[key] ?? '',
  onChange: (v: string) => set(key, v),
  error: errors[key],
});

/**
 * «Пожелания»: the desired date, the stay mode, the group's focus and, for a compensating or combined
 * group, the impairment and the ПМПК conclusion. `afterStayMode` adds fields of the caller's own.
 */
export function WishesFields(props: FieldProps & { afterStayMode?: ReactNode }) {
  const { values, errors, set, afterStayMode } = props;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
      <DateField label="Желаемая дата приёма" required {...date(props, 'desiredOn')} />
      <LabeledSelect
        label="Режим пребывания"
        data={titleOptions(STAY_MODE_TITLES)}
        value={values.stayMode || null}
        onChange={(v) => set('stayMode', v ?? 'full')}
        allowDeselect={false}
      />
      {afterStayMode}
      <LabeledSelect
        label="Направленность группы"
        data={titleOptions(GROUP_FOCUS_TITLES)}
        value={values.groupFocus || null}
        onChange={(v) => set('groupFocus', v ?? 'general')}
        allowDeselect={false}
      />
      {isSpecialFocus(values.groupFocus) && (
        <>
          <LabeledSelect
            label="Вид нарушения"
            required
            data={titleOptions(IMPAIRMENT_TYPE_TITLES)}
            value={values.impairmentType || null}
            onChange={(v) => set('impairmentType', v ?? '')}
            error={errors.impairmentType}
          />
          <TextInput label="Номер заключения ПМПК" required {...bind(props, 'pmpkNumber')} />
          <DateField label="Дата заключения ПМПК" required maxToday {...date(props, 'pmpkDate')} />
        </>
      )}
    </SimpleGrid>
  );
}

/**
 * «Льгота»: whether a right is claimed, its category and the confirming document. `withValidity` adds
 * what the operator copies from the document itself: who issued it and how long the right lasts.
 */
export function RightFields(props: FieldProps & { withValidity?: boolean }) {
  const { values, errors, set, withValidity } = props;
  return (
    <Stack gap="sm">
      <Checkbox
        label="Есть право на внеочередное или первоочередное зачисление"
        description="До проверки документа заявление стоит в общей очереди"
        checked={values.hasRight === 'true'}
        onChange={(e) => set('hasRight', String(e.currentTarget.checked))}
      />
      {values.hasRight === 'true' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
          <LabeledSelect
            label="Категория льготы"
            required
            searchable
            data={claimableRights()}
            value={values['right.categoryCode'] || null}
            onChange={(v) => set('right.categoryCode', v ?? '')}
            error={errors['right.categoryCode']}
            className="span-2"
          />
          <TextInput
            label="Подтверждающий документ"
            required
            placeholder="Удостоверение многодетной семьи"
            {...bind(props, 'right.documentTitle')}
          />
          <TextInput label="Номер документа" {...bind(props, 'right.documentNumber')} />
          <DateField
            label="Дата выдачи документа"
            required
            maxToday
            {...date(props, 'right.documentIssuedOn')}
          />
          {withValidity && (
            <>
              <TextInput label="Кем выдан" {...bind(props, 'right.documentIssuer')} />
              <DateField
                label="Право действует с"
                description="Если не указано — с даты выдачи документа"
                {...date(props, 'right.validFrom')}
              />
              <DateField
                label="Право действует по"
                description="Если срок не ограничен, оставьте пустым"
                {...date(props, 'right.validTo')}
              />
            </>
          )}
        </SimpleGrid>
      )}
    </Stack>
  );
}
