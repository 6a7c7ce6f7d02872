import { z } from 'zod';

/**
 * Import-side schemas for HSDS 3.0 records. They check what the API needs (ids, names, status, dates, the shape of
 * nested arrays) and keep every other field as published: HSDS profiles add fields, and publishers vary.
 */
const Id = z.string().trim().min(1).max(200);
const Text = z.string().max(20_000);

export const ServiceStatus = z.enum(['active', 'inactive', 'defunct', 'temporarily closed']);
export const CapacityStatus = z.enum(['accepting', 'waitlist', 'full']);
export type CapacityStatus = z.infer<typeof CapacityStatus>;

const DateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date-time');

export const TaxonomyDetail = z.looseObject({ id: Id, name: z.string().max(500).optional() });

export const TaxonomyTermInput = z.looseObject({
  id: Id,
  name: z.string().min(1).max(500),
  description: Text.optional(),
  code: z.string().max(200).nullish(),
  parent_id: z.string().max(200).nullish(),
  taxonomy: z.string().max(500).nullish(),
  taxonomy_id: z.string().max(200).nullish(),
  taxonomy_detail: TaxonomyDetail.nullish(),
  language: z.string().max(20).nullish(),
});
export type TaxonomyTermInput = z.infer<typeof TaxonomyTermInput>;

export const TaxonomyInput = z.looseObject({ id: Id, name: z.string().min(1).max(500) });

export const AttributeInput = z.looseObject({
  id: Id.optional(),
  link_type: z.string().max(200).nullish(),
  value: z.string().max(2000).nullish(),
  taxonomy_term_id: z.string().max(200).nullish(),
  taxonomy_term: TaxonomyTermInput.nullish(),
});

export const OrganizationInput = z.looseObject({
  id: Id,
  name: z.string().trim().min(1).max(500),
  description: Text.nullish(),
  last_modified: DateTime.optional(),
});
export type OrganizationInput = z.infer<typeof OrganizationInput>;

// HSDS 3.1 service_capacity (the 3.0 spec has no capacity object); accepted on import and published as is.
export const ServiceCapacityInput = z.looseObject({
  id: Id.optional(),
  available: z.number().int().min(0).max(1_000_000),
  maximum: z.number().int().min(0).max(1_000_000).nullish(),
  description: z.string().max(2000).nullish(),
  updated: DateTime.optional(),
  unit: z.looseObject({ name: z.string().max(200).optional() }).nullish(),
});

export const ServiceInput = z.looseObject({
  id: Id,
  name: z.string().trim().min(1).max(500),
  status: ServiceStatus,
  description: Text.nullish(),
  last_modified: DateTime.nullish(),
  organization_id: z.string().max(200).nullish(),
  organization: OrganizationInput.nullish(),
  attributes: z.array(AttributeInput).max(500).nullish(),
  phones: z.array(z.looseObject({})).max(200).nullish(),
  schedules: z.array(z.looseObject({})).max(200).nullish(),
  service_at_locations: z.array(z.looseObject({})).max(500).nullish(),
  languages: z.array(z.looseObject({})).max(200).nullish(),
  cost_options: z.array(z.looseObject({})).max(200).nullish(),
  capacities: z.array(ServiceCapacityInput).max(20).nullish(),
  capacity_status: CapacityStatus.nullish(),
});
export type ServiceInput = z.infer<typeof ServiceInput>;
