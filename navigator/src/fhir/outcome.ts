import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

export type IssueCode = OperationOutcomeIssue['code'];

/** An HTTP error that is answered as a FHIR OperationOutcome. */
export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly issues: OperationOutcomeIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(issues.map((i) => i.diagnostics ?? i.details?.text ?? i.code).join('; '));
  }

  get outcome(): OperationOutcome {
    return { resourceType: 'OperationOutcome', issue: this.issues };
  }
}

export function issue(code: IssueCode, text: string, expression?: string[]): OperationOutcomeIssue {
  return { severity: 'error', code, diagnostics: text, ...(expression ? { expression } : {}) };
}

export function fhirError(status: number, code: IssueCode, text: string, expression?: string[]): FhirError {
  return new FhirError(status, [issue(code, text, expression)]);
}

export function outcome(issues: OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}
