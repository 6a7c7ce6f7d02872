// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DetectionResult } from '@/lib/patient/context';
import type { EmrAdapter } from './adapter';
import { demoAdapter } from './adapters/demo/adapter';
import { readRepoFile } from './testing/load-fixture';
import { sameResult, watchPatient } from './watch';

const setURL = (u: string) =>
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(u);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const names = (rs: DetectionResult[]) =>
  rs.map((r) => (r.status === 'patient' ? r.patient.displayName : r.reason));

function loadDemoChart() {
  const html = readRepoFile('demo/emr/chart.html');
  document.body.innerHTML = /<body>([\s\S]*)<\/body>/.exec(html)![1]!;
}
function setName(text: string) {
  document.querySelector('#patient-banner .pt-name')!.textContent = text;
}

let ctl: AbortController;
let results: DetectionResult[];
const push = (r: DetectionResult) => results.push(r);

beforeEach(() => {
  setURL('http://127.0.0.1:8080/demo-emr/chart.html');
  loadDemoChart();
  ctl = new AbortController();
  results = [];
});
afterEach(() => ctl.abort());

describe('watchPatient', () => {
  it('reports at once, then follows an in-place switch once it settles', async () => {
    watchPatient(window, push, { signal: ctl.signal, debounceMs: 30 });
    expect(names(results)).toEqual(['TESTPATIENT, ALEX']);
    setName('EXEMPLE-FICTIF, CAMILLE');
    await sleep(10);
    expect(results).toHaveLength(1); // still debouncing
    await sleep(80);
    expect(names(results)).toEqual(['TESTPATIENT, ALEX', 'EXEMPLE-FICTIF, CAMILLE']);
  });

  it('emits nothing when mutations leave the answer unchanged', async () => {
    watchPatient(window, push, { signal: ctl.signal, debounceMs: 20 });
    document.querySelector('#encounter-note')!.textContent = 'typing…';
    setName('TESTPATIENT, ALEX');
    await sleep(80);
    expect(results).toHaveLength(1);
  });

  it('emptying the banner (chart closed) reports not-rendered', async () => {
    watchPatient(window, push, { signal: ctl.signal, debounceMs: 20 });
    document.querySelector('#patient-banner')!.replaceChildren();
    await sleep(80);
    expect(names(results)).toEqual(['TESTPATIENT, ALEX', 'not-rendered']);
  });

  it('continuous mutation cannot postpone the answer beyond the max wait', async () => {
    watchPatient(window, push, { signal: ctl.signal, debounceMs: 100, maxWaitMs: 300 });
    const note = document.querySelector('#encounter-note')!;
    const started = performance.now();
    setName('SAMPLEPERSON, JORDAN');
    let elapsed = 0;
    while (results.length < 2 && (elapsed = performance.now() - started) < 2000) {
      note.textContent = String(elapsed); // a mutation every 10 ms: the debounce alone would never fire
      await sleep(10);
    }
    expect(names(results)).toEqual(['TESTPATIENT, ALEX', 'SAMPLEPERSON, JORDAN']);
    expect(elapsed).toBeLessThan(600);
  });

  it('sees route changes made with pushState (URL poll) and hash changes', async () => {
    const byRoute: EmrAdapter = {
      id: 'route',
      label: 'Route test',
      matches: (url) => url.pathname.startsWith('/route/'),
      detect: (url) =>
        url.hash === '#!/record/2/summary'
          ? { status: 'none', reason: 'not-rendered', adapter: 'route' }
          : {
              status: 'none',
              reason: url.pathname.endsWith('/list') ? 'multiple-patients' : 'not-a-chart',
              adapter: 'route',
            },
    };
    setURL('http://127.0.0.1:8080/route/chart');
    watchPatient(window, push, { signal: ctl.signal, debounceMs: 10, urlPollMs: 30, adapters: [byRoute] });
    window.history.pushState({}, '', '/route/list'); // no DOM mutation, no event: only the poll can see it
    await sleep(120);
    window.location.hash = '#!/record/2/summary';
    await sleep(120);
    expect(names(results)).toEqual(['not-a-chart', 'multiple-patients', 'not-rendered']);
  });

  it('observes the extra roots the matching adapter names (e.g. an iframe document)', async () => {
    const frameDoc = new DOMParser().parseFromString('<p id="who">ONE, PATIENT</p>', 'text/html');
    const framed: EmrAdapter = {
      id: 'framed',
      label: 'Framed test',
      matches: () => true,
      detect: () => ({
        status: 'patient',
        patient: {
          displayName: frameDoc.getElementById('who')!.textContent!,
          birthDate: null,
          sex: null,
          identifiers: [],
          source: 'framed',
        },
      }),
      observedRoots: () => [frameDoc],
    };
    watchPatient(window, push, { signal: ctl.signal, debounceMs: 10, adapters: [framed] });
    frameDoc.getElementById('who')!.textContent = 'TWO, PATIENT';
    await sleep(80);
    expect(names(results)).toEqual(['ONE, PATIENT', 'TWO, PATIENT']);
  });

  it('re-detects when an iframe finishes loading (the patient may live in a frame that mutates nothing above)', async () => {
    let who = 'ONE, PATIENT';
    const framed: EmrAdapter = {
      id: 'frame-load',
      label: 'Frame load test',
      matches: () => true,
      detect: () => ({
        status: 'patient',
        patient: { displayName: who, birthDate: null, sex: null, identifiers: [], source: 'frame-load' },
      }),
    };
    const frame = document.createElement('frame'); // <frame> (FRAMESET pages, as old OSCAR uses): happy-dom does not load it
    document.body.append(frame);
    watchPatient(window, push, { signal: ctl.signal, debounceMs: 10, urlPollMs: 10_000, adapters: [framed] });
    await sleep(40); // the append above may still be pending as a mutation
    const before = results.length;
    who = 'TWO, PATIENT';
    frame.dispatchEvent(new Event('load')); // load does not bubble: only a capturing listener sees it
    await sleep(60);
    expect(names(results.slice(before - 1))).toEqual(['ONE, PATIENT', 'TWO, PATIENT']);
  });

  it('stops everything on abort', async () => {
    watchPatient(window, push, { signal: ctl.signal, debounceMs: 10, urlPollMs: 10 });
    ctl.abort();
    setName('EXEMPLE-FICTIF, CAMILLE');
    window.history.pushState({}, '', '/demo-emr/spa.html?patient=1002');
    await sleep(60);
    expect(results).toHaveLength(1);
  });

  it('does nothing when the signal is already aborted, and survives a throwing receiver', async () => {
    ctl.abort();
    watchPatient(window, push, { signal: ctl.signal });
    expect(results).toHaveLength(0);
    const ctl2 = new AbortController();
    let calls = 0;
    watchPatient(
      window,
      () => {
        calls++;
        throw new Error('receiver failed');
      },
      { signal: ctl2.signal, debounceMs: 10 },
    );
    setName('EXEMPLE-FICTIF, CAMILLE');
    await sleep(60);
    expect(calls).toBe(2);
    ctl2.abort();
  });
});

