// build.mjs bundles the playground into ../dist, which Go embeds (internal/playground):
//
//   dist/index.html               the page, with the example queries of examples/*.graphql in it
//   dist/assets/NAME-HASH.EXT.gz  the scripts, style sheet and font, content-hashed so that they
//   dist/assets/NAME-HASH.EXT.br  can be cached for a year, compressed here once and for all
//
// The same sources give the same bytes (esbuild is deterministic, names are content hashes,
// gzip carries no time stamp), so CI rebuilds and compares with what is committed. The
// compressed bytes come from Node's own zlib and brotli, so build with the Node that CI uses
// (Debian's nodejs). Run it through build.sh, which installs the locked packages first.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const web = dirname(fileURLToPath(import.meta.url));
const dist = join(web, '..', 'dist');
const assets = join(dist, 'assets');
const examplesDir = join(web, '..', '..', '..', 'examples');
// The page links its assets relative to itself: it is served at / and they under this path.
const assetsURL = 'playground/assets/';

// The default example, which the playground opens on: its answer names 卢氏县.
const defaultExample = 'lushi.graphql';

const common = {
  bundle: true,
  minify: true,
  // Chinese text stays as written instead of \u escapes: shorter, and greppable.
  charset: 'utf8',
  legalComments: 'eof',
  target: ['es2022', 'chrome111', 'edge111', 'firefox115', 'safari16.4'],
  absWorkingDir: web,
  outdir: assets,
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  metafile: true,
  write: false,
  logLevel: 'warning',
};

// workers builds Monaco's workers as entry points of their own (esbuild does not follow
// `new Worker(new URL(...))`), as classic scripts, and returns their file names by label.
async function workers() {
  const labels = ['editor', 'graphql', 'json'];
  const result = await esbuild.build({
    ...common,
    entryPoints: labels.map(l => `src/${l}.worker.js`),
    format: 'iife',
  });
  const names = {};
  for (const [file, out] of Object.entries(result.metafile.outputs)) {
    const label = out.entryPoint && basename(out.entryPoint, '.worker.js');
    if (labels.includes(label)) {
      names[label] = `./${basename(file)}`;
    }
  }
  return { files: result.outputFiles, names };
}

// app builds the page's script and style. Code that GraphiQL loads only when asked (prettier,
// for the prettify button) stays in chunks of its own.
async function app(workerNames) {
  const result = await esbuild.build({
    ...common,
    entryPoints: ['src/main.jsx'],
    format: 'esm',
    splitting: true,
    jsx: 'automatic',
    loader: { '.ttf': 'file' },
    define: {
      EDITOR_WORKER: JSON.stringify(workerNames.editor),
      GRAPHQL_WORKER: JSON.stringify(workerNames.graphql),
      JSON_WORKER: JSON.stringify(workerNames.json),
    },
    // The fetcher of @graphiql/toolkit imports graphql-ws for subscriptions, which aidgraph
    // does not serve and the playground's own fetcher never asks for.
    plugins: [emptyModule('graphql-ws')],
  });
  const entry = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint === 'src/main.jsx');
  if (!entry || !entry[1].cssBundle) {
    throw new Error('build: no script or style for src/main.jsx');
  }
  const [js, out] = entry;
  return { files: withoutChunkCSS(result, out.cssBundle), js: basename(js), css: basename(out.cssBundle), imports: out.imports };
}

// withoutChunkCSS leaves out the style sheets esbuild writes for dynamically imported chunks
// (Monaco's, once more): nothing loads them, and the page's own sheet holds all they hold,
// which this checks.
function withoutChunkCSS(result, mainCSS) {
  const outputs = result.metafile.outputs;
  const inMain = new Set(Object.keys(outputs[mainCSS].inputs));
  const drop = new Set();
  for (const [file, out] of Object.entries(outputs)) {
    if (!file.endsWith('.css') || file === mainCSS) {
      continue;
    }
    const missing = Object.keys(out.inputs).filter(i => !inMain.has(i));
    if (missing.length > 0) {
      throw new Error(`build: ${file} holds CSS the page's style sheet lacks: ${missing.join(', ')}`);
    }
    drop.add(basename(file));
  }
  return result.outputFiles.filter(f => !drop.has(basename(f.path)));
}

// emptyModule resolves an import to a module that exports nothing.
function emptyModule(name) {
  return {
    name: `empty-${name}`,
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${name}$`) }, () => ({ path: name, namespace: 'empty' }));
      build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {}', loader: 'js' }));
    },
  };
}

// examples reads examples/*.graphql (schema.graphql, the SDL, aside), the default first, and
// gives each its file name, its title (its opening comment) and its text exactly.
function examples() {
  const names = readdirSync(examplesDir)
    .filter(n => n.endsWith('.graphql') && n !== 'schema.graphql')
    .sort((a, b) => (a === defaultExample ? -1 : b === defaultExample ? 1 : a < b ? -1 : a > b ? 1 : 0));
  if (names[0] !== defaultExample) {
    throw new Error(`build: ${defaultExample} is missing from ${examplesDir}`);
  }
  return names.map(name => {
    const query = readFileSync(join(examplesDir, name), 'utf8');
    const title = (query.match(/^# (.*)/) ?? [, name])[1];
    return { name, title, query };
  });
}

// page writes index.html: the script, its static chunks preloaded, the style, the examples.
function page(built) {
  const json = JSON.stringify(examples(), null, 1)
    // Nothing in a script element may close it.
    .replaceAll('<', '\\u003c');
  const preload = built.imports
    .filter(i => i.kind === 'import-statement')
    .map(i => `<link rel="modulepreload" href="${assetsURL}${basename(i.path)}">`)
    .join('\n');
  const html = readFileSync(join(web, 'src', 'index.html'), 'utf8')
    .replace('{{css}}', assetsURL + built.css)
    .replace('{{js}}', assetsURL + built.js)
    .replace('{{preload}}', preload)
    .replace('{{examples}}', () => json);
  return new TextEncoder().encode(html);
}

// writeAsset puts an asset compressed: gzip, which every browser takes (and from which the
// server decodes the rare request that takes neither), and brotli when it is smaller. The plain
// form is left out: it would double what the repository and the binary carry, for no browser.
function writeAsset(path, contents) {
  const gz = gzipSync(contents, { level: 9 });
  writeFileSync(`${path}.gz`, gz);
  const br = brotliCompressSync(contents, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: contents.length,
    },
  });
  if (br.length < gz.length) {
    writeFileSync(`${path}.br`, br);
  }
}

const w = await workers();
const a = await app(w.names);
rmSync(dist, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });
const files = [...w.files, ...a.files];
let raw = 0;
for (const f of files) {
  writeAsset(f.path, f.contents);
  raw += f.contents.length;
}
// The page stays plain: the server puts its endpoint into it, then compresses it.
writeFileSync(join(dist, 'index.html'), page(a));
console.log(`playground: index.html and ${files.length} assets (${(raw / 1e6).toFixed(2)} MB before compression) in ${relative(web, dist)}`);
