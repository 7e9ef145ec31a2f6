-- Portfolio achievements sent by the schools' own systems (issue 12): olympiads, competitions, sport,
-- creative and project events, with their level and the learner's result. Taken like results (0037):
-- keyed by the source record, a resend with equal values changes nothing, a correction supersedes the
-- row (version + 1) and the replaced values go to learner_achievements_history.
CREATE TABLE learner_achievements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The organization that held the learner on the event's date: the one whose system sent it.
  organization_id uuid NOT NULL REFERENCES organizations (id),
  person_id uuid NOT NULL REFERENCES persons (id),
  title text NOT NULL CONSTRAINT learner_achievements_title_check CHECK (char_length(title) BETWEEN 1 AND 500),
  level text NOT NULL CONSTRAINT learner_achievements_level_check
    CHECK (level IN ('school', 'municipal', 'regional', 'interregional', 'federal', 'international')),
  kind text NOT NULL CONSTRAINT learner_achievements_kind_check
    CHECK (kind IN ('olympiad', 'competition', 'sport', 'creative', 'project', 'other')),
  achieved_on date NOT NULL,
  result text NOT NULL CONSTRAINT learner_achievements_result_check
    CHECK (result IN ('participant', 'prize_winner', 'winner')),
  place smallint CONSTRAINT learner_achievements_place_check CHECK (place BETWEEN 1 AND 10000),
  score numeric(8, 2) CONSTRAINT learner_achievements_score_check CHECK (score BETWEEN 0 AND 100000),
  subject text CONSTRAINT learner_achievements_subject_check CHECK (char_length(subject) BETWEEN 1 AND 200),
  source_system text NOT NULL CONSTRAINT learner_achievements_source_system_check
    CHECK (char_length(source_system) BETWEEN 1 AND 100),
  source_id text NOT NULL CONSTRAINT learner_achievements_source_id_check
    CHECK (char_length(source_id) BETWEEN 1 AND 200),
  version integer NOT NULL DEFAULT 1,
  batch_id uuid NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT learner_achievements_source_uq UNIQUE (source_system, source_id)
);
CREATE INDEX learner_achievements_person_idx ON learner_achievements (person_id, achieved_on);
CREATE INDEX learner_achievements_org_idx ON learner_achievements (organization_id, achieved_on);

-- The rows of an achievement as they were before each correction; they go with the achievement.
CREATE TABLE learner_achievements_history (
  achievement_id uuid NOT NULL REFERENCES learner_achievements (id) ON DELETE CASCADE,
  organization_id uuid NOT NULL,
  title text NOT NULL,
  level text NOT NULL,
  kind text NOT NULL,
  achieved_on date NOT NULL,
  result text NOT NULL,
  place smallint,
  score numeric(8, 2),
  subject text,
  version integer NOT NULL,
  batch_id uuid NOT NULL,
  received_at timestamptz NOT NULL,
  superseded_at timestamptz NOT NULL DEFAULT now(),
  superseded_by_batch uuid NOT NULL,
  CONSTRAINT learner_achievements_history_pkey PRIMARY KEY (achievement_id, version)
);

-- Written from the replaced rows themselves, so a correction cannot skip it. The transition tables are
-- read through EXECUTE: planned per statement with their real sizes, not once per connection (0040).
CREATE FUNCTION learner_achievements_keep_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $q$
    INSERT INTO learner_achievements_history (achievement_id, organization_id, title, level, kind, achieved_on,
           result, place, score, subject, version, batch_id, received_at, superseded_by_batch)
    SELECT o.id, o.organization_id, o.title, o.level, o.kind, o.achieved_on, o.result, o.place, o.score, o.subject,
           o.version, o.batch_id, o.received_at, n.batch_id
      FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE n.version <> o.version $q$;
  RETURN NULL;
END $$;
CREATE TRIGGER learner_achievements_history AFTER UPDATE ON learner_achievements
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION learner_achievements_keep_history();

-- The change feed carries achievements by their organization, as it carries results (0045 for those).
CREATE TRIGGER learner_achievements_changes_ins AFTER INSERT ON learner_achievements
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture('achievement', 'SELECT id, organization_id FROM $rows');
CREATE TRIGGER learner_achievements_changes_upd AFTER UPDATE ON learner_achievements
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture('achievement', 'SELECT id, organization_id FROM $rows');
CREATE TRIGGER learner_achievements_changes_del AFTER DELETE ON learner_achievements
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture('achievement', 'SELECT id, organization_id FROM $rows');

-- The intake log records achievement batches beside attendance and results.
ALTER TABLE intake_batches DROP CONSTRAINT intake_batches_kind_check,
  ADD CONSTRAINT intake_batches_kind_check CHECK (kind IN ('attendance', 'results', 'achievements'));
ALTER TABLE intake_sources DROP CONSTRAINT intake_sources_kind_check,
  ADD CONSTRAINT intake_sources_kind_check CHECK (kind IN ('attendance', 'results', 'achievements'));
