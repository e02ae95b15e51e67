// RFC 6901 pointers into request bodies: apply one mutation to a copy of a valid message.

export function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function childPointer(parent: string, token: string | number): string {
  return `${parent}/${escapeToken(String(token))}`;
}

export function valueAt(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const t of tokens(pointer)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[t];
  }
  return node;
}

/**
 * A copy of `doc` with the value at `pointer` replaced (or removed). The parent must exist: a
 * mutation only ever touches a field of an otherwise valid message.
 */
export function withValueAt(doc: unknown, pointer: string, change: { remove: true } | { value: unknown }): unknown {
  const path = tokens(pointer);
  if (path.length === 0) return 'remove' in change ? undefined : structuredClone(change.value);
  const copy = structuredClone(doc);
  let node: unknown = copy;
  for (const t of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) throw new Error(`no parent for ${pointer}`);
    node = (node as Record<string, unknown>)[t];
  }
  if (typeof node !== 'object' || node === null) throw new Error(`no parent for ${pointer}`);
  const last = path[path.length - 1]!;
  if ('remove' in change) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete (node as Record<string, unknown>)[last];
  } else {
    (node as Record<string, unknown>)[last] = structuredClone(change.value);
  }
  return copy;
}
