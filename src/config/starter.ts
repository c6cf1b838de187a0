/** Names that are usually meant to exist once in an install (frameworks with global state, compilers, linters). */
const SINGLETONS = ['react', 'react-dom', 'react-native', 'vue', '@angular/core', 'graphql', 'typescript', 'eslint'];

/** The singleVersion entries worth suggesting for names the members use. */
export function singletonSuggestions(names: ReadonlySet<string>): string[] {
  const out = SINGLETONS.filter((n) => names.has(n));
  if ([...names].some((n) => n.startsWith('@types/'))) out.push('@types/*');
  return out;
}

export interface StarterConfig {
  /** where the editor finds the schema: a path inside node_modules, or the package's URL */
  schema: string;
  node?: string;
  singleVersion: string[];
  /** singleVersion names left commented out, because the members need several versions of them today */
  singleVersionLater: string[];
}

const quote = (s: string) => (/^[\w./-]+$/.test(s) && !/^\d/.test(s) ? s : JSON.stringify(s));

/** A commented constrain.config.yaml for a workspace adopting constrain (docs/reference.md lists every key). */
export function renderStarterConfig(c: StarterConfig): string {
  const lines = [
    `# yaml-language-server: $schema=${c.schema}`,
    '# constrain policy: every key is optional. Keys and their meaning: docs/reference.md of constrain-pins.',
    '',
    '# the exact pins of every package that can be installed, kept by constrain generate and propose',
    'constraints: constraints/constraints.yaml',
    '',
  ];
  if (c.node) lines.push('# the Node versions every runtime dependency must support', 'engines:', `  node: ${JSON.stringify(c.node)}`, '');
  lines.push('# names that must have exactly one version in the whole install');
  if (c.singleVersion.length > 0) {
    lines.push('singleVersion:', ...c.singleVersion.map((n) => `  - ${quote(n)}`));
    for (const n of c.singleVersionLater) lines.push(`  # - ${quote(n)}    # members need several versions today`);
  } else {
    lines.push('# singleVersion:');
    for (const n of c.singleVersionLater) lines.push(`#   - ${quote(n)}    # members need several versions today`);
    if (c.singleVersionLater.length === 0) lines.push('#   - react');
  }
  lines.push(
    '',
    '# names members may require in different versions side by side',
    '# allowMultiple: []',
    '',
    '# known-bad versions: never pinned, never proposed',
    '# exclude:',
    '#   left-pad: "1.1.2"',
    '',
    '# majors you cannot take yet, with the reason and a date to look again',
    '# hold:',
    '#   chalk: { below: "5.0.0", reason: "ESM-only; members are still CommonJS", until: 2027-03-01 }',
    '',
    '# the weekly proposal (constrain propose --open-pr)',
    'propose:',
    '  minimumReleaseAge: 3 days',
    '  # labels: [dependencies]',
    '  # groups:',
    '  #   babel: ["@babel/*"]',
    '',
  );
  return lines.join('\n');
}
