import { randomBytes } from 'node:crypto';
import { dropSchema } from '../src/db/postgres';
import { type NavigatorHandle, startNavigator, type StartNavigatorOptions } from '../src/index';

export interface Backend {
  name: 'pglite' | 'postgres';
  start(opts?: StartNavigatorOptions): Promise<NavigatorHandle>;
}

const PG_URL = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || '';

/** PGlite in memory always; PostgreSQL too when TEST_DATABASE_URL or DATABASE_URL is set (each suite in its own schema). */
export function backends(): Backend[] {
  const list: Backend[] = [
    { name: 'pglite', start: (opts = {}) => startNavigator({ dataDir: 'memory', ...opts }) },
  ];
  if (PG_URL) {
    list.push({
      name: 'postgres',
      start: async (opts = {}) => {
        const schema = `nav_test_${randomBytes(6).toString('hex')}`;
        const nav = await startNavigator({ ...opts, databaseUrl: PG_URL, pgSchema: schema });
        const close = nav.close;
        return {
          ...nav,
          close: async () => {
            await close();
            await dropSchema(PG_URL, schema);
          },
        };
      },
    });
  }
  return list;
}

export interface FhirResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { resourceType?: string };
}

export async function fhir(
  nav: NavigatorHandle,
  path: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<FhirResponse> {
  const res = await fetch(`${nav.fhirBaseUrl}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/fhir+json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body:
      init.body === undefined
        ? undefined
        : typeof init.body === 'string'
          ? init.body
          : JSON.stringify(init.body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as FhirResponse['body']) : {},
  };
}
