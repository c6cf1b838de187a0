import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Node } from 'yaml';
import { isMap, isScalar, isSeq } from 'yaml';
import { InputError } from '../errors.js';
import { nodePosition, type YamlSource } from '../util/yaml-source.js';

/** The JSON Schema of constrain.config.yaml, shipped as schema/config.schema.json (editors read the same file). */
export const CONFIG_SCHEMA_URL = new URL('../../schema/config.schema.json', import.meta.url);

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  description?: string;
  pattern?: string;
}

type AjvClass = new (o: object) => { compile(s: object): ValidateFunction };
let ajvClass: AjvClass | undefined;
let compiled: { validate: ValidateFunction; schema: SchemaNode } | undefined;

/** ajv is CommonJS: its constructor is the module itself under Node, `.default` under bundlers. */
const ajvFrom = (m: unknown): AjvClass => ((m as { default?: AjvClass }).default ?? m) as AjvClass;

/**
 * Loads the validator ahead of parsing (ajv costs ~25 ms to load, so only runs that have a config file pay it).
 * parseConfig loads it synchronously when called without this.
 */
export async function loadConfigValidator(): Promise<void> {
  ajvClass ??= ajvFrom(await import('ajv'));
}

function validator(): { validate: ValidateFunction; schema: SchemaNode } {
  if (!compiled) {
    ajvClass ??= ajvFrom(createRequire(import.meta.url)('ajv'));
    // the single-file bundle has the schema compiled in; the package reads schema/config.schema.json
    const schema = JSON.parse(process.env.CONSTRAIN_CONFIG_SCHEMA ?? readFileSync(CONFIG_SCHEMA_URL, 'utf8')) as SchemaNode;
    compiled = { validate: new ajvClass({ allErrors: false, strict: false }).compile(schema), schema };
  }
  return compiled;
}

/** The keys the schema allows at the top level and under propose, engines and hold entries (for the reference test). */
export function schemaKeys(): string[] {
  const { schema } = validator();
  const out: string[] = [];
  const walk = (node: SchemaNode | undefined, prefix: string) => {
    for (const [k, v] of Object.entries(node?.properties ?? {})) {
      out.push(`${prefix}${k}`);
      walk(v, `${prefix}${k}.`);
      if (typeof v.additionalProperties === 'object') walk(v.additionalProperties, `${prefix}${k}.NAME.`);
    }
  };
  walk(schema, '');
  return out;
}

/**
 * Validates a parsed config against the schema; the first problem becomes an InputError at its file:line:col that
 * names the key or value (and, for an unknown key, the nearest valid one).
 */
export function validateConfig(src: YamlSource): void {
  const { validate, schema } = validator();
  const data = src.doc.toJS() as unknown;
  if (validate(data)) return;
  const errors = validate.errors ?? [];
  // a failed anyOf lists each branch's error first: the anyOf itself says what was expected
  const first = errors[0];
  const error = errors.find((e) => e.keyword === 'anyOf' && e.instancePath === first?.instancePath) ?? first;
  if (error) throw describe(src, schema, error);
}

function describe(src: YamlSource, schema: SchemaNode, e: ErrorObject): InputError {
  const path = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const dotted = path.join('.');
  const node = nodeAt(src, path);
  if (e.keyword === 'additionalProperties') {
    const key = String((e.params as { additionalProperty: string }).additionalProperty);
    const keyNode = isMap(node) ? node.items.find((p) => isScalar(p.key) && String(p.key.value) === key)?.key : undefined;
    const allowed = Object.keys(schemaAt(schema, path)?.properties ?? {});
    const near = nearest(key, allowed);
    const name = dotted ? `${dotted}.${key}` : key;
    return new InputError(
      `unknown config key "${name}"${near ? ` (did you mean "${near}"?)` : ''}; expected one of ${allowed.join(', ')}`,
      nodePosition(src, keyNode ?? node),
    );
  }
  if (e.keyword === 'required') return new InputError(`${dotted} needs "${(e.params as { missingProperty: string }).missingProperty}"`, nodePosition(src, node));
  const value = isScalar(node) ? ` "${String(node.value)}"` : '';
  if (e.keyword === 'pattern' && path.at(-1) === 'until') return new InputError(`${dotted}:${value} is not a date (YYYY-MM-DD)`, nodePosition(src, node));
  if (e.keyword === 'enum') {
    const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
    return new InputError(`${dotted}:${value} is not one of ${allowed.join(', ')}`, nodePosition(src, node));
  }
  const expected = e.keyword === 'type' ? typeText((e.params as { type: string | string[] }).type) : e.keyword === 'anyOf' ? 'a string or a list of strings' : (e.message ?? 'valid');
  return new InputError(`${dotted || 'the config'}${value} must be ${expected}`, nodePosition(src, node));
}

const TYPE_TEXT: Record<string, string> = { string: 'a string', number: 'a number', boolean: 'a boolean', object: 'a mapping', array: 'a list', null: 'empty' };

function typeText(type: string | string[]): string {
  return (Array.isArray(type) ? type : String(type).split(','))
    .map((t) => TYPE_TEXT[t] ?? t)
    .join(' or ');
}

/** The YAML node at a path of keys and indexes. */
function nodeAt(src: YamlSource, path: string[]): unknown {
  let node: unknown = src.doc.contents;
  for (const seg of path) {
    if (isMap(node)) node = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg)?.value;
    else if (isSeq(node)) node = node.items[Number(seg)];
    else return node;
  }
  return node as Node | undefined;
}

/** The schema node for a path (named map entries follow additionalProperties). */
function schemaAt(schema: SchemaNode, path: string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = schema;
  for (const seg of path) {
    const next: SchemaNode | undefined = node?.properties?.[seg] ?? (typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined);
    node = next;
  }
  return node;
}

/** The allowed key closest to a typo (edit distance at most a third of its length, at least 2), if any. */
export function nearest(key: string, allowed: readonly string[]): string | undefined {
  let best: { k: string; d: number } | undefined;
  for (const k of allowed) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (!best || d < best.d) best = { k, d };
  }
  return best && best.d <= Math.max(2, Math.floor(key.length / 3)) ? best.k : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
