import type { Annotation, Task, TaskOutput } from '@medplum/fhirtypes';
import { z } from 'zod';
import { recordAudit } from '../audit/audit';
import type { User } from '../auth/users';
import type { Database } from '../db/database';
import { readResource, updateResource } from '../fhir/store';
import { validationErrors } from '../fhir/validate';

export const ACTIONS = [
  'accept',
  'reject',
  'contact',
  'in-progress',
  'connected',
  'complete',
  'cancel',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Codes for Task.businessStatus (the navigator's own stages; the clinic maps the code, the text is a fallback). */
export const BUSINESS_STATUS_SYSTEM = 'urn:social-rx:navigator-stage';
const SDOHCC = 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes';

// Limits match what the extension's status reader accepts (lib/referral/status.ts).
const MAX_REASON = 1000;
const MAX_OUTPUT_TEXT = 300;
const MAX_NOTE = 2000;
const MAX_NOTES = 20;
const MAX_OUTPUTS = 20;

export const ContactOutcome = z.enum(['reached', 'no-answer', 'message', 'wrong-number']);

export const ActionInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept') }),
  z.object({ action: z.literal('reject'), reason: z.string().trim().min(1).max(MAX_REASON) }),
  z.object({
    action: z.literal('contact'),
    outcome: ContactOutcome,
    note: z.string().trim().max(MAX_NOTE).default(''),
  }),
  z.object({ action: z.literal('in-progress') }),
  z.object({
    action: z.literal('connected'),
    program: z.string().trim().min(1).max(200),
    note: z.string().trim().max(MAX_NOTE).default(''),
  }),
  z.object({ action: z.literal('complete'), outcome: z.string().trim().min(1).max(MAX_OUTPUT_TEXT) }),
  z.object({ action: z.literal('cancel'), reason: z.string().trim().min(1).max(MAX_REASON) }),
]);
export type ActionInput = z.infer<typeof ActionInput>;

const ALLOWED: Record<Action, readonly string[]> = {
  accept: ['requested', 'received', 'ready', 'draft'],
  reject: ['requested', 'received', 'ready', 'draft'],
  contact: ['accepted', 'in-progress', 'on-hold'],
  'in-progress': ['accepted', 'on-hold'],
  connected: ['accepted', 'in-progress', 'on-hold'],
  complete: ['accepted', 'in-progress', 'on-hold'],
  cancel: ['requested', 'received', 'ready', 'draft', 'accepted', 'in-progress', 'on-hold'],
};

export function allowedActions(status: string): Action[] {
  return ACTIONS.filter((a) => ALLOWED[a].includes(status));
}

const CONTACT_TEXT: Record<z.infer<typeof ContactOutcome>, string> = {
  reached: 'reached the patient',
  'no-answer': 'no answer',
  message: 'left a message',
  'wrong-number': 'wrong or missing number',
};

function stage(code: string, text: string): Task['businessStatus'] {
  return { coding: [{ system: BUSINESS_STATUS_SYSTEM, code, display: text }], text };
}

function resultingActivity(text: string): TaskOutput {
  return {
    type: {
      coding: [{ system: SDOHCC, code: 'resulting-activity', display: 'Resulting Activity' }],
      text: 'Resulting activity',
    },
    valueCodeableConcept: { text: text.slice(0, MAX_OUTPUT_TEXT) },
  };
}

/**
 * The Task after a link-worker action (pure). Text the worker typed goes into statusReason, output and note:
 * those travel back to the clinic, which is what closes the loop. Wire text is English (FHIR data, not UI).
 */
