-- Persons (learners and representatives), their documents, addresses, contacts, hardships,
-- representation links, health (special category), consent, enrollments (scope), merges, destruction.
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

-- Search key of a name part: lower case, ё→е, Cyrillic transliterated, common Latin spellings
-- folded, so «Ёлкина», «Елкина» and «Yolkina» meet. The server asks PostgreSQL for the key of a
-- query, so there is one definition.
CREATE FUNCTION person_name_key(s text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
         replace(replace(replace(replace(replace(replace(
           translate(lower(s), 'абвгдеёзийклмнопрстуфыэъь', 'abvgdeeziiklmnoprstufyeъь'),
           'ж', 'zh'), 'х', 'kh'), 'ц', 'ts'), 'ч', 'ch'), 'ш', 'sh'), 'щ', 'shch'), 'ю', 'iu'),
           'я', 'ia'), 'ъ', ''), 'ь', ''),
         'yo', 'e'), 'yu', 'iu'), 'ya', 'ia'), 'x', 'ks'), 'w', 'v'), 'y', 'i'), 'j', 'i')
$$;

CREATE TABLE persons (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
  first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
  middle_name text CHECK (length(middle_name) BETWEEN 1 AND 100),
  birth_date date NOT NULL,
  birth_place text,
  sex text NOT NULL CHECK (sex IN ('male', 'female')),
  citizenship_codes text[] NOT NULL DEFAULT '{}',
  stateless boolean NOT NULL DEFAULT false,
  snils text CHECK (snils ~ '^[0-9]{11}$'),
  last_name_key text GENERATED ALWAYS AS (person_name_key(last_name)) STORED,
  first_name_key text GENERATED ALWAYS AS (person_name_key(first_name)) STORED,
  middle_name_key text GENERATED ALWAYS AS (coalesce(person_name_key(middle_name), '')) STORED,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'merged', 'destroyed')),
  merged_into_id uuid REFERENCES persons (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  CHECK (NOT (stateless AND cardinality(citizenship_codes) > 0)),
  CHECK ((status = 'merged') = (merged_into_id IS NOT NULL))
);
CREATE UNIQUE INDEX persons_snils_uq ON persons (snils) WHERE status = 'active';
-- One trigram index per name part: a single index over the whole name ranks badly.
CREATE INDEX persons_last_key_trgm ON persons USING gin (last_name_key gin_trgm_ops);
CREATE INDEX persons_first_key_trgm ON persons USING gin (first_name_key gin_trgm_ops);
CREATE INDEX persons_middle_key_trgm ON persons USING gin (middle_name_key gin_trgm_ops);
CREATE INDEX persons_birth_date_idx ON persons (birth_date);
CREATE INDEX persons_merged_into_idx ON persons (merged_into_id) WHERE merged_into_id IS NOT NULL;

CREATE TABLE person_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES persons (id),
  type text NOT NULL CHECK (type IN ('03', '23', '21', '10', '12', '15', '19', '13', '91')),
  series text,
  number text NOT NULL,
  issued_on date,
  issuer text,
  issuer_code text,
  act_record_number text,
  valid_until date,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  invalidated_at timestamptz,
  invalidated_by uuid
);
CREATE UNIQUE INDEX person_documents_uq ON person_documents (type, coalesce(series, ''), number)
  WHERE invalidated_at IS NULL;
CREATE INDEX person_documents_person_idx ON person_documents (person_id);
CREATE INDEX person_documents_number_idx ON person_documents (number);

CREATE TABLE person_addresses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES persons (id),
  kind text NOT NULL CHECK (kind IN ('registration', 'stay', 'actual')),
  text text NOT NULL,
  gar_guid uuid,
  oktmo text CHECK (oktmo ~ '^[0-9]{8}([0-9]{3})?$'),
  valid_from date,
  valid_to date,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);
CREATE INDEX person_addresses_person_idx ON person_addresses (person_id);

CREATE TABLE person_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES persons (id),
  kind text NOT NULL CHECK (kind IN ('phone', 'email')),
  value text NOT NULL,
  note text
);
CREATE INDEX person_contacts_person_idx ON person_contacts (person_id);

CREATE TABLE person_hardships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES persons (id),
  category text NOT NULL,
  started_on date NOT NULL,
  ended_on date,
  note text,
  CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX person_hardships_person_idx ON person_hardships (person_id);

CREATE TABLE representations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  learner_id uuid NOT NULL REFERENCES persons (id),
  representative_id uuid NOT NULL REFERENCES persons (id),
  relation text NOT NULL CHECK (relation IN ('mother', 'father', 'guardian', 'trustee', 'foster_parent', 'other_legal')),
  authority_document text,
  valid_from date,
  valid_to date,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  revoked_at timestamptz,
  CHECK (learner_id <> representative_id)
);
CREATE UNIQUE INDEX representations_active_uq ON representations (learner_id, representative_id)
  WHERE revoked_at IS NULL;
