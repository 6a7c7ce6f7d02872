-- HSDS 3.0 catalog. Each service is stored as its full nested record (minus the organization, joined at read time);
-- the columns are what the API filters and sorts on. Capacity is kept apart so a link worker can change it without
-- touching the imported record; changing it moves last_modified so delta syncs pick it up.
CREATE TABLE hsds_organization (
  id text PRIMARY KEY,
  name text NOT NULL,
  last_modified timestamptz NOT NULL,
  content jsonb NOT NULL
);

CREATE TABLE hsds_service (
  id text PRIMARY KEY,
  organization_id text,
  name text NOT NULL,
  status text NOT NULL,
  last_modified timestamptz NOT NULL,
  content_hash text NOT NULL,
  content jsonb NOT NULL,
  capacity_status text NOT NULL CHECK (capacity_status IN ('accepting', 'waitlist', 'full')),
  capacity_available integer,
  capacity_maximum integer,
  capacity_updated timestamptz NOT NULL
);
CREATE INDEX hsds_service_modified ON hsds_service (last_modified, id);
CREATE INDEX hsds_service_org ON hsds_service (organization_id);

CREATE TABLE hsds_taxonomy (
  id text PRIMARY KEY,
  name text NOT NULL,
  content jsonb NOT NULL
);

CREATE TABLE hsds_taxonomy_term (
  id text PRIMARY KEY,
  name text NOT NULL,
  parent_id text,
  taxonomy_id text,
  content jsonb NOT NULL
);

CREATE TABLE hsds_service_term (
  service_id text NOT NULL REFERENCES hsds_service (id) ON DELETE CASCADE,
  term_id text NOT NULL,
  PRIMARY KEY (service_id, term_id)
);
CREATE INDEX hsds_service_term_term ON hsds_service_term (term_id);

-- "This listing is wrong" reports from clinicians; shown in the inbox until resolved.
CREATE TABLE listing_feedback (
  id text PRIMARY KEY,
  service_id text NOT NULL,
  clinic_id text REFERENCES clinic (id),
  category text NOT NULL,
  message text NOT NULL,
  created_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'resolved')),
  resolved_by text,
  resolved_at timestamptz
);
CREATE INDEX listing_feedback_status ON listing_feedback (status, created_at);
