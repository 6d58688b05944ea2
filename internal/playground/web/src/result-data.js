// result-data.js turns a GraphQL answer into the rows and columns that the Table and Chart views
// show: the answer's first list, each item flattened by path (`program.name`, `sum.budgetYuan`).
// Numbers stay exact: the answer is parsed with lossless-json, so a number is its JSON text
// (a LosslessNumber), never a float: an Int64 past 2^53 or a Decimal with many places shows,
// sorts and downloads as the server wrote it.
import { compareNumber, isLosslessNumber, parse } from 'lossless-json';

// exactTexts maps the text GraphiQL shows (JSON.stringify of the parsed answer, indented by 2)
// to the text the server sent, for the last few answers: the view finds the exact numbers of
// the answer its tab shows. An answer not found here (a tab restored from storage) is read from
// what GraphiQL shows, which is exact for every number a float holds.
const exactTexts = new Map();
const keptTexts = 16;

// rememberExact records the text the server sent for the answer parsed from it.
export function rememberExact(parsed, text) {
  const shown = JSON.stringify(parsed, null, 2);
  exactTexts.delete(shown);
  exactTexts.set(shown, text);
  while (exactTexts.size > keptTexts) {
    exactTexts.delete(exactTexts.keys().next().value);
  }
}

// parseExact parses the answer GraphiQL shows, from the server's own text when it has it;
// null when it is not JSON (empty, or a message such as a failed download's).
export function parseExact(shown) {
  if (!shown) {
    return null;
  }
  try {
    return parse(exactTexts.get(shown) ?? shown);
  } catch {
    return null;
  }
}

const isObject = v => v !== null && typeof v === 'object' && !Array.isArray(v) && !isLosslessNumber(v);

// firstList finds the answer's first list, depth first in the order of the answer's keys (the
// selection's order): its path from `data`, and its items. Null when the answer has none.
export function firstList(answer) {
  function find(value, path) {
    if (Array.isArray(value)) {
      return { path, items: value };
    }
    if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        const found = find(v, [...path, k]);
        if (found) {
          return found;
        }
      }
    }
    return null;
  }
  return isObject(answer) ? find(answer.data, []) : null;
}

// A cell holds undefined (null or absent), a string, a boolean, a LosslessNumber, or a List (a list inside an item).
export class List {
  constructor(items) {
    this.items = items;
  }
  toString() {
    if (this.items.every(i => !isObject(i) && !Array.isArray(i))) {
      return this.items.map(text).join(', ');
    }
    return this.items.length === 1 ? '1 item' : `${this.items.length} items`;
  }
}

// table flattens the items of a list into rows, one cell per leaf of the selection; the columns
// are every leaf path met, in the order first met. A column is numeric when each of its
// non-null cells is a number.
export function table(items) {
  const columns = new Map();
  const rows = items.map(item => {
    const row = {};
    const put = (path, value) => {
      const id = path.join('.');
      if (!columns.has(id)) {
        columns.set(id, { id, path, numeric: true, filled: 0 });
      }
      const c = columns.get(id);
      if (value !== null && value !== undefined) {
        c.filled++;
        c.numeric &&= isLosslessNumber(value);
      }
      // Null as absent: the table sorts undefined last, whichever the direction.
      row[id] = value ?? undefined;
    };
    const walk = (value, path) => {
      if (isObject(value)) {
        for (const [k, v] of Object.entries(value)) {
          walk(v, [...path, k]);
        }
      } else if (Array.isArray(value)) {
        put(path, new List(value));
      } else {
        put(path, value);
      }
    };
    walk(isObject(item) || Array.isArray(item) ? item : { value: item }, []);
    return row;
  });
  const cols = [...columns.values()].map(c => ({ id: c.id, path: c.path, numeric: c.numeric && c.filled > 0 }));
  return { columns: cols, rows };
}

// text is a cell as written: a number's exact JSON text, a list's summary, '' for null.
export function text(value) {
  if (value === null || value === undefined) {
    return '';
  }
  if (isLosslessNumber(value)) {
    return value.value;
  }
  return String(value);
}

// display is a number's text with its integer digits grouped by thousands when it has more than
// four (a year stays 2018), done on the text so that nothing is rounded.
export function display(value) {
  const t = text(value);
  if (!isLosslessNumber(value) || /[eE]/.test(t)) {
    return t;
  }
  const [, sign, int, rest] = t.match(/^(-?)(\d+)(.*)$/);
  return int.length > 4 ? sign + int.replace(/\B(?=(\d{3})+$)/g, ',') + rest : t;
}

// compareCells orders two cells of a column ascending: numbers exactly by their text, the rest
// as text in the page's language; nulls are placed by the table (last).
export function compareCells(a, b) {
  if (isLosslessNumber(a) && isLosslessNumber(b)) {
    return compareNumber(a.value, b.value);
  }
  return collator.compare(text(a), text(b));
}

const collator = new Intl.Collator(undefined, { numeric: true });

// magnitude is a number's size as a float, for the length of its bar only: a float's rounding
// moves a bar by less than a pixel, and the bar's label is the exact text.
export function magnitude(value) {
  return isLosslessNumber(value) ? Number.parseFloat(value.value) : null;
}

// chartDefaults chooses what the Chart view first shows: the bars' labels are the first column
// of text that is not an identifier (a name), and their lengths the numeric column with the
// largest values (a budget or a sum rather than an ordinal or a count).
export function chartDefaults({ columns, rows }) {
  const leaf = c => c.path[c.path.length - 1];
  const label =
    columns.find(c => !c.numeric && !['id', '__typename', 'cursor'].includes(leaf(c)) &&
      rows.some(r => typeof r[c.id] === 'string')) ?? columns.find(c => !c.numeric);
  let value = null;
  let largest = -Infinity;
  for (const c of columns.filter(c => c.numeric)) {
    const m = Math.max(...rows.map(r => Math.abs(magnitude(r[c.id]) ?? 0)));
    if (m > largest) {
      largest = m;
      value = c;
    }
  }
  return { label: label?.id ?? null, value: value?.id ?? null };
}
