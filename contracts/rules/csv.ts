/**
 * A small RFC 4180 CSV reader: quoted fields, doubled quotes, separators and line breaks inside
 * quotes, CRLF or LF line ends, a leading byte-order mark. Enough for the UN/LOCODE and DCSA code
 * lists; not a general-purpose dialect sniffer.
 */

export class CsvError extends Error {
  override readonly name = 'CsvError';
}

/** Parses CSV text into rows of fields. Blank lines are skipped. Throws CsvError on an unclosed quote. */
export function parseCsv(text: string, separator = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = (): void => {
    row.push(field);
    field = '';
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  let line = 1;
  let quoteLine = 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (ch === separator) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      line++;
      endRow();
    } else field += ch;
  }
  if (quoted) throw new CsvError(`unclosed quoted field starting on line ${quoteLine}`);
  if (field !== '' || row.length > 0) endRow();
  return rows;
}
