// ESLint rule `layers/imports`: every relative import follows ARCHITECTURE.md's Layers table.
// The table itself is data, passed as this rule's options by eslint.config.js; this file is only the mechanism.
//
// A layer is a top-level folder. Each relative specifier (import, export … from, import type, import() with a
// literal, TypeScript's import('…') types) is resolved against the importing file. An import that stays in the
// importer's folder is always allowed; any other must match one of the importer's entries:
//   'engine/'          the whole folder (any subfolder path ending in '/' works too)
//   'engine/types.ts'  one file (compared without its extension, so .js/.ts and extensionless agree)
//   '*'                everything; { except: ['cli/'] } everything but those entries
// A folder the table does not list may not import outside itself until it gets a row. Bare specifiers
// (packages, node: builtins) are not checked, nor are files at the root (eslint.config.js, vitest.config.ts).
import path from 'node:path';

const EXTENSION = /\.[cm]?[jt]sx?$/;

/** Root-relative posix path of an absolute path. */
function relativeTo(root, file) {
  return path.relative(root, file).split(path.sep).join('/');
}

/** The top-level folder of a root-relative path, or undefined at the root or outside it. */
function layerOf(rel) {
  const parts = rel.split('/');
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
}

function matches(entry, rel) {
  if (entry.endsWith('/')) return rel.startsWith(entry);
  return rel.replace(EXTENSION, '') === entry.replace(EXTENSION, '');
}

function allows(policy, rel) {
  if (policy === '*') return true;
  if (Array.isArray(policy)) return policy.some((entry) => matches(entry, rel));
  return !policy.except.some((entry) => matches(entry, rel));
}

/** The allowed list in words, as ARCHITECTURE.md's table says it. */
function describePolicy(policy) {
  if (policy === '*') return 'everything';
  if (Array.isArray(policy)) return policy.length === 0 ? 'nothing' : `only ${policy.join(', ')}`;
  return `everything except ${policy.except.join(', ')}`;
}

const entries = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true };

const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: "Enforce ARCHITECTURE.md's Layers table: which top-level folder may import which" },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string', minLength: 1 },
          layers: {
            type: 'object',
            additionalProperties: {
              oneOf: [
                { enum: ['*'] },
                entries,
                {
                  type: 'object',
                  properties: { except: entries },
                  required: ['except'],
                  additionalProperties: false,
                },
              ],
            },
          },
        },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      forbidden:
        '{{from}}/ may not import {{target}} (layer {{to}}): {{from}}/ may import {{allowed}} (ARCHITECTURE.md, Layers)',
      unknownLayer:
        '{{from}}/ is not a layer in ARCHITECTURE.md, so it may not import {{target}}: add {{from}}/ to the Layers table and to eslint.config.js',
    },
  },
  create(context) {
    const { root, layers } = context.options[0];
    const importer = relativeTo(root, context.filename);
    const from = layerOf(importer);
    if (!from) return {};
    const policy = Object.hasOwn(layers, from) ? layers[from] : undefined;

    function check(node, specifier) {
      if (typeof specifier !== 'string' || !(specifier === '.' || specifier === '..' || /^\.\.?\//.test(specifier)))
        return;
      const rel = relativeTo(root, path.resolve(path.dirname(context.filename), specifier.replace(/[?#].*$/, '')));
      const to = layerOf(rel);
      if (to === from) return;
      if (policy === undefined) {
        context.report({ node, messageId: 'unknownLayer', data: { from, target: rel } });
        return;
      }
      if (allows(policy, rel)) return;
      context.report({
        node,
        messageId: 'forbidden',
        data: { from, target: rel, to: to ? `${to}/` : 'outside the layers', allowed: describePolicy(policy) },
      });
    }

    const literal = (node) =>
      node?.type === 'Literal'
        ? node.value
        : node?.type === 'TemplateLiteral' && node.expressions.length === 0
          ? node.quasis[0].value.cooked
          : undefined;

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => check(node.source, literal(node.source)),
      TSImportType: (node) => {
        const source = node.source ?? node.argument?.literal;
        if (source) check(source, literal(source));
      },
    };
  },
};

export default {
  meta: { name: 'port-conformance-layers' },
  rules: { imports: importsRule },
};
