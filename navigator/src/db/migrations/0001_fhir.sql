-- Clinics that send referrals, and their bearer tokens (stored as SHA-256 hashes, never in clear).
CREATE TABLE clinic (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL
);

CREATE TABLE clinic_token (
  token_hash text PRIMARY KEY,
  clinic_id text NOT NULL REFERENCES clinic (id),
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);

-- Current version of every FHIR resource; clinic_id is the clinic whose transaction created it (read scope).
CREATE TABLE fhir_resource (
  resource_type text NOT NULL,
  id text NOT NULL,
  version_id integer NOT NULL,
  last_updated timestamptz NOT NULL,
  clinic_id text REFERENCES clinic (id),
  content jsonb NOT NULL,
  PRIMARY KEY (resource_type, id)
);
CREATE INDEX fhir_resource_updated ON fhir_resource (resource_type, clinic_id, last_updated, id);
CREATE INDEX fhir_task_focus ON fhir_resource ((content -> 'focus' ->> 'reference')) WHERE resource_type = 'Task';

CREATE TABLE fhir_resource_history (
  resource_type text NOT NULL,
  id text NOT NULL,
  version_id integer NOT NULL,
  last_updated timestamptz NOT NULL,
  content jsonb NOT NULL,
  PRIMARY KEY (resource_type, id, version_id)
);

-- Business identifiers. The primary key is what makes conditional create hold under concurrency: two transactions
-- racing to create the same referral cannot both insert its identifier; the loser retries and finds the winner's row.
CREATE TABLE fhir_identifier (
  resource_type text NOT NULL,
  system text NOT NULL,
  value text NOT NULL,
  resource_id text NOT NULL,
  PRIMARY KEY (resource_type, system, value)
);
CREATE INDEX fhir_identifier_resource ON fhir_identifier (resource_type, resource_id);
CREATE INDEX fhir_identifier_value ON fhir_identifier (resource_type, value);

-- Idempotency-Key records (IETF draft): one row per clinic and key; the response is stored in the same database
-- transaction as the resources it describes, so "committed" and "response stored" cannot disagree.
CREATE TABLE idempotency_key (
  clinic_id text NOT NULL REFERENCES clinic (id),
  key text NOT NULL,
  request_hash text NOT NULL,
  state text NOT NULL CHECK (state IN ('in-flight', 'done')),
  locked_until timestamptz,
  response_status integer,
  response_body jsonb,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (clinic_id, key)
);

-- Who did what, when: every disclosure received and every status change. Details hold ids and codes, no free text.
CREATE TABLE audit_event (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_type text NOT NULL CHECK (actor_type IN ('clinic', 'user', 'system')),
  actor text NOT NULL,
  action text NOT NULL,
  entity text,
  detail jsonb NOT NULL
);
CREATE INDEX audit_event_at ON audit_event (at);
