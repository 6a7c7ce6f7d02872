import type {
  Consent,
  Goal,
  Patient,
  Practitioner,
  PractitionerRole,
  QuestionnaireResponse,
  Resource,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import { z } from 'zod';
import type { Sql } from '../db/database';
import { parseRelativeReference } from '../fhir/references';
import { readResource, type StoredResource } from '../fhir/store';

/** Inbox tabs → Task statuses. */
export const STATE_GROUPS = {
  new: ['draft', 'requested', 'received', 'ready'],
  accepted: ['accepted'],
  'in-progress': ['in-progress', 'on-hold'],
  completed: ['completed'],
  closed: ['rejected', 'cancelled', 'failed', 'entered-in-error'],
} as const;
export type StateGroup = keyof typeof STATE_GROUPS | 'all';
export const STATE_GROUP_NAMES = Object.keys(STATE_GROUPS) as (keyof typeof STATE_GROUPS)[];

const ListRow = z.object({
  id: z.string(),
  version_id: z.number(),
  last_updated: z.date(),
  task: z.looseObject({ resourceType: z.literal('Task') }),
  sr: z.looseObject({ resourceType: z.literal('ServiceRequest') }).nullable(),
  patient: z.looseObject({ resourceType: z.literal('Patient') }).nullable(),
  clinic: z.string().nullable(),
});

export interface ReferralSummary {
  taskId: string;
  version: number;
  lastUpdated: Date;
  task: Task;
  serviceRequest: ServiceRequest | null;
  patient: Patient | null;
  clinic: string | null;
}

export async function listReferrals(sql: Sql, group: StateGroup, limit = 200): Promise<ReferralSummary[]> {
  const statuses = group === 'all' ? Object.values(STATE_GROUPS).flat() : [...STATE_GROUPS[group]];
  const rows = await sql.query(
    `SELECT t.id, t.version_id, t.last_updated, t.content AS task, s.content AS sr, p.content AS patient, c.name AS clinic
       FROM fhir_resource t
       LEFT JOIN fhir_resource s ON s.resource_type = 'ServiceRequest' AND 'ServiceRequest/' || s.id = t.content -> 'focus' ->> 'reference'
       LEFT JOIN fhir_resource p ON p.resource_type = 'Patient' AND 'Patient/' || p.id = t.content -> 'for' ->> 'reference'
       LEFT JOIN clinic c ON c.id = t.clinic_id
      WHERE t.resource_type = 'Task' AND t.content ->> 'status' = ANY($1::text[])
      ORDER BY (t.content ->> 'priority' IN ('urgent', 'asap', 'stat')) DESC, t.last_updated DESC
      LIMIT $2`,
    [statuses, limit],
  );
  return rows.map((raw) => {
    const r = ListRow.parse(raw);
    return {
      taskId: r.id,
      version: r.version_id,
      lastUpdated: r.last_updated,
      task: r.task as unknown as Task,
      serviceRequest: r.sr as unknown as ServiceRequest | null,
      patient: r.patient as unknown as Patient | null,
      clinic: r.clinic,
    };
  });
}

export async function countByGroup(sql: Sql): Promise<Record<StateGroup, number>> {
  const rows = await sql.query(
    `SELECT content ->> 'status' AS s, count(*)::int AS n FROM fhir_resource WHERE resource_type = 'Task' GROUP BY 1`,
  );
  const out: Record<StateGroup, number> = {
    new: 0,
    accepted: 0,
    'in-progress': 0,
    completed: 0,
    closed: 0,
    all: 0,
  };
  for (const r of rows) {
    const status = String(r.s);
    const n = Number(r.n);
    out.all += n;
    for (const g of STATE_GROUP_NAMES)
      if ((STATE_GROUPS[g] as readonly string[]).includes(status)) out[g] += n;
  }
  return out;
}

export interface ReferralDetail {
  stored: StoredResource;
  task: Task;
  serviceRequest: ServiceRequest | null;
  patient: Patient | null;
  consents: Consent[];
  goals: Goal[];
  reasons: Resource[];
  questionnaireResponses: QuestionnaireResponse[];
  requester: {
    role: PractitionerRole | null;
    practitioner: Practitioner | null;
    organization: string | null;
  };
  clinic: string | null;
  /** Display names of organizations named in the consents (information recipients). */
  names: Map<string, string>;
  history: { version: number; at: Date; task: Task }[];
}

async function deref<T extends Resource>(
  sql: Sql,
  ref: string | undefined,
  type?: T['resourceType'],
): Promise<T | null> {
  const parsed = ref ? parseRelativeReference(ref) : null;
  if (!parsed || (type && parsed.type !== type)) return null;
  const stored = await readResource(sql, parsed.type, parsed.id);
  return stored ? (stored.resource as T) : null;
}

const HistoryRow = z.object({ version_id: z.number(), last_updated: z.date(), content: z.looseObject({}) });

/** A referral with everything the link worker needs, read from the stored resources. */
export async function loadReferral(sql: Sql, taskId: string): Promise<ReferralDetail | null> {
  const stored = await readResource(sql, 'Task', taskId);
  if (!stored) return null;
  const task = stored.resource as Task;
  const serviceRequest = await deref<ServiceRequest>(sql, task.focus?.reference, 'ServiceRequest');
  const patient = await deref<Patient>(
    sql,
    task.for?.reference ?? serviceRequest?.subject?.reference,
    'Patient',
  );
  const consents: Consent[] = [];
  for (const s of serviceRequest?.supportingInfo ?? []) {
    const c = await deref<Consent>(sql, s.reference, 'Consent');
    if (c) consents.push(c);
  }
  const goals: Goal[] = [];
  for (const ext of serviceRequest?.extension ?? []) {
    if (ext.url !== 'http://hl7.org/fhir/StructureDefinition/resource-pertainsToGoal') continue;
    const g = await deref<Goal>(sql, ext.valueReference?.reference, 'Goal');
    if (g) goals.push(g);
  }
  const reasons: Resource[] = [];
  for (const r of serviceRequest?.reasonReference ?? []) {
    const res = await deref<Resource>(sql, r.reference);
    if (res) reasons.push(res);
  }
  const questionnaireResponses: QuestionnaireResponse[] = [];
  for (const input of task.input ?? []) {
    const qr = await deref<QuestionnaireResponse>(
      sql,
      input.valueReference?.reference,
      'QuestionnaireResponse',
    );
    if (qr) questionnaireResponses.push(qr);
  }
  const requesterRef = task.requester?.reference ?? serviceRequest?.requester?.reference;
  const role = await deref<PractitionerRole>(sql, requesterRef, 'PractitionerRole');
  const practitioner = await deref<Practitioner>(sql, role?.practitioner?.reference, 'Practitioner');
  const org = await deref<Resource & { name?: string }>(sql, role?.organization?.reference ?? requesterRef);
  const names = new Map<string, string>();
  for (const c of consents) {
    for (const actor of c.provision?.actor ?? []) {
      const ref = actor.reference?.reference;
      if (!ref || names.has(ref)) continue;
      const res = await deref<Resource & { name?: unknown }>(sql, ref);
      if (res && typeof res.name === 'string') names.set(ref, res.name);
    }
  }
  const clinicRows = stored.clinicId
    ? await sql.query('SELECT name FROM clinic WHERE id = $1', [stored.clinicId])
    : [];
  const historyRows = await sql.query(
    `SELECT version_id, last_updated, content FROM fhir_resource_history WHERE resource_type = 'Task' AND id = $1 ORDER BY version_id`,
    [taskId],
  );
  return {
    stored,
    task,
    serviceRequest,
    patient,
    consents,
    goals,
    reasons,
    questionnaireResponses,
    requester: {
      role,
      practitioner,
      organization: org && 'name' in org && typeof org.name === 'string' ? org.name : null,
    },
    clinic: clinicRows[0] ? String(clinicRows[0].name) : null,
    names,
    history: historyRows.map((raw) => {
      const h = HistoryRow.parse(raw);
      return { version: h.version_id, at: h.last_updated, task: h.content as unknown as Task };
    }),
  };
}
