import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  Modal,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import {
  GROUP_FOCUS_TITLES,
  IMPAIRMENT_TYPE_TITLES,
  STAY_MODE_TITLES,
} from '../../../common/education-dictionary.ts';
import { RIGHT_CATEGORIES } from '../../../common/queue-dictionary.ts';
import type { CitizenCard } from '../../api/citizen.ts';
import {
  type CitizenApplicationBody,
  preschoolOptionsQuery,
  useFileCitizenApplication,
} from '../../api/citizen-queue.ts';
import { DateField } from '../date/DateField.tsx';
import { FormAlerts, revealFirstError } from '../FormAlerts.tsx';
import { today } from '../format.ts';
import { LabeledSelect } from '../LabeledSelect.tsx';
import { notifySuccess } from '../notify.tsx';
import { fullName } from '../person/person-format.ts';
import { titleOptions, useServerErrors } from '../useServerErrors.ts';
import { KindergartenRanks } from './KindergartenRanks.tsx';
import { ApplicantFields, bind, NewChildFields, type Values } from './NewChildFields.tsx';
import { usePhone } from './RecordList.tsx';

const NEW = 'new';
const opt = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
const SPECIAL = new Set(['compensating', 'combined']);

/** The categories a parent may claim today (the sibling right is found by the system, not claimed). */
const claimable = () =>
  RIGHT_CATEGORIES.filter(
    (c) => c.right !== 'sibling' && c.validFrom <= today() && (c.validTo === null || c.validTo >= today()),
  ).map((c) => ({ value: c.code, label: c.title }));

function body(v: Values, ranks: string[], withApplicant: boolean): CitizenApplicationBody {
  const child = v.child === NEW ? {} : { childId: v.child };
  const special = SPECIAL.has(v.groupFocus ?? '');
  return {
    municipalityId: v.municipalityId ?? '',
    ...child,
    ...(v.child === NEW
      ? {
          newChild: {
            lastName: v['newChild.lastName'] ?? '',
            firstName: v['newChild.firstName'] ?? '',
            middleName: opt(v['newChild.middleName']),
            birthDate: v['newChild.birthDate'] ?? '',
            sex: v['newChild.sex'] as 'male',
            snils: opt(v['newChild.snils']),
            birthCertificate: {
              series: v['newChild.birthCertificate.series'] ?? '',
              number: v['newChild.birthCertificate.number'] ?? '',
              issuedOn: v['newChild.birthCertificate.issuedOn'] ?? '',
              issuer: opt(v['newChild.birthCertificate.issuer']),
            },
            relation: v['newChild.relation'] as 'mother',
            authorityDocument: opt(v['newChild.authorityDocument']),
          },
        }
      : {}),
    ...(withApplicant
      ? { applicant: { birthDate: v['applicant.birthDate'] ?? '', sex: v['applicant.sex'] as 'male' } }
      : {}),
    desiredOn: v.desiredOn ?? '',
    preferences: ranks.filter(Boolean),
    groupFocus: (v.groupFocus || 'general') as 'general',
    ...(special
      ? {
          impairmentType: (opt(v.impairmentType) as 'speech' | undefined) ?? undefined,
          pmpkNumber: opt(v.pmpkNumber),
          pmpkDate: opt(v.pmpkDate),
        }
      : {}),
    stayMode: (v.stayMode || 'full') as 'full',
    acceptsAlternatives: v.acceptsAlternatives === 'true',
    ...(v.hasRight === 'true'
      ? {
          right: {
            categoryCode: v['right.categoryCode'] ?? '',
            documentTitle: v['right.documentTitle'] ?? '',
            documentNumber: opt(v['right.documentNumber']),
            documentIssuedOn: v['right.documentIssuedOn'] ?? '',
          },
        }
      : {}),
  };
}

type Props = {
  onClose: () => void;
  /** The children the parent represents; «новый ребёнок» is always offered too. */
  kids: CitizenCard[];
  /** The registry has no record of the parent yet: ask the birth date and sex. */
  needApplicant: boolean;
  applicantName: string;
};

