import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';

const EXAMPLES = fileURLToPath(new URL('../../../shared/reference/hsds/3.0/examples/', import.meta.url));

// Issue 5: a clinic without a catalog API imports an HSDS file on the options page; a malformed file keeps the last
// good catalog with a specific error; bad records are set aside with their reasons.
test('options page: HSDS file import, a malformed file keeps the catalog, quarantine is listed', async ({
  context,
  extensionId,
}) => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const demo = fileURLToPath(new URL('../../lib/catalog/demo/demo-catalog.json', import.meta.url));
  await options.getByTestId('catalog-import').setInputFiles(demo);
  await expect(options.getByTestId('catalog-import-result')).toContainText('imported', { timeout: 60_000 });

  await options.getByTestId('catalog-import').setInputFiles({
    name: 'truncated.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"services": [{"id": "x", "name": "Trunc'),
  });
  await expect(options.getByTestId('catalog-import-result')).toContainText('previous catalog is kept');

  // The official HSDS 3.0 examples import too.
  for (const example of ['service_full.json', 'organization_full.json']) {
    await options.getByTestId('catalog-import').setInputFiles(EXAMPLES + example);
    await expect(options.getByTestId('catalog-import-result')).toContainText(`${example} imported`);
  }

  // One good and one bad record: the bad one is quarantined with a reason, the good one kept.
  const good = JSON.parse(await readFile(demo, 'utf8')) as unknown;
  const services = (Array.isArray(good) ? good : ((good as { services?: unknown[] }).services ?? [])).slice(
    0,
    3,
  );
  const bad = { id: 'bad-record-1', name: 42, status: 'nonsense' };
  await options.getByTestId('catalog-import').setInputFiles({
    name: 'mixed.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify([...services, bad])),
  });
  await expect(options.getByTestId('catalog-import-result')).toContainText('imported');
  await expect(options.getByTestId('catalog-quarantine')).toContainText('bad-record-1');
});
