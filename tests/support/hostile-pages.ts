import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Hostile EMR pages for the Chromium e2e (tests/e2e/hostile-pages.spec.ts): the demo EMR's chart markup
 * (lib/emr/adapters/demo, served under /demo-emr/ on loopback so the demo adapter claims them) with something
 * hostile added. Generated, not checked in (some are megabytes). Fictional patients only.
 */

export interface HostilePage {
  /** File name under /demo-emr/hostile/. */
  name: string;
  html: string;
}

const PATIENT = 'TESTPATIENT, ALEX';

interface ChartParts {
  /** The .pt-name content (raw HTML). */
  name?: string;
  sex?: string;
  hcn?: string;
  /** HTML before / after the banner and at the end of <body>. */
  before?: string;
  after?: string;
  /** A classic script run while the page parses (before the extension's content script, which runs at idle). */
  script?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function chart(p: ChartParts): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Maple Demo EMR — Encounter (hostile)</title></head>
<body>
${p.script ? `<script>${p.script}</script>` : ''}
<nav class="topbar">Maple Demo EMR · <a href="../schedule.html">Schedule</a></nav>
${p.before ?? ''}
<header id="patient-banner" class="pt-banner" data-record-no="1001">
  <span class="pt-name">${p.name ?? PATIENT}</span>
  <span class="pt-dob">DOB: <time datetime="1956-03-14">14-Mar-1956</time></span>
  <span class="pt-sex">Sex: ${p.sex ?? 'F'}</span>
  <span class="pt-hcn">HCN: ${p.hcn ?? '9876 543 217 AB'}</span>
</header>
<main class="encounter">
  <textarea id="encounter-note" rows="10" cols="80" aria-label="Encounter note"></textarea>
  <aside><h2>Contacts</h2><p>Substitute decision-maker: <span class="contact-name">TESTRELATIVE, SAM</span></p></aside>
</main>
${p.after ?? ''}
</body>
</html>`;
}

/** `rows` rows of 5 elements each that look like patient data (classes and text), outside the banner. */
function noise(rows: number, filler = ''): string {
  const row =
    `<p class="pt-name patient"><i>NOISE</i>, <u>ROW</u> <span class="pt-dob">DOB: 1950-01-01</span> ` +
    `<b class="pt-hcn">HCN 1234567897</b>${filler}</p>`;
  return `<div id="noise">${row.repeat(rows)}</div>`;
}

/** A second, complete banner for someone else (look-alike). */
const otherBanner = (attrs = '') =>
  `<header id="patient-banner" class="pt-banner" data-record-no="1002"${attrs}>` +
  '<span class="pt-name">DECOY, PERSON</span><span class="pt-dob">DOB: <time datetime="1948-11-02">02-Nov-1948</time></span>' +
  '<span class="pt-sex">Sex: M</span><span class="pt-hcn">HCN: 1234 567 897</span></header>';

/**
 * The page's own script that replaces DOM and JS APIs in the MAIN world with liars that count their calls
 * (window.__hostileCalls). The extension's content script runs in an isolated world with its own wrappers and
 * globals, so none of these may be called by it or change its answer. window.__switch() switches patient in place
 * through saved originals (so the page itself never calls a liar).
 */
const PATCH_SCRIPT = `
(function () {
  var calls = 0;
  var who = {};
  var stringify = JSON.stringify;
  window.__hostileCalls = function () { return calls; };
  /** Which liars were called, and how often (for a failure message). */
  window.__hostileWho = function () { return stringify(who); };
  var n = 0;
  var lie = function (ret) {
    var name = 'liar' + ++n;
    return function () {
      calls++;
      who[name] = (who[name] || 0) + 1;
      return typeof ret === 'function' ? ret.apply(this, arguments) : ret;
    };
  };
  var decoy = document.createElement('span');
  decoy.className = 'pt-name';
  decoy.textContent = 'PATCHED, LIAR';
  var nodeValue = Object.getOwnPropertyDescriptor(Node.prototype, 'nodeValue').set;
  var getById = Document.prototype.getElementById;
  Document.prototype.getElementById = lie(null);
  Document.prototype.querySelector = lie(decoy);
  Document.prototype.querySelectorAll = lie(function () { return [decoy, decoy]; });
  Element.prototype.querySelector = lie(decoy);
  Element.prototype.querySelectorAll = lie(function () { return [decoy]; });
  Element.prototype.getAttribute = lie('0000');
  Element.prototype.matches = lie(true);
  Document.prototype.getElementsByTagName = lie(function () { return []; });
  Object.defineProperty(Node.prototype, 'textContent', { configurable: true, get: lie('PATCHED, LIAR'), set: lie(undefined) });
  Object.defineProperty(Node.prototype, 'nodeValue', { configurable: true, get: lie('PATCHED, LIAR'), set: lie(undefined) });
  Object.defineProperty(Document.prototype, 'URL', { configurable: true, get: lie('http://127.0.0.1/evil') });
  window.MutationObserver = function () { calls++; return { observe: lie(undefined), disconnect: lie(undefined), takeRecords: lie(function () { return []; }) }; };
  history.pushState = lie(undefined);
  history.replaceState = lie(undefined);
  String.prototype.normalize = lie('PATCHED, LIAR');
  String.prototype.trim = lie('PATCHED, LIAR');
  Array.prototype.includes = lie(true);
  JSON.stringify = lie('{}');
  window.addEventListener = lie(undefined);
  performance.now = lie(0);
  window.setTimeout = lie(0);
  window.setInterval = lie(0);
  // The in-place switch the test asks for (window.__switch), through the originals saved above.
  window.__switch = function () {
    var banner = getById.call(document, 'patient-banner');
    nodeValue.call(banner.firstElementChild.firstChild, 'EXEMPLE-FICTIF, CAMILLE');
    document.documentElement.setAttribute('data-switched', '1');
  };
})();
`;

/**
 * The page's own script that mutates the DOM without pause: a clock every animation frame, a 200-row table
 * rewritten every 4 ms, attribute churn on the body, the banner's text touched (same value) every 50 ms;
 * window.__switch() switches patient in place (text edit, as React does).
 */
const MUTATE_SCRIPT = `
document.addEventListener('DOMContentLoaded', function () {
  var clock = document.createElement('div');
  var table = document.createElement('table');
  document.body.append(clock, table);
  var i = 0;
  function frame() { clock.textContent = new Date().toISOString(); requestAnimationFrame(frame); }
  requestAnimationFrame(frame);
  setInterval(function () {
    var rows = [];
    for (var r = 0; r < 200; r++) rows.push('<tr><td class="pt-name">ROW, ' + r + '</td><td>' + ((i * r) % 97) + '</td></tr>');
    table.innerHTML = '<tbody>' + rows.join('') + '</tbody>';
    document.body.setAttribute('data-tick', String(i++));
  }, 4);
  var name = document.querySelector('#patient-banner .pt-name').firstChild;
  var switched = false;
  window.__switch = function () {
    switched = true;
    document.documentElement.setAttribute('data-switched', '1');
  };
  setInterval(function () {
    name.nodeValue = switched ? 'EXEMPLE-FICTIF, CAMILLE' : name.nodeValue;
  }, 50);
});
`;

export const HOSTILE_PAGES: HostilePage[] = [
  { name: 'nodes-50k.html', html: chart({ after: noise(10_000) }) },
  // ~20 MB: the same 50k elements, each row carrying ~2 KB of text.
  {
    name: 'page-20mb.html',
    html: chart({ after: noise(10_000, `<small>${'lorem ipsum dolor sit amet '.repeat(75)}</small>`) }),
  },
  { name: 'name-1mb.html', html: chart({ name: 'N'.repeat(1_000_000) }) },
  {
    name: 'fields-1mb.html',
    html: chart({ sex: 'F'.repeat(1_000_000), hcn: '9876543217'.repeat(100_000) }),
  },
  {
    name: 'bidi-name.html',
    html: chart({ name: `\u202E\u2066TESTPATIENT\u2069\u202C\u200B, \u200EALEX\u200F\uFEFF\u2060` }),
  },
  { name: 'second-banner.html', html: chart({ after: otherBanner() }) },
  { name: 'hidden-decoy.html', html: chart({ before: otherBanner(' hidden style="display:none"') }) },
  {
    name: 'relatives-providers.html',
    html: chart({
      before:
        '<aside class="recent"><h2>Recent patients</h2><ul>' +
        '<li><span class="pt-name">DECOY, PERSON</span> <span class="pt-hcn">HCN: 1234 567 897</span></li>' +
        '<li><span class="pt-name">SAMPLEPERSON, JORDAN</span></li></ul></aside>' +
        `<div class="pt-banner provider" data-record-no="9999" title="${esc('PROVIDER, DR')}">` +
        '<span class="pt-name">Dr. Demo Physician (MRP)</span></div>',
      after:
        '<section><h2>Family</h2><p class="pt-name">Mother: TESTRELATIVE, MORGAN</p>' +
        '<p aria-label="SAMPLEPERSON, JORDAN">Referred by <span class="pt-name">PROVIDER, PAT</span></p></section>',
    }),
  },
  { name: 'mutating.html', html: chart({ script: MUTATE_SCRIPT }) },
  { name: 'patched-dom.html', html: chart({ script: PATCH_SCRIPT }) },
];

export interface HostileServer {
  /** http://127.0.0.1:port — the e2e build's content script runs here. */
  url: string;
  /** The same pages on http://127.0.0.2:port — no content script (the reference for "page untouched"). */
  bareUrl: string;
  close(): Promise<void>;
}

/** Serves HOSTILE_PAGES at /demo-emr/hostile/<name> and an empty page at /blank, on two loopback addresses. */
export async function startHostileServer(): Promise<HostileServer> {
  const pages = new Map(HOSTILE_PAGES.map((p) => [`/demo-emr/hostile/${p.name}`, Buffer.from(p.html)]));
  const handler = (req: { url?: string }, res: import('node:http').ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const body = path === '/blank' ? Buffer.from('<!doctype html><title>blank</title>') : pages.get(path);
    if (!body) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
  };
  const listen = async (host: string, port: number): Promise<Server> => {
    const s = createServer(handler);
    await new Promise<void>((r) => s.listen(port, host, r));
    return s;
  };
  const a = await listen('127.0.0.1', 0);
  const { port } = a.address() as AddressInfo;
  const b = await listen('127.0.0.2', port);
  const close = (s: Server) => new Promise<void>((r) => s.close(() => r()));
  return {
    url: `http://127.0.0.1:${port}`,
    bareUrl: `http://127.0.0.2:${port}`,
    close: async () => {
      await close(a);
      await close(b);
    },
  };
}
