-- Programmes and units get the attributes the issue lists (issue 10, item 1–2) and a version for
-- concurrent edits; a unit copied from last year's remembers its source, so copying twice creates nothing.

ALTER TABLE education_programmes
  -- ДО programmes are общеразвивающие or предпрофессиональные; the kind goes with the focus.
  ADD COLUMN additional_kind text CONSTRAINT education_programmes_additional_kind_check
    CHECK (additional_kind IN ('general_developing', 'pre_professional')),
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT education_programmes_additional_kind_level_check
    CHECK ((level = 'additional') = (additional_kind IS NOT NULL));

ALTER TABLE units
  ADD COLUMN class_type text CONSTRAINT units_class_type_check
    CHECK (class_type IN ('general', 'advanced', 'profile', 'gymnasium', 'lyceum', 'intellectual_disability')),
  ADD COLUMN profile_name text CONSTRAINT units_profile_name_check CHECK (char_length(profile_name) BETWEEN 1 AND 100),
  ADD COLUMN shift smallint CONSTRAINT units_shift_check CHECK (shift BETWEEN 1 AND 3),
  ADD COLUMN teaching_language text CONSTRAINT units_teaching_language_check
    CHECK (char_length(teaching_language) BETWEEN 1 AND 50),
  ADD COLUMN stay_mode text CONSTRAINT units_stay_mode_check
    CHECK (stay_mode IN ('short', 'full', 'extended', 'round_the_clock')),
  ADD COLUMN impairment_type text CONSTRAINT units_impairment_type_check
    CHECK (impairment_type IN ('hearing', 'vision', 'speech', 'musculoskeletal', 'intellectual', 'autism',
                               'mental_delay', 'complex', 'other')),
  ADD COLUMN study_form text CONSTRAINT units_study_form_check
    CHECK (study_form IN ('full_time', 'part_time', 'extramural')),
  ADD COLUMN funding text CONSTRAINT units_funding_check CHECK (funding IN ('budget', 'contract', 'certificate')),
  ADD COLUMN copied_from_unit_id uuid REFERENCES units (id),
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  -- A profile class names its profile; no other class does.
  ADD CONSTRAINT units_profile_check CHECK ((class_type IS NOT DISTINCT FROM 'profile') = (profile_name IS NOT NULL)),
  -- The impairment belongs to a compensating (or combined) group only.
  ADD CONSTRAINT units_impairment_check
    CHECK (impairment_type IS NULL OR group_focus IN ('compensating', 'combined'));

-- One copy of a unit per year: the copy action inserts with ON CONFLICT DO NOTHING, so a second call,
-- or two at once, create nothing more.
CREATE UNIQUE INDEX units_copied_from_uq ON units (copied_from_unit_id, academic_year_id)
  WHERE copied_from_unit_id IS NOT NULL;
CREATE INDEX units_org_year_idx ON units (organization_id, academic_year_id);
CREATE INDEX units_programme_idx ON units (programme_id) WHERE programme_id IS NOT NULL;
CREATE INDEX units_year_idx ON units (academic_year_id);

-- «As of a date» reads start from an organization's enrollments (enrollments_organization_idx) and look
-- up each one's periods: this index answers them without visiting the heap.
CREATE INDEX enrollment_status_periods_enrollment_idx ON enrollment_status_periods (enrollment_id, valid_from)
  INCLUDE (valid_to, status);
-- The learners of a unit on a date start from its placements.
CREATE INDEX placements_unit_dates_idx ON placements (unit_id, valid_from) INCLUDE (valid_to, enrollment_id);
