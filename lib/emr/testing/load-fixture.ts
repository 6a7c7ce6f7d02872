import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// vitest runs from the repo root (import.meta.url is not a file: URL under happy-dom).
const ROOT = resolve(process.cwd());

/** Reads a file relative to the repo root (fixtures are plain HTML files checked into the repo). */
export function readRepoFile(file: string): string {
  return readFileSync(resolve(ROOT, file), 'utf8');
}

/**
 * Parses a fixture into a fresh Document (scripts are not run) and gives the URL it is served at. Same-origin iframes
 * named in `frames` are filled from their fixture files, as the browser would after they load.
 */
export function loadFixture(
  file: string,
  urlPath: string,
  frames: Record<string, string> = {},
  origin = 'http://127.0.0.1:8080',
): { url: URL; doc: Document } {
  const url = new URL(urlPath, origin);
  const doc = parseInto(readRepoFile(file));
  fillFrames(doc, url, frames);
  return { url, doc };
}

// happy-dom would try to fetch stylesheets and scripts; unit tests read markup only.
const EXTERNAL = /<link\b[^>]*>|<script\b[^>]*\bsrc=[^>]*>\s*<\/script>/gi;

function parseInto(html: string): Document {
  return new DOMParser().parseFromString(html.replace(EXTERNAL, ''), 'text/html');
}

/** Stands in for frame loading in unit tests: frame documents are parsed fixtures reachable as `frameDocs`. */
export const frameDocs = new WeakMap<Element, Document>();

function fillFrames(doc: Document, url: URL, frames: Record<string, string>): void {
  for (const frame of doc.querySelectorAll('iframe[src], frame[src]')) {
    const src = new URL(frame.getAttribute('src')!, url);
    const file = frames[src.pathname + src.search];
    if (file) frameDocs.set(frame, parseInto(readRepoFile(file)));
  }
}
