import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The first patient's chart (bench/lib/react-emr-app.tsx), where the workload page is opened. */
export const REACT_CHART_PATH =
  '/openmrs/spa/patient/8673ee4f-e2ab-4077-ba55-4980f408773e/chart/Patient%20Summary';

/** The React workload (production React, minified) as one script. */
async function bundleApp(): Promise<string> {
  const out = await build({
    entryPoints: [`${ROOT}bench/lib/react-emr-app.tsx`],
    bundle: true,
    format: 'iife',
    write: false,
    minify: true,
    target: 'chrome120',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

const DEMO: Record<string, string> = {
  '/demo-emr/spa.html': 'text/html; charset=utf-8',
  '/demo-emr/spa.js': 'text/javascript; charset=utf-8',
  '/demo-emr/demo.css': 'text/css; charset=utf-8',
};

/**
 * Serves the React-rendered OpenMRS-shaped chart at every /openmrs/spa/… path (the extension's e2e build runs its
 * content script on 127.0.0.1 and the OpenMRS adapter claims it; the script is a separate file, as a real app's) and
 * the bare-DOM demo single-page chart at /demo-emr/spa.html. `host` is a loopback address: the e2e build's content
 * script matches 127.0.0.1 and localhost only, so the same pages on 127.0.0.2 run without it, in the same browser.
 */
export async function startReactEmrServer(
  host = '127.0.0.1',
): Promise<{ url: string; close(): Promise<void> }> {
  const js = await bundleApp();
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>OpenMRS</title></head>' +
    '<body><script src="/openmrs/spa/app.js"></script></body></html>';
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/openmrs/spa/app.js')
      return res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
    if (path.startsWith('/openmrs/spa/'))
      return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    const type = DEMO[path];
    if (type)
      return void readFile(`${ROOT}demo/emr/${path.slice('/demo-emr/'.length)}`).then(
        (body) => res.writeHead(200, { 'content-type': type }).end(body),
        () => res.writeHead(404).end(),
      );
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
