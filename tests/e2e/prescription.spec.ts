/**
 * Issue 6 end to end: the built extension in real Chromium sends a consented social prescription to the live
 * reference navigator on loopback (tests/support/navigator-fixture.ts), configured through the options page as a
 * clinic would. What the navigator received and stored is read back over HTTP with the clinic's token and from its
 * database, and validated against base FHIR R4 with the project's validator (lib/fhir/validate.ts).
 */
import type { Bundle, Consent, Patient, ServiceRequest, Task } from '@medplum/fhirtypes';
import type { BrowserContext, Worker } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { validateFhir } from '../../lib/fhir/validate';
import { gravityCodesFor, SAFETY_LOINC, SYSTEMS } from '../../lib/referral/codes';
import { AHC_HRSN_CORE, SAFETY_LINK_IDS } from '../../lib/screening';
import type { SdohCategory } from '../../lib/visit/schema';
import type { EmrServer } from '../support/emr-server';
import {
  clinicOptions,
  configureThroughOptions,
  expect,
  installInputLog,
  readInputLog,
  referralToken,
  statusSeen,
  taskToken,
  test,
  watchPrescriptionStatus,
  type LiveNavigator,
} from '../support/navigator-fixture';
import { AHC_MIXED, answerInstrument, expectedDomains } from '../support/screening-helpers';
import { tabIdOf } from './fixtures';

type Lang = 'en' | 'fr';

/** A referral UI string from the shipped locale files, with {{var}} filled in (wording edits do not break tests). */
function tr(lang: Lang, key: string, vars: Record<string, string | number> = {}): string {
  const file = new URL(`../../lib/i18n/locales/${lang}/referral.json`, import.meta.url);
  let node: unknown = JSON.parse(readFileSync(file, 'utf8'));
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  if (typeof node !== 'string') throw new Error(`no string referral:${key} in ${lang}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, v: string) => String(vars[v] ?? `{{${v}}}`));
}

interface Ctx {
  context: BrowserContext;
  emr: EmrServer;
  serviceWorker: Worker;
  extensionId: string;
}

/** The demo chart (TESTPATIENT, ALEX) and the side panel bound to its tab. */
async function openChartAndPanel(ctx: Ctx, opts: { countInputs?: boolean } = {}) {
  const chart = await ctx.context.newPage();
  await chart.goto(`${ctx.emr.url}/demo-emr/chart.html`);
  const tabId = await tabIdOf(ctx.serviceWorker, chart);
  const panel = await ctx.context.newPage();
  if (opts.countInputs) await installInputLog(panel);
  await panel.goto(`chrome-extension://${ctx.extensionId}/sidepanel.html?tabId=${tabId}`);
  await expect(panel.getByTestId('patient-name')).toHaveText('TESTPATIENT, ALEX');
  return { chart, tabId, panel };
}

const pad = (n: number) => String(n).padStart(2, '0');
const localMinute = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

/** Every resource of a Bundle-shaped search result. */
function entries<T>(body: unknown): T[] {
  return ((body as Bundle).entry ?? []).map((e) => e.resource as T);
}

function expectValid(resource: unknown, what: string) {
  const v = validateFhir(resource);
  expect(v.issues, `${what} must validate against base FHIR R4`).toEqual([]);
  expect(v.valid).toBe(true);
}

/**
 * Strings that identify a need in stored FHIR: its Gravity codes, and the LOINC code and wording of each question only
 * about it.
 */
function needMarkers(need: SdohCategory): string[] {
  const onlyAbout = AHC_HRSN_CORE.items.filter(
    (i) => i.domains.length > 0 && i.domains.every((d) => d === need),
  );
  return [...gravityCodesFor(need), ...onlyAbout.flatMap((i) => [i.linkId, i.text.en])];
}

/** Reads what the navigator holds for one referral over HTTP (the clinic's token), following every reference. */
async function readReferral(nav: LiveNavigator, referralId: string) {
  const tasks = await nav.fhir(
    `Task?identifier=${encodeURIComponent(taskToken(referralId))}&_include=Task:focus`,
  );
  expect(tasks.status).toBe(200);
  const srs = await nav.fhir(`ServiceRequest?identifier=${encodeURIComponent(referralToken(referralId))}`);
  expect(srs.status).toBe(200);
  const taskList = entries<Task>(tasks.body).filter((r) => r.resourceType === 'Task');
  const srList = entries<ServiceRequest>(srs.body).filter((r) => r.resourceType === 'ServiceRequest');
  const resources = new Map<string, Record<string, unknown>>();
  const pending: string[] = [];
  const seen = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'reference' && typeof x === 'string' && /^[A-Z][A-Za-z]+\/[^/]+$/.test(x) && !seen.has(x)) {
          seen.add(x);
          pending.push(x);
        } else walk(x);
      }
    }
  };
  for (const r of [...taskList, ...srList]) {
    const ref = `${r.resourceType}/${r.id}`;
    seen.add(ref);
    pending.push(ref);
  }
  while (pending.length) {
    const ref = pending.shift()!;
    const got = await nav.fhir(ref);
    expect(got.status, `GET /fhir/${ref}`).toBe(200);
    resources.set(ref, got.body as Record<string, unknown>);
    walk(got.body);
  }
  return { taskList, srList, resources };
}

