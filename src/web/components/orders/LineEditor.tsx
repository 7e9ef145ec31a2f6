import {
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  DOCUMENT_KIND_TITLES,
  EDUCATION_FORM_TITLES,
  EMPLOYMENT_FORM_TITLES,
  EXIT_REASON_GROUP_TITLES,
  type ExitReasonGroup,
  FUNDING_TITLES,
  MASTERY_TITLES,
  MOVEMENT_KIND_TITLES,
  type MovementKind,
  ORDER_MOVEMENTS,
  type OrderKind,
  PROMOTION_TYPE_TITLES,
} from '../../../common/movement-dictionary.ts';
import { academicYearsQuery, programmesQuery, unitsQuery, yearOf } from '../../api/education.ts';
import { personQuery } from '../../api/persons.ts';
import { DateField } from '../date/DateField.tsx';
import { LabeledSelect } from '../LabeledSelect.tsx';
import { DestinationField } from './DestinationField.tsx';
import { LearnerPicker } from './LearnerPicker.tsx';
import { createsEnrollment, exitReasonOptions, LINE_FIELDS, type Line } from './order-lines.ts';

const options = (titles: Record<string, string>) =>
  Object.entries(titles).map(([value, label]) => ({ value, label }));

type Props = {
  index: number;
  line: Line;
  orderKind: OrderKind;
  organizationId: string;
  /** Server messages of this line, keyed by the field path inside the line (`exitReason`, `document.number`). */
  errors: Record<string, string>;
  onChange: (patch: Partial<Line>) => void;
  onRemove: () => void;
  /** The learner came with the line (from the card or the inbox) and is not picked again. */
  fixedLearner?: boolean;
};

/** Fields whose messages the line shows next to an input; any other message goes above the line. */
const SHOWN = new Set([
  'personId',
  'effectiveOn',
  'kind',
  'programmeId',
  'unitId',
  'capacityReason',
  'educationForm',
  'funding',
  'promotionType',
  'debtSubjects',
  'debtDeadline',
  'exitReason',
  'destinationOrganizationId',
  'document.kind',
  'document.number',
  'document.series',
  'document.regNumber',
  'document.issuedOn',
  'mastery',
  'employment.form',
  'employment.employer',
  'leaveUntil',
  'note',
]);

