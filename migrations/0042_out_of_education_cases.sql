-- Children out of education (ст. 63 273-ФЗ, ст. 14 120-ФЗ; domain §7.4): what the daily rules and the
-- intake found, as cases the municipality works through выявлен → проверка → причина установлена →
-- меры приняты → закрыт, with every step in a history of its own.
CREATE TABLE out_of_education_cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CONSTRAINT out_of_education_cases_kind_check
    CHECK (kind IN ('not_started', 'left_not_arrived', 'stopped_attending', 'preschool_absent')),
  person_id uuid NOT NULL REFERENCES persons (id),
  -- The municipality that works the case: its specialists see it, nobody below the municipality does.
  municipality_id uuid NOT NULL REFERENCES territories (id),
  -- The organization the finding is about (the school left, the school not attended), when there is one.
  organization_id uuid REFERENCES organizations (id),
  -- «Выбыл и не прибыл»: the transfer line that was not received.
  movement_id uuid REFERENCES movements (id),
  -- What makes one finding distinct from a later one of the same child and kind: the school year
  -- (not_started), the movement (left_not_arrived), the first day of the absence run or the month
  -- (attendance). A case closed by hand is not opened again for the same episode the next night.
  episode text NOT NULL CONSTRAINT out_of_education_cases_episode_check CHECK (char_length(episode) BETWEEN 1 AND 100),
  status text NOT NULL DEFAULT 'detected' CONSTRAINT out_of_education_cases_status_check
    CHECK (status IN ('detected', 'checking', 'cause_found', 'measures_taken', 'closed')),
  detected_on date NOT NULL,
  -- The last day the finding rests on (last absence, the transfer's date, the check date).
  evidence_on date NOT NULL,
  -- Counts behind the finding (days absent, percent, working days waited): no names.
  evidence jsonb NOT NULL DEFAULT '{}',
  responsible_user_id uuid REFERENCES users (id),
  deadline date,
  closed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  CONSTRAINT out_of_education_cases_closed_check CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
-- One open case per child and kind: concurrent runs of the rules meet here, not in a check before insert.
CREATE UNIQUE INDEX out_of_education_cases_open_uq ON out_of_education_cases (person_id, kind)
  WHERE status <> 'closed';
CREATE UNIQUE INDEX out_of_education_cases_episode_uq ON out_of_education_cases (person_id, kind, episode);
CREATE INDEX out_of_education_cases_inbox_idx ON out_of_education_cases (municipality_id, status, detected_on DESC);
CREATE INDEX out_of_education_cases_open_kind_idx ON out_of_education_cases (kind) WHERE status <> 'closed';
CREATE INDEX out_of_education_cases_responsible_idx ON out_of_education_cases (responsible_user_id)
  WHERE responsible_user_id IS NOT NULL;

-- Every step of a case: who (null: the rules themselves), when, from which status to which, and why.
CREATE TABLE out_of_education_case_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES out_of_education_cases (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  user_id uuid REFERENCES users (id),
  action text NOT NULL CONSTRAINT out_of_education_case_events_action_check
    CHECK (action IN ('detected', 'status', 'assigned', 'deadline', 'note', 'auto_closed')),
  from_status text,
  to_status text,
  responsible_user_id uuid REFERENCES users (id),
  deadline date,
  note text CONSTRAINT out_of_education_case_events_note_check CHECK (char_length(note) <= 4000)
);
CREATE INDEX out_of_education_case_events_case_idx ON out_of_education_case_events (case_id, id);