CREATE INDEX representations_representative_idx ON representations (representative_id);

-- Where a learner studies; it also decides who may see the learner. Later capabilities add
-- programmes, status periods and orders.
CREATE TABLE enrollments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES persons (id),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  started_on date NOT NULL,
  ended_on date,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX enrollments_person_idx ON enrollments (person_id);
CREATE INDEX enrollments_organization_idx ON enrollments (organization_id, person_id);

-- Special-category data: its own tables, read only with the health permission, every read audited.
CREATE TABLE person_health (
  person_id uuid PRIMARY KEY REFERENCES persons (id),
  health_group smallint CHECK (health_group BETWEEN 1 AND 5),
  pe_group text CHECK (pe_group IN ('main', 'preparatory', 'special_a', 'special_b', 'exempt')),
  needs_adapted_program boolean NOT NULL DEFAULT false,
  long_term_treatment text CHECK (long_term_treatment IN ('home_schooling', 'medical_organization')),
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid
);

CREATE TABLE person_disabilities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES persons (id),
  category text NOT NULL CHECK (category IN ('child', 'adult')),
  disability_group smallint CHECK (disability_group BETWEEN 1 AND 3),
  valid_from date NOT NULL,
  valid_until date,
  cause text,
  ipra_number text,
  ipra_date date,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX person_disabilities_person_idx ON person_disabilities (person_id);

CREATE TABLE person_special_needs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES persons (id),
  pmpk_date date NOT NULL,
  pmpk_number text NOT NULL,
  recommended_program text,
  valid_until date,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_special_needs_person_idx ON person_special_needs (person_id);

CREATE TABLE consents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subject_id uuid NOT NULL REFERENCES persons (id),
  representative_id uuid REFERENCES persons (id),
  purpose text NOT NULL,
  scope text[] NOT NULL,
  given_on date NOT NULL,
  document text,
  revoked_on date,
  revocation_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  CHECK (revoked_on IS NULL OR revoked_on >= given_on)
);
CREATE INDEX consents_subject_idx ON consents (subject_id, purpose);

-- Pairs an operator declared to be different people; the duplicate report leaves them out.
CREATE TABLE person_distinctions (
  person_a uuid NOT NULL REFERENCES persons (id),
  person_b uuid NOT NULL REFERENCES persons (id),
  reason text NOT NULL,
  decided_by uuid,
  decided_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_a, person_b),
  CHECK (person_a < person_b)
);

CREATE TABLE person_merges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survivor_id uuid NOT NULL REFERENCES persons (id),
  merged_id uuid NOT NULL REFERENCES persons (id),
  reason text,
  moved jsonb NOT NULL,
  merged_at timestamptz NOT NULL DEFAULT now(),
  merged_by uuid,
  undone_at timestamptz,
  undone_by uuid
);
CREATE INDEX person_merges_merged_idx ON person_merges (merged_id);

CREATE SEQUENCE destruction_act_number_seq;
CREATE TABLE destruction_acts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  act_number text NOT NULL UNIQUE,
  person_id uuid NOT NULL REFERENCES persons (id),
  basis text NOT NULL CHECK (basis IN ('purpose_achieved', 'retention_expired', 'subject_request', 'consent_revoked')),
  basis_details text,
  destroyed_categories text[] NOT NULL,
  kept_statistics jsonb NOT NULL,
  performed_at timestamptz NOT NULL DEFAULT now(),
  performed_by uuid,
  method text NOT NULL
);

-- Similarity of two name keys: trigram similarity, or edit distance for short names where one typo
-- leaves few shared trigrams.
CREATE FUNCTION name_part_similarity(a text, b text) RETURNS real LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN a = b THEN 1::real
              WHEN a = '' OR b = '' THEN 0::real
              ELSE greatest(similarity(a, b),
                            1 - levenshtein(a, b)::real / greatest(length(a), length(b)))::real END
$$;

-- How alike two persons' names are (0..1), taking the better of direct and swapped first/last
-- name; NULL when they are not a candidate pair. Patronymics count only when both are present.
CREATE FUNCTION person_name_score(l1 text, f1 text, m1 text, l2 text, f2 text, m2 text)
RETURNS real LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH s AS (
    SELECT greatest(least(name_part_similarity(l1, l2), name_part_similarity(f1, f2)),
                    least(name_part_similarity(l1, f2), name_part_similarity(f1, l2))) AS names,
           greatest((name_part_similarity(l1, l2) + name_part_similarity(f1, f2)) / 2,
                    (name_part_similarity(l1, f2) + name_part_similarity(f1, l2)) / 2) AS mean,
           CASE WHEN m1 = '' OR m2 = '' THEN NULL ELSE name_part_similarity(m1, m2) END AS middle
  )
  SELECT CASE WHEN names >= 0.7 AND coalesce(middle, 1) >= 0.7
              THEN (CASE WHEN middle IS NULL THEN mean ELSE (2 * mean + middle) / 3 END)::real END
    FROM s
$$;
