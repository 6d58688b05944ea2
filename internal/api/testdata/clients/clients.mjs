// Subscribes to aidgraph's changes with the real clients and prints one JSON line per client:
//   node --experimental-websocket clients.mjs HTTP_URL KEY AFTER N
// graphql-sse (distinct connections) and graphql-ws (graphql-transport-ws) each receive N
// events after the cursor AFTER, with the key in the Authorization header or connection_init;
// then graphql-ws without a key must be refused.
import { createClient as sseClient } from 'graphql-sse';
import { createClient as wsClient } from 'graphql-ws';

const [url, key, after, n] = process.argv.slice(2);
const query = 'subscription($after: String) { changes(after: $after) { cursor seq op nodeType node { id } } }';

function take(client, count) {
  return new Promise((resolve) => {
    const events = [];
    const dispose = client.subscribe({ query, variables: { after } }, {
      next: (r) => {
        events.push(r);
        if (events.length === count) { dispose(); resolve({ events }); }
      },
      error: (e) => resolve({ events, error: String(e?.reason ?? e?.message ?? JSON.stringify(e)) }),
      complete: () => resolve({ events, complete: true }),
    });
  });
}

const timeout = (ms) => new Promise((resolve) => setTimeout(() => resolve({ error: 'timeout' }), ms));

const sse = sseClient({ url, headers: { Authorization: `Bearer ${key}` }, retryAttempts: 0 });
console.log(JSON.stringify({ client: 'graphql-sse', ...(await Promise.race([take(sse, Number(n)), timeout(20000)])) }));
sse.dispose();

const wsURL = url.replace(/^http/, 'ws');
const ws = wsClient({ url: wsURL, connectionParams: { Authorization: `Bearer ${key}` }, retryAttempts: 0, lazy: true });
console.log(JSON.stringify({ client: 'graphql-ws', ...(await Promise.race([take(ws, Number(n)), timeout(20000)])) }));
await ws.dispose();

let closed;
const refused = new Promise((resolve) => { closed = resolve; });
const anon = wsClient({ url: wsURL, retryAttempts: 0, lazy: true,
  on: { closed: (e) => closed({ events: [], error: `${e?.code} ${e?.reason}` }) } });
take(anon, 1).catch(() => {});
console.log(JSON.stringify({ client: 'graphql-ws without a key', ...(await Promise.race([refused, timeout(20000)])) }));
try { await anon.dispose(); } catch { /* closed already */ }
process.exit(0);
