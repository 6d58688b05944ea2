// Runs two of the example operations (../lushi.graphql, ../investment.graphql) and one of this
// client's own (queries.ts), and prints what they answer. tsc checks every field read here
// against the schema: rename a field in an example and this file stops compiling. Given an
// editor's key (AIDGRAPH_KEY), it then subscribes to ../changes.graphql over SSE (live.ts),
// creates a school in 卢氏县 and prints the event that write sends.
//
//   node dist/main.js [endpoint]      (or AIDGRAPH_ENDPOINT; default http://localhost:8080/query)
import { endpointFromEnv, request } from './client.js';
import { InvestmentDocument, LushiDocument, type Qualifier, type Unit } from './gql/graphql.js';
import { subscribeAndWrite } from './live.js';
import { RegionByCode } from './queries.js';

// How each qualifier reads in front of a number. A Record over the generated union must name
// every value the schema has, no more and no fewer.
const QUALIFIER: Record<Qualifier, string> = {
  EXACT: '',
  MORE_THAN: 'more than ',
  NEARLY: 'nearly ',
  APPROXIMATE: 'about ',
};

interface Figure {
  value: number;
  unit: Unit;
  qualifier: Qualifier;
  originalText: string;
}

function figure(f: Figure): string {
  const unit = f.unit.toLowerCase().replaceAll('_', ' ');
  return `${QUALIFIER[f.qualifier]}${f.value.toLocaleString('en')} ${unit} (${f.originalText})`;
}

function period(start: string | null, end: string | null): string {
  if (start && end) return start === end ? `in ${start}` : `${start}–${end}`;
  if (start) return `from ${start}`;
  return end ? `by ${end}` : '';
}

async function main(argv: readonly string[]): Promise<void> {
  const endpoint = argv[0];
  const options = endpoint ? { endpoint } : {};

  const { region } = await request(LushiDocument, {}, options);
  if (!region) throw new Error('region 411224 not found');
  console.log(`${region.name} (${region.nameEn ?? 'no English name'}), code ${region.code ?? 'none'}`);
  console.log(`  in ${region.ancestors.map((a) => a.name).join(' › ')}`);
  // The example asks for townships and figures only `... on County`: `in` narrows to that case.
  if ('townships' in region) {
    const names = region.townships.nodes.slice(0, 5).map((t) => t.name);
    console.log(`  ${region.townships.totalCount} townships: ${names.join('、')}…`);
    for (const f of region.figures.nodes) {
      console.log(`  ${f.labelZh}: ${figure(f)} ${period(null, f.periodEnd)}`.trimEnd());
    }
  }

  const { figures } = await request(InvestmentDocument, undefined, options);
  console.log(`Investment (${figures.nodes.length} figures):`);
  for (const f of figures.nodes) {
    console.log(`  ${f.label}: ${figure(f)} ${period(f.periodStart, f.periodEnd)}`.trimEnd());
  }

  // A 4-digit prefix names a city: 三门峡市, which Lushi belongs to.
  const city = await request(RegionByCode, { code: '4112' }, options);
  if (!city.region) throw new Error('region 4112 not found');
  const { name, level, projects } = city.region;
  console.log(`${name} (${level}): ${projects.totalCount} projects in it or below, first:`);
  for (const p of projects.nodes) {
    const budget = p.budgetYuan === null ? 'no budget stated' : `${p.budgetYuan.toLocaleString('en')} yuan`;
    const status = p.status?.toLowerCase().replaceAll('_', ' ') ?? 'status not stated';
    console.log(`  ${p.name}: ${budget}, ${status}`);
  }

  const key = process.env['AIDGRAPH_KEY'];
  if (!key) {
    console.log('Live updates: set AIDGRAPH_KEY to an editor key to subscribe and make one write');
    return;
  }
  const e = await subscribeAndWrite(endpoint || endpointFromEnv(), key);
  const node = e.node && 'name' in e.node ? ` ${e.node.name}` : '';
  console.log(`Live: ${e.op} ${e.nodeType} ${e.nodeId}${node}, seq ${e.seq}, version ${e.version}, at ${e.at}`);
  console.log(`  resume after: ${e.cursor}`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
