// ResultChart draws one numeric column of the answer's first list as horizontal bars, one per
// item, labelled by another column; both are chosen in the view. The bars are plain elements
// (a grid of label, bar and value), which is less to ship than a chart library and keeps long
// Chinese names readable. A bar's length is a float's; its label is the number's exact text.
import { useState } from 'react';
import { chartDefaults, display, magnitude, text } from './result-data.js';

export function ResultChart({ data }) {
  const defaults = chartDefaults(data);
  const [choice, setChoice] = useState({});
  const numeric = data.columns.filter(c => c.numeric);
  const valueId = numeric.some(c => c.id === choice.value) ? choice.value : defaults.value;
  const labelId = data.columns.some(c => c.id === choice.label) ? choice.label : defaults.label;
  if (!valueId) {
    return <p className="aidgraph-view-note">The list has no numeric column to chart.</p>;
  }
  const values = data.rows.map(r => magnitude(r[valueId]));
  const lo = Math.min(0, ...values.filter(v => v !== null));
  const hi = Math.max(0, ...values.filter(v => v !== null));
  const span = hi - lo || 1;
  const pct = x => `${((x / span) * 100).toFixed(3)}%`;
  return (
    <figure className="aidgraph-chart">
      <figcaption>
        <label>
          Bars
          <select value={valueId} onChange={e => setChoice({ ...choice, value: e.target.value })}>
            {numeric.map(c => (
              <option key={c.id} value={c.id}>{c.id}</option>
            ))}
          </select>
        </label>
        <label>
          by
          <select value={labelId ?? ''} onChange={e => setChoice({ ...choice, label: e.target.value })}>
            {labelId === null && <option value="">(position)</option>}
            {data.columns.map(c => (
              <option key={c.id} value={c.id}>{c.id}</option>
            ))}
          </select>
        </label>
      </figcaption>
      <div className="aidgraph-bars" role="list">
        {data.rows.map((row, i) => {
          const v = values[i];
          const label = labelId ? text(row[labelId]) : String(i + 1);
          return (
            <div className="aidgraph-bar-row" role="listitem" key={i} title={`${label}: ${row[valueId] == null ? 'null' : text(row[valueId])}`}>
              <span className="aidgraph-bar-label">{label || '—'}</span>
              <span className="aidgraph-bar-track">
                {v !== null && (
                  <span className="aidgraph-bar" style={{ left: pct(Math.min(v, 0) - lo), width: pct(Math.abs(v)) }} />
                )}
              </span>
              <span className={v === null ? 'aidgraph-bar-value aidgraph-null' : 'aidgraph-bar-value'}>
                {v === null ? '—' : display(row[valueId])}
              </span>
            </div>
          );
        })}
      </div>
    </figure>
  );
}
