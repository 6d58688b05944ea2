// The playground aidgraph serves at /: GraphiQL 5 with the explorer and the docs, the article's
// example queries as tabs and as a list, a button that downloads the current query as CSV, and
// Table and Chart views of the answer beside its JSON (ResultViews.jsx).
// Everything it needs comes from the same server: build.mjs bundles it, and the page's
// Content-Security-Policy (internal/playground) refuses anything else.
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { ToolbarButton, useGraphiQL, useGraphiQLActions } from '@graphiql/react';
import { getOperationAST, parse } from 'graphql';
import { createClient } from 'graphql-sse';

// GraphiQL's own style.css repeats Monaco's CSS (which the bundle gets from Monaco itself) and
// carries the Roboto font; the parts, without Roboto, weigh less than half of it.
import '@graphiql/react/font/fira-code.css';
import '@graphiql/react/style.css';
import '@graphiql/plugin-doc-explorer/style.css';
import '@graphiql/plugin-history/style.css';
import '@graphiql/plugin-explorer/style.css';
import 'graphiql/graphiql.css';
import './playground.css';
import { rememberExact } from './result-data.js';
import { ResultViews } from './ResultViews.jsx';

// esbuild bundles no `new Worker(new URL(...))`: build.mjs builds each worker as an entry point of
// its own and defines these names, which sit next to this file.
/* global EDITOR_WORKER, GRAPHQL_WORKER, JSON_WORKER */
globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    const file = { graphql: GRAPHQL_WORKER, json: JSON_WORKER }[label] ?? EDITOR_WORKER;
    return new Worker(new URL(file, import.meta.url), { name: label });
  },
};

const root = document.getElementById('graphiql');
const { endpoint, csv } = root.dataset;
// The examples of examples/*.graphql, which build.mjs writes into the page, the default first.
const examples = JSON.parse(document.getElementById('aidgraph-examples').textContent);

// fetcher posts to the endpoint of the page's own server; a relative URL, so that it works
// behind a proxy too. It keeps the answer's text, whose numbers the Table and Chart views show
// exactly (GraphiQL's JSON holds them as floats). A subscription goes over GraphQL over SSE
// instead (subscribe), and the response pane shows each of its events as it comes.
function fetcher(params, opts) {
  if (isSubscription(params, opts)) {
    return subscribe(params, opts);
  }
  return post(params, opts);
}

// isSubscription tells whether the operation params run is a subscription.
function isSubscription(params, opts) {
  try {
    const doc = opts?.documentAST ?? parse(params.query);
    return getOperationAST(doc, params.operationName || undefined)?.operation === 'subscription';
  } catch {
    return false; // the server says what is wrong with it
  }
}

// subscribe runs a subscription over SSE (graphql-sse, distinct connections, the same endpoint)
// with the headers editor's headers (an API key), as GraphiQL's async iterable of events.
function subscribe(params, opts) {
  const client = createClient({
    url: new URL(endpoint, location.href).toString(),
    headers: { ...opts?.headers },
    singleConnection: false,
    retryAttempts: 0,
  });
  const events = client.iterate(params);
  return {
    [Symbol.asyncIterator]() { return this; },
    next: () => events.next(),
    async return() {
      await events.return?.();
      client.dispose();
      return { done: true, value: undefined };
    },
  };
}

async function post(params, opts) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...opts?.headers },
    body: JSON.stringify(params),
  });
  const text = await res.text();
  const result = JSON.parse(text);
  rememberExact(result, text);
  return result;
}

// csvURL is where the server answers a query's first list as CSV.
function csvURL(query, variables, operationName) {
  const p = new URLSearchParams({ query });
  const vars = jsonObject(variables);
  if (Object.keys(vars).length > 0) {
    p.set('variables', JSON.stringify(vars));
  }
  if (operationName) {
    p.set('operationName', operationName);
  }
  return `${csv}?${p}`;
}

// jsonObject reads an editor's JSON, empty meaning none.
function jsonObject(text) {
  return text.trim() === '' ? {} : JSON.parse(text);
}

