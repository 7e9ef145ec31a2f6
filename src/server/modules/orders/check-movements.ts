import { sql } from 'kysely';
import { EXIT_REASONS, ORDER_MOVEMENTS, type OrderKind } from '../../../common/movement-dictionary.ts';
import type { Grant } from '../../platform/access/actor.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { personsInScope } from '../persons/find-duplicates.ts';
import type { MovementInput } from './orders.schemas.ts';

type Line = MovementInput;

/** Fields each movement may carry besides kind, person, enrollment and date; others are refused. */
const FIELDS: Record<Line['kind'], readonly (keyof Line)[]> = {
  enrollment: ['programmeId', 'unitId', 'educationForm', 'funding', 'arrivalOf', 'capacityReason', 'note'],
  reinstatement: ['programmeId', 'unitId', 'educationForm', 'funding', 'capacityReason', 'note'],
  internal_transfer: ['programmeId', 'unitId', 'educationForm', 'funding', 'capacityReason', 'note'],
  promotion: [
    'promotionType',
    'unitId',
    'programmeId',
    'debtSubjects',
    'debtDeadline',
    'capacityReason',
    'note',
  ],
  academic_leave: ['leaveUntil', 'note'],
  return: ['unitId', 'capacityReason', 'note'],
  transfer_out: ['destinationOrganizationId', 'exitReason', 'note'],
  exit: ['exitReason', 'destinationOrganizationId', 'note'],
  graduation: ['exitReason', 'document', 'mastery', 'employment', 'note'],
};
const ALWAYS = new Set<keyof Line>(['kind', 'personId', 'enrollmentId', 'effectiveOn']);

/** Exit reasons that have a movement of their own. */
const OWN_MOVEMENT: Partial<Record<string, string>> = {
  GRADUATED: 'graduation',
  TRANSFER_SAME_REGION: 'transfer_out',
};

function lineShape(kind: OrderKind, line: Line, i: number, add: (p: string, c: string, m: string) => void) {
  const at = (f: string) => `body.movements.${i}.${f}`;
  if (!ORDER_MOVEMENTS[kind].includes(line.kind))
    add(at('kind'), 'kind_not_in_order', 'Такое движение не оформляется приказом этого вида');
  for (const [field, value] of Object.entries(line) as [keyof Line, unknown][]) {
    if (value !== undefined && !ALWAYS.has(field) && !FIELDS[line.kind].includes(field))
      add(at(field), 'not_for_kind', 'Поле не относится к этому движению');
  }
  const creates = line.kind === 'enrollment' || line.kind === 'reinstatement';
  if (creates && line.enrollmentId) add(at('enrollmentId'), 'not_for_kind', 'Зачисление создаётся приказом');
  if (!creates && !line.enrollmentId) add(at('enrollmentId'), 'required', 'Укажите зачисление обучающегося');
  if (creates && !line.programmeId) add(at('programmeId'), 'required', 'Укажите образовательную программу');
  if (line.kind === 'promotion') {
    if (!line.promotionType) add(at('promotionType'), 'required', 'Укажите вариант перевода');
    if (line.promotionType === 'conditional') {
      if (!line.debtSubjects)
        add(at('debtSubjects'), 'required', 'Укажите предметы академической задолженности');
      if (!line.debtDeadline) add(at('debtDeadline'), 'required', 'Укажите срок ликвидации задолженности');
    } else if (line.debtSubjects || line.debtDeadline) {
      add(at('debtSubjects'), 'not_for_kind', 'Задолженность указывается только при условном переводе');
    }
    if (line.promotionType && line.promotionType !== 'normal' && !line.unitId)
      add(at('unitId'), 'required', 'Укажите класс (группу) на следующий учебный год');
  }
  if (
    line.kind === 'internal_transfer' &&
    !line.unitId &&
    !line.programmeId &&
    !line.educationForm &&
    !line.funding
  )
    add(
      at('unitId'),
      'required',
      'Укажите, куда переводится обучающийся: класс, программу или форму обучения',
    );
  if (line.debtDeadline && line.debtDeadline <= line.effectiveOn)
    add(
      at('debtDeadline'),
      'dates_out_of_order',
      'Срок ликвидации задолженности должен быть позже даты перевода',
    );
  if (line.leaveUntil && line.leaveUntil <= line.effectiveOn)
    add(at('leaveUntil'), 'dates_out_of_order', 'Окончание отпуска должно быть позже его начала');
  if (line.kind === 'exit') {
    if (!line.exitReason) add(at('exitReason'), 'required', 'Укажите причину выбытия');
    const own = line.exitReason ? OWN_MOVEMENT[line.exitReason] : undefined;
    if (own) add(at('exitReason'), 'use_other_movement', `Для этой причины оформите движение «${own}»`);
  }
  if (line.kind === 'transfer_out') {
    if (!line.destinationOrganizationId)
      add(
        at('destinationOrganizationId'),
        'required',
        'Укажите организацию, в которую переводится обучающийся',
      );
    if (line.exitReason && line.exitReason !== 'TRANSFER_SAME_REGION')
      add(at('exitReason'), 'invalid', 'Перевод в организацию региона имеет причину TRANSFER_SAME_REGION');
  }
  if (line.kind === 'graduation' && line.exitReason && EXIT_REASONS[line.exitReason].group !== 'completion')
    add(at('exitReason'), 'invalid', 'Выпуск оформляется в связи с получением образования');
  if (line.document && line.document.issuedOn < line.effectiveOn)
    add(at('document.issuedOn'), 'dates_out_of_order', 'Документ не может быть выдан раньше даты выпуска');
}

