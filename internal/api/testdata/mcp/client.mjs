// A real MCP client (@modelcontextprotocol/sdk) against aidgraph's /mcp: it connects over
// streamable HTTP with the key in AIDGRAPH_KEY (if set), lists the tools, calls the tools named
// on the command line with the JSON arguments after each, and prints one JSON line:
// {"tools": [{name, description, inputSchema}], "calls": [{tool, isError, text}]}. A failure to
// connect prints {"error": "..."} and exits 1. internal/api's TestMCPClient drives it.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [url, ...calls] = process.argv.slice(2);
const headers = process.env.AIDGRAPH_KEY ? { Authorization: `Bearer ${process.env.AIDGRAPH_KEY}` } : {};
const client = new Client({ name: 'aidgraph-test', version: '1.0.0' });
try {
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  const { tools } = await client.listTools();
  const out = { tools: tools.map(t => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })), calls: [] };
  for (let i = 0; i < calls.length; i += 2) {
    const res = await client.callTool({ name: calls[i], arguments: JSON.parse(calls[i + 1]) });
    out.calls.push({ tool: calls[i], isError: !!res.isError, text: res.content.map(c => c.text).join('') });
  }
  console.log(JSON.stringify(out));
  await client.close();
} catch (err) {
  console.log(JSON.stringify({ error: String(err?.message ?? err) }));
  process.exit(1);
}
