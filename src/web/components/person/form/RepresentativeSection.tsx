import {
  Group,
  Paper,
  Radio,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { RELATION_TITLES, RELATIONS, type Relation } from '../../../../common/person-dictionary.ts';
import { LabeledMultiSelect } from '../../LabeledSelect.tsx';
import { PersonPicker } from '../PersonPicker.tsx';
import { countryOptions } from '../person-format.ts';
import { NameBirthSexFields, SnilsField } from './IdentityFields.tsx';
import type { RepresentativeForm } from './useRepresentativeForm.ts';

export const REPRESENTATIVE_TITLE = 'Родитель (законный представитель)';
const COUNTRY_OPTIONS = countryOptions();

/**
 * The parent or legal representative, entered on the new-learner form and saved with the learner:
 * who they are to the child, then a new person (the few fields a school asks a parent for) or one
 * already in the registry. Passport and address can be added on the representative's card later.
 */
export function RepresentativeSection({ rep, learnerId }: { rep: RepresentativeForm; learnerId?: string }) {
  const errors = rep.person.errors;
  return (
    <Paper withBorder p="md" radius="sm" component="section" aria-label={REPRESENTATIVE_TITLE}>
      <Title order={4}>{REPRESENTATIVE_TITLE}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        Сохраняется вместе с обучающимся. Можно оставить пустым, если представителя добавят позже.
      </Text>
      <Stack gap="sm">
        <Radio.Group
          label="Кем приходится"
          value={rep.relation}
          onChange={(v) => rep.setRelation(v as Relation)}
          error={errors.relation}
        >
          <Group gap="md" mt={6}>
            {RELATIONS.map((r) => (
              <Radio key={r} value={r} label={RELATION_TITLES[r]} />
            ))}
          </Group>
        </Radio.Group>
        {rep.needsAuthority && (
          <TextInput
            label="Документ, подтверждающий полномочия"
            description="Например, распоряжение органа опеки, его номер и дата"
            required
            maw={640}
            value={rep.authority}
            onChange={(e) => rep.setAuthority(e.currentTarget.value)}
            error={errors.authorityDocument}
          />
        )}
        <SegmentedControl
          aria-label="Представитель"
          value={rep.mode}
          onChange={(v) => rep.setMode(v as 'new' | 'existing')}
          data={[
            { value: 'new', label: 'Новый человек' },
            { value: 'existing', label: 'Найти в реестре' },
          ]}
          w="fit-content"
        />
        {rep.mode === 'existing' ? (
          <PersonPicker
            label="Представитель"
            value={rep.existing?.value ?? null}
            initialOption={rep.existing}
            onChange={(id, option) => rep.pick(id ? (option ?? { value: id, label: '' }) : null)}
            excludeId={learnerId}
            error={errors.personId}
          />
        ) : (
          <NewParentFields rep={rep} />
        )}
      </Stack>
    </Paper>
  );
}

function NewParentFields({ rep }: { rep: RepresentativeForm }) {
  const { values, errors, set, setItem } = rep.person;
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm" verticalSpacing="xs">
      <NameBirthSexFields form={rep.person} />
      <TextInput
        label="Телефон"
        type="tel"
        placeholder="+7 900 000-00-00"
        autoComplete="off"
        value={values.contacts[0]?.value ?? ''}
        onChange={(e) => {
          setItem('contacts', 0, 'value', e.currentTarget.value);
          rep.person.clearError('contacts.0.value');
        }}
        error={errors['contacts.0.value']}
      />
      <SnilsField form={rep.person} description="Если известен" />
      <LabeledMultiSelect
        label="Гражданство"
        required
        searchable
        data={COUNTRY_OPTIONS}
        value={values.citizenship}
        onChange={(v) => set('citizenship', v)}
        error={errors.citizenship}
        nothingFoundMessage="Страна не найдена"
      />
    </SimpleGrid>
  );
}
