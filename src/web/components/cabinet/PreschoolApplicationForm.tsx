import { Button, Checkbox, Fieldset, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { CitizenCard } from '../../api/citizen.ts';
import {
  type CitizenApplicationBody,
  preschoolOptionsQuery,
  useFileCitizenApplication,
} from '../../api/citizen-queue.ts';
import { FormAlerts, revealFirstError } from '../FormAlerts.tsx';
import { LabeledSelect } from '../LabeledSelect.tsx';
import { notifySuccess } from '../notify.tsx';
import { fullName } from '../person/person-format.ts';
import { groupNeeds, opt, RightFields, rightClaim, WishesFields } from '../queue/ApplicationFields.tsx';
import { useServerErrors } from '../useServerErrors.ts';
import { KindergartenRanks } from './KindergartenRanks.tsx';
import { ApplicantFields, NewChildFields, type Values } from './NewChildFields.tsx';
import { usePhone } from './RecordList.tsx';

const NEW = 'new';

function body(v: Values, ranks: string[], withApplicant: boolean): CitizenApplicationBody {
  const child = v.child === NEW ? {} : { childId: v.child };
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
    ...groupNeeds(v),
    acceptsAlternatives: v.acceptsAlternatives === 'true',
    ...rightClaim(v),
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
          <WishesFields {...fields} />
        </Fieldset>
        <Fieldset legend="Льгота">
          <RightFields {...fields} />
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
