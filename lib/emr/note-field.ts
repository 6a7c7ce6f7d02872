/**
 * OSCAR and OpenO name each open encounter note's textarea `caseNote_note<noteId>`; the one the clinician last
 * focused wins, else the newest (last) one.
 */
export function caseNoteField(doc: Document): HTMLTextAreaElement | null {
  const active = doc.activeElement;
  if (active instanceof HTMLTextAreaElement && /^caseNote_note/.test(active.id)) return active;
  const all = doc.querySelectorAll<HTMLTextAreaElement>('textarea[id^="caseNote_note"]');
  return all.length ? all[all.length - 1]! : null;
}

/**
 * Inserts text at the cursor (replacing a selection) and tells the EMR's scripts the value changed, exactly as typing
 * would. It never submits or saves the form: the clinician reviews and saves the note in the EMR.
 */
export function insertAtCursor(field: HTMLTextAreaElement, text: string): void {
  const start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? start;
  const before = field.value.slice(0, start);
  const sep = before && !before.endsWith('\n') ? '\n' : '';
  field.setRangeText(sep + text, start, end, 'end');
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.focus();
}
