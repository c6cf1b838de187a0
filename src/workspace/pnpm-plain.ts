/**
 * pnpm-workspace.yaml in its plainest shape, read line by line: a `packages:` key and its list of globs, one
 * `- glob` a line (plain, or quoted without escapes), comments and blank lines anywhere, nothing else. A warm check
 * of a pnpm family otherwise loads the YAML parser for this file alone (about 70 ms). Returns undefined for
 * anything else, and the caller parses the text as YAML, which gives the same result or the precise error.
 */
export function parsePlainPnpmWorkspace(text: string): { packages: string[]; line: number; col: number } | undefined {
  const packages: string[] = [];
  let key = false;
  let at: { line: number; col: number } | undefined;
  let indent: number | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (BLANK_OR_COMMENT.test(line)) continue;
    if (!key) {
      if (!KEY.test(line)) return undefined;
      key = true;
      continue;
    }
    const m = ITEM.exec(line);
    if (!m) return undefined;
    const [, lead, value] = m;
    if (indent !== undefined && lead!.length !== indent) return undefined;
    indent = lead!.length;
    const glob = scalar(value!);
    if (glob === undefined) return undefined;
    packages.push(glob);
    at ??= { line: i + 1, col: indent + 1 };
  }
  return key && at ? { packages, ...at } : undefined;
}

const BLANK_OR_COMMENT = /^\s*(#.*)?$/;
const KEY = /^packages:\s*(#.*)?$/;
const ITEM = /^( *)- +(\S.*?)\s*$/;

/** A list item's text as YAML reads it, when that is plain: quoted without escapes, or a plain path-like word. */
function scalar(value: string): string | undefined {
  const q = /^'([^']*)'$/.exec(value) ?? /^"([^"\\]*)"$/.exec(value);
  if (q) return q[1];
  return PLAIN.test(value) && !RESERVED.test(value) ? value : undefined;
}

// a plain scalar YAML reads as this same string: no indicator first (`!`, `*`, `&`, quotes...), no digit first (a
// number), no spaces, comments or `: `
const PLAIN = /^[A-Za-z_/][\w./*@+-]*$/;
const RESERVED = /^(true|false|null)$/i;
