import { randomUUID } from 'node:crypto';
import type { Bundle, Task } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAction } from '../src/inbox/actions';
import type { NavigatorHandle } from '../src/index';
import { referralBundle, SID } from '../src/testing/referral-bundle';
import { backends, fhir } from './harness';
import { hiddenValue, InboxClient, testIdText } from './inbox-client';

describe.each(backends())('link-worker inbox on $name', (backend) => {
  let nav: NavigatorHandle;
  let token: string;
  let worker: { username: string; password: string };
  let admin: { username: string; password: string };

  const send = async (opts: Parameters<typeof referralBundle>[0] = {}) => {
    const referralId = randomUUID();
    const r = await fhir(nav, '', { token, body: referralBundle({ referralId, ...opts }) });
    expect(r.status).toBe(200);
    const loc = ((r.body as unknown as Bundle).entry ?? []).find((e) =>
      e.response?.location?.startsWith('Task/'),
    )!.response!.location!;
    return { referralId, taskId: loc.split('/')[1]! };
  };

  beforeAll(async () => {
    nav = await backend.start({ seedDemo: false });
    token = await nav.createClinicToken('Inbox Test Clinic');
    worker = await nav.createUser('worker.test', 'link-worker', 'correct horse battery');
    admin = await nav.createUser('admin.test', 'admin');
  });
  afterAll(async () => {
    await nav?.close();
  });

  it('requires sign-in and rejects a wrong password', async () => {
    const anon = new InboxClient(nav.url);
    const list = await anon.get('/inbox');
    expect(list.status).toBe(303);
    expect(list.location).toMatch(/^\/inbox\/login\?next=/);
    const bad = await anon.login(worker.username, 'wrong password');
    expect(bad.status).toBe(401);
    expect(bad.html).toContain('data-testid="flash"');
    // A login form post without the matching CSRF cookie is refused.
    const forged = await new InboxClient(nav.url).post('/inbox/login', {
      _csrf: 'x',
      username: worker.username,
      password: worker.password,
    });
    expect(forged.status).toBe(403);
  });

  it('lists new referrals, shows the detail read from the stored resources, in English and French', async () => {
    const { referralId, taskId } = await send({
      family: 'TESTPATIENT',
      given: 'ROBIN',
      goal: 'Join a French-language walking group',
      barriers: ['transport'],
      programs: ['Fictional Good Food Box'],
      priority: 'urgent',
    });
    const c = new InboxClient(nav.url);
    expect((await c.login(worker.username, worker.password)).status).toBe(303);
    const list = await c.get('/inbox?state=new');
    expect(list.status).toBe(200);
    expect(list.html).toContain(`data-referral-id="${referralId}"`);
    expect(list.html).toMatch(/<html lang="en">/);
    expect(list.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(list.headers.get('cache-control')).toBe('no-store');

    const detail = await c.get(`/inbox/referrals/${taskId}`);
    expect(detail.status).toBe(200);
    expect(testIdText(detail.html, 'patient-name')).toBe('TESTPATIENT, ROBIN');
    expect(detail.html).toContain('Food Insecurity');
    expect(detail.html).toContain('Join a French-language walking group');
    expect(detail.html).toContain('Fictional Good Food Box');
    expect(testIdText(detail.html, 'referral-barriers')).toBe('transport');
    expect(detail.html).toContain('Example Social Prescribing Navigation Service');
    expect(detail.html).toContain('Record of verbal express consent');
    expect(testIdText(detail.html, 'patient-language')).toMatch(/French/);
    expect(detail.html).toContain('data-testid="action-accept"');
    expect(detail.html).not.toContain('data-testid="action-complete"');
    // Every form control has a label.
    for (const m of detail.html.matchAll(/<(?:textarea|select|input)[^>]*\bid="([^"]+)"/g))
      expect(detail.html).toContain(`for="${m[1]}"`);

    const fr = await c.get(`/inbox/referrals/${taskId}?lang=fr`);
    expect(fr.html).toMatch(/<html lang="fr">/);
    expect(fr.html).toContain('Accepter la demande');
    // The choice is remembered.
    expect((await c.get('/inbox')).html).toContain('Nouvelles');
    await c.get('/inbox?lang=en');
  });

  it('warns when the patient must not be contacted directly', async () => {
    const { taskId } = await send({ doNotContact: true });
    const c = new InboxClient(nav.url);
    await c.login(worker.username, worker.password);
    const detail = await c.get(`/inbox/referrals/${taskId}`);
    expect(detail.html).toContain('data-testid="do-not-contact"');
    expect(testIdText(detail.html, 'patient-contact')).toMatch(/Do not contact/);
  });

  it('accept → contact → connected → complete updates the Task the clinic polls, with audit entries', async () => {
    const { taskId } = await send();
    const since = new Date(Date.now() - 1).toISOString();
    const c = new InboxClient(nav.url);
    await c.login(worker.username, worker.password);
    const act = async (form: Record<string, string>) => {
      const page = await c.get(`/inbox/referrals/${taskId}`);
      return c.post(`/inbox/referrals/${taskId}/action`, {
        _csrf: hiddenValue(page.html, '_csrf'),
        version: hiddenValue(page.html, 'version'),
        ...form,
      });
    };
    const accepted = await act({ action: 'accept' });
    expect(accepted.status).toBe(303);
    expect(accepted.location).toBe(`/inbox/referrals/${taskId}?done=accept`);
    expect(testIdText((await c.get(accepted.location!)).html, 'flash')).toBe('Referral accepted.');
    expect(
      (await act({ action: 'contact', outcome: 'no-answer', note: 'Will try again Tuesday' })).status,
    ).toBe(303);
    expect((await act({ action: 'connected', program: 'Fictional Good Food Box', note: '' })).status).toBe(
      303,
    );
    expect((await act({ action: 'complete', outcome: 'Enrolled in the Good Food Box' })).status).toBe(303);

    // What the extension sees when it polls.
    const poll = await fhir(nav, `/Task?_lastUpdated=gt${encodeURIComponent(since)}&_include=Task:focus`, {
      token,
    });
    const task = (poll.body as unknown as Bundle)
      .entry!.map((e) => e.resource as Task)
      .find((t) => t.id === taskId)!;
    expect(task.status).toBe('completed');
    expect(task.meta?.versionId).toBe('5');
    expect(task.businessStatus?.coding?.[0]?.code).toBe('completed');
    expect(task.output?.map((o) => o.valueCodeableConcept?.text)).toEqual([
      'Connected to program: Fictional Good Food Box',
      'Enrolled in the Good Food Box',
    ]);
    expect(task.note?.map((n) => n.text)).toEqual([
      'Contact attempt: no answer. Will try again Tuesday',
      'Connected to program: Fictional Good Food Box',
      'Completed: Enrolled in the Good Food Box',
    ]);
    expect(task.executionPeriod?.start).toBeTruthy();
    expect(task.executionPeriod?.end).toBeTruthy();
    expect(Date.parse(task.meta!.lastUpdated!)).toBeGreaterThan(Date.parse(since));

    // Terminal: no more actions.
    const done = await c.get(`/inbox/referrals/${taskId}`);
    expect(done.html).toContain('data-testid="no-actions"');
    const again = await c.post(`/inbox/referrals/${taskId}/action`, {
      _csrf: hiddenValue(done.html, '_csrf'),
      version: '5',
      action: 'cancel',
      reason: 'x',
    });
    expect(again.status).toBe(409);

    const a = new InboxClient(nav.url);
    await a.login(admin.username, admin.password);
    const audit = await a.get('/inbox/audit');
    expect(audit.status).toBe(200);
    expect(audit.html).toContain(`Task/${taskId}`);
    expect(audit.html).toContain('data-action="task.status"');
    expect(audit.html).toContain('data-action="disclosure.received"');
    // Not for link workers.
    expect((await c.get('/inbox/audit')).status).toBe(403);
  });

  it('reject needs a reason, which goes back as statusReason; stale versions and missing CSRF are refused', async () => {
    const { taskId } = await send();
    const c = new InboxClient(nav.url);
    await c.login(worker.username, worker.password);
    const page = await c.get(`/inbox/referrals/${taskId}`);
    const csrf = hiddenValue(page.html, '_csrf');
    const empty = await c.post(`/inbox/referrals/${taskId}/action`, {
      _csrf: csrf,
      version: '1',
      action: 'reject',
      reason: '  ',
    });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('role="alert"');
    const noCsrf = await c.post(`/inbox/referrals/${taskId}/action`, { version: '1', action: 'accept' });
    expect(noCsrf.status).toBe(403);
    const stale = await c.post(`/inbox/referrals/${taskId}/action`, {
      _csrf: csrf,
      version: '7',
      action: 'accept',
    });
    expect(stale.status).toBe(409);
    const rejected = await c.post(`/inbox/referrals/${taskId}/action`, {
      _csrf: csrf,
      version: '1',
      action: 'reject',
      reason: 'Outside our service area',
    });
    expect(rejected.status).toBe(303);
    const t = (await fhir(nav, `/Task/${taskId}`, { token })).body as unknown as Task;
    expect(t.status).toBe('rejected');
    expect(t.statusReason?.text).toBe('Outside our service area');
    expect(
      (
        await fhir(
          nav,
          `/Task?identifier=${encodeURIComponent(SID.referralTask)}%7C${t.identifier![0]!.value}`,
          { token },
        )
      ).body.total,
    ).toBe(1);
  });

  it('shows listing reports and marks them resolved; link workers set program capacity', async () => {
    await nav.importHsds([
      {
        id: 'svc-inbox-1',
        name: 'Fictional Walking Club',
        status: 'active',
        organization: { id: 'org-inbox', name: 'Fictional Org' },
      },
    ]);
    const fb = await fetch(`${nav.hsdsBaseUrl}/services/svc-inbox-1/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ category: 'hours', message: 'Now meets on Thursdays' }),
    });
    expect(fb.status).toBe(201);
    const c = new InboxClient(nav.url);
    await c.login(worker.username, worker.password);
    const list = await c.get('/inbox/feedback');
    expect(list.html).toContain('Now meets on Thursdays');
    expect(list.html).toContain('Fictional Walking Club');
    const id = /data-feedback-id="([^"]+)"/.exec(list.html)![1]!;
    const resolved = await c.post(`/inbox/feedback/${id}/resolve`, {
      _csrf: hiddenValue(list.html, '_csrf'),
    });
    expect(resolved.status).toBe(303);
    expect((await c.get('/inbox/feedback?status=resolved')).html).toContain('Resolved by worker.test');

    const programs = await c.get('/inbox/programs?q=Walking');
    expect(programs.html).toContain('Fictional Walking Club');
    const saved = await c.post('/inbox/programs/svc-inbox-1/capacity', {
      _csrf: hiddenValue(programs.html, '_csrf'),
      capacity: 'waitlist',
      available: '',
      maximum: '20',
    });
    expect(saved.status).toBe(303);
    const svc = (await (await fetch(`${nav.hsdsBaseUrl}/services/svc-inbox-1`)).json()) as {
      capacity_status: string;
    };
    expect(svc.capacity_status).toBe('waitlist');
  });

  it('signs out', async () => {
    const c = new InboxClient(nav.url);
    await c.login(worker.username, worker.password);
    const page = await c.get('/inbox');
    expect((await c.post('/inbox/logout', { _csrf: hiddenValue(page.html, '_csrf') })).status).toBe(303);
    expect((await c.get('/inbox')).status).toBe(303);
  });
});

describe('applyAction', () => {
  const base: Task = {
    resourceType: 'Task',
    id: 't1',
    status: 'requested',
    intent: 'order',
    meta: { versionId: '1' },
  };
  it('keeps at most 20 notes and 20 outputs (what the extension accepts)', () => {
    let t = applyAction(base, { action: 'accept' }, 'w', new Date());
    for (let i = 0; i < 30; i++)
      t = applyAction(t, { action: 'connected', program: `P${i}`, note: '' }, 'w', new Date());
    expect(t.note).toHaveLength(20);
    expect(t.output).toHaveLength(20);
    expect(t.note!.at(-1)!.text).toBe('Connected to program: P29');
    expect(t.meta?.versionId).toBe('32');
  });
});
