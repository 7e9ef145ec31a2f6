// Row shapes of the histories, keyed like the SQL columns of migrations 0025–0027 so the loader copies them as is.
import type { ProgrammeRow } from './catalogue.ts';
import type { ClassType } from './class-type.ts';
import type { GroupFocus, Impairment, StayMode } from './group-attributes.ts';

export type Form = 'full_time' | 'part_time' | 'extramural' | 'family' | 'self';
export type Funding = 'budget' | 'contract' | 'certificate';

export type HistoryEnrollmentRow = {
  id: string;
  person_id: string;
  organization_id: string;
  started_on: string;
  ended_on: string | null;
  programme_id: string;
  education_form: Form;
  funding: Funding;
};

export type UnitRow = {
  id: string;
  organization_id: string;
  academic_year_id: string;
  kind: 'group' | 'class' | 'association' | 'study_group';
  name: string;
  grade: number | null;
  letter: string | null;
  age_from: number | null;
  age_to: number | null;
  group_focus: GroupFocus | null;
  class_type: ClassType | null;
  profile_name: string | null;
  shift: number | null;
  course: number | null;
  programme_id: string;
  capacity: number;
  stay_mode: StayMode | null;
  impairment_type: Impairment | null;
};

export type OrderKind = 'enrollment' | 'transfer' | 'promotion' | 'exit' | 'graduation';

export type OrderRow = {
  id: string;
  organization_id: string;
  number: string;
  order_date: string;
  kind: OrderKind;
  state: 'signed';
  signer_name: string;
  signer_position: string;
  signed_at: string;
  created_at: string;
  updated_at: string;
};

export type MovementKind =
  | 'enrollment'
  | 'internal_transfer'
  | 'transfer_out'
  | 'promotion'
  | 'exit'
  | 'graduation';

export type MovementRow = {
  id: string;
  order_id: string;
  person_id: string;
  enrollment_id: string;
  kind: MovementKind;
  effective_on: string;
  programme_id: string | null;
  unit_id: string | null;
  education_form: Form | null;
  funding: Funding | null;
  exit_reason: string | null;
  destination_organization_id: string | null;
  debt_subjects: string | null;
  debt_deadline: string | null;
  document_series: string | null;
  document_number: string | null;
  document_reg_number: string | null;
  document_issued_on: string | null;
  honours: boolean | null;
  entered_at: string;
  position: number;
  promotion_type: 'normal' | 'conditional' | 'repeat' | null;
  document_kind: string | null;
  mastery: 'full' | 'partial' | null;
  employment_form: string | null;
  arrival_of: string | null;
};

export type Status = 'enrolled' | 'conditional_promotion' | 'exited';

export type PeriodRow = {
  id: string;
  enrollment_id: string;
  status: Status;
  valid_from: string;
  valid_to: string | null;
  movement_id: string;
};

export type PlacementRow = {
  id: string;
  enrollment_id: string;
  unit_id: string;
  valid_from: string;
  valid_to: string | null;
  movement_id: string;
};

/** What one batch of learners adds; the loader copies it table by table in this order. */
export type HistoryBatch = {
  programmes: ProgrammeRow[];
  units: UnitRow[];
  orders: OrderRow[];
  enrollments: HistoryEnrollmentRow[];
  /** The generator's own open enrollment of a learner becomes the last stay of the history. */
  legacy: HistoryEnrollmentRow[];
  movements: MovementRow[];
  periods: PeriodRow[];
  placements: PlacementRow[];
};

export const emptyBatch = (): HistoryBatch => ({
  programmes: [],
  units: [],
  orders: [],
  enrollments: [],
  legacy: [],
  movements: [],
  periods: [],
  placements: [],
});

export const HISTORY_COLUMNS = {
  education_programmes: [
    'id',
    'organization_id',
    'name',
    'level',
    'focus',
    'additional_kind',
    'spo_type',
    'okso_code',
    'qualification',
    'base_grade',
    'adapted',
    'distance',
    'duration_months',
  ] satisfies (keyof ProgrammeRow)[],
  units: [
    'id',
    'organization_id',
    'academic_year_id',
    'kind',
    'name',
    'grade',
    'letter',
    'age_from',
    'age_to',
    'group_focus',
    'class_type',
    'profile_name',
    'shift',
    'course',
    'programme_id',
    'capacity',
    'stay_mode',
    'impairment_type',
  ] satisfies (keyof UnitRow)[],
  orders: [
    'id',
    'organization_id',
    'number',
    'order_date',
    'kind',
    'state',
    'signer_name',
    'signer_position',
    'signed_at',
    'created_at',
    'updated_at',
  ] satisfies (keyof OrderRow)[],
  enrollments: [
    'id',
    'person_id',
    'organization_id',
    'started_on',
    'ended_on',
    'programme_id',
    'education_form',
    'funding',
  ] satisfies (keyof HistoryEnrollmentRow)[],
  movements: [
    'id',
    'order_id',
    'person_id',
    'enrollment_id',
    'kind',
    'effective_on',
    'programme_id',
    'unit_id',
    'education_form',
    'funding',
    'exit_reason',
    'destination_organization_id',
    'debt_subjects',
    'debt_deadline',
    'document_series',
    'document_number',
    'document_reg_number',
    'document_issued_on',
    'honours',
    'entered_at',
    'position',
    'promotion_type',
    'document_kind',
    'mastery',
    'employment_form',
    'arrival_of',
  ] satisfies (keyof MovementRow)[],
  enrollment_status_periods: [
    'id',
    'enrollment_id',
    'status',
    'valid_from',
    'valid_to',
    'movement_id',
  ] satisfies (keyof PeriodRow)[],
  placements: [
    'id',
    'enrollment_id',
    'unit_id',
    'valid_from',
    'valid_to',
    'movement_id',
  ] satisfies (keyof PlacementRow)[],
} as const;
