import type { CodeableConcept, HumanName, Patient, Task } from '@medplum/fhirtypes';
import { isMessageKey, type T } from '../i18n';

export function conceptText(c: CodeableConcept | undefined): string {
  if (!c) return '';
  return c.text ?? c.coding?.find((x) => x.display)?.display ?? c.coding?.[0]?.code ?? '';
}

export function nameText(names: HumanName[] | undefined): string {
  const n = names?.find((x) => x.use === 'official') ?? names?.[0];
  if (!n) return '';
  if (n.text) return n.text;
  const given = (n.given ?? []).join(' ');
  return [n.family, given].filter(Boolean).join(', ');
}

export function patientName(p: Patient | null, t: T): string {
  return nameText(p?.name) || t('unknownPatient');
}

export function statusLabel(t: T, status: string): string {
  const key = `task_${status}`;
  return isMessageKey(key) ? t(key) : status;
}

export function isUrgent(task: Task): boolean {
  return task.priority === 'urgent' || task.priority === 'asap' || task.priority === 'stat';
}
