/** The editor's model of an order: header and lines as typed, and the body the API receives. */
import {
  EXIT_REASONS,
  type MovementKind,
  ORDER_MOVEMENTS,
  type OrderKind,
} from '../../../common/movement-dictionary.ts';
import type { MovementBody, Order, OrderBody } from '../../api/orders.ts';
import { fullName } from '../person/person-format.ts';

export type LineDocument = {
  kind: string;
  series: string;
  number: string;
  regNumber: string;
  issuedOn: string;
  honours: boolean;
};

export type Line = {
  key: string;
  kind: MovementKind;
  personId: string;
  /** ФИО and birth date as picked, for the line's heading. */
  personLabel: string;
  enrollmentId: string;
  effectiveOn: string;
  programmeId: string;
  unitId: string;
  educationForm: string;
  funding: string;
  promotionType: string;
  /** Subjects of the academic debt, one per line of the text box. */
  debtSubjects: string;
  debtDeadline: string;
  exitReason: string;
  destinationOrganizationId: string;
  destinationLabel: string;
  document: LineDocument;
  mastery: string;
  employmentForm: string;
  employer: string;
  quotaJob: boolean;
  leaveUntil: string;
  arrivalOf: string;
  capacityReason: string;
  note: string;
};

export type Header = {
  kind: OrderKind;
  number: string;
  orderDate: string;
  signerName: string;
  signerPosition: string;
  basis: string;
};

/** The details each movement asks for, in the order they appear on its line. */
export type LineField =
  | 'programmeId'
  | 'unitId'
  | 'educationForm'
  | 'funding'
  | 'promotionType'
  | 'debt'
  | 'exitReason'
  | 'destinationOrganizationId'
  | 'document'
  | 'mastery'
  | 'employment'
  | 'leaveUntil';

export const LINE_FIELDS: Record<MovementKind, readonly LineField[]> = {
  enrollment: ['programmeId', 'unitId', 'educationForm', 'funding'],
  reinstatement: ['programmeId', 'unitId', 'educationForm', 'funding'],
  internal_transfer: ['unitId', 'programmeId', 'educationForm', 'funding'],
  promotion: ['promotionType', 'unitId', 'debt'],
  academic_leave: ['leaveUntil'],
  return: ['unitId'],
  transfer_out: ['destinationOrganizationId'],
  exit: ['exitReason', 'destinationOrganizationId'],
  graduation: ['exitReason', 'document', 'mastery', 'employment'],
};

/** Movements that create an enrollment rather than change the learner's current one. */
export const createsEnrollment = (kind: MovementKind) => kind === 'enrollment' || kind === 'reinstatement';

let seq = 0;
const emptyDocument = (): LineDocument => ({
  kind: '',
  series: '',
  number: '',
  regNumber: '',
  issuedOn: '',
  honours: false,
});

export function newLine(kind: MovementKind, effectiveOn: string, over: Partial<Line> = {}): Line {
  return {
    key: `line-${++seq}`,
    kind,
    personId: '',
    personLabel: '',
    enrollmentId: '',
    effectiveOn,
    programmeId: '',
    unitId: '',
    educationForm: createsEnrollment(kind) ? 'full_time' : '',
    funding: createsEnrollment(kind) ? 'budget' : '',
    promotionType: kind === 'promotion' ? 'normal' : '',
    debtSubjects: '',
    debtDeadline: '',
    exitReason: kind === 'graduation' ? 'GRADUATED' : '',
    destinationOrganizationId: '',
    destinationLabel: '',
    document: emptyDocument(),
    mastery: '',
    employmentForm: '',
    employer: '',
    quotaJob: false,
    leaveUntil: '',
    arrivalOf: '',
    capacityReason: '',
    note: '',
    ...over,
  };
}

export const defaultMovement = (kind: OrderKind): MovementKind => ORDER_MOVEMENTS[kind][0]!;

const opt = (v: string) => (v.trim() === '' ? undefined : v.trim());

