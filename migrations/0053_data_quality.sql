-- The monthly data-quality control: runs, their findings and each organization's score.
--
-- A finding is one object (a learner, an enrollment, a class, an order, an organization) failing one
-- check. It stays open from the run that found it until a run (or a recheck of its organization) no
-- longer finds it: then it closes by itself. A month's run keeps each organization's score, so a trend
-- is the scores of successive runs.
CREATE TABLE data_quality_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  month date NOT NULL CONSTRAINT data_quality_runs_month_check CHECK (extract(day FROM month) = 1),
  status text NOT NULL DEFAULT 'running' CONSTRAINT data_quality_runs_status_check
    CHECK (status IN ('running', 'finished', 'failed')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  started_by uuid REFERENCES users (id),
  job_id uuid,
  opened integer,
  closed integer,
  open_findings integer
);

-- One run at a time: a second start waits for the first to end.
CREATE UNIQUE INDEX data_quality_runs_running_uq ON data_quality_runs ((true)) WHERE status = 'running';
CREATE INDEX data_quality_runs_finished_idx ON data_quality_runs (finished_at DESC) WHERE status = 'finished';

CREATE TABLE data_quality_findings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  check_code text NOT NULL CONSTRAINT data_quality_findings_check_code_check CHECK (check_code ~ '^[a-z_]{1,60}$'),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  object_type text NOT NULL CONSTRAINT data_quality_findings_object_type_check
    CHECK (object_type IN ('person', 'enrollment', 'unit', 'order', 'movement', 'organization')),
  object_id uuid NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  -- The run that found it first; null when a recheck of the organization did.
  opened_run_id uuid REFERENCES data_quality_runs (id),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  closed_run_id uuid REFERENCES data_quality_runs (id)
);

CREATE UNIQUE INDEX data_quality_findings_open_uq
  ON data_quality_findings (check_code, organization_id, object_id) WHERE closed_at IS NULL;
CREATE INDEX data_quality_findings_organization_idx
  ON data_quality_findings (organization_id, check_code) WHERE closed_at IS NULL;

CREATE TABLE data_quality_scores (
  run_id uuid NOT NULL REFERENCES data_quality_runs (id) ON DELETE CASCADE,
  organization_id uuid NOT NULL REFERENCES organizations (id),
  learners integer NOT NULL,
  errors integer NOT NULL,
  warnings integer NOT NULL,
  score numeric(4, 1) NOT NULL CONSTRAINT data_quality_scores_score_check CHECK (score BETWEEN 0 AND 100),
  PRIMARY KEY (run_id, organization_id)
);

CREATE INDEX data_quality_scores_organization_idx ON data_quality_scores (organization_id, run_id);
