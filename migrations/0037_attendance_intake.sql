-- Intake from e-journal systems (issue 12 items 2 and 6): daily attendance partitioned by month,
-- period/annual/final results, their histories of superseded values, and the intake log.

-- Partitions live in a schema of their own: the application reaches them only through the partitioned
-- parents (privileges are checked on the parent), and the catalogue guards read the parents in public.
CREATE SCHEMA attendance_parts;

-- One row per learner, organization and day (the day counts once, 85-К). A source record is keyed by
-- (source_system, source_id, date): a resend updates it, a correction supersedes it (version + 1) and the
-- replaced values go to attendance_days_history. No foreign keys: a key on a partitioned table is copied
-- to every partition and checked per row, a million rows a day; every row is written after the intake
-- matched its person to an enrollment of its organization on that date, and persons are never deleted
-- (destruction overwrites them and deletes these rows through the person-data registry).
CREATE TABLE attendance_days (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  person_id uuid NOT NULL,
  date date NOT NULL,
  status text NOT NULL CONSTRAINT attendance_days_status_check CHECK (status IN ('present', 'absent')),
  -- The reason of an absent day; null for a present day (its missed lessons carry theirs in lessons).
  reason text CONSTRAINT attendance_days_reason_check CHECK (reason IN ('illness', 'valid', 'unexcused')),
  lessons_scheduled smallint CONSTRAINT attendance_days_lessons_scheduled_check
    CHECK (lessons_scheduled BETWEEN 1 AND 20),
  lessons_missed smallint NOT NULL DEFAULT 0 CONSTRAINT attendance_days_lessons_missed_check
    CHECK (lessons_missed BETWEEN 0 AND 20),
  lessons_unexcused smallint NOT NULL DEFAULT 0 CONSTRAINT attendance_days_lessons_unexcused_check
    CHECK (lessons_unexcused BETWEEN 0 AND lessons_missed),
  -- Lesson-level absences as the source sent them: [{"lesson": 3, "subject": "Математика", "reason": "illness"}].
  lessons jsonb,
  source_system text NOT NULL CONSTRAINT attendance_days_source_system_check
    CHECK (char_length(source_system) BETWEEN 1 AND 100),
  source_id text NOT NULL CONSTRAINT attendance_days_source_id_check
    CHECK (char_length(source_id) BETWEEN 1 AND 200),
  version integer NOT NULL DEFAULT 1,
  batch_id uuid NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT attendance_days_reason_status_check CHECK ((status = 'absent') = (reason IS NOT NULL)),
  CONSTRAINT attendance_days_pkey PRIMARY KEY (id, date),
  CONSTRAINT attendance_days_source_uq UNIQUE (source_system, source_id, date),
  CONSTRAINT attendance_days_day_uq UNIQUE (person_id, date, organization_id)
) PARTITION BY RANGE (date);
CREATE INDEX attendance_days_org_idx ON attendance_days (organization_id, date);

-- Superseded values: the row as it was before each correction, with the batch that replaced it.
CREATE TABLE attendance_days_history (
  attendance_id uuid NOT NULL,
  organization_id uuid NOT NULL,
  person_id uuid NOT NULL,
  date date NOT NULL,
  status text NOT NULL,
  reason text,
  lessons_scheduled smallint,
  lessons_missed smallint NOT NULL,
  lessons_unexcused smallint NOT NULL,
  lessons jsonb,
  source_system text NOT NULL,
  source_id text NOT NULL,
  version integer NOT NULL,
  batch_id uuid NOT NULL,
  received_at timestamptz NOT NULL,
  superseded_at timestamptz NOT NULL DEFAULT now(),
  superseded_by_batch uuid NOT NULL
) PARTITION BY RANGE (date);
CREATE INDEX attendance_days_history_source_idx ON attendance_days_history (source_system, source_id, date);
CREATE INDEX attendance_days_history_person_idx ON attendance_days_history (person_id, date);

