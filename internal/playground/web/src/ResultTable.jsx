// ResultTable shows the answer's first list as a table: a column per leaf of the selection,
// named by its path, sortable by a click on its header (numbers exactly, by their text), numbers
// right-aligned and written as the server wrote them, their digits grouped.
import { useMemo } from 'react';
import { createSortedRowModel, rowSortingFeature, tableFeatures, useTable } from '@tanstack/react-table';
import { compareCells, display, text } from './result-data.js';

// Sorting is the one feature the table needs: registered alone, it keeps the rest out of the
// bundle.
const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
});

const sortCells = (a, b, id) => compareCells(a.getValue(id), b.getValue(id));

export function ResultTable({ data }) {
  const columns = useMemo(
    () =>
      data.columns.map(c => ({
        id: c.id,
        accessorFn: row => row[c.id],
        header: c.id,
        sortFn: sortCells,
        sortUndefined: 'last',
        meta: { numeric: c.numeric },
      })),
    [data],
  );
  const table = useTable({ features, columns, data: data.rows, enableSortingRemoval: true });
  return (
    <table className="aidgraph-table">
      <thead>
        {table.getHeaderGroups().map(group => (
          <tr key={group.id}>
            {group.headers.map(header => {
              const sorted = header.column.getIsSorted();
              return (
                <th
                  key={header.id}
                  className={header.column.columnDef.meta.numeric ? 'aidgraph-numeric' : undefined}
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                >
                  <button type="button" onClick={header.column.getToggleSortingHandler()} title="Sort by this column">
                    {breakable(header.column.columnDef.header)}
                    <span className="aidgraph-sort" aria-hidden="true">
                      {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map(row => (
          <tr key={row.id}>
            {row.getAllCells().map(cell => {
              const v = cell.getValue();
              const numeric = cell.column.columnDef.meta.numeric;
              return (
                <td key={cell.id} className={numeric ? 'aidgraph-numeric' : v == null ? 'aidgraph-null' : undefined} title={text(v)}>
                  {v == null ? '—' : display(v)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// breakable lets a long path break after its dots: projects.aggregate.<wbr>sum.<wbr>budgetYuan.
function breakable(path) {
  return path.split('.').flatMap((part, i, parts) => (i < parts.length - 1 ? [part + '.', <wbr key={i} />] : [part]));
}