// CSVButton downloads the current query's answer as CSV. It fetches first, so that an error
// (a typo, a missing list) shows in the response pane instead of arriving as a file, and so that
// the headers of the headers editor (an API key) go with it as with a query.
function CSVButton() {
  const { queryEditor, variableEditor, headerEditor, responseEditor, operationName } = useGraphiQL(s => ({
    queryEditor: s.queryEditor,
    variableEditor: s.variableEditor,
    headerEditor: s.headerEditor,
    responseEditor: s.responseEditor,
    operationName: s.operationName,
  }));
  async function download() {
    try {
      const url = csvURL(queryEditor.getValue(), variableEditor?.getValue() ?? '', operationName);
      const res = await fetch(url, { headers: jsonObject(headerEditor?.getValue() ?? '') });
      if (!res.ok) {
        responseEditor?.setValue(JSON.stringify(await res.json(), null, 2));
        return;
      }
      save(await res.blob(), 'aidgraph.csv');
    } catch (err) {
      responseEditor?.setValue(`Download CSV: ${err.message}`);
    }
  }
  return (
    <ToolbarButton label="Download CSV" onClick={download}>
      <DownloadIcon className="graphiql-toolbar-icon" aria-hidden="true" />
    </ToolbarButton>
  );
}

function save(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

// Examples lists the example queries; choosing one opens it in a tab (the one holding it, if
// any). Stored tabs win over the default ones on a later visit, so the list is where a new
// example shows up.
function Examples() {
  const { addTab, changeTab } = useGraphiQLActions();
  const { tabs, queryEditor, headerEditor } = useGraphiQL(s => ({ tabs: s.tabs, queryEditor: s.queryEditor, headerEditor: s.headerEditor }));
  const registered = useRegistry(headerEditor);
  const list = registered ?? examples;
  function open(example) {
    const i = tabs.findIndex(t => t.query === example.query);
    if (i >= 0) {
      changeTab(i);
      return;
    }
    addTab();
    queryEditor?.setValue(example.query);
  }
  return (
    <section className="aidgraph-examples" aria-label="Example queries">
      <div className="graphiql-doc-explorer-title">Examples</div>
      <p>{registered ? <>The server's registered operations (also at <code>/op/NAME</code> and <code>/mcp</code>).</> : <>Questions the article answers, from <code>examples/</code>.</>}</p>
      <ul>
        {list.map(ex => (
          <li key={ex.name}>
            <button type="button" onClick={() => open(ex)}>
              <span className="aidgraph-example-title">{ex.title}</span>
              <span className="aidgraph-example-file">{ex.name}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

// useRegistry reads the server's operation registry with the headers of the headers editor (an
// admin's key, where --trusted-documents=enforce refuses other documents); null until it answers,
// or when it does not, and the bundled examples are listed instead.
function useRegistry(headerEditor) {
  const [ops, setOps] = useState(null);
  useEffect(() => {
    let headers = {};
    try { headers = JSON.parse(headerEditor?.getValue() || '{}'); } catch { /* not JSON yet */ }
    fetcher({ query: '{ operations(first: 100) { nodes { name description document } } }' }, { headers })
      .then(r => {
        const nodes = r?.data?.operations?.nodes;
        if (nodes?.length) {
          setOps(nodes.map(n => ({ name: n.name, title: n.description || n.name, query: n.document })));
        }
      })
      .catch(() => {});
  }, [headerEditor]);
  return ops;
}

const examplesPlugin = { title: 'Examples', icon: ListIcon, content: Examples };

function ListIcon(props) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" height="1em" {...props}>
      <path strokeLinecap="round" d="M8 6h13M8 12h13M8 18h13M3.5 6h.01M3.5 12h.01M3.5 18h.01" />
    </svg>
  );
}

function DownloadIcon(props) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" {...props}>
      <path strokeLinecap="round" strokeLinejoin="round" d="M12 3v12m0 0-4.5-4.5M12 15l4.5-4.5M4 17v3h16v-3" />
    </svg>
  );
}

// The list replaces GraphiQL's default one, which holds the history only; the docs come anyway.
const plugins = [explorerPlugin(), examplesPlugin, HISTORY_PLUGIN];

createRoot(root).render(
  <GraphiQL
    fetcher={fetcher}
    plugins={plugins}
    defaultQuery={examples[0].query}
    defaultTabs={examples.map(ex => ({ query: ex.query }))}
    defaultEditorToolsVisibility={false}
  >
    <GraphiQL.Logo>aidgraph</GraphiQL.Logo>
    <GraphiQL.Toolbar>
      {({ prettify, merge, copy }) => (
        <>
          {prettify}
          {merge}
          {copy}
          <CSVButton />
        </>
      )}
    </GraphiQL.Toolbar>
    <GraphiQL.Footer>
      <ResultViews />
    </GraphiQL.Footer>
  </GraphiQL>,
);
