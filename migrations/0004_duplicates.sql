-- Regional duplicate report: runs computed in the background and the pairs each run found.
CREATE TABLE duplicate_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'finished', 'failed')),
  min_score real NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  pairs integer,
  started_by uuid REFERENCES users (id),
  CHECK ((status = 'running') = (finished_at IS NULL))
);
-- One run at a time: a second start collides here instead of racing a check.
CREATE UNIQUE INDEX duplicate_runs_one_running ON duplicate_runs ((true)) WHERE status = 'running';
CREATE INDEX duplicate_runs_finished_idx ON duplicate_runs (finished_at DESC) WHERE status = 'finished';

CREATE TABLE duplicate_pairs (
  run_id uuid NOT NULL REFERENCES duplicate_runs (id) ON DELETE CASCADE,
  person_a uuid NOT NULL,
  person_b uuid NOT NULL,
  score real NOT NULL,
  PRIMARY KEY (run_id, person_a, person_b),
  CHECK (person_a < person_b)
);
-- The report pages by score, best first.
CREATE INDEX duplicate_pairs_page_idx ON duplicate_pairs (run_id, score DESC, person_a, person_b);

-- Merges are looked up from both sides: a person's merge list and "latest merge" checks on undo.
CREATE INDEX person_merges_survivor_idx ON person_merges (survivor_id);
