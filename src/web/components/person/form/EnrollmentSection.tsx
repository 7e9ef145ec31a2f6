import { OrganizationPicker, type OrgOption } from '../../OrganizationPicker.tsx';
import { Section } from '../../organization-form/sections.tsx';
import { DateField } from './fields.tsx';

export type EnrollmentValues = { organizationId: string; startedOn: string };
export const ENROLLMENT_KEYS = ['enrollment.organizationId', 'enrollment.startedOn'] as const;

type Props = {
  value: EnrollmentValues;
  onChange: (next: EnrollmentValues, changed: keyof EnrollmentValues) => void;
  errors: Record<string, string>;
  initialOption: OrgOption | null;
  required: boolean;
};

/** Where the new learner studies: the enrollment that also puts the record in the operator's scope. */
export function EnrollmentSection({ value, onChange, errors, initialOption, required }: Props) {
  return (
    <Section title="Зачисление">
      <OrganizationPicker
        label="Организация"
        required={required}
        description={required ? undefined : 'Можно не указывать, если человек пока нигде не обучается'}
        value={value.organizationId || null}
        onChange={(v) => onChange({ ...value, organizationId: v ?? '' }, 'organizationId')}
        initialOption={initialOption}
        error={errors['enrollment.organizationId']}
      />
      <DateField
        label="Дата зачисления"
        required={!!value.organizationId}
        value={value.startedOn}
        onChange={(v) => onChange({ ...value, startedOn: v }, 'startedOn')}
        error={errors['enrollment.startedOn']}
      />
    </Section>
  );
}
