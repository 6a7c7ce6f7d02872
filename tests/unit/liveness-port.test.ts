import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';
import type { Reply } from '@/lib/messaging/protocol';
import type { SenderInfo } from '@/lib/messaging/router';
import { listenForEmrLiveness, LIVENESS_PORT } from '@/lib/platform/liveness';
import { getTabPatient, setTabPatient } from '@/lib/platform/tab-patients';

type Listener = (arg: unknown) => void;

/** A port as the background sees it: the test plays the content script's side. */
function fakePort(name: string, sender: SenderInfo) {
  const onMessage: Listener[] = [];
  const onDisconnect: Listener[] = [];
  let disconnected = false;
  const port = {
    name,
    sender,
    onMessage: { addListener: (l: Listener) => onMessage.push(l) },
    onDisconnect: { addListener: (l: Listener) => onDisconnect.push(l) },
    disconnect: () => {
      disconnected = true;
    },
    postMessage: () => undefined,
  };
  return {
    port: port as unknown as Browser.runtime.Port,
    post: (m: unknown) => onMessage.forEach((l) => l(m)),
    close: () => onDisconnect.forEach((l) => l(port)),
    get disconnected() {
      return disconnected;
    },
  };
}

const SENDER: SenderInfo = {
  id: 'ext',
  frameId: 0,
  documentId: 'doc-1',
  origin: 'http://127.0.0.1:8080',
  tab: { id: 7 },
};
const detected = (family: string) => ({
  v: 1,
  type: 'patient.detected',
  payload: { result: { family } },
});

describe('liveness port', () => {
  let routed: { message: unknown; sender: SenderInfo }[];
  let release: (() => void)[];
  let onConnect: ((port: Browser.runtime.Port) => void) | undefined;

  beforeEach(() => {
    fakeBrowser.reset();
    // The fake browser has no runtime ports: keep the listener the background registers and call it as Chrome would.
    vi.spyOn(fakeBrowser.runtime.onConnect, 'addListener').mockImplementation((l) => {
      onConnect = l;
    });
    vi.spyOn(fakeBrowser.tabs.onRemoved, 'addListener').mockImplementation(() => undefined);
    routed = [];
    release = [];
    // Each routed message is held until the test releases it, so handling order is observable.
    listenForEmrLiveness(
      (message, sender) =>
        new Promise<Reply>((resolve) => {
          routed.push({ message, sender });
          release.push(() => resolve({ ok: true, data: {} }));
        }),
    );
  });

  const connect = async (sender: SenderInfo = SENDER) => {
    const p = fakePort(LIVENESS_PORT, sender);
    onConnect!(p.port);
    return p;
  };
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('routes detections one at a time, in the order they were posted, with the port’s sender', async () => {
    const p = await connect();
    p.post(detected('A'));
    p.post(detected('B'));
    await settle();
    expect(routed.map((r) => r.message)).toEqual([detected('A')]); // B waits for A
    expect(routed[0]!.sender).toBe(SENDER);
    release[0]!();
    await settle();
    expect(routed.map((r) => r.message)).toEqual([detected('A'), detected('B')]);
  });

  it('ignores anything but a detection on the port (other messages must use the router by sendMessage)', async () => {
    const p = await connect();
    p.post({ v: 1, type: 'workstation.clear', payload: {} });
    p.post({ v: 1, type: '__proto__', payload: {} });
    p.post(null);
    p.post('patient.detected');
    await settle();
    expect(routed).toEqual([]);
  });

  it('refuses ports from sub-frames or without a tab', async () => {
    const sub = await connect({ ...SENDER, frameId: 3 });
    const noTab = await connect({ ...SENDER, tab: undefined });
    expect(sub.disconnected).toBe(true);
    expect(noTab.disconnected).toBe(true);
    sub.post(detected('A'));
    await settle();
    expect(routed).toEqual([]);
  });

  it('clears the document’s patient only after a detection still being handled', async () => {
    const p = await connect();
    p.post(detected('A'));
    await settle();
    p.close();
    // The late write of A's handler lands first; the clear must come after it, not before.
    await setTabPatient(7, {
      result: { status: 'none', reason: 'not-rendered' },
      documentId: 'doc-1',
      updatedAt: 1,
      lastPatientKey: null,
    });
    release[0]!();
    await settle();
    await settle();
    const after = await getTabPatient(7);
    expect(after?.documentId).toBeNull();
  });
});
