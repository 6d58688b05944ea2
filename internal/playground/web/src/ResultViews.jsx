// ResultViews puts Table and Chart beside GraphiQL's JSON answer: a switch above the answer
// pane, and, while Table or Chart is chosen, that view of the answer's first list in place of
// the JSON. It reads the answer of the active tab, so each tab shows its own.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useGraphiQL } from '@graphiql/react';
import { firstList, parseExact, table } from './result-data.js';
import { ResultChart } from './ResultChart.jsx';
import { ResultTable } from './ResultTable.jsx';

const views = ['JSON', 'Table', 'Chart'];

export function ResultViews() {
  const [view, setView] = useState('JSON');
  const shown = useGraphiQL(s => s.tabs[s.activeTabIndex]?.response ?? '');
  const ref = useRef(null);
  // The JSON stays mounted (Monaco keeps its state) and is hidden while another view shows.
  useEffect(() => {
    ref.current?.closest('.graphiql-response')?.classList.toggle('aidgraph-other-view', view !== 'JSON');
  }, [view]);
  const list = useMemo(() => (view === 'JSON' ? null : firstList(parseExact(shown))), [view, shown]);
  const data = useMemo(() => (list ? table(list.items) : null), [list]);
  return (
    <div className="aidgraph-views" ref={ref}>
      <div className="aidgraph-view-switch" role="tablist" aria-label="View of the answer">
        {views.map(v => (
          <button key={v} type="button" role="tab" aria-selected={view === v} onClick={() => setView(v)}>
            {v}
          </button>
        ))}
      </div>
      {view !== 'JSON' && (
        <div className={`aidgraph-view aidgraph-view-${view.toLowerCase()}`} role="region" aria-label={`${view} of the answer`}>
          {!list ? (
            <p className="aidgraph-view-note">{shown ? 'The answer holds no list.' : 'Run a query to see its first list here.'}</p>
          ) : (
            <>
              <p className="aidgraph-view-note">
                <code>{list.path.join('.') || 'data'}</code>: {list.items.length} {list.items.length === 1 ? 'item' : 'items'}
              </p>
              {list.items.length > 0 && (view === 'Table' ? <ResultTable data={data} /> : <ResultChart data={data} />)}
            </>
          )}
        </div>
      )}
    </div>
  );
}
