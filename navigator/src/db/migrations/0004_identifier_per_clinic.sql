-- Business identifiers become unique per clinic. Conditional create then only ever matches the calling clinic's own
-- resources, so a clinic cannot learn (from "200 OK" instead of "201 Created") that another clinic has already sent,
-- say, a patient with a given health number. Referral UUIDs stay unique in practice (they are random).
ALTER TABLE fhir_identifier ADD COLUMN clinic_id text;
UPDATE fhir_identifier i SET clinic_id = r.clinic_id
  FROM fhir_resource r WHERE r.resource_type = i.resource_type AND r.id = i.resource_id;
UPDATE fhir_identifier SET clinic_id = '' WHERE clinic_id IS NULL;
ALTER TABLE fhir_identifier ALTER COLUMN clinic_id SET NOT NULL;
ALTER TABLE fhir_identifier DROP CONSTRAINT fhir_identifier_pkey;
ALTER TABLE fhir_identifier ADD PRIMARY KEY (clinic_id, resource_type, system, value);
DROP INDEX fhir_identifier_value;
CREATE INDEX fhir_identifier_value ON fhir_identifier (resource_type, value);
