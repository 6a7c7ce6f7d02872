// The navigator accepts the referral exactly as the extension builds it (lib/referral/bundle.ts), and the inbox shows
// what the clinician shared. This pins the wire contract between the two halves of the project.
import type { Bundle, Task } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReferralBundle } from '@/lib/referral/bundle';
import { aRequest, REFERRAL_ID, screeningGroups } from '@/tests/unit/referral/support/factories';
import { referralCounts } from '../src/faults/counts';
import type { NavigatorHandle } from '../src/index';
import { backends, fhir } from './harness';
import { InboxClient, testIdText } from './inbox-client';

describe.each(backends())('extension-built referral on $name', (backend) => {
  let nav: NavigatorHandle;
  let token: string;
  beforeAll(async () => {
    nav = await backend.start();
    token = await nav.createClinicToken('Interop Clinic');
  });
  afterAll(async () => {
    await nav?.close();
  });

  it('is accepted once, re-posting changes nothing, and the inbox shows the shared content', async () => {
    const bundle = buildReferralBundle(aRequest(), screeningGroups());
    const first = await fhir(nav, '', { token, body: bundle, headers: { 'idempotency-key': REFERRAL_ID } });
    expect(first.status, JSON.stringify(first.body).slice(0, 500)).toBe(200);
    const again = await fhir(nav, '', { token, body: bundle });
    expect(
      ((again.body as unknown as Bundle).entry ?? []).every((e) => e.response?.status === '200 OK'),
    ).toBe(true);
    expect(await referralCounts(nav.db, { system: 'urn:social-rx:referral', value: REFERRAL_ID })).toEqual({
      serviceRequests: 1,
      tasks: 1,
    });

    const taskId = ((first.body as unknown as Bundle).entry ?? [])
      .find((e) => e.response?.location?.startsWith('Task/'))!
      .response!.location!.split('/')[1]!;
    const polled = await fhir(nav, `/Task?identifier=${REFERRAL_ID}&_include=Task:focus`, { token });
    expect((polled.body as unknown as Bundle).entry?.some((e) => (e.resource as Task).id === taskId)).toBe(
      true,
    );

    const user = await nav.createUser('interop.worker', 'link-worker');
    const c = new InboxClient(nav.url);
    await c.login(user.username, user.password);
    const detail = await c.get(`/inbox/referrals/${taskId}`);
    expect(detail.status).toBe(200);
    expect(testIdText(detail.html, 'patient-name')).not.toBe('Unnamed patient');
    expect(detail.html).toContain('data-testid="consent-status"');
    expect(testIdText(detail.html, 'referral-goals')).toContain('Join a walking group');
    expect(detail.html).toMatch(/data-testid="referral-barriers">\s*<li>cost<\/li>\s*<li>transport<\/li>/);
    expect(testIdText(detail.html, 'patient-language')).toMatch(/French/);
    expect(detail.html).not.toContain('data-testid="referral-programs">None');
  });
});