test.describe('social prescription to a live navigator', () => {
  test('AHC core by keyboard → confirm needs → consent → untick one item → send: queued, then sent only after the 2xx; the navigator holds exactly the consented content', async ({
    context,
    emr,
    serviceWorker,
    extensionId,
    navigator: nav,
  }) => {
    test.setTimeout(120_000);
    await configureThroughOptions(context, extensionId, clinicOptions(nav));
    const { chart, panel } = await openChartAndPanel({ context, emr, serviceWorker, extensionId });

    // Screening by keyboard only.
    await expect(panel.getByTestId('screen-home')).toBeVisible();
    await panel.getByTestId('screen-path-full').focus();
    await panel.keyboard.press('Enter');
    await answerInstrument(panel, 'ahc-hrsn-core', AHC_MIXED);
    await expect(panel.getByTestId('screen-results')).toBeVisible();
    const needs = expectedDomains({ 'ahc-hrsn-core': AHC_MIXED }) as SdohCategory[];
    expect(needs).toContain('utility-insecurity');
    const order = await panel
      .getByTestId('confirm-need')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-domain') ?? ''));
    expect([...order].sort()).toEqual(needs);
    for (let i = 1; i <= order.length; i++) await panel.keyboard.press(String(i));
    for (const d of order)
      await expect(panel.locator(`[data-testid="confirm-need"][data-domain="${d}"]`)).toBeChecked();

    // Prescribe: the confirmed needs, "let the navigator choose", consent.
    await panel.getByTestId('nav-prescribe').click();
    const screen = panel.getByTestId('prescribe-screen');
    await expect(screen).toHaveAttribute('data-mode', 'full');
    await expect(screen.getByTestId('prescribe-need')).toHaveCount(needs.length);
    // No program chosen: "let the navigator choose" is on by default on every path.
    const letChoose = screen.locator('input[name="letNavigatorChoose"]');
    await expect(letChoose).toBeChecked();
    const askedBy = screen.locator('input[name="consentAskedBy"]');
    await expect(askedBy).toHaveValue('Dr. TESTDOCTOR, PAT'); // from the options page
    await askedBy.fill('TESTNURSE, JO');
    const askedAtLocal = localMinute(new Date(Date.now() - 5 * 60_000));
    await screen.locator('input[name="consentAskedAt"]').fill(askedAtLocal);
    await screen.locator('input[name="consentMethod"][value="verbal"]').check();
    await screen.locator('input[name="contactPreference"][value="phone"]').check();
    await screen.locator('input[name="contactPhone"]').fill('555-0100');

    // What will be shared: minimum necessary by default; safety off; sex off. Untick one need.
    const item = (key: string) => screen.locator(`[data-testid="share-item"][data-key="${key}"]`);
    await expect(item('safety')).not.toBeChecked();
    await expect(item('sex')).not.toBeChecked();
    await expect(item('birthDate')).toBeChecked();
    await expect(item('healthNumber')).toBeChecked();
    for (const n of needs) await expect(item(`need:${n}`)).toBeChecked();
    const unticked: SdohCategory = 'utility-insecurity';
    await item(`need:${unticked}`).uncheck();
    await expect(item(`need:${unticked}`)).not.toBeChecked();
    await screen.getByTestId('consent-given').check();

    // "Sent" only after the 2xx. First the navigator holds the request (a delay fault: nothing stored yet); then it
    // commits and answers, but the pass-through holds the 2xx before it reaches the extension. Both times the panel
    // must say "queued", never "sent".
    await nav.setFaults([{ match: 'POST /fhir', kind: 'delay', delayMs: 1500, times: 1 }]);
    const answer = nav.holdReferralAnswers();
    await watchPrescriptionStatus(panel);
    await screen.getByTestId('send-prescription').click();
    const status = screen.getByTestId('prescription-status');
    await expect(status).toHaveAttribute('data-state', 'queued');
    await expect(status).toContainText(tr('en', 'status.queued'));
    await expect.poll(() => nav.referralPosts().length).toBe(1);
    const post = nav.referralPosts()[0]!;
    const referralId = post.idempotencyKey!;
    expect(referralId).toMatch(/^[0-9a-f-]{36}$/);
    expect(post.upstreamStatus).toBeNull();
    expect(await nav.counts(referralId)).toEqual({ serviceRequests: 0, tasks: 0 });
    await expect(status).toHaveAttribute('data-state', 'queued');

    // The navigator has committed and answered 200 (a transaction-response Bundle); the extension has not seen it.
    await expect.poll(() => post.upstreamStatus, { timeout: 10_000 }).toBe(200);
    expect(await nav.counts(referralId)).toEqual({ serviceRequests: 1, tasks: 1 });
    await panel.waitForTimeout(2_000); // the panel re-reads the referral's state every second meanwhile
    await expect(status).toHaveAttribute('data-state', 'queued');
    expect((await statusSeen(panel)).sent).toBeUndefined();
    expect(post.status).toBeNull();

    answer.release();
    await expect(status).toHaveAttribute('data-state', 'sent', { timeout: 15_000 });
    await expect(status).toContainText(tr('en', 'status.sent', { navigator: 'Test Navigation Service' }));
    expect(post.status).toBe(200);
    const seen = await statusSeen(panel);
    expect(seen.sent).toBeGreaterThan(seen.queued!);
    await expect(status).toContainText(referralId);

    // The wire: one POST, bearer token, Idempotency-Key = referral UUID, a valid R4 transaction Bundle.
    expect(nav.referralPosts()).toHaveLength(1);
    expect(post.bearer).toBe(nav.token);
    expect(post.contentType).toMatch(/application\/fhir\+json/);
    const bundle = JSON.parse(post.body) as Bundle;
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('transaction');
    expectValid(bundle, 'the transaction Bundle the navigator received');
    const sent = bundle.entry!.map((e) => e.resource!);
    const sr = sent.find((r) => r.resourceType === 'ServiceRequest') as ServiceRequest;
    expect(sr.identifier).toEqual([{ system: SYSTEMS.referral, value: referralId }]);
    const srEntry = bundle.entry!.find((e) => e.resource?.resourceType === 'ServiceRequest')!;
    expect(srEntry.request?.ifNoneExist).toBe(`identifier=${SYSTEMS.referral}|${referralId}`);

    // Exactly one ServiceRequest and one Task for the referral, and nothing else of either kind anywhere.
    expect(await nav.counts(referralId)).toEqual({ serviceRequests: 1, tasks: 1 });
    const { taskList, srList, resources } = await readReferral(nav, referralId);
    expect(taskList).toHaveLength(1);
    expect(srList).toHaveLength(1);
    const stored = await nav.storedResources();
    expect(stored.filter((r) => r.resourceType === 'ServiceRequest')).toHaveLength(1);
    expect(stored.filter((r) => r.resourceType === 'Task')).toHaveLength(1);
    const task = taskList[0]!;
    expect(task).toMatchObject({ status: 'requested', intent: 'order' });
    expect(task.code?.coding?.[0]?.code).toBe('fulfill');
    expect(task.focus?.reference).toBe(`ServiceRequest/${srList[0]!.id}`);
    expect(task.owner?.display).toBe('Test Navigation Service');

    // Every stored resource, read back over HTTP with the clinic's token, validates (the graph from the Task and the
    // ServiceRequest, plus anything else the navigator holds, e.g. an Observation only pointing at others).
    for (const r of stored) {
      const ref = `${r.resourceType}/${r.id}`;
      if (!resources.has(ref)) {
        const got = await nav.fhir(ref);
        expect(got.status, `GET /fhir/${ref}`).toBe(200);
        resources.set(ref, got.body as Record<string, unknown>);
      }
    }
    expect(resources.size).toBe(stored.length);
    for (const [ref, r] of resources) expectValid(r, `stored ${ref}`);

    // Consent: who asked, when, verbal; to this navigator.
    const consent = [...resources.values()].find((r) => r.resourceType === 'Consent') as unknown as Consent;
    expect(consent.status).toBe('active');
    expect(consent.dateTime).toBe(new Date(askedAtLocal).toISOString());
    const record = Buffer.from(consent.sourceAttachment!.data!, 'base64').toString('utf8');
    expect(record).toContain('Verbal express consent');
    expect(record).toContain('Asked by TESTNURSE, JO');
    expect(record).toContain('Test Navigation Service');

    // Consented content is there (so the absence checks below can fail)…
    const patient = [...resources.values()].find((r) => r.resourceType === 'Patient') as unknown as Patient;
    expect(patient.name?.[0]?.text).toBe('TESTPATIENT, ALEX');
    expect(patient.birthDate).toBe('1956-03-14');
    expect(JSON.stringify(patient.identifier)).toContain('9876543217');
    expect(patient.telecom).toEqual([{ system: 'phone', value: '555-0100', rank: 1 }]);
    expect(patient.gender).toBeUndefined(); // sex is off by default
    const srStored = srList[0]!;
    const srCategories = JSON.stringify(srStored.category);
    for (const n of needs.filter((x) => x !== unticked))
      for (const code of gravityCodesFor(n)) expect(srCategories).toContain(code);
    const rows = await nav.storedRows();
    const everything = rows.map((r) => r.json).join('\n');
    for (const n of needs.filter((x) => x !== unticked))
      for (const marker of needMarkers(n))
        expect(everything, `${n} (${marker}) was shared`).toContain(marker);
    expect(everything).toContain('88122-7'); // a shared screening answer (food)

    // …and the unticked need and the safety answers are nowhere in what the navigator stored or received.
    const markers = needMarkers(unticked);
    expect(markers).toEqual(expect.arrayContaining(['utility-insecurity', '96779-4']));
    const unsafe = [...SAFETY_LOINC, ...SAFETY_LINK_IDS, 'interpersonal-safety', 'intimate-partner-violence'];
    for (const r of rows) {
      for (const m of markers) expect(r.json, `${m} in ${r.table} ${r.resourceType ?? ''}`).not.toContain(m);
      for (const m of unsafe) expect(r.json, `${m} in ${r.table} ${r.resourceType ?? ''}`).not.toContain(m);
    }
    for (const m of [...markers, ...unsafe]) expect(post.body).not.toContain(m);
    expect(record).not.toContain('safety');

    // Chart note: referral id and status; copied in one click, inserted at the cursor of the chart's note field.
    const note = panel.getByTestId('chart-note');
    await expect(note).toHaveValue(new RegExp(referralId));
    await panel.getByTestId('copy-note').click();
    await expect(panel.getByTestId('note-feedback')).toHaveText(tr('en', 'note.copied'));
    const noteText = await note.inputValue();
    // Read the system clipboard back from a web page (an extension page would need the clipboardRead permission).
    await context.grantPermissions(['clipboard-read'], { origin: emr.url });
    await chart.bringToFront();
    expect(await chart.evaluate(() => navigator.clipboard.readText())).toBe(noteText);
    await panel.bringToFront();
    await panel.getByTestId('insert-note').click();
    await expect(panel.getByTestId('note-feedback')).toHaveText(tr('en', 'note.inserted'));
    await expect(chart.locator('#encounter-note')).toHaveValue(noteText);

    // Nothing more was sent after the 2xx (the panel's drains and polls do not repeat the POST).
    expect(nav.referralPosts()).toHaveLength(1);
  });

  test('quick path from the banner: a need, consent, Send — at most 3 clicks plus consent', async ({
    context,
    emr,
    serviceWorker,
    extensionId,
    navigator: nav,
  }) => {
    await configureThroughOptions(context, extensionId, clinicOptions(nav));
    const { panel } = await openChartAndPanel(
      { context, emr, serviceWorker, extensionId },
      { countInputs: true },
    );
    await expect(panel.getByTestId('patient-banner')).toBeVisible();
    expect(await readInputLog(panel)).toEqual([]); // nothing before the flow

    await panel.getByTestId('nav-quick').click(); // 1
    const screen = panel.getByTestId('prescribe-screen');
    await expect(screen).toHaveAttribute('data-mode', 'quick');
    await screen.locator('[data-testid="quick-need"][data-need="food-insecurity"]').click(); // 2
    await expect(screen.locator('[data-testid="quick-need"][data-need="food-insecurity"]')).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    // "Let the navigator choose" and "who asked" (the configured practitioner) need no input on the quick path.
    await expect(screen.locator('input[name="letNavigatorChoose"]')).toBeChecked();
    await expect(screen.locator('input[name="consentAskedBy"]')).toHaveValue('Dr. TESTDOCTOR, PAT');
    await screen.getByTestId('consent-given').click(); // consent
    await screen.getByTestId('send-prescription').click(); // 3
    const status = screen.getByTestId('prescription-status');
    await expect(status).toHaveAttribute('data-state', /^(queued|sent)$/);
    await expect(status).toHaveAttribute('data-state', 'sent', { timeout: 15_000 });

    const inputs = await readInputLog(panel);
    const clicks = inputs.filter((i) => i.kind === 'click');
    expect(inputs.filter((i) => i.kind !== 'click')).toEqual([]); // no typing
    expect(clicks.map((c) => c.target)).toEqual([
      'nav-quick',
      'quick-need',
      'consent-given',
      'send-prescription',
    ]);
    expect(clicks.filter((c) => c.target !== 'consent-given').length).toBeLessThanOrEqual(3);

    // The navigator has exactly this referral: one ServiceRequest (food, the navigator chooses) and one Task.
    expect(nav.referralPosts()).toHaveLength(1);
    const post = nav.referralPosts()[0]!;
    expectValid(JSON.parse(post.body), 'the quick-path Bundle');
    const referralId = post.idempotencyKey!;
    expect(await nav.counts(referralId)).toEqual({ serviceRequests: 1, tasks: 1 });
    const { srList, taskList } = await readReferral(nav, referralId);
    expect(taskList.map((t) => t.status)).toEqual(['requested']);
    const sr = srList[0]!;
    expect(sr.category?.flatMap((c) => c.coding?.map((k) => k.code) ?? [])).toEqual(['food-insecurity']);
    expect(sr.note?.map((n) => n.text)).toContain(
      'The navigator may choose suitable programs with the patient.',
    );
  });

  test("patient handout in the patient's language: French, then English (print and preview)", async ({
    context,
    emr,
    serviceWorker,
    extensionId,
    navigator: nav,
  }) => {
    test.setTimeout(90_000);
    await configureThroughOptions(context, extensionId, clinicOptions(nav));
    const { panel } = await openChartAndPanel({ context, emr, serviceWorker, extensionId });
    await panel.getByTestId('nav-quick').click();
    const screen = panel.getByTestId('prescribe-screen');
    await screen.locator('[data-testid="quick-need"][data-need="social-connection"]').click();

    const handoutIn = async (lang: Lang) => {
      await screen.locator('select[name="preferredLanguage"]').selectOption(lang);
      await screen.getByTestId('consent-given').check();
      await screen.getByTestId('send-prescription').click();
      await expect(screen.getByTestId('prescription-status')).toHaveAttribute('data-state', 'sent', {
        timeout: 15_000,
      });
      const expected = [
        tr(lang, 'handout.title'),
        tr(lang, 'handout.for', { name: 'TESTPATIENT, ALEX' }),
        tr(lang, 'handout.navigatorChooses'),
        tr(lang, 'handout.navigatorContact', {
          navigator: 'Test Navigation Service',
          method: tr(lang, 'handout.phone'),
        }),
        tr(lang, 'handout.help211'),
        tr(lang, 'handout.emergency'),
      ];
      const other: Lang = lang === 'en' ? 'fr' : 'en';

      // Preview (sandboxed iframe in the panel, which stays in the clinician's language).
      await expect(panel.getByRole('heading', { name: tr('en', 'quickTitle') })).toBeVisible();
      await screen.locator('.handout summary').click();
      const preview = screen.getByTestId('handout-preview');
      await expect(preview).toBeVisible();
      await expect(preview).toHaveAttribute('lang', lang);
      const frame = preview.contentFrame();
      await expect(frame.locator('html')).toHaveAttribute('lang', lang);
      await expect(frame.locator('h1')).toHaveText(tr(lang, 'handout.title'));
      const previewText = await frame.locator('body').innerText();
      for (const e of expected) expect(previewText).toContain(e);
      expect(previewText).not.toContain(tr(other, 'handout.title'));
      expect(previewText).toContain(new Date().toISOString().slice(0, 10));

      // Print: a new tab with the same document, printed by the browser.
      const [printed] = await Promise.all([
        context.waitForEvent('page'),
        screen.getByTestId('print-handout').click(),
      ]);
      await printed.waitForLoadState();
      expect(printed.url()).toMatch(/^blob:chrome-extension:\/\//); // no patient data in the URL
      await expect(printed.locator('html')).toHaveAttribute('lang', lang);
      await expect(printed.locator('h1')).toHaveText(tr(lang, 'handout.title'));
      const printedText = await printed.locator('body').innerText();
      for (const e of expected) expect(printedText).toContain(e);
      expect(await printed.locator('script').count()).toBe(0);
      await printed.close();
    };

    await handoutIn('fr');
    await screen.getByTestId('new-prescription').click();
    await expect(screen.getByTestId('send-prescription')).toBeVisible();
    await handoutIn('en');

    // Both referrals reached the navigator, each with the patient's language as consented.
    const posts = nav.referralPosts();
    expect(posts).toHaveLength(2);
    const languages = posts.map((p) => {
      const b = JSON.parse(p.body) as Bundle;
      expectValid(b, 'a handout-test Bundle');
      const pt = b.entry!.find((e) => e.resource?.resourceType === 'Patient')!.resource as Patient;
      return pt.communication?.[0]?.language.coding?.[0]?.code;
    });
    expect(languages).toEqual(['fr', 'en']);
    for (const p of posts)
      expect(await nav.counts(p.idempotencyKey!)).toEqual({ serviceRequests: 1, tasks: 1 });
  });

  for (const lang of ['en', 'fr'] as const) {
    test(`no navigator configured: the panel says so and offers the 211 route with note and handout (${lang})`, async ({
      context,
      emr,
      serviceWorker,
      extensionId,
    }) => {
      // A clinic that set its language and practitioner but no navigator.
      await configureThroughOptions(context, extensionId, {
        defaultLanguage: lang,
        practitionerName: 'Dr. TESTDOCTOR, PAT',
      });
      const { panel } = await openChartAndPanel({ context, emr, serviceWorker, extensionId });
      await panel.getByTestId('nav-quick').click();
      const screen = panel.getByTestId('prescribe-screen');
      const notice = screen.getByTestId('no-navigator');
      await expect(notice.getByRole('heading')).toHaveText(tr(lang, 'noNavigator.title'));
      await expect(notice).toContainText(tr(lang, 'noNavigator.body'));
      await expect(screen.getByTestId('send-prescription')).toHaveCount(0);
      await expect(screen.getByTestId('consent-given')).toHaveCount(0);
      await screen.locator('[data-testid="quick-need"][data-need="food-insecurity"]').click();
      await screen.getByTestId('route-211').click();
      await expect(screen.getByTestId('route-211')).toHaveCount(0);

      const note = await screen.getByTestId('chart-note').inputValue();
      expect(note).toContain(tr(lang, 'note.route211Line'));
      expect(note).toContain(tr(lang, 'need.food-insecurity'));
      await screen.locator('.handout summary').click();
      const frame = screen.getByTestId('handout-preview').contentFrame();
      await expect(frame.locator('html')).toHaveAttribute('lang', lang);
      await expect(frame.locator('h1')).toHaveText(tr(lang, 'handout.title'));
      const text = await frame.locator('body').innerText();
      expect(text).toContain(tr(lang, 'handout.noNavigatorYet'));
      expect(text).toContain(tr(lang, 'handout.help211'));
      await expect(screen.getByTestId('print-handout')).toBeVisible();
    });
  }
});
