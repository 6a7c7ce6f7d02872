import { PROTOCOL, Reply, type MessageType, type RequestInputOf, type ResponseOf } from './protocol';

export class MessageError extends Error {
  override name = 'MessageError';
  constructor(public readonly code: string) {
    super(code);
  }
}

export type RawSend = (message: unknown) => Promise<unknown>;

/** A typed sender over any transport (runtime.sendMessage in the extension; a direct router call in tests). */
export function createClient(send: RawSend) {
  return async function request<T extends MessageType>(
    type: T,
    payload: RequestInputOf<T>,
  ): Promise<ResponseOf<T>> {
    const reply = Reply.safeParse(await send({ v: 1, type, payload }));
    if (!reply.success) throw new MessageError('bad-reply');
    if (!reply.data.ok) throw new MessageError(reply.data.error);
    return PROTOCOL[type].response.parse(reply.data.data) as ResponseOf<T>;
  };
}
export type MessageClient = ReturnType<typeof createClient>;
