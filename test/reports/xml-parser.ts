// A small, strict XML 1.0 well-formedness parser for tests (no xmllint on the machines, no DOMParser
// in Node). It rejects what real consumers reject: illegal characters (raw or as character
// references), unknown entities, bare '&' or '<', unbalanced or mismatched tags, duplicate
// attributes, ']]>' in text, content after the root.

export interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  /** Concatenated character data directly inside this element, entities decoded. */
  text: string;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ILLEGAL = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function isLegal(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

export function parseXml(src: string): XNode {
  const bad = ILLEGAL.exec(src);
  if (bad) throw new Error(`illegal character U+${bad[0].codePointAt(0)!.toString(16)} at ${bad.index}`);
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`${msg} at offset ${i}: ${JSON.stringify(src.slice(i, i + 40))}`);
  };
  const ws = (): void => {
    while (i < src.length && ' \t\r\n'.includes(src[i]!)) i++;
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(src);
    if (!m) fail('expected a name');
    i += m![0].length;
    return m![0];
  };
  const skipUntil = (end: string): string => {
    const at = src.indexOf(end, i);
    if (at < 0) fail(`unterminated, expected ${end}`);
    const body = src.slice(i, at);
    i = at + end.length;
    return body;
  };
  const decode = (raw: string): string =>
    raw.replace(/&([^;]*);|&/g, (whole, ref: string | undefined) => {
      if (ref === undefined) throw new Error(`bare '&' in ${JSON.stringify(raw.slice(0, 60))}`);
      if (ref in ENTITIES) return ENTITIES[ref]!;
      const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
      if (!m) throw new Error(`unknown entity &${ref};`);
      const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2]!, 10);
      if (!isLegal(cp)) throw new Error(`character reference to an illegal character ${whole}`);
      return String.fromCodePoint(cp);
    });
  const misc = (): void => {
    for (;;) {
      ws();
      if (src.startsWith('<!--', i)) {
        i += 4;
        if (skipUntil('-->').includes('--')) fail("'--' inside a comment");
      } else if (src.startsWith('<?', i)) {
        i += 2;
        skipUntil('?>');
      } else return;
    }
  };
  const element = (): XNode => {
    if (src[i] !== '<') fail("expected '<'");
    i++;
    const node: XNode = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      ws();
      if (src.startsWith('/>', i)) {
        i += 2;
        return node;
      }
      if (src[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('expected whitespace before an attribute');
      const attr = name();
      ws();
      if (src[i] !== '=') fail("expected '='");
      i++;
      ws();
      const quote = src[i];
      if (quote !== '"' && quote !== "'") fail('expected a quoted value');
      i++;
      const raw = skipUntil(quote!);
      if (raw.includes('<')) fail("'<' in an attribute value");
      if (attr in node.attrs) fail(`duplicate attribute ${attr}`);
      node.attrs[attr] = decode(raw);
    }
    for (;;) {
      if (i >= src.length) fail(`unclosed <${node.name}>`);
      if (src.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== node.name) fail(`</${closing}> closes <${node.name}>`);
        ws();
        if (src[i] !== '>') fail("expected '>'");
        i++;
        return node;
      }
      if (src.startsWith('<!--', i)) {
        i += 4;
        skipUntil('-->');
      } else if (src.startsWith('<![CDATA[', i)) {
        i += 9;
        node.text += skipUntil(']]>');
      } else if (src.startsWith('<?', i)) {
        i += 2;
        skipUntil('?>');
      } else if (src[i] === '<') {
        node.children.push(element());
      } else {
        const end = src.indexOf('<', i);
        const raw = src.slice(i, end < 0 ? src.length : end);
        if (raw.includes(']]>')) fail("']]>' in character data");
        node.text += decode(raw);
        i += raw.length;
      }
    }
  };
  if (src.startsWith('<?xml', i)) {
    i += 5;
    skipUntil('?>');
  }
  misc();
  const root = element();
  misc();
  if (i !== src.length) fail('content after the root element');
  return root;
}

/** Children with the given name. */
export function kids(node: XNode, name: string): XNode[] {
  return node.children.filter((c) => c.name === name);
}
