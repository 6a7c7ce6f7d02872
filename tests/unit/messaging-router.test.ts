import { describe, expect, it, vi } from 'vitest';
import { createClient } from '@/lib/messaging/client';
import { createRouter, type SenderInfo } from '@/lib/messaging/router';

const EXT = 'abcdefghijklmnopabcdefghijklmnop';
const EXT_ORIGIN = `chrome-extension://${EXT}`;
const emrTab: SenderInfo = {
  id: EXT,
  url: 'http://127.0.0.1:8080/demo-emr/chart.html',
  origin: 'http://127.0.0.1:8080',
  frameId: 0,
  tab: { id: 7 },
  documentId: 'doc-1',
};
const panel: SenderInfo = { id: EXT, url: `${EXT_ORIGIN}/sidepanel.html?tabId=7`, origin: EXT_ORIGIN };
const noneResult = { result: { status: 'none', reason: 'no-adapter' } };

function setup() {
  const detected = vi.fn(async () => ({ ok: true as const }));
  const setManual = vi.fn(async () => ({ ok: true as const }));
  const route = createRouter(
    { 'patient.detected': detected, 'patient.setManual': setManual },
    {
      extensionId: EXT,
      extensionOrigin: EXT_ORIGIN,
      isAllowedEmrOrigin: (o) => o === 'http://127.0.0.1:8080',
    },
  );
  return { route, detected, setManual };
}

describe('message router', () => {
  it('accepts a valid content message from an allowed EMR top frame and passes the tab id', async () => {
    const { route, detected } = setup();
    const reply = await route({ v: 1, type: 'patient.detected', payload: noneResult }, emrTab);
    expect(reply).toEqual({ ok: true, data: { ok: true } });
    expect(detected).toHaveBeenCalledWith(noneResult, expect.objectContaining({ tabId: 7 }));
  });

  it.each([
    ['another extension', { ...emrTab, id: 'zzzz' }, 'sender-foreign-extension'],
    ['a sub-frame', { ...emrTab, frameId: 3 }, 'sender-not-top-frame'],
    [
      'an origin without permission',
      { ...emrTab, origin: 'https://evil.example' },
      'sender-origin-not-allowed',
    ],
    ['an extension page (wrong direction)', panel, 'sender-not-a-tab'],
  ])('rejects content messages from %s', async (_label, sender, error) => {
    const { route, detected } = setup();
    expect(await route({ v: 1, type: 'patient.detected', payload: noneResult }, sender)).toEqual({
      ok: false,
      error,
    });
    expect(detected).not.toHaveBeenCalled();
  });

  it('accepts side-panel commands only from extension pages', async () => {
    const { route, setManual } = setup();
    const payload = { tabId: 7, patient: null };
    expect(await route({ v: 1, type: 'patient.setManual', payload }, panel)).toMatchObject({ ok: true });
    expect(await route({ v: 1, type: 'patient.setManual', payload }, emrTab)).toEqual({
      ok: false,
      error: 'sender-not-extension-page',
    });
    expect(setManual).toHaveBeenCalledTimes(1);
  });

  it('rejects unknown messages, bad envelopes and invalid payloads with a code', async () => {
    const { route } = setup();
    expect(await route({ v: 1, type: 'fetch.url', payload: {} }, panel)).toEqual({
      ok: false,
      error: 'unknown-message',
    });
    expect(await route({ v: 1, type: '__proto__', payload: {} }, panel)).toEqual({
      ok: false,
      error: 'unknown-message',
    });
    expect(await route({ type: 'patient.detected' }, emrTab)).toEqual({ ok: false, error: 'bad-envelope' });
    expect(await route('hello', emrTab)).toEqual({ ok: false, error: 'bad-envelope' });
    const bad = await route(
      { v: 1, type: 'patient.detected', payload: { result: { status: 'patient' } } },
      emrTab,
    );
    expect(bad).toMatchObject({ ok: false });
    expect((bad as { error: string }).error).toMatch(/^invalid-payload/);
  });

  it('a typed client round-trips through the router and surfaces errors as MessageError', async () => {
    const { route } = setup();
    const send = createClient((m) => route(m, panel));
    await expect(send('patient.setManual', { tabId: 7, patient: null })).resolves.toEqual({ ok: true });
    const fromTab = createClient((m) => route(m, emrTab));
    await expect(fromTab('patient.setManual', { tabId: 7, patient: null })).rejects.toThrow(
      'sender-not-extension-page',
    );
  });
});