/** «Подать заявление»: the child, the municipality, ranked kindergartens, the wishes, a right if any. */
export function PreschoolApplicationForm({ onClose, kids, needApplicant, applicantName }: Props) {
  const phone = usePhone();
  const options = useQuery(preschoolOptionsQuery);
  const [values, setValues] = useState<Values>(() => ({
    child: kids[0]?.id ?? NEW,
    groupFocus: 'general',
    stayMode: 'full',
  }));
  const [ranks, setRanks] = useState<string[]>(['']);
  const file = useFileCitizenApplication();
  const root = useRef<HTMLDivElement>(null);
  const server = useServerErrors(() => [
    ...Object.keys(values),
    'childId',
    'applicant',
    'preferences',
    ...ranks.map((_, i) => `preferences.${i}`),
    'newChild.birthCertificate.series',
    'newChild.birthCertificate.number',
    'newChild.birthCertificate.issuedOn',
    'newChild.authorityDocument',
    'right.categoryCode',
    'right.documentTitle',
    'right.documentIssuedOn',
    'impairmentType',
    'pmpkNumber',
    'pmpkDate',
    'desiredOn',
    'municipalityId',
  ]);
  const set = (key: string, value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    server.clear({ [key]: true });
  };
  const fields = { values, errors: server.errors, set };
  // The dialog is mounted only while open, so a new one starts empty.
  const close = onClose;
  const submit = async () => {
    try {
      const a = await file.mutateAsync(body(values, ranks, needApplicant));
      notifySuccess(`Заявление № ${a.number} зарегистрировано`);
      close();
    } catch (e) {
      server.apply(e);
      revealFirstError(root.current);
    }
  };
  const max = options.data?.maxPreferences ?? 5;
  const special = SPECIAL.has(values.groupFocus ?? '');
  return (
    <Modal
      opened
      onClose={close}
      title="Заявление о постановке в очередь в детский сад"
      size="xl"
      fullScreen={phone}
      closeButtonProps={{ 'aria-label': 'Закрыть' }}
    >
      <Stack gap="md" ref={root}>
        <FormAlerts generalErrors={server.general} />
        <Fieldset legend="Ребёнок">
          <Stack gap="sm">
            <Radio.Group
              value={values.child}
              onChange={(v) => set('child', v)}
              error={server.errors.childId}
              aria-label="Для кого заявление"
            >
              <Stack gap={6}>
                {kids.map((c) => (
                  <Radio key={c.id} value={c.id} label={fullName(c)} />
                ))}
                <Radio value={NEW} label="Другой ребёнок — внести сведения" />
              </Stack>
            </Radio.Group>
            {values.child === NEW && <NewChildFields {...fields} />}
          </Stack>
        </Fieldset>
        {needApplicant && (
          <Fieldset legend="Сведения о вас">
            <Text size="sm" c="dimmed" mb="xs">
              В реестре пока нет записи о вас. Фамилия, имя и СНИЛС взяты из Госуслуг.
            </Text>
            <ApplicantFields {...fields} fullName={applicantName} />
          </Fieldset>
        )}
        <Fieldset legend="Детские сады">
          <Stack gap="sm">
            <LabeledSelect
              label="Муниципалитет"
              required
              searchable
              data={(options.data?.municipalities ?? []).map((m) => ({ value: m.id, label: m.name }))}
              value={values.municipalityId || null}
              onChange={(v) => {
                set('municipalityId', v ?? '');
                setRanks(['']);
              }}
              error={server.errors.municipalityId}
            />
            <KindergartenRanks
              municipalityId={values.municipalityId || null}
              max={max}
              ranks={ranks}
              onChange={setRanks}
              errors={server.errors}
            />
            <Checkbox
              label="Если в выбранных детских садах нет мест, готов(а) рассмотреть другие"
              checked={values.acceptsAlternatives === 'true'}
              onChange={(e) => set('acceptsAlternatives', String(e.currentTarget.checked))}
            />
          </Stack>
        </Fieldset>
        <Fieldset legend="Пожелания">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
            <DateField
              label="Желаемая дата приёма"
              required
              value={values.desiredOn ?? ''}
              onChange={(v) => set('desiredOn', v)}
              error={server.errors.desiredOn}
            />
            <LabeledSelect
              label="Режим пребывания"
              data={titleOptions(STAY_MODE_TITLES)}
              value={values.stayMode || null}
              onChange={(v) => set('stayMode', v ?? 'full')}
              allowDeselect={false}
            />
            <LabeledSelect
              label="Направленность группы"
              data={titleOptions(GROUP_FOCUS_TITLES)}
              value={values.groupFocus || null}
              onChange={(v) => set('groupFocus', v ?? 'general')}
              allowDeselect={false}
            />
            {special && (
              <>
                <LabeledSelect
                  label="Вид нарушения"
                  required
                  data={titleOptions(IMPAIRMENT_TYPE_TITLES)}
                  value={values.impairmentType || null}
                  onChange={(v) => set('impairmentType', v ?? '')}
                  error={server.errors.impairmentType}
                />
                <TextInput label="Номер заключения ПМПК" required {...bind(fields, 'pmpkNumber')} />
                <DateField
                  label="Дата заключения ПМПК"
                  required
                  maxToday
                  value={values.pmpkDate ?? ''}
                  onChange={(v) => set('pmpkDate', v)}
                  error={server.errors.pmpkDate}
                />
              </>
            )}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Льгота">
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
                  data={claimable()}
                  value={values['right.categoryCode'] || null}
                  onChange={(v) => set('right.categoryCode', v ?? '')}
                  error={server.errors['right.categoryCode']}
                  className="span-2"
                />
                <TextInput
                  label="Подтверждающий документ"
                  required
                  placeholder="Удостоверение многодетной семьи"
                  {...bind(fields, 'right.documentTitle')}
                />
                <TextInput label="Номер документа" {...bind(fields, 'right.documentNumber')} />
                <DateField
                  label="Дата выдачи документа"
                  required
                  maxToday
                  value={values['right.documentIssuedOn'] ?? ''}
                  onChange={(v) => set('right.documentIssuedOn', v)}
                  error={server.errors['right.documentIssuedOn']}
                />
              </SimpleGrid>
            )}
          </Stack>
        </Fieldset>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={close}>
            Отмена
          </Button>
          <Button onClick={submit} loading={file.isPending}>
            Подать заявление
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