describe('watchPatient with an adapter that narrows the watch to its banner', () => {
  /** The demo adapter (observedRoots = the banner), counting its detections. */
  let detections = 0;
  const counting = (): EmrAdapter => ({
    ...demoAdapter,
    id: 'counting-demo',
    detect: (url, doc) => {
      detections++;
      return demoAdapter.detect(url, doc);
    },
  });
  const textNode = () => document.querySelector('#patient-banner .pt-name')!.firstChild!;
  beforeEach(() => {
    detections = 0;
  });

  it('text edits elsewhere cost no detection; an in-place text edit in the banner (nodeValue) is seen at once', async () => {
    const log = document.createElement('p');
    log.textContent = 'tick';
    document.body.append(log);
    watchPatient(window, push, {
      signal: ctl.signal,
      debounceMs: 20,
      structureWaitMs: 5000,
      adapters: [counting()],
    });
    for (let i = 0; i < 10; i++) {
      log.firstChild!.nodeValue = `tick ${i}`; // characterData outside the banner: not observed once narrowed
      await sleep(5);
    }
    await sleep(60);
    expect(detections).toBe(1);
    textNode().nodeValue = 'EXEMPLE-FICTIF, CAMILLE'; // as React updates text
    await sleep(80);
    expect(names(results)).toEqual(['TESTPATIENT, ALEX', 'EXEMPLE-FICTIF, CAMILLE']);
  });

  it('continuous structure changes elsewhere: at most one detection per structure wait', async () => {
    const list = document.createElement('ul');
    document.body.append(list);
    watchPatient(window, push, {
      signal: ctl.signal,
      debounceMs: 20,
      maxWaitMs: 60,
      structureWaitMs: 300,
      urlPollMs: 50,
      adapters: [counting()],
    });
    const started = performance.now();
    while (performance.now() - started < 650) {
      list.replaceChildren(document.createElement('li')); // a re-rendering list
      await sleep(5);
    }
    // 1 initial + ≤ 3 in 650 ms (one per 300 ms), where the relevant bound (60 ms) would have allowed ~10.
    expect(detections).toBeGreaterThanOrEqual(2);
    expect(detections).toBeLessThanOrEqual(4);
  });

  it('a replaced banner (new element) is seen at once, and its successor is then observed', async () => {
    const list = document.createElement('ul');
    document.body.append(list);
    watchPatient(window, push, {
      signal: ctl.signal,
      debounceMs: 20,
      structureWaitMs: 5000,
      adapters: [counting()],
    });
    const old = document.getElementById('patient-banner')!;
    const next = old.cloneNode(true) as HTMLElement;
    next.querySelector('.pt-name')!.textContent = 'SAMPLEPERSON, JORDAN';
    const started = performance.now();
    let ticks = 0;
    old.replaceWith(next);
    while (results.length < 2 && performance.now() - started < 2000) {
      list.replaceChildren(document.createElement('li')); // the page keeps mutating its structure
      ticks++;
      await sleep(5);
    }
    expect(performance.now() - started).toBeLessThan(500);
    expect(ticks).toBeGreaterThan(0);
    expect(names(results)).toEqual(['TESTPATIENT, ALEX', 'SAMPLEPERSON, JORDAN']);
    next.querySelector('.pt-name')!.firstChild!.nodeValue = 'EXEMPLE-FICTIF, CAMILLE';
    await sleep(80);
    expect(names(results).at(-1)).toBe('EXEMPLE-FICTIF, CAMILLE');
  });

  it('a banner replaced while the document observer is parked is seen by the URL poll', async () => {
    const list = document.createElement('ul');
    document.body.append(list);
    watchPatient(window, push, {
      signal: ctl.signal,
      debounceMs: 20,
      structureWaitMs: 5000,
      urlPollMs: 50,
      adapters: [counting()],
    });
    list.replaceChildren(document.createElement('li')); // parks the document observer until the 5 s deadline
    await sleep(30);
    const old = document.getElementById('patient-banner')!;
    const next = old.cloneNode(true) as HTMLElement;
    next.querySelector('.pt-name')!.textContent = 'SAMPLEPERSON, JORDAN';
    old.replaceWith(next);
    await sleep(200);
    expect(names(results)).toEqual(['TESTPATIENT, ALEX', 'SAMPLEPERSON, JORDAN']);
  });

  it('a second banner appearing elsewhere → ambiguous within the structure wait', async () => {
    watchPatient(window, push, {
      signal: ctl.signal,
      debounceMs: 20,
      structureWaitMs: 200,
      urlPollMs: 50,
      adapters: [counting()],
    });
    const copy = document.getElementById('patient-banner')!.cloneNode(true);
    document.querySelector('main')!.append(copy);
    await sleep(300);
    expect(names(results)).toEqual(['TESTPATIENT, ALEX', 'ambiguous']);
  });

  it('a banner change is not held behind a pending structure deadline', async () => {
    const list = document.createElement('ul');
    document.body.append(list);
    watchPatient(window, push, {
      signal: ctl.signal,
      debounceMs: 20,
      structureWaitMs: 5000,
      adapters: [counting()],
    });
    for (let i = 0; i < 8; i++) {
      list.replaceChildren(document.createElement('li'));
      await sleep(10); // the pending timer now waits for the 5 s structure deadline
    }
    textNode().nodeValue = 'SAMPLEPERSON, JORDAN';
    await sleep(100);
    expect(names(results)).toEqual(['TESTPATIENT, ALEX', 'SAMPLEPERSON, JORDAN']);
  });

  it('stops observing the banner on abort', async () => {
    watchPatient(window, push, { signal: ctl.signal, debounceMs: 10, adapters: [counting()] });
    ctl.abort();
    textNode().nodeValue = 'EXEMPLE-FICTIF, CAMILLE';
    await sleep(60);
    expect(detections).toBe(1);
  });
});

describe('sameResult', () => {
  it('compares JSON-shaped values structurally', () => {
    expect(sameResult({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(sameResult({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe(false);
    expect(sameResult({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameResult([1], { 0: 1 })).toBe(false);
    expect(sameResult(null, {})).toBe(false);
  });
});
