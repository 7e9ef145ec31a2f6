import { Accordion, SimpleGrid, Stack, TagsInput, Text } from '@mantine/core';
import type { UnitOption } from '../../api/education.ts';
import type { PreviewClass } from '../../api/promotions.ts';
import { DateField } from '../date/DateField.tsx';
import { LabeledSelect } from '../LabeledSelect.tsx';
import { type Decision, decisionOf, OUTCOME_TITLES, outcomesFor } from './outcomes.ts';

type Props = {
  classes: PreviewClass[];
  decisions: Map<string, Decision>;
  onDecide: (enrollmentId: string, d: Decision) => void;
  /** Next year's classes, for a repeat: the learner stays in a class of the same grade. */
  nextUnits: UnitOption[];
  /** Server messages by enrollment, keyed by the field of the decision. */
  errors: Map<string, Record<string, string>>;
};

/** Step 2: each class with its learners and the proposed outcome, which the operator may change. */
export function LearnerOutcomes({ classes, decisions, onDecide, nextUnits, errors }: Props) {
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        По умолчанию все переводятся в следующий класс, 9-е и 11-е классы выпускаются. Измените итог тем, кого
        оставляют на повторное обучение, переводят условно или на другую программу.
      </Text>
      <Accordion
        multiple
        variant="separated"
        defaultValue={[...errors.keys()].length ? openWithErrors(classes, errors) : []}
      >
        {classes.map((c) => {
          const changed = c.learners.filter((l) => decisionOf(l, decisions).outcome !== l.outcome).length;
          return (
            <Accordion.Item key={c.unitId} value={c.unitId} data-testid={`promotion-class-${c.name}`}>
              <Accordion.Control>
                {c.name} → {c.target ? c.target.name : 'выпуск'} · обучающихся: {c.learners.length}
                {changed > 0 ? ` · изменено: ${changed}` : ''}
              </Accordion.Control>
              <Accordion.Panel>
                <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="sm">
                  {c.learners.map((l) => {
                    const d = decisionOf(l, decisions);
                    const err = errors.get(l.enrollmentId) ?? {};
                    const sameGrade = nextUnits.filter((u) => u.grade === c.grade);
                    return (
                      <Stack key={l.enrollmentId} gap={6} data-testid="promotion-learner">
                        <LabeledSelect
                          label={l.fullName}
                          data={outcomesFor(c).map((o) => ({ value: o, label: OUTCOME_TITLES[o] }))}
                          value={d.outcome}
                          allowDeselect={false}
                          onChange={(v) =>
                            onDecide(l.enrollmentId, { outcome: (v ?? l.outcome) as Decision['outcome'] })
                          }
                          error={err.outcome ?? err.enrollmentId}
                        />
                        {d.outcome === 'repeat' && (
                          <LabeledSelect
                            label="Класс следующего года"
                            required
                            placeholder={
                              sameGrade.length ? 'Выберите класс' : 'Создайте класс этой параллели'
                            }
                            data={sameGrade.map((u) => ({ value: u.id, label: u.name }))}
                            value={d.unitId ?? null}
                            onChange={(v) => onDecide(l.enrollmentId, { ...d, unitId: v ?? undefined })}
                            error={err.unitId}
                          />
                        )}
                        {d.outcome === 'conditional' && (
                          <>
                            <TagsInput
                              label="Предметы с задолженностью"
                              required
                              placeholder="Предмет, затем Enter"
                              value={d.debtSubjects ?? []}
                              onChange={(v) => onDecide(l.enrollmentId, { ...d, debtSubjects: v })}
                              error={err.debtSubjects}
                            />
                            <DateField
                              label="Срок ликвидации задолженности"
                              required
                              value={d.debtDeadline ?? ''}
                              onChange={(v) => onDecide(l.enrollmentId, { ...d, debtDeadline: v })}
                              error={err.debtDeadline}
                            />
                          </>
                        )}
                      </Stack>
                    );
                  })}
                </SimpleGrid>
              </Accordion.Panel>
            </Accordion.Item>
          );
        })}
      </Accordion>
    </Stack>
  );
}

/** The classes with a learner the server refused: opened, so the messages are in sight. */
const openWithErrors = (classes: PreviewClass[], errors: Map<string, Record<string, string>>) =>
  classes.filter((c) => c.learners.some((l) => errors.has(l.enrollmentId))).map((c) => c.unitId);