/** What the API receives for a line: only the details its movement carries, empty ones left out. */
export function lineBody(l: Line): MovementBody {
  const has = (f: LineField) => LINE_FIELDS[l.kind].includes(f);
  const body: MovementBody = {
    kind: l.kind,
    personId: l.personId,
    effectiveOn: l.effectiveOn,
    ...(!createsEnrollment(l.kind) && opt(l.enrollmentId) ? { enrollmentId: l.enrollmentId } : {}),
    ...(has('programmeId') && opt(l.programmeId) ? { programmeId: l.programmeId } : {}),
    ...(has('unitId') && opt(l.unitId) ? { unitId: l.unitId } : {}),
    ...(has('unitId') && opt(l.unitId) && opt(l.capacityReason)
      ? { capacityReason: l.capacityReason.trim() }
      : {}),
    ...(l.kind === 'enrollment' && opt(l.arrivalOf) ? { arrivalOf: l.arrivalOf } : {}),
    ...(opt(l.note) ? { note: l.note.trim() } : {}),
  };
  if (has('educationForm') && opt(l.educationForm))
    body.educationForm = l.educationForm as NonNullable<MovementBody['educationForm']>;
  if (has('funding') && opt(l.funding)) body.funding = l.funding as NonNullable<MovementBody['funding']>;
  if (has('promotionType') && opt(l.promotionType))
    body.promotionType = l.promotionType as NonNullable<MovementBody['promotionType']>;
  if (has('debt') && l.promotionType === 'conditional') {
    const subjects = l.debtSubjects
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    if (subjects.length) body.debtSubjects = subjects;
    if (opt(l.debtDeadline)) body.debtDeadline = l.debtDeadline;
  }
  if (l.kind === 'transfer_out') body.exitReason = 'TRANSFER_SAME_REGION';
  else if (has('exitReason') && opt(l.exitReason))
    body.exitReason = l.exitReason as NonNullable<MovementBody['exitReason']>;
  if (has('destinationOrganizationId') && opt(l.destinationOrganizationId))
    body.destinationOrganizationId = l.destinationOrganizationId;
  if (has('document') && (opt(l.document.kind) || opt(l.document.number))) {
    body.document = {
      kind: l.document.kind as NonNullable<MovementBody['document']>['kind'],
      number: l.document.number.trim(),
      issuedOn: l.document.issuedOn,
      honours: l.document.honours,
      ...(opt(l.document.series) ? { series: l.document.series.trim() } : {}),
      ...(opt(l.document.regNumber) ? { regNumber: l.document.regNumber.trim() } : {}),
    };
  }
  if (has('mastery') && opt(l.mastery)) body.mastery = l.mastery as NonNullable<MovementBody['mastery']>;
  if (has('employment') && opt(l.employmentForm)) {
    body.employment = {
      form: l.employmentForm as NonNullable<MovementBody['employment']>['form'],
      quotaJob: l.quotaJob,
      ...(opt(l.employer) ? { employer: l.employer.trim() } : {}),
    };
  }
  if (has('leaveUntil') && opt(l.leaveUntil)) body.leaveUntil = l.leaveUntil;
  return body;
}

export function orderBody(organizationId: string, h: Header, lines: Line[]): OrderBody {
  return {
    organizationId,
    kind: h.kind,
    number: h.number.trim(),
    orderDate: h.orderDate,
    ...(opt(h.signerName) ? { signerName: h.signerName.trim() } : {}),
    ...(opt(h.signerPosition) ? { signerPosition: h.signerPosition.trim() } : {}),
    ...(opt(h.basis) ? { basis: h.basis.trim() } : {}),
    movements: lines.map(lineBody),
  };
}

const s = (v: string | null | undefined) => v ?? '';

/** A stored draft back into the editor. */
export function fromOrder(o: Order): { header: Header; lines: Line[] } {
  return {
    header: {
      kind: o.kind === 'cancellation' ? 'exit' : o.kind,
      number: o.number,
      orderDate: o.orderDate,
      signerName: s(o.signerName),
      signerPosition: s(o.signerPosition),
      basis: s(o.basis),
    },
    lines: o.movements.map((m) =>
      newLine(m.kind, m.effectiveOn, {
        personId: m.person.id,
        personLabel: personLabel(m.person),
        enrollmentId: s(m.enrollmentId),
        programmeId: s(m.programme?.id),
        unitId: s(m.unit?.id),
        educationForm: s(m.educationForm),
        funding: s(m.funding),
        promotionType: s(m.promotionType),
        debtSubjects: (m.debtSubjects ?? []).join('\n'),
        debtDeadline: s(m.debtDeadline),
        exitReason: s(m.exitReason),
        destinationOrganizationId: s(m.destination?.id),
        destinationLabel: s(m.destination?.name),
        document: {
          kind: s(m.document?.kind),
          series: s(m.document?.series),
          number: s(m.document?.number),
          regNumber: s(m.document?.regNumber),
          issuedOn: s(m.document?.issuedOn),
          honours: !!m.document?.honours,
        },
        mastery: s(m.mastery),
        employmentForm: s(m.employment?.form),
        employer: s(m.employment?.employer),
        quotaJob: !!m.employment?.quotaJob,
        leaveUntil: s(m.leaveUntil),
        arrivalOf: s(m.arrivalOf),
        note: s(m.note),
      }),
    ),
  };
}

export const personLabel = (p: {
  lastName: string;
  firstName: string;
  middleName: string | null;
  birthDate: string;
}) => `${fullName(p)}, ${p.birthDate.slice(8, 10)}.${p.birthDate.slice(5, 7)}.${p.birthDate.slice(0, 4)}`;

/** Exit reasons for a select, grouped by the grounds of ст. 61 273-ФЗ. */
export function exitReasonOptions(kind: MovementKind) {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const [code, r] of Object.entries(EXIT_REASONS)) {
    // The exit movement leaves graduation and transfers in the region to their own movements.
    if (kind === 'exit' && (code === 'GRADUATED' || code === 'TRANSFER_SAME_REGION')) continue;
    if (kind === 'graduation' && r.group !== 'completion') continue;
    const list = groups.get(r.group) ?? [];
    list.push({ value: code, label: r.title });
    groups.set(r.group, list);
  }
  return groups;
}

/** The later of two 'YYYY-MM-DD' dates (they compare as text). */
export const laterDate = (a: string, b: string) => (a < b ? b : a);