export function applyAction(task: Task, input: ActionInput, who: string, at: Date): Task {
  const now = at.toISOString();
  const notes: Annotation[] = [...(task.note ?? [])];
  const outputs: TaskOutput[] = [...(task.output ?? [])];
  const note = (text: string) => {
    if (text) notes.push({ authorString: who, time: now, text: text.slice(0, MAX_NOTE) });
  };
  let next: Task = { ...task };
  switch (input.action) {
    case 'accept':
      next = { ...next, status: 'accepted', businessStatus: stage('accepted', 'Accepted by the navigator') };
      break;
    case 'reject':
      next = {
        ...next,
        status: 'rejected',
        statusReason: { text: input.reason },
        businessStatus: stage('rejected', 'Declined by the navigator'),
      };
      note(`Declined: ${input.reason}`);
      break;
    case 'contact': {
      const text = `Contact attempt: ${CONTACT_TEXT[input.outcome]}`;
      next = { ...next, businessStatus: stage(`contact-${input.outcome}`, text) };
      note(input.note ? `${text}. ${input.note}` : text);
      break;
    }
    case 'in-progress':
      next = { ...next, status: 'in-progress', businessStatus: stage('in-progress', 'In progress') };
      break;
    case 'connected': {
      const text = `Connected to program: ${input.program}`;
      next = { ...next, status: 'in-progress', businessStatus: stage('connected', text) };
      outputs.push(resultingActivity(text));
      note(input.note ? `${text}. ${input.note}` : text);
      break;
    }
    case 'complete':
      next = { ...next, status: 'completed', businessStatus: stage('completed', 'Completed') };
      outputs.push(resultingActivity(input.outcome));
      note(`Completed: ${input.outcome}`);
      break;
    case 'cancel':
      next = {
        ...next,
        status: 'cancelled',
        statusReason: { text: input.reason },
        businessStatus: stage('cancelled', 'Cancelled by the navigator'),
      };
      note(`Cancelled: ${input.reason}`);
      break;
  }
  const terminal = ['completed', 'rejected', 'cancelled'].includes(next.status);
  const started =
    task.executionPeriod?.start ??
    (next.status === 'accepted' || next.status === 'in-progress' ? now : undefined);
  return {
    ...next,
    ...(started || terminal
      ? { executionPeriod: { ...(started ? { start: started } : {}), ...(terminal ? { end: now } : {}) } }
      : {}),
    ...(notes.length ? { note: notes.slice(-MAX_NOTES) } : {}),
    ...(outputs.length ? { output: outputs.slice(-MAX_OUTPUTS) } : {}),
    lastModified: now,
    meta: { ...task.meta, versionId: String(Number(task.meta?.versionId ?? '1') + 1), lastUpdated: now },
  };
}

export type ActionResult =
  { ok: true; task: Task } | { ok: false; reason: 'not-found' | 'conflict' | 'not-allowed' };

/**
 * Applies an action if the Task is still at `expectedVersion` (what the worker saw), validates the result against
 * base R4, writes the new version and the audit record in one transaction.
 */
export async function performAction(
  db: Database,
  taskId: string,
  expectedVersion: number,
  input: ActionInput,
  user: User,
): Promise<ActionResult> {
  return db.transaction(async (tx): Promise<ActionResult> => {
    const stored = await readResource(tx, 'Task', taskId);
    if (!stored) return { ok: false, reason: 'not-found' };
    if (stored.versionId !== expectedVersion) return { ok: false, reason: 'conflict' };
    const task = stored.resource as Task;
    if (!ALLOWED[input.action].includes(task.status)) return { ok: false, reason: 'not-allowed' };
    const at = new Date();
    const next = applyAction(task, input, user.username, at);
    const errors = validationErrors(next, 'Task');
    if (errors.length > 0)
      throw new Error(`updated Task is invalid: ${errors.map((e) => e.expression?.join(',')).join('; ')}`);
    if (!(await updateResource(tx, 'Task', taskId, expectedVersion, next, at)))
      return { ok: false, reason: 'conflict' };
    await recordAudit(
      tx,
      {
        actorType: 'user',
        actor: user.username,
        action: 'task.status',
        entity: `Task/${taskId}`,
        detail: {
          action: input.action,
          from: task.status,
          to: next.status,
          stage: next.businessStatus?.coding?.[0]?.code ?? null,
          version: expectedVersion + 1,
        },
      },
      at,
    );
    return { ok: true, task: next };
  });
}
