import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry, Task } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryStats } from '../src/db/database';
import type { NavigatorHandle } from '../src/index';
import { referralBundle, SID } from '../src/testing/referral-bundle';
import { backends, fhir } from './harness';

const counts = async (nav: NavigatorHandle, referralId: string) => {
  const { referralCounts } = await import('../src/faults/counts');
  return referralCounts(nav.db, { system: SID.referral, value: referralId });
};

function locationOf(bundle: Record<string, unknown>, type: string): string {
  const entries = (bundle as unknown as Bundle).entry ?? [];
  const hit = entries.find((e) => e.response?.location?.startsWith(`${type}/`));
  if (!hit?.response?.location) throw new Error(`no ${type} in response`);
  return hit.response.location.split('/')[1]!;
}

describe.each(backends())('FHIR endpoint on $name', (backend) => {
  let nav: NavigatorHandle;
  let token: string;
  let otherToken: string;

  beforeAll(async () => {
    nav = await backend.start();
    token = await nav.createClinicToken('Test Clinic A');
    otherToken = await nav.createClinicToken('Test Clinic B');
  });
  afterAll(async () => {
    await nav?.close();
  });

  it('publishes a CapabilityStatement without a token', async () => {
    const r = await fhir(nav, '/metadata');
    expect(r.status).toBe(200);
    expect(r.body.resourceType).toBe('CapabilityStatement');
    expect(JSON.stringify(r.body)).toContain('"conditionalCreate":true');
  });

  it('answers 401 with an OperationOutcome without a token or with a bad one', async () => {
    const none = await fhir(nav, '', { body: referralBundle() });
    expect(none.status).toBe(401);
    expect(none.body.resourceType).toBe('OperationOutcome');
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const bad = await fhir(nav, '/Task?_count=1', { token: `${token}x` });
    expect(bad.status).toBe(401);
  });

  it('creates a referral transaction and rewrites urn:uuid references to the assigned ids', async () => {
    const referralId = randomUUID();
    const r = await fhir(nav, '', { token, body: referralBundle({ referralId }) });
    expect(r.status).toBe(200);
    expect(r.body.type).toBe('transaction-response');
    const entries = (r.body as unknown as Bundle).entry as BundleEntry[];
    expect(entries).toHaveLength(12);
    expect(entries.every((e) => e.response?.status === '201 Created')).toBe(true);
    const taskId = locationOf(r.body, 'Task');
    const srId = locationOf(r.body, 'ServiceRequest');
    const task = await fhir(nav, `/Task/${taskId}`, { token });
    expect(task.status).toBe(200);
    const t = task.body as unknown as Task;
    expect(t.focus?.reference).toBe(`ServiceRequest/${srId}`);
    expect(t.for?.reference).toMatch(/^Patient\/[0-9a-f-]{36}$/);
    expect(t.meta?.versionId).toBe('1');
    expect(task.headers.get('etag')).toBe('W/"1"');
    const sr = await fhir(nav, `/ServiceRequest/${srId}`, { token });
    expect(sr.status).toBe(200);
    expect(JSON.stringify(sr.body)).not.toContain('urn:uuid');
    expect(await counts(nav, referralId)).toEqual({ serviceRequests: 1, tasks: 1 });
  });

  it('conditional create: re-posting the same referral creates nothing and returns the same ids', async () => {
    const referralId = randomUUID();
    const bundle = referralBundle({ referralId });
    const first = await fhir(nav, '', { token, body: bundle });
    expect(first.status).toBe(200);
    const same = await fhir(nav, '', { token, body: bundle });
    const statuses = ((same.body as unknown as Bundle).entry ?? []).map((e) => e.response?.status);
    expect(statuses.every((s) => s === '200 OK')).toBe(true);
    expect(locationOf(same.body, 'Task')).toBe(locationOf(first.body, 'Task'));
    expect(locationOf(same.body, 'Patient')).toBe(locationOf(first.body, 'Patient'));
    expect(await counts(nav, referralId)).toEqual({ serviceRequests: 1, tasks: 1 });
  });

  it('100 concurrent duplicate posts of one referral → exactly one ServiceRequest and one Task', async () => {
    const referralId = randomUUID();
    const bundle = referralBundle({ referralId });
    const results = await Promise.all(
      Array.from({ length: 100 }, () => fhir(nav, '', { token, body: bundle })),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    const taskIds = new Set(results.map((r) => locationOf(r.body, 'Task')));
    expect(taskIds.size).toBe(1);
    expect(await counts(nav, referralId)).toEqual({ serviceRequests: 1, tasks: 1 });
    const created = results.filter((r) =>
      ((r.body as unknown as Bundle).entry ?? []).some((e) => e.response?.status === '201 Created'),
    );
    expect(created).toHaveLength(1);
  });

  it('racing database transactions for one referral: the unique index stops the losers, their retry finds the winner', async () => {
    const { parseTransaction } = await import('../src/fhir/bundle-input');
    const { runTransaction } = await import('../src/fhir/transaction');
    const referralId = randomUUID();
    // Parsed once, so all 30 transactions start their queries together (over HTTP, validation staggers them).
    const entries = parseTransaction(referralBundle({ referralId }));
    const clinic = {
      id: String((await nav.db.query(`SELECT id FROM clinic WHERE name = 'Test Clinic A'`))[0]!.id),
      name: 'Test Clinic A',
    };
    const retriesBefore = retryStats.retries;
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        runTransaction(nav.db, entries, { clinic, baseUrl: 'http://x/fhir', representation: false }),
      ),
    );
    expect(results.filter((r) => r.created > 0)).toHaveLength(1);
    expect(new Set(results.map((r) => r.tasks[0])).size).toBe(1);
    expect(await counts(nav, referralId)).toEqual({ serviceRequests: 1, tasks: 1 });
    // PostgreSQL runs them on separate connections, so they really collide; PGlite has one connection and queues them.
    if (backend.name === 'postgres') expect(retryStats.retries).toBeGreaterThan(retriesBefore);
  });

  it('100 concurrent posts with one Idempotency-Key → one creation, the rest 409 or the stored response', async () => {
    const referralId = randomUUID();
    const bundle = referralBundle({ referralId });
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        fhir(nav, '', { token, body: bundle, headers: { 'idempotency-key': referralId } }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    for (const r of results.filter((x) => x.status === 409)) expect(r.headers.get('retry-after')).toBe('1');
    expect(await counts(nav, referralId)).toEqual({ serviceRequests: 1, tasks: 1 });
  });

  it('Idempotency-Key: same payload → stored response; different payload → 422; in flight → 409', async () => {
    const referralId = randomUUID();
    const bundle = referralBundle({ referralId });
    const key = `"${referralId}"`;
    const first = await fhir(nav, '', { token, body: bundle, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(200);
    // Same content, different key order and whitespace: still the same payload.
    const reordered = JSON.stringify(JSON.parse(JSON.stringify(bundle)), null, 2);
    const replay = await fhir(nav, '', { token, body: reordered, headers: { 'idempotency-key': key } });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(JSON.stringify(replay.body)).not.toContain('TESTPATIENT');

    const changed = referralBundle({ referralId: randomUUID() });
    const mismatch = await fhir(nav, '', { token, body: changed, headers: { 'idempotency-key': key } });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.resourceType).toBe('OperationOutcome');

    // Another clinic may use the same key value: keys are per clinic.
    const other = await fhir(nav, '', {
      token: otherToken,
      body: changed,
      headers: { 'idempotency-key': key },
    });
    expect(other.status).toBe(200);

    // A key claimed by a request still running (row in flight, lease valid) → 409.
    const { startIdempotent } = await import('../src/fhir/idempotency');
    const { canonicalJson, sha256Hex } = await import('../src/fhir/canonical-json');
    const inflightBundle = referralBundle();
    const clinicRow = await nav.db.query(`SELECT id FROM clinic WHERE name = 'Test Clinic A'`);
    const claimed = await startIdempotent(
      nav.db,
      String(clinicRow[0]!.id),
      'in-flight-key',
      sha256Hex(canonicalJson(inflightBundle)),
    );
    expect(claimed.kind).toBe('proceed');
    const busy = await fhir(nav, '', {
      token,
      body: inflightBundle,
      headers: { 'idempotency-key': 'in-flight-key' },
    });
    expect(busy.status).toBe(409);
  });

  it('forgets idempotency keys after the retention period', async () => {
    const { purgeExpiredKeys, startIdempotent, KEY_RETENTION_DAYS } = await import('../src/fhir/idempotency');
    const clinicId = String(
      (await nav.db.query(`SELECT id FROM clinic WHERE name = 'Test Clinic A'`))[0]!.id,
    );
    const old = new Date(Date.now() - (KEY_RETENTION_DAYS + 1) * 86_400_000);
    expect((await startIdempotent(nav.db, clinicId, 'old-key', 'h', old)).kind).toBe('proceed');
    expect(await purgeExpiredKeys(nav.db)).toBeGreaterThanOrEqual(1);
    expect(await nav.db.query(`SELECT 1 FROM idempotency_key WHERE key = 'old-key'`)).toHaveLength(0);
  });

  it('is all-or-nothing: one invalid entry → 400 and nothing stored', async () => {
    const referralId = randomUUID();
    const bundle = referralBundle({ referralId, healthNumber: '9999999998' });
    const task = bundle.entry!.at(-1)!.resource as unknown as Record<string, unknown>;
    delete task.status;
    const r = await fhir(nav, '', { token, body: bundle });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('Bundle.entry[11].resource.Task.status');
    expect(await counts(nav, referralId)).toEqual({ serviceRequests: 0, tasks: 0 });
    const patients = await nav.db.query(
      `SELECT 1 FROM fhir_identifier WHERE resource_type = 'Patient' AND value = '9999999998'`,
    );
    expect(patients).toHaveLength(0);
  });

  it('rolls back every insert when the transaction fails after writing', async () => {
    const { parseTransaction } = await import('../src/fhir/bundle-input');
    const { runTransaction } = await import('../src/fhir/transaction');
    const referralId = randomUUID();
    const entries = parseTransaction(referralBundle({ referralId, healthNumber: '9999999997' }));
    const clinic = {
      id: String((await nav.db.query(`SELECT id FROM clinic WHERE name = 'Test Clinic A'`))[0]!.id),
      name: 'Test Clinic A',
    };
    // Same database, but the audit insert (the last write of the transaction) fails.
    const failing = {
      ...nav.db,
      transaction: <T>(fn: Parameters<typeof nav.db.transaction<T>>[0]) =>
        nav.db.transaction((tx) =>
          fn({
            exec: tx.exec,
            query: (text, params) =>
              text.includes('INSERT INTO audit_event')
                ? Promise.reject(new Error('disk full'))
                : tx.query(text, params),
          }),
        ),
    };
    await expect(
      runTransaction(failing, entries, { clinic, baseUrl: 'http://x/fhir', representation: false }),
    ).rejects.toThrow('disk full');
    expect(await counts(nav, referralId)).toEqual({ serviceRequests: 0, tasks: 0 });
    expect(await nav.db.query(`SELECT 1 FROM fhir_identifier WHERE value = '9999999997'`)).toHaveLength(0);
  });

  it('rejects what it cannot honour with a specific OperationOutcome', async () => {
    const notJson = await fhir(nav, '', { token, body: '{"resourceType":' });
    expect(notJson.status).toBe(400);
    const batch = await fhir(nav, '', { token, body: { ...referralBundle(), type: 'batch' } });
    expect(batch.status).toBe(422);
    const b = referralBundle();
    b.entry![0]!.request!.ifNoneExist = 'name=TESTPATIENT';
    const unsupported = await fhir(nav, '', { token, body: b });
    expect(unsupported.status).toBe(422);
    expect(JSON.stringify(unsupported.body)).toContain('ifNoneExist parameter');
    const dangling = referralBundle();
    (dangling.entry![11]!.resource as Task).focus = {
      reference: 'urn:uuid:00000000-0000-4000-8000-000000000000',
    };
    const d = await fhir(nav, '', { token, body: dangling });
    expect(d.status).toBe(400);
    expect(JSON.stringify(d.body)).toContain('does not match any entry');
    const foreign = referralBundle();
    foreign.entry![10]!.request!.ifNoneExist = `identifier=${SID.referral}|not-this-one`;
    const f = await fhir(nav, '', { token, body: foreign });
    expect(f.status).toBe(422);
    const badStatus = referralBundle();
    (badStatus.entry![11]!.resource as unknown as Record<string, unknown>).status = 'bogus';
    expect((await fhir(nav, '', { token, body: badStatus })).status).toBe(400);
    // A plain create reusing a stored identifier would duplicate the referral → 422.
    const referralId = randomUUID();
    await fhir(nav, '', { token, body: referralBundle({ referralId }) });
    const plain = referralBundle({ referralId });
    delete plain.entry![10]!.request!.ifNoneExist;
    const dup = await fhir(nav, '', { token, body: plain });
    expect(dup.status).toBe(422);
    expect(JSON.stringify(dup.body)).toContain('already belongs to ServiceRequest/');
  });

  it("conditional create never matches another clinic's resources (no cross-clinic existence oracle)", async () => {
    const hcn = '9999999990';
    const a = await fhir(nav, '', { token, body: referralBundle({ healthNumber: hcn }) });
    const b = await fhir(nav, '', { token: otherToken, body: referralBundle({ healthNumber: hcn }) });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const patientEntry = (r: typeof a) => ((r.body as unknown as Bundle).entry ?? [])[0]!.response!;
    expect(patientEntry(b).status).toBe('201 Created');
    expect(patientEntry(b).location).not.toBe(patientEntry(a).location);
    // Within one clinic the same patient is matched.
    const a2 = await fhir(nav, '', { token, body: referralBundle({ healthNumber: hcn }) });
    expect(patientEntry(a2).status).toBe('200 OK');
    expect(patientEntry(a2).location).toBe(patientEntry(a).location);
  });

  it('searches Tasks by identifier and _lastUpdated with _include=Task:focus, scoped to the clinic', async () => {
    const referralId = randomUUID();
    const taskIdent = randomUUID();
    const before = new Date(Date.now() - 1000).toISOString();
    const post = await fhir(nav, '', { token, body: referralBundle({ referralId, taskId: taskIdent }) });
    const taskId = locationOf(post.body, 'Task');

    const byIdent = await fhir(
      nav,
      `/Task?identifier=${encodeURIComponent(`${SID.referralTask}|${taskIdent}`)}`,
      { token },
    );
    expect(byIdent.status).toBe(200);
    expect(byIdent.body.total).toBe(1);

    const poll = await fhir(
      nav,
      `/Task?_lastUpdated=gt${encodeURIComponent(before)}&_include=Task:focus&_count=1000`,
      { token },
    );
    const bundle = poll.body as unknown as Bundle;
    expect(bundle.type).toBe('searchset');
    expect(bundle.meta?.lastUpdated).toBeTruthy();
    const matched = bundle.entry!.filter((e) => e.search?.mode === 'match').map((e) => e.resource!.id);
    expect(matched).toContain(taskId);
    const included = bundle.entry!.filter((e) => e.search?.mode === 'include');
    expect(included.some((e) => e.resource?.resourceType === 'ServiceRequest')).toBe(true);

    // Nothing changed after the server time of that search.
    const next = await fhir(nav, `/Task?_lastUpdated=gt${encodeURIComponent(bundle.meta!.lastUpdated!)}`, {
      token,
    });
    expect(next.body.total).toBe(0);

    // The other clinic sees none of it.
    expect((await fhir(nav, `/Task/${taskId}`, { token: otherToken })).status).toBe(404);
    const otherSearch = await fhir(nav, `/Task?identifier=${encodeURIComponent(taskIdent)}`, {
      token: otherToken,
    });
    expect(otherSearch.body.total).toBe(0);

    const bad = await fhir(nav, '/Task?_lastUpdated=gtyesterday', { token });
    expect(bad.status).toBe(400);
    expect((await fhir(nav, '/Task?_include=Task:owner', { token })).status).toBe(400);
    expect((await fhir(nav, '/Task/does-not-exist', { token })).status).toBe(404);
  });
});
