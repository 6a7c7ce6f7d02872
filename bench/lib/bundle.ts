import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Bundles a module of the project into an IIFE exposing its exports on `globalThis[globalName]`, for in-page runs. */
export async function bundleForPage(entry: string, globalName: string): Promise<string> {
  const out = await build({
    entryPoints: [`${ROOT}${entry}`],
    bundle: true,
    format: 'iife',
    globalName,
    write: false,
    minify: true,
    target: 'chrome120',
    alias: { '@': ROOT.replace(/\/$/, '') },
    define: { 'import.meta.env.MODE': '"production"' },
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}
