// A small reader of GitHub-flavoured Markdown pipe tables, for tests: cells split on unescaped pipes,
// as GFM does before it parses anything inside a cell.
export interface MarkdownTable {
  header: string[];
  separator: string[];
  rows: string[][];
}

export function splitRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '\\' && inner[i + 1] === '|') {
      cell += '\\|';
      i++;
    } else if (inner[i] === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += inner[i];
  }
  cells.push(cell.trim());
  return cells;
}

/** Every table of the document: consecutive lines starting with `|`. */
export function markdownTables(text: string): MarkdownTable[] {
  const tables: MarkdownTable[] = [];
  let block: string[] = [];
  const flush = () => {
    if (block.length) {
      const [header, separator, ...rows] = block.map(splitRow);
      tables.push({ header: header!, separator: separator ?? [], rows });
    }
    block = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('|')) block.push(line);
    else flush();
  }
  flush();
  return tables;
}

/** What would stop GFM from rendering the table: no separator row, or rows of another width. */
export function tableProblems(t: MarkdownTable): string[] {
  const p: string[] = [];
  if (!t.separator.length || !t.separator.every((c) => /^:?-{3,}:?$/.test(c))) p.push('separator row');
  if (t.separator.length !== t.header.length) p.push('separator width');
  for (const [i, r] of t.rows.entries()) if (r.length !== t.header.length) p.push(`row ${i} width ${r.length}`);
  return p;
}
