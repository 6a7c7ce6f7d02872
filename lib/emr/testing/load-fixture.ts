import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// vitest runs from the repo root (import.meta.url is not a file: URL under happy-dom).
const ROOT = resolve(process.cwd());

/** Reads a file relative to the repo root (fixtures are plain HTML files checked into the repo). */
export function readRepoFile(file: string): string {
  return readFileSync(resolve(ROOT, file), 'utf8');
}

// happy-dom would try to fetch stylesheets, scripts and frames; static unit tests read markup only (./browser.ts runs
// a fixture with its scripts and frames when a test needs the page's own behaviour).
const EXTERNAL = /<link\b[^>]*>|<script\b[^>]*\bsrc=[^>]*>\s*<\/script>/gi;
// Frames become inert <fixture-frame> elements here: happy-dom would try to load even about:blank.
const FRAME = /<(\/?)iframe\b/gi;

/** Parses a fixture into a fresh Document (no scripts run, no frames load) and gives the URL it is served at. */
export function loadFixture(
  file: string,
  urlPath: string,
  origin = 'http://127.0.0.1:8080',
): { url: URL; doc: Document } {
  const html = readRepoFile(file).replace(EXTERNAL, '').replace(FRAME, '<$1fixture-frame');
  return { url: new URL(urlPath, origin), doc: new DOMParser().parseFromString(html, 'text/html') };
}
