-- Education histories (issue 10): programmes, academic years, units, and an enrollment that is a
-- sequence of dated status periods and placements changed only by movements of orders.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- An educational programme an organization runs. СПО programmes carry their ОКСО code, qualification
-- and the base (after 9th or 11th grade); ДО programmes carry their направленность.
CREATE TABLE education_programmes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 300),
  level text NOT NULL CONSTRAINT education_programmes_level_check
    CHECK (level IN ('preschool', 'noo', 'ooo', 'soo', 'spo', 'additional')),
  focus text CONSTRAINT education_programmes_focus_check
    CHECK (focus IN ('technical', 'natural_science', 'physical_sports', 'arts', 'tourism_local_history',
                     'social_humanitarian')),
  spo_type text CONSTRAINT education_programmes_spo_type_check CHECK (spo_type IN ('skilled_worker', 'specialist')),
  okso_code text CONSTRAINT education_programmes_okso_check CHECK (okso_code ~ '^\d{2}\.\d{2}\.\d{2}$'),
  qualification text CHECK (char_length(qualification) BETWEEN 1 AND 300),
  base_grade smallint CONSTRAINT education_programmes_base_check CHECK (base_grade IN (9, 11)),
  adapted boolean NOT NULL DEFAULT false,
  distance boolean NOT NULL DEFAULT false,
  duration_months smallint NOT NULL CHECK (duration_months BETWEEN 1 AND 180),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- The ДО focus belongs to ДО only; the СПО attributes to СПО only and all together.
  CONSTRAINT education_programmes_focus_level_check CHECK ((level = 'additional') = (focus IS NOT NULL)),
  CONSTRAINT education_programmes_spo_check CHECK (
    (level = 'spo') = (spo_type IS NOT NULL AND okso_code IS NOT NULL AND qualification IS NOT NULL
                       AND base_grade IS NOT NULL)
    AND (level = 'spo' OR (spo_type IS NULL AND okso_code IS NULL AND qualification IS NULL AND base_grade IS NULL)))
);
CREATE INDEX education_programmes_org_idx ON education_programmes (organization_id);

-- Academic years are the region's: 2026/27 is 2026-09-01 .. 2027-08-31 unless the region says otherwise.
CREATE TABLE academic_years (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  starts_on date NOT NULL UNIQUE,
  ends_on date NOT NULL,
  CONSTRAINT academic_years_dates_check CHECK (ends_on > starts_on),
  CONSTRAINT academic_years_no_overlap EXCLUDE USING gist (daterange(starts_on, ends_on, '[]') WITH &&)
);

