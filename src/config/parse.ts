import semver from 'semver';
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { InputError } from '../errors.js';
import { nodePosition, parseYaml, type YamlSource } from '../util/yaml-source.js';
import { parseDuration } from './duration.js';
import { defaultConfig } from './load.js';
import { validateConfig } from './schema.js';
import { type Config, DEPENDENCY_TYPES, type DependencyType, type Exclusion, type Hold } from './types.js';

/**
 * Parses constrain.config.yaml. Its shape is checked against schema/config.schema.json (the file editors read, so
 * the two cannot drift); what a schema cannot say (valid semver ranges, dates, durations) is checked here.
 */
export function parseConfig(root: string, file: string, text: string): Config {
  const src = parseYaml(file, text);
  validateConfig(src);
  const config = defaultConfig(root);
  config.file = file;
  const contents = src.doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return config;
  const map = expectMap(src, contents, 'the config');
  for (const pair of map.items) {
    const key = keyOf(src, pair);
    const value = pair.value as Node | null;
    switch (key) {
      case 'constraints':
        config.constraints = expectString(src, value, key);
        break;
      case 'members':
        config.members = { value: expectStrings(src, value, key), position: nodePosition(src, value) };
        break;
      case 'dependencyTypes': {
        const types = expectStrings(src, value, key);
        const items = isSeq(value) ? value.items : [];
        types.forEach((t, i) => {
          if (!(DEPENDENCY_TYPES as readonly string[]).includes(t))
            throw new InputError(`unknown dependency type "${t}" (expected one of ${DEPENDENCY_TYPES.join(', ')})`, nodePosition(src, items[i]));
        });
        config.dependencyTypes = types as DependencyType[];
        break;
      }
      case 'singleVersion':
        config.singleVersion = expectStrings(src, value, key);
        break;
      case 'allowMultiple':
        config.allowMultiple = expectStrings(src, value, key);
        break;
      case 'exclude':
        config.exclude = parseExclude(src, value);
        break;
      case 'hold':
        config.hold = parseHold(src, value);
        break;
      case 'engines': {
        const m = expectMap(src, value, 'engines');
        for (const p of m.items) {
          const k = keyOf(src, p);
          if (k !== 'node') throw new InputError(`unknown key "engines.${k}" (expected node)`, nodePosition(src, p.key));
          const range = expectString(src, p.value as Node, 'engines.node');
          if (!semver.validRange(range)) throw new InputError(`engines.node "${range}" is not a semver range`, nodePosition(src, p.value));
          config.engines = { node: range, source: file };
        }
        break;
      }
      case 'propose':
        parsePropose(src, value, config);
        break;
      case 'prior':
        config.prior = expectString(src, value, key);
        break;
      default:
        throw new InputError(`unknown config key "${key}"`, nodePosition(src, pair.key));
    }
  }
  return config;
}

function parseExclude(src: YamlSource, value: Node | null): Exclusion[] {
  const m = expectMap(src, value, 'exclude');
  return m.items.map((p) => {
    const name = keyOf(src, p);
    const range = expectString(src, p.value as Node, `exclude.${name}`);
    if (!semver.validRange(range)) throw new InputError(`exclude.${name}: "${range}" is not a version or range`, nodePosition(src, p.value));
    return { name, range, position: nodePosition(src, p.key) };
  });
}

function parseHold(src: YamlSource, value: Node | null): Hold[] {
  const m = expectMap(src, value, 'hold');
  return m.items.map((p) => {
    const name = keyOf(src, p);
    const body = expectMap(src, p.value as Node, `hold.${name}`);
    const hold: Hold = { name, below: '', reason: '', position: nodePosition(src, p.key) };
    for (const q of body.items) {
      const k = keyOf(src, q);
      const v = expectString(src, q.value as Node, `hold.${name}.${k}`);
      if (k === 'below') {
        if (!semver.valid(v)) throw new InputError(`hold.${name}.below: "${v}" is not an exact version`, nodePosition(src, q.value));
        hold.below = v;
      } else if (k === 'reason') hold.reason = v;
      else {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v)))
          throw new InputError(`hold.${name}.until: "${v}" is not a date (YYYY-MM-DD)`, nodePosition(src, q.value));
        hold.until = v;
      }
    }
    if (!hold.below) throw new InputError(`hold.${name} needs "below"`, nodePosition(src, p.key));
    return hold;
  });
}

function parsePropose(src: YamlSource, value: Node | null, config: Config): void {
  const m = expectMap(src, value, 'propose');
  for (const p of m.items) {
    const k = keyOf(src, p);
    const v = p.value as Node | null;
    switch (k) {
      case 'minimumReleaseAge': {
        const text = expectString(src, v, 'propose.minimumReleaseAge');
        const ms = parseDuration(text);
        if (ms === undefined) throw new InputError(`propose.minimumReleaseAge: "${text}" is not a duration such as 3d or 12h`, nodePosition(src, v));
        config.propose.minimumReleaseAge = ms;
        config.propose.minimumReleaseAgeText = text;
        break;
      }
      case 'branch':
        config.propose.branch = expectString(src, v, 'propose.branch');
        break;
      case 'labels':
        config.propose.labels = expectStrings(src, v, 'propose.labels');
        break;
      case 'prerelease':
        if (!isScalar(v) || typeof v.value !== 'boolean') throw new InputError('propose.prerelease must be true or false', nodePosition(src, v));
        config.propose.prerelease = v.value;
        break;
      case 'groups': {
        const g = expectMap(src, v, 'propose.groups');
        for (const q of g.items) config.propose.groups[keyOf(src, q)] = expectStrings(src, q.value as Node, 'propose.groups');
        break;
      }
      default:
        throw new InputError(`unknown config key "propose.${k}"`, nodePosition(src, p.key));
    }
  }
}

function keyOf(src: YamlSource, pair: Pair): string {
  const k = pair.key;
  if (isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number')) return String(k.value);
  throw new InputError('expected a plain key', nodePosition(src, k));
}

function expectMap(src: YamlSource, node: unknown, what: string): YAMLMap {
  if (node === null || (isScalar(node) && node.value === null)) return { items: [] } as unknown as YAMLMap;
  if (!isMap(node)) throw new InputError(`${what} must be a mapping`, nodePosition(src, node));
  return node;
}

function expectString(src: YamlSource, node: unknown, what: string): string {
  if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
    return typeof node.value === 'string' ? node.value : String(node.source ?? node.value);
  }
  throw new InputError(`${what} must be a string`, nodePosition(src, node));
}

function expectStrings(src: YamlSource, node: unknown, what: string): string[] {
  if (isScalar(node) && typeof node.value === 'string') return [node.value];
  if (!isSeq(node)) throw new InputError(`${what} must be a list of strings`, nodePosition(src, node));
  return node.items.map((item) => expectString(src, item, what));
}