type Refs = { organizationId: string; grants: Grant[] };

/** Whether the ids a line names exist and belong where they must; one query per kind of reference. */
async function lineReferences(
  tx: Tx,
  lines: Line[],
  refs: Refs,
  add: (p: string, c: string, m: string) => void,
) {
  const ids = (pick: (l: Line) => string | undefined) =>
    [...new Set(lines.map(pick).filter((x) => !!x))] as string[];
  const programmes = new Set(
    (
      await tx
        .selectFrom('education_programmes')
        .select('id')
        .where('id', 'in', ['00000000-0000-0000-0000-000000000000', ...ids((l) => l.programmeId)])
        .where('organization_id', '=', refs.organizationId)
        .execute()
    ).map((r) => r.id),
  );
  const units = new Map(
    (
      await sql<{ id: string; starts_on: string; ends_on: string }>`
        SELECT u.id, y.starts_on, y.ends_on FROM units u JOIN academic_years y ON y.id = u.academic_year_id
         WHERE u.id = ANY(${ids((l) => l.unitId)}::uuid[]) AND u.organization_id = ${refs.organizationId}`.execute(
        tx,
      )
    ).rows.map((r) => [r.id, r]),
  );
  const enrollments = new Map(
    (
      await tx
        .selectFrom('enrollments')
        .select(['id', 'person_id'])
        .where('id', 'in', ['00000000-0000-0000-0000-000000000000', ...ids((l) => l.enrollmentId)])
        .where('organization_id', '=', refs.organizationId)
        .execute()
    ).map((r) => [r.id, r.person_id]),
  );
  const destinations = new Set(
    (
      await tx
        .selectFrom('organizations')
        .select('id')
        .where('id', 'in', [
          '00000000-0000-0000-0000-000000000000',
          ...ids((l) => l.destinationOrganizationId),
        ])
        .where('id', '<>', refs.organizationId)
        .execute()
    ).map((r) => r.id),
  );
  const arrivals = new Map(
    (
      await sql<{ id: string; person_id: string }>`
        SELECT m.id, m.person_id FROM movements m JOIN orders o ON o.id = m.order_id
         WHERE m.id = ANY(${ids((l) => l.arrivalOf)}::uuid[]) AND m.kind = 'transfer_out' AND o.state = 'signed'
           AND m.destination_organization_id = ${refs.organizationId}`.execute(tx)
    ).rows.map((r) => [r.id, r.person_id]),
  );
  const active = new Set(
    (
      await tx
        .selectFrom('persons')
        .select('id')
        .where('id', 'in', ['00000000-0000-0000-0000-000000000000', ...ids((l) => l.personId)])
        .where('status', '=', 'active')
        .execute()
    ).map((r) => r.id),
  );
  // Enrolling is not a way into another organization's records: the learner must be in scope already,
  // or be the learner a signed transfer sends here.
  const creators = lines.filter(
    (l) => (l.kind === 'enrollment' || l.kind === 'reinstatement') && !l.arrivalOf,
  );
  const visible = await personsInScope(
    tx,
    ids((l) => (creators.includes(l) ? l.personId : undefined)),
    refs.grants,
  );
  // Reinstatement brings back the organization's own former learner, whom it may no longer see in full
  // once the grace period after the exit is over (СПО reinstates within five years).
  const reinstated = ids((l) => (l.kind === 'reinstatement' ? l.personId : undefined));
  if (reinstated.length > 0) {
    const former = await tx
      .selectFrom('enrollments')
      .select('person_id')
      .where('person_id', 'in', reinstated)
      .where('organization_id', '=', refs.organizationId)
      .where('ended_on', 'is not', null)
      .execute();
    for (const r of former) visible.add(r.person_id);
  }
  const seen = new Set<string>();
  lines.forEach((l, i) => {
    const at = (f: string) => `body.movements.${i}.${f}`;
    if (!active.has(l.personId))
      add(at('personId'), 'not_found', 'Обучающийся не найден в вашей области доступа');
    else if (seen.has(l.personId))
      add(at('personId'), 'duplicate_line', 'Обучающийся уже есть в этом приказе');
    seen.add(l.personId);
    if (l.programmeId && !programmes.has(l.programmeId))
      add(at('programmeId'), 'not_found', 'Программа не найдена в этой организации');
    const unit = l.unitId ? units.get(l.unitId) : undefined;
    if (l.unitId && !unit) add(at('unitId'), 'not_found', 'Класс (группа) не найден в этой организации');
    if (unit && (l.effectiveOn < unit.starts_on || l.effectiveOn > unit.ends_on))
      add(at('unitId'), 'unit_outside_year', 'Дата движения вне учебного года этого класса (группы)');
    if (l.enrollmentId && enrollments.get(l.enrollmentId) !== l.personId)
      add(at('enrollmentId'), 'not_found', 'Зачисление обучающегося в этой организации не найдено');
    if (l.destinationOrganizationId && !destinations.has(l.destinationOrganizationId))
      add(at('destinationOrganizationId'), 'not_found', 'Организация назначения не найдена');
    if (l.arrivalOf && arrivals.get(l.arrivalOf) !== l.personId)
      add(at('arrivalOf'), 'not_found', 'Перевод в эту организацию не найден');
    if (creators.includes(l) && active.has(l.personId) && !visible.has(l.personId))
      add(at('personId'), 'not_found', 'Обучающийся не найден в вашей области доступа');
  });
}

/**
 * Checks the lines of an order before they are stored or applied: the shape of each kind (400 with the
 * line's field path) and the ids they name. Whether the learner's current state allows the movement is
 * decided when the order is signed, against the state of that moment.
 */
export async function checkMovements(tx: Tx, kind: OrderKind, lines: Line[], refs: Refs) {
  const errors: FieldProblem[] = [];
  const add = (path: string, code: string, message: string) => {
    errors.push({ path, code, message });
  };
  lines.forEach((l, i) => {
    lineShape(kind, l, i, add);
  });
  if (errors.length === 0) await lineReferences(tx, lines, refs, add);
  if (errors.length > 0) throw new AppError('validation_failed', 'Проверьте строки приказа', errors);
}
