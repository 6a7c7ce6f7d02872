import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listPage } from './list-page';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEMO_DIR = join(ROOT, 'demo/emr');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

export interface FixtureRoute {
  /** path + query the page is served at (a #hash is ignored by the server) */
  urlPath: string;
  /** file relative to the repo root */
  file: string;
}

export interface EmrServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves the demo EMR pages (/demo-emr/…), a generated N-row list page (/demo-emr/list.html?rows=N) and any EMR
 * adapter fixture at the URL its EMR uses. Loopback only.
 */
export async function startEmrServer(
  opts: { port?: number; fixtures?: FixtureRoute[] } = {},
): Promise<EmrServer> {
  const routes = new Map<string, string>();
  for (const f of opts.fixtures ?? []) {
    const noHash = f.urlPath.split('#')[0]!;
    routes.set(noHash, f.file);
    if (!routes.has(noHash.split('?')[0]!)) routes.set(noHash.split('?')[0]!, f.file);
  }
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const send = (status: number, body: string | Buffer, type = 'text/html; charset=utf-8') =>
        res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
      try {
        if (url.pathname === '/demo-emr/list.html') {
          const rows = Math.min(Math.max(Number(url.searchParams.get('rows') ?? '5000') || 0, 1), 20000);
          return send(200, listPage(rows));
        }
        if (url.pathname === '/' || url.pathname === '/demo-emr/') {
          return send(200, await readFile(join(DEMO_DIR, 'index.html')));
        }
        if (url.pathname.startsWith('/demo-emr/')) {
          const rel = normalize(url.pathname.slice('/demo-emr/'.length)).replace(/^(\.\.[/\\])+/, '');
          const body = await readFile(join(DEMO_DIR, rel));
          return send(200, body, TYPES[extname(rel)] ?? 'application/octet-stream');
        }
        const fixture = routes.get(url.pathname + url.search) ?? routes.get(url.pathname);
        if (fixture) return send(200, await readFile(join(ROOT, fixture)), TYPES[extname(fixture)]);
        send(404, 'not found', 'text/plain');
      } catch {
        send(404, 'not found', 'text/plain');
      }
    })();
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
