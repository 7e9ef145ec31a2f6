-- Orders become working documents (issue 10): a version for concurrent edits of a draft, the §7.2 exit
-- reasons, promotion variants, outcomes recorded with the movement, and the effects a signed movement had
-- so that a cancellation restores the exact prior state.

ALTER TABLE orders
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN signer_position text CHECK (char_length(signer_position) BETWEEN 1 AND 200),
  ADD COLUMN basis text CHECK (char_length(basis) BETWEEN 1 AND 1000),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
-- Numbers are the organization's, counted per calendar year; a draft may repeat one until it is signed.
CREATE UNIQUE INDEX orders_number_uq ON orders (organization_id, number, (extract(year FROM order_date)))
  WHERE state <> 'draft';
CREATE INDEX orders_cancels_idx ON orders (cancels_order_id) WHERE cancels_order_id IS NOT NULL;

ALTER TABLE movements DROP CONSTRAINT movements_kind_check;
ALTER TABLE movements ADD CONSTRAINT movements_kind_check
  CHECK (kind IN ('enrollment', 'internal_transfer', 'transfer_out', 'promotion', 'academic_leave', 'return',
                  'reinstatement', 'exit', 'graduation'));
ALTER TABLE movements DROP CONSTRAINT movements_exit_reason_check;
-- Codes of domain-ru §7.2, grouped as ст. 61 273-ФЗ groups them (the group is the application's).
ALTER TABLE movements ADD CONSTRAINT movements_exit_reason_check
  CHECK (exit_reason IN ('GRADUATED', 'TRANSFER_SAME_REGION', 'TRANSFER_OTHER_REGION', 'TRANSFER_ABROAD',
                         'FAMILY_EDUCATION', 'PARENTS_WISH', 'LEFT_AT_15', 'DISCIPLINARY', 'ACADEMIC_FAILURE_PROF',
                         'ADMISSION_VIOLATION', 'ORG_LIQUIDATION', 'DEATH', 'MEDICAL', 'DOO_TO_SCHOOL'));
ALTER TABLE movements DROP CONSTRAINT movements_enrollment_check;

ALTER TABLE movements
  -- Where the movement was entered among the order's lines, for the printed list.
  ADD COLUMN position integer NOT NULL DEFAULT 0,
  ADD COLUMN promotion_type text CONSTRAINT movements_promotion_type_check
    CHECK (promotion_type IN ('normal', 'conditional', 'repeat', 'adapted', 'individual_plan')),
  -- Graduation: аттестат (school) or диплом (СПО), and for ДО the certificate of the programme.
  ADD COLUMN document_kind text CONSTRAINT movements_document_kind_check
    CHECK (document_kind IN ('certificate_basic', 'certificate_secondary', 'diploma_spo', 'certificate_additional',
                             'study_certificate')),
  -- ДО: how the programme was mastered; СПО: employment after graduation.
  ADD COLUMN mastery text CONSTRAINT movements_mastery_check CHECK (mastery IN ('full', 'partial', 'not_mastered')),
  ADD COLUMN employer text CHECK (char_length(employer) BETWEEN 1 AND 300),
  ADD COLUMN employment_form text CONSTRAINT movements_employment_form_check
    CHECK (employment_form IN ('employed', 'self_employed', 'entrepreneur', 'military_service', 'continuing_study',
                               'parental_leave', 'not_employed')),
  ADD COLUMN quota_job boolean,
  -- Academic leave (СПО): the planned end; the return is its own movement.
  ADD COLUMN leave_until date,
  -- The transfer this enrollment receives: the sending side's transfer_out movement.
  ADD COLUMN arrival_of uuid REFERENCES movements (id),
  ADD COLUMN note text CHECK (char_length(note) <= 1000),
  -- Placing above a unit's capacity is allowed with a stated reason, kept with the line.
  ADD COLUMN capacity_reason text CHECK (char_length(capacity_reason) BETWEEN 1 AND 500),
  ADD CONSTRAINT movements_enrollment_check
    CHECK (kind IN ('enrollment', 'reinstatement') OR enrollment_id IS NOT NULL),
  ADD CONSTRAINT movements_promotion_check CHECK ((kind = 'promotion') = (promotion_type IS NOT NULL)),
  ADD CONSTRAINT movements_exit_check
    CHECK ((kind IN ('exit', 'transfer_out', 'graduation')) = (exit_reason IS NOT NULL)),
  ADD CONSTRAINT movements_debt_check
    CHECK (promotion_type IS DISTINCT FROM 'conditional' OR (debt_subjects IS NOT NULL AND debt_deadline IS NOT NULL));
-- One arrival per transfer is checked when signing, under a lock of the transfer's line: drafts and
-- cancelled orders may name it too.
CREATE INDEX movements_arrival_idx ON movements (arrival_of) WHERE arrival_of IS NOT NULL;
CREATE INDEX movements_late_idx ON movements (order_id) INCLUDE (entered_at);

-- What a signed movement changed in rows it did not create: the values before, restored by a cancellation
-- in reverse order. Rows a movement created carry its id (periods, placements) or are its enrollment.
CREATE TABLE movement_effects (
  id bigserial PRIMARY KEY,
  movement_id uuid NOT NULL REFERENCES movements (id) ON DELETE CASCADE,
  target text NOT NULL CONSTRAINT movement_effects_target_check
    CHECK (target IN ('status_period', 'placement', 'enrollment')),
  row_id uuid NOT NULL,
  before jsonb NOT NULL
);
CREATE INDEX movement_effects_movement_idx ON movement_effects (movement_id);

CREATE INDEX enrollment_status_periods_movement_idx ON enrollment_status_periods (movement_id)
  WHERE movement_id IS NOT NULL;
CREATE INDEX placements_movement_idx ON placements (movement_id) WHERE movement_id IS NOT NULL;
CREATE INDEX placements_enrollment_idx ON placements (enrollment_id, valid_from);

-- Additional education allows many programmes at once in one organization, so the one-active-enrollment
-- rule per organization (0012) holds for the other levels and per programme for ДО.
DROP INDEX enrollments_active_uq;
CREATE UNIQUE INDEX enrollments_active_uq ON enrollments (person_id, organization_id)
  WHERE ended_on IS NULL AND level IS DISTINCT FROM 'additional';
CREATE UNIQUE INDEX enrollments_active_programme_uq ON enrollments (person_id, programme_id)
  WHERE ended_on IS NULL AND level = 'additional';
