// Live updates with npm's graphql-sse: subscribes to ../changes.graphql (every change in 卢氏县
// and below), makes one write through the API with an editor's key, and returns the event that
// write caused. The event's type comes from codegen, as the queries' do.
import { print } from 'graphql';
import { createClient } from 'graphql-sse';
import { request, type RequestOptions } from './client.js';
import { ChangesDocument, type ChangesSubscription, type ChangesSubscriptionVariables } from './gql/graphql.js';
import { CreateSchool, LatestChange } from './queries.js';

/** 文峪乡 (Township 39, in 卢氏县) and the article (Source 1): where the example's school goes. */
const WENYU = 'VG93bnNoaXA6Mzk';
const ARTICLE = 'U291cmNlOjE';

export type ChangeEvent = ChangesSubscription['changes'];

/**
 * Subscribes to the changes in 卢氏县 after the feed's latest one, creates a school with key,
 * and resolves with the subscription's event for that school (or rejects after timeoutMs).
 */
export async function subscribeAndWrite(endpoint: string, key: string, timeoutMs = 20_000): Promise<ChangeEvent> {
  const auth: RequestOptions = { endpoint, headers: { Authorization: `Bearer ${key}` } };
  // Start after the latest change: the write below is then in the stream even if it commits
  // before the server has registered the subscription. An empty log: from now.
  const { changes } = await request(LatestChange, undefined, auth);
  const after = changes.edges.at(-1)?.cursor;
  const variables: ChangesSubscriptionVariables = after ? { after } : {};

  const client = createClient({ url: endpoint, headers: { Authorization: `Bearer ${key}` }, retryAttempts: 0 });
  let dispose = (): void => {};
  let connected: () => void = () => {};
  const open = new Promise<void>((resolve) => (connected = resolve));
  // Events may arrive before the write's answer: each is kept until the write's id is known.
  const seen: ChangeEvent[] = [];
  let check: (id: string) => void = () => {};
  const event = new Promise<ChangeEvent>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), timeoutMs);
    let id: string | undefined;
    check = (written) => {
      id = written;
      const e = seen.find((c) => c.nodeId === id);
      if (e) {
        clearTimeout(timer);
        resolve(e);
      }
    };
    dispose = client.subscribe<ChangesSubscription>(
      { query: print(ChangesDocument), variables },
      {
        next: ({ data, errors }) => {
          if (errors?.length) {
            clearTimeout(timer);
            reject(new Error(`subscription: ${errors.map((e) => e.message).join('; ')}`));
          } else if (data) {
            seen.push(data.changes);
            if (id !== undefined) check(id);
          }
        },
        error: (err: unknown) => {
          clearTimeout(timer);
          reject(err instanceof Error ? err : new Error(`subscription: ${JSON.stringify(err)}`));
        },
        complete: () => {
          clearTimeout(timer);
          reject(new Error('subscription ended before the event'));
        },
      },
      { connected: () => connected() },
    );
  });
  event.catch(() => {}); // awaited below; this only keeps an early rejection from going unhandled
  try {
    // Without a cursor the stream starts when the server has it: write once it is connected.
    if (!after) await Promise.race([open, event]);
    const input = { name: `TypeScript 示例学校 ${new Date().toISOString()}`, stage: 'PRIMARY' as const, regionId: WENYU, sourceId: ARTICLE };
    check((await request(CreateSchool, { input }, auth)).createSchool.id);
    return await event;
  } finally {
    dispose();
    client.dispose();
  }
}