-- The history is written by the database from the replaced rows themselves (the transition table),
-- so a correction can never skip it, and a resend with the same values (not updated) writes nothing.
CREATE FUNCTION attendance_days_keep_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO attendance_days_history (attendance_id, organization_id, person_id, date, status, reason,
         lessons_scheduled, lessons_missed, lessons_unexcused, lessons, source_system, source_id, version,
         batch_id, received_at, superseded_by_batch)
  SELECT o.id, o.organization_id, o.person_id, o.date, o.status, o.reason, o.lessons_scheduled,
         o.lessons_missed, o.lessons_unexcused, o.lessons, o.source_system, o.source_id, o.version,
         o.batch_id, o.received_at, n.batch_id
    FROM old_rows o JOIN new_rows n ON n.id = o.id AND n.date = o.date
   WHERE n.version <> o.version;
  RETURN NULL;
END $$;
CREATE TRIGGER attendance_days_history AFTER UPDATE ON attendance_days
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION attendance_days_keep_history();

-- Monthly partitions of both tables, created ahead by the maintenance job (attendance-partitions) and,
-- for a month the job has not reached, by the intake itself. Runs with the owner's rights (the
-- application's role owns nothing) and only within a bounded window, so a caller cannot fill the
-- catalogue. Returns the months it could not provide: outside the window, or a month whose partition
-- was detached for archiving (a table of that name exists in attendance_parts but is not attached).
CREATE FUNCTION attendance_ensure_partitions(months date[]) RETURNS date[]
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  m date;
  t text;
  part text;
  missing date[] := '{}';
  lo date := date_trunc('month', current_date - interval '6 years')::date;
  hi date := date_trunc('month', current_date + interval '2 years')::date;
  locked boolean := false;
BEGIN
  FOREACH m IN ARRAY coalesce(months, '{}') LOOP
    m := date_trunc('month', m)::date;
    IF m < lo OR m > hi THEN missing := missing || m; CONTINUE; END IF;
    FOREACH t IN ARRAY ARRAY['attendance_days', 'attendance_days_history'] LOOP
      part := t || '_' || to_char(m, 'YYYY_MM');
      IF to_regclass('attendance_parts.' || part) IS NULL THEN
        IF NOT locked THEN
          -- Concurrent intakes reaching a new month create it once.
          PERFORM pg_advisory_xact_lock(hashtext('attendance_ensure_partitions'));
          locked := true;
        END IF;
        IF to_regclass('attendance_parts.' || part) IS NULL THEN
          EXECUTE format('CREATE TABLE attendance_parts.%I PARTITION OF public.%I FOR VALUES FROM (%L) TO (%L)',
                         part, t, m, (m + interval '1 month')::date);
        END IF;
      END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = ('attendance_parts.' || part)::regclass
                        AND i.inhparent = ('public.' || t)::regclass) THEN
        IF NOT (m = ANY(missing)) THEN missing := missing || m; END IF;
      END IF;
    END LOOP;
  END LOOP;
  RETURN missing;
END $$;

-- Two school years back and three months ahead at installation; the job keeps three months ahead.
SELECT attendance_ensure_partitions(ARRAY(
  SELECT (date_trunc('month', current_date) + make_interval(months => k))::date FROM generate_series(-24, 3) k));

-- Period, annual and final grades per subject, keyed by the source record; history of replaced values.
CREATE TABLE learner_results (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  person_id uuid NOT NULL REFERENCES persons (id),
  academic_year text NOT NULL CONSTRAINT learner_results_year_check CHECK (academic_year ~ '^\d{4}/\d{4}$'),
  kind text NOT NULL CONSTRAINT learner_results_kind_check CHECK (kind IN ('period', 'annual', 'final')),
  period_type text CONSTRAINT learner_results_period_type_check
    CHECK (period_type IN ('quarter', 'trimester', 'half_year', 'module')),
  period_number smallint CONSTRAINT learner_results_period_number_check CHECK (period_number BETWEEN 1 AND 6),
  subject text NOT NULL CONSTRAINT learner_results_subject_check CHECK (char_length(subject) BETWEEN 1 AND 200),
  scale text NOT NULL CONSTRAINT learner_results_scale_check
    CHECK (scale IN ('five_point', 'ten_point', 'hundred_point', 'pass_fail')),
  grade text NOT NULL CONSTRAINT learner_results_grade_check CHECK (char_length(grade) BETWEEN 1 AND 20),
  graded_on date NOT NULL,
  source_system text NOT NULL CONSTRAINT learner_results_source_system_check
    CHECK (char_length(source_system) BETWEEN 1 AND 100),
  source_id text NOT NULL CONSTRAINT learner_results_source_id_check
    CHECK (char_length(source_id) BETWEEN 1 AND 200),
  version integer NOT NULL DEFAULT 1,
  batch_id uuid NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT learner_results_period_check CHECK ((kind = 'period') = (period_type IS NOT NULL)
                                                 AND (period_type IS NULL) = (period_number IS NULL)),
  CONSTRAINT learner_results_source_uq UNIQUE (source_system, source_id)
);
CREATE INDEX learner_results_person_idx ON learner_results (person_id, academic_year);
CREATE INDEX learner_results_org_idx ON learner_results (organization_id, academic_year);

