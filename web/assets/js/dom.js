/**
 * Building the page from data. Text from the API only ever enters the document as text
 * (textContent / text nodes), never as markup.
 */

/** el('td', { class: 'num' }, 'text', childNode) */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/**
 * A data table: a caption, column headers (scope="col"), and rows whose first cell is the row
 * header (scope="row"). A cell is text, a node, or { text, numeric, note } where `note` is a
 * second, quieter line. Sections let one table hold several groups (e.g. one per year), each with a
 * header row (scope="rowgroup").
 */
export function dataTable({ caption, columns, sections, foot }) {
  const headRow = el(
    'tr',
    {},
    columns.map((c) => el('th', { scope: 'col', class: c.numeric ? 'num' : undefined }, c.label)),
  );
  const bodies = sections.map((section) =>
    el(
      'tbody',
      {},
      section.heading ? el('tr', { class: 'group' }, el('th', { scope: 'rowgroup', colspan: columns.length }, section.heading)) : null,
      section.rows.map((row) => renderRow(row, columns, 'row')),
    ),
  );
  return el(
    'table',
    { class: 'data' },
    el('caption', {}, caption),
    el('thead', {}, headRow),
    bodies,
    foot
      ? el(
          'tfoot',
          {},
          foot.map((row) => renderRow(row, columns, 'row', 'total')),
        )
      : null,
  );
}

function renderRow(row, columns, scope, className) {
  const cells = row.cells ?? row;
  return el(
    'tr',
    { class: row.className ?? className },
    cells.map((cell, i) => {
      const value = cell instanceof Node || typeof cell !== 'object' || cell === null ? { text: cell } : cell;
      const numeric = value.numeric ?? columns[i]?.numeric;
      const tag = i === 0 ? 'th' : 'td';
      return el(
        tag,
        { scope: i === 0 ? scope : undefined, class: numeric ? 'num' : undefined },
        value.text,
        value.note ? el('span', { class: 'cell-note' }, value.note) : null,
      );
    }),
  );
}

/** Replaces a container's content. */
export function replace(container, ...children) {
  container.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}
