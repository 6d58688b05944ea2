// node audit.mjs URL: audits the GraphQL-over-HTTP server at URL and prints one JSON line per
// check: {"id", "name", "status": "ok" | "warn" | "error", "reason"}.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
const results = await auditServer({ url });
for (const r of results) {
  console.log(JSON.stringify({ id: r.id, name: r.name, status: r.status, reason: r.reason ?? '' }));
}