-- Rows of a result as they were before each correction; they go with the result.
CREATE TABLE learner_results_history (
  result_id uuid NOT NULL REFERENCES learner_results (id) ON DELETE CASCADE,
  organization_id uuid NOT NULL,
  academic_year text NOT NULL,
  kind text NOT NULL,
  period_type text,
  period_number smallint,
  subject text NOT NULL,
  scale text NOT NULL,
  grade text NOT NULL,
  graded_on date NOT NULL,
  version integer NOT NULL,
  batch_id uuid NOT NULL,
  received_at timestamptz NOT NULL,
  superseded_at timestamptz NOT NULL DEFAULT now(),
  superseded_by_batch uuid NOT NULL,
  CONSTRAINT learner_results_history_pkey PRIMARY KEY (result_id, version)
);

CREATE FUNCTION learner_results_keep_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO learner_results_history (result_id, organization_id, academic_year, kind, period_type,
         period_number, subject, scale, grade, graded_on, version, batch_id, received_at, superseded_by_batch)
  SELECT o.id, o.organization_id, o.academic_year, o.kind, o.period_type, o.period_number, o.subject, o.scale,
         o.grade, o.graded_on, o.version, o.batch_id, o.received_at, n.batch_id
    FROM old_rows o JOIN new_rows n ON n.id = o.id
   WHERE n.version <> o.version;
  RETURN NULL;
END $$;
CREATE TRIGGER learner_results_history AFTER UPDATE ON learner_results
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION learner_results_keep_history();

-- The intake log: one row per batch, and per organization, source system and kind the last batch with
-- running totals. Errors keep the first rejected items (index, source id, code, message): no names.
CREATE TABLE intake_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CONSTRAINT intake_batches_kind_check CHECK (kind IN ('attendance', 'results')),
  user_id uuid NOT NULL REFERENCES users (id),
  organization_ids uuid[] NOT NULL,
  source_systems text[] NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  items integer NOT NULL,
  accepted integer NOT NULL,
  rejected integer NOT NULL,
  inserted integer NOT NULL,
  updated integer NOT NULL,
  errors jsonb NOT NULL DEFAULT '[]',
  CONSTRAINT intake_batches_counts_check CHECK (accepted + rejected = items AND inserted + updated <= accepted)
);
CREATE INDEX intake_batches_orgs_idx ON intake_batches USING gin (organization_ids);
CREATE INDEX intake_batches_received_idx ON intake_batches (received_at DESC, id DESC);

CREATE TABLE intake_sources (
  organization_id uuid NOT NULL REFERENCES organizations (id),
  source_system text NOT NULL,
  kind text NOT NULL CONSTRAINT intake_sources_kind_check CHECK (kind IN ('attendance', 'results')),
  last_batch_id uuid NOT NULL REFERENCES intake_batches (id),
  last_at timestamptz NOT NULL,
  last_accepted integer NOT NULL,
  last_rejected integer NOT NULL,
  total_accepted bigint NOT NULL,
  total_rejected bigint NOT NULL,
  CONSTRAINT intake_sources_pkey PRIMARY KEY (organization_id, source_system, kind)
);