/** One learner's line of an order: who, which movement, from when, and what that movement needs. */
export function LineEditor({
  index,
  line,
  orderKind,
  organizationId,
  errors,
  onChange,
  onRemove,
  fixedLearner,
}: Props) {
  const qc = useQueryClient();
  const has = (f: (typeof LINE_FIELDS)[MovementKind][number]) => LINE_FIELDS[line.kind].includes(f);
  const programmes = useQuery({ ...programmesQuery(organizationId), enabled: has('programmeId') });
  const years = useQuery({ ...academicYearsQuery, enabled: has('unitId') });
  const year = yearOf(years.data?.items ?? [], line.effectiveOn);
  const units = useQuery({
    ...unitsQuery(organizationId, year?.id),
    enabled: has('unitId') && !years.isPending,
  });
  const other = Object.entries(errors).filter(([k]) => !SHOWN.has(k) && k !== 'enrollmentId');
  const lineLevel = errors[''] ? [errors['']] : [];
  const enrollmentMissing = errors.enrollmentId;

  // A movement of a current learner names the learner's enrollment in this organization: the open one.
  const pickLearner = async (id: string | null, label: string) => {
    onChange({ personId: id ?? '', personLabel: label, enrollmentId: '' });
    if (!id || createsEnrollment(line.kind)) return;
    try {
      const card = await qc.fetchQuery(personQuery(id));
      const open = card.enrollments.find((e) => e.organizationId === organizationId && !e.endedOn);
      onChange({ personId: id, personLabel: label, enrollmentId: open?.id ?? '' });
    } catch {
      // The line is saved without it and the server names the missing enrollment on this line.
    }
  };

  const movementChoices = ORDER_MOVEMENTS[orderKind];
  const reasonGroups = exitReasonOptions(line.kind);
  const unitItems = units.data?.items ?? [];
  const programmeItems = programmes.data?.items ?? [];

  return (
    <Paper
      withBorder
      p="sm"
      radius="sm"
      data-testid={`order-line-${index}`}
      component="section"
      aria-label={`Строка ${index + 1}`}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600}>
            {index + 1}. {line.personLabel || 'Новая строка'}
          </Text>
          <Button variant="subtle" color="red" size="xs" onClick={onRemove}>
            Удалить строку
          </Button>
        </Group>
        {[...lineLevel, ...other.map(([, m]) => m)].length > 0 && (
          <Alert color="red" variant="light" p="xs" data-testid="line-errors">
            {[...lineLevel, ...other.map(([, m]) => m)].join('. ')}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="xs">
          {fixedLearner ? (
            <TextInput label="Обучающийся" value={line.personLabel} readOnly error={errors.personId} />
          ) : (
            <LearnerPicker
              organizationId={organizationId}
              value={line.personId || null}
              initialLabel={line.personLabel}
              onChange={(id, label) => void pickLearner(id, label)}
              error={errors.personId ?? enrollmentMissing}
            />
          )}
          {movementChoices.length > 1 && (
            <LabeledSelect
              label="Движение"
              required
              data={movementChoices.map((k) => ({ value: k, label: MOVEMENT_KIND_TITLES[k] }))}
              value={line.kind}
              onChange={(v) => v && onChange({ kind: v as MovementKind })}
              allowDeselect={false}
              error={errors.kind}
            />
          )}
          <DateField
            label="Дата движения"
            required
            value={line.effectiveOn}
            onChange={(v) => onChange({ effectiveOn: v })}
            error={errors.effectiveOn}
          />
          {has('promotionType') && (
            <LabeledSelect
              label="Вариант перевода"
              required
              data={options(PROMOTION_TYPE_TITLES)}
              value={line.promotionType || null}
              onChange={(v) => onChange({ promotionType: v ?? '' })}
              error={errors.promotionType}
            />
          )}
          {has('programmeId') && (
            <LabeledSelect
              label="Образовательная программа"
              required={createsEnrollment(line.kind)}
              placeholder="Выберите программу"
              data={programmeItems.map((p) => ({ value: p.id, label: p.name }))}
              value={line.programmeId || null}
              onChange={(v) => onChange({ programmeId: v ?? '' })}
              error={errors.programmeId}
              nothingFoundMessage="Программ нет"
              searchable
              clearable
            />
          )}
          {has('unitId') && (
            <LabeledSelect
              label={line.kind === 'promotion' ? 'Класс (группа) на новый учебный год' : 'Класс (группа)'}
              description={!year && years.data ? 'Учебный год на эту дату не создан' : undefined}
              placeholder="Выберите класс или группу"
              data={unitItems.map((u) => ({
                value: u.id,
                label: u.capacity ? `${u.name} (мест: ${u.capacity})` : u.name,
              }))}
              value={line.unitId || null}
              onChange={(v) => onChange({ unitId: v ?? '' })}
              error={errors.unitId}
              nothingFoundMessage="Классов (групп) нет"
              searchable
              clearable
            />
          )}
          {has('unitId') && (errors.capacityReason || line.capacityReason) && (
            <TextInput
              label="Причина превышения наполняемости"
              required
              value={line.capacityReason}
              onChange={(e) => onChange({ capacityReason: e.currentTarget.value })}
              error={errors.capacityReason}
            />
          )}
          {has('educationForm') && (
            <LabeledSelect
              label="Форма обучения"
              data={options(EDUCATION_FORM_TITLES)}
              value={line.educationForm || null}
              onChange={(v) => onChange({ educationForm: v ?? '' })}
              error={errors.educationForm}
              clearable={!createsEnrollment(line.kind)}
            />
          )}
          {has('funding') && (
            <LabeledSelect
              label="Источник финансирования"
              data={options(FUNDING_TITLES)}
              value={line.funding || null}
              onChange={(v) => onChange({ funding: v ?? '' })}
              error={errors.funding}
              clearable={!createsEnrollment(line.kind)}
            />
          )}
          {has('debt') && line.promotionType === 'conditional' && (
            <>
              <Textarea
                label="Предметы академической задолженности"
                description="Каждый предмет с новой строки"
                required
                autosize
                minRows={2}
                value={line.debtSubjects}
                onChange={(e) => onChange({ debtSubjects: e.currentTarget.value })}
                error={errors.debtSubjects}
              />
              <DateField
                label="Срок ликвидации задолженности"
                required
                value={line.debtDeadline}
                onChange={(v) => onChange({ debtDeadline: v })}
                error={errors.debtDeadline}
              />
            </>
          )}
          {has('exitReason') && (
            <LabeledSelect
              label={line.kind === 'graduation' ? 'Основание' : 'Причина выбытия'}
              required={line.kind === 'exit'}
              data={[...reasonGroups].map(([group, items]) => ({
                group: EXIT_REASON_GROUP_TITLES[group as ExitReasonGroup],
                items,
              }))}
              value={line.exitReason || null}
              onChange={(v) => onChange({ exitReason: v ?? '' })}
              error={errors.exitReason}
              searchable
            />
          )}
          {has('destinationOrganizationId') && (
            <DestinationField
              line={line}
              organizationId={organizationId}
              error={errors.destinationOrganizationId}
              onChange={onChange}
            />
          )}
          {has('leaveUntil') && (
            <DateField
              label="Отпуск до"
              value={line.leaveUntil}
              onChange={(v) => onChange({ leaveUntil: v })}
              error={errors.leaveUntil}
            />
          )}
          {has('mastery') && (
            <LabeledSelect
              label="Освоение программы (ДО)"
              data={options(MASTERY_TITLES)}
              value={line.mastery || null}
              onChange={(v) => onChange({ mastery: v ?? '' })}
              error={errors.mastery}
              clearable
            />
          )}
        </SimpleGrid>
        {has('document') && <DocumentFields line={line} errors={errors} onChange={onChange} />}
        {has('employment') && <EmploymentFields line={line} errors={errors} onChange={onChange} />}
        <TextInput
          label="Примечание"
          value={line.note}
          onChange={(e) => onChange({ note: e.currentTarget.value })}
          error={errors.note}
        />
      </Stack>
    </Paper>
  );
}

type Part = { line: Line; errors: Record<string, string>; onChange: (patch: Partial<Line>) => void };

function DocumentFields({ line, errors, onChange }: Part) {
  const d = line.document;
  const set = (patch: Partial<Line['document']>) => onChange({ document: { ...d, ...patch } });
  return (
    <fieldset className="plain-fieldset">
      <legend>Выданный документ об образовании</legend>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="xs">
        <LabeledSelect
          label="Вид документа"
          data={options(DOCUMENT_KIND_TITLES)}
          value={d.kind || null}
          onChange={(v) => set({ kind: v ?? '' })}
          error={errors['document.kind']}
          clearable
        />
        <TextInput
          label="Серия"
          value={d.series}
          onChange={(e) => set({ series: e.currentTarget.value })}
          error={errors['document.series']}
        />
        <TextInput
          label="Номер"
          value={d.number}
          onChange={(e) => set({ number: e.currentTarget.value })}
          error={errors['document.number']}
        />
        <TextInput
          label="Регистрационный номер"
          value={d.regNumber}
          onChange={(e) => set({ regNumber: e.currentTarget.value })}
          error={errors['document.regNumber']}
        />
        <DateField
          label="Дата выдачи"
          value={d.issuedOn}
          onChange={(v) => set({ issuedOn: v })}
          error={errors['document.issuedOn']}
        />
        <Checkbox
          label="С отличием"
          checked={d.honours}
          onChange={(e) => set({ honours: e.currentTarget.checked })}
          mt="lg"
        />
      </SimpleGrid>
    </fieldset>
  );
}

function EmploymentFields({ line, errors, onChange }: Part) {
  return (
    <fieldset className="plain-fieldset">
      <legend>Трудоустройство (СПО)</legend>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="xs">
        <LabeledSelect
          label="Занятость после выпуска"
          data={options(EMPLOYMENT_FORM_TITLES)}
          value={line.employmentForm || null}
          onChange={(v) => onChange({ employmentForm: v ?? '' })}
          error={errors['employment.form']}
          clearable
        />
        <TextInput
          label="Работодатель"
          value={line.employer}
          onChange={(e) => onChange({ employer: e.currentTarget.value })}
          error={errors['employment.employer']}
        />
        <Checkbox
          label="Квотируемое рабочее место"
          checked={line.quotaJob}
          onChange={(e) => onChange({ quotaJob: e.currentTarget.checked })}
          mt="lg"
        />
      </SimpleGrid>
    </fieldset>
  );
}
