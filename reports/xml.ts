// A minimal XML writer: elements, attributes and text, every value escaped. Mixed content is not
// needed (JUnit bodies are text-only), so an element holds either text or child elements.
import { escapeXmlAttr, escapeXmlText } from './escape.ts';

export type XmlAttrs = Record<string, string | number | boolean | undefined>;

export interface XmlElement {
  name: string;
  attrs?: XmlAttrs;
  children?: XmlElement[];
  text?: string;
}

export function el(name: string, attrs?: XmlAttrs, children?: XmlElement[] | string): XmlElement {
  return typeof children === 'string' ? { name, attrs, text: children } : { name, attrs, children };
}

function attrsText(attrs: XmlAttrs | undefined): string {
  if (!attrs) return '';
  let out = '';
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    out += ` ${key}="${escapeXmlAttr(String(value))}"`;
  }
  return out;
}

function write(node: XmlElement, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  const open = `${pad}<${node.name}${attrsText(node.attrs)}`;
  if (node.text !== undefined && node.text !== '') {
    out.push(`${open}>${escapeXmlText(node.text)}</${node.name}>`);
  } else if (node.children && node.children.length > 0) {
    out.push(`${open}>`);
    for (const child of node.children) write(child, depth + 1, out);
    out.push(`${pad}</${node.name}>`);
  } else {
    out.push(`${open}/>`);
  }
}

export function serializeXml(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(root, 0, out);
  return out.join('\n') + '\n';
}