-- A group of a kindergarten, a class of a school, an association of ДО, a study group of СПО, in one year.
-- Next year's units are copies (grade + 1, same letter), so a year-end promotion is INSERT … SELECT.
CREATE TABLE units (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  academic_year_id uuid NOT NULL REFERENCES academic_years (id),
  kind text NOT NULL CONSTRAINT units_kind_check CHECK (kind IN ('group', 'class', 'association', 'study_group')),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  grade smallint CONSTRAINT units_grade_check CHECK (grade BETWEEN 0 AND 12),
  letter text CHECK (char_length(letter) BETWEEN 1 AND 10),
  -- Group age band in years (preschool) and its regime.
  age_from smallint CHECK (age_from BETWEEN 0 AND 18),
  age_to smallint CHECK (age_to BETWEEN 0 AND 18),
  group_focus text CHECK (group_focus IN ('general', 'compensating', 'combined', 'health', 'care')),
  course smallint CHECK (course BETWEEN 1 AND 6),
  programme_id uuid REFERENCES education_programmes (id),
  capacity integer CHECK (capacity BETWEEN 1 AND 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT units_age_check CHECK (age_from IS NULL OR age_to IS NULL OR age_to >= age_from),
  CONSTRAINT units_class_grade_check CHECK (kind <> 'class' OR grade IS NOT NULL),
  CONSTRAINT units_name_unique UNIQUE (organization_id, academic_year_id, name)
);

-- The enrollment grows: programme, form of education, funding. Legacy rows (before orders) have none.
ALTER TABLE enrollments
  ADD COLUMN programme_id uuid REFERENCES education_programmes (id),
  -- The level decides which enrollments exclude each other; copied from the programme by trigger.
  ADD COLUMN level text,
  ADD COLUMN education_form text CONSTRAINT enrollments_form_check
    CHECK (education_form IN ('full_time', 'part_time', 'extramural', 'family', 'self')),
  ADD COLUMN funding text CONSTRAINT enrollments_funding_check
    CHECK (funding IN ('budget', 'contract', 'certificate'));

-- One learner: one general-education school (НОО/ООО/СОО) and one kindergarten at any date. Ranges are
-- half-open: ended_on is the first day the learner is no longer there, so a transfer on date d exits
-- one school and enrolls in the next on the same d without overlap. Legacy rows without a programme
-- stay outside: they predate the rule, and merges already end contested ones.
ALTER TABLE enrollments ADD CONSTRAINT enrollments_one_general_school
  EXCLUDE USING gist (person_id WITH =, daterange(started_on, ended_on, '[)') WITH &&)
  WHERE (level IN ('noo', 'ooo', 'soo'));
ALTER TABLE enrollments ADD CONSTRAINT enrollments_one_preschool
  EXCLUDE USING gist (person_id WITH =, daterange(started_on, ended_on, '[)') WITH &&)
  WHERE (level = 'preschool');

-- Orders (приказы): a draft is edited freely; signing applies all its movements in one transaction;
-- a signed order is never edited, only cancelled by another order that restores the prior state.
CREATE TABLE orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  number text NOT NULL CHECK (char_length(number) BETWEEN 1 AND 50),
  order_date date NOT NULL,
  kind text NOT NULL CONSTRAINT orders_kind_check
    CHECK (kind IN ('enrollment', 'transfer', 'promotion', 'academic_leave', 'reinstatement', 'exit',
                    'graduation', 'cancellation')),
  state text NOT NULL DEFAULT 'draft' CONSTRAINT orders_state_check CHECK (state IN ('draft', 'signed', 'cancelled')),
  signer_name text CHECK (char_length(signer_name) BETWEEN 1 AND 200),
  signed_at timestamptz,
  signed_by uuid REFERENCES users (id),
  cancels_order_id uuid REFERENCES orders (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  CONSTRAINT orders_signed_check CHECK ((state = 'draft') = (signed_at IS NULL)),
  CONSTRAINT orders_cancellation_check CHECK ((kind = 'cancellation') = (cancels_order_id IS NOT NULL)),
  -- An order is cancelled once.
  CONSTRAINT orders_cancels_unique UNIQUE (cancels_order_id)
);
CREATE INDEX orders_org_idx ON orders (organization_id, order_date DESC);

-- A movement is one learner's change within an order. Enrollment movements create the enrollment when
-- signed; other movements name the enrollment they change.
CREATE TABLE movements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES persons (id),
  enrollment_id uuid REFERENCES enrollments (id),
  kind text NOT NULL CONSTRAINT movements_kind_check
    CHECK (kind IN ('enrollment', 'internal_transfer', 'transfer_out', 'promotion', 'conditional_promotion',
                    'repeat', 'academic_leave', 'return', 'reinstatement', 'exit', 'graduation')),
  effective_on date NOT NULL,
  programme_id uuid REFERENCES education_programmes (id),
  unit_id uuid REFERENCES units (id),
  education_form text CHECK (education_form IN ('full_time', 'part_time', 'extramural', 'family', 'self')),
  funding text CHECK (funding IN ('budget', 'contract', 'certificate')),
  -- Exit reasons of ст. 61 273-ФЗ (domain §7.2), checked against the list in the use case and here.
  exit_reason text CONSTRAINT movements_exit_reason_check
    CHECK (exit_reason IN ('completed', 'transfer', 'parents_will', 'expelled', 'court', 'death', 'liquidation',
                           'health', 'other')),
  destination_organization_id uuid REFERENCES organizations (id),
  debt_subjects text[],
  debt_deadline date,
  document_series text CHECK (char_length(document_series) <= 20),
  document_number text CHECK (char_length(document_number) <= 30),
  document_reg_number text CHECK (char_length(document_reg_number) <= 30),
  document_issued_on date,
  honours boolean,
  -- When the clerk entered it, next to the order's own date: late entry is visible, not hidden.
  entered_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT movements_enrollment_check CHECK ((kind = 'enrollment') OR enrollment_id IS NOT NULL
                                                OR kind = 'reinstatement')
);
CREATE INDEX movements_order_idx ON movements (order_id);
CREATE INDEX movements_person_idx ON movements (person_id);
CREATE INDEX movements_enrollment_idx ON movements (enrollment_id);
CREATE INDEX movements_destination_idx ON movements (destination_organization_id) WHERE kind = 'transfer_out';

-- Status periods: the enrollment's state from a date on. The last period is open; exited is final.
-- started_on/ended_on of enrollments are derived from these by the trigger below.
CREATE TABLE enrollment_status_periods (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  enrollment_id uuid NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
  status text NOT NULL CONSTRAINT enrollment_status_periods_status_check
    CHECK (status IN ('enrolled', 'academic_leave', 'conditional_promotion', 'exited')),
  valid_from date NOT NULL,
  valid_to date,
  movement_id uuid REFERENCES movements (id),
  CONSTRAINT enrollment_status_periods_dates_check CHECK (valid_to IS NULL OR valid_to > valid_from),
  CONSTRAINT enrollment_status_periods_no_overlap
    EXCLUDE USING gist (enrollment_id WITH =, daterange(valid_from, valid_to, '[)') WITH &&)
);

-- Placements: in which unit the learner is, dated, inside the enrollment's dates.
CREATE TABLE placements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  enrollment_id uuid NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id),
  valid_from date NOT NULL,
  valid_to date,
  movement_id uuid REFERENCES movements (id),
  CONSTRAINT placements_dates_check CHECK (valid_to IS NULL OR valid_to > valid_from),
  CONSTRAINT placements_no_overlap
    EXCLUDE USING gist (enrollment_id WITH =, daterange(valid_from, valid_to, '[)') WITH &&)
);
CREATE INDEX placements_unit_idx ON placements (unit_id, valid_from);
