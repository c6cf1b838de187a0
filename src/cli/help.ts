/** Examples and exit codes shown after each command's --help (docs/reference.md has the full story). */
export const EXIT_CODES = `
Exit codes:
  0  success: no error findings
  1  error findings (check), no solution (generate, propose)
  2  invalid input or usage: the message names file:line:col; nothing is written
  3  the registry, network, git, forge or package manager failed: the run could not complete`;

export const EXAMPLES: Record<string, string> = {
  constrain: `
Examples:
  $ constrain init                          # a commented config and the first pins
  $ constrain check                         # the gate
  $ constrain check --baseline origin/main  # adopt the gate gradually: only new findings fail
  $ constrain propose --open-pr             # the weekly job: one rolling pull request
  $ constrain export --to npm --write       # make npm install the pins

Docs: README.md, docs/adopting.md, docs/reference.md`,
  init: `
Examples:
  $ constrain init                          # constrain.config.yaml with comments, then the first pins
  $ constrain init --force                  # replace a config that differs from the starter`,
  check: `
Examples:
  $ constrain check
  $ constrain check --fix                        # add missing pins, drop unused ones, sort
  $ constrain check --baseline origin/main --format github
  $ constrain check --against v2.3.0             # rolling upgrades against the prior release
  $ constrain check --lockfile package-lock.json`,
  generate: `
Examples:
  $ constrain generate                      # print what would change
  $ constrain generate --write              # keep the pins that still fit, add what edits need
  $ constrain generate --write --upgrade    # take the newest co-installable versions
  $ constrain generate --upgrade react react-dom --write`,
  why: `
Examples:
  $ constrain why react
  $ constrain why lodash --format mermaid >> "$GITHUB_STEP_SUMMARY"`,
  forecast: `
Examples:
  $ constrain forecast                      # every pin's next minor, next major and newest release
  $ constrain forecast react "@babel/*" --format markdown`,
  propose: `
Examples:
  $ constrain propose                       # what would move, and why the rest cannot
  $ constrain propose --write               # apply: constraints, exported overrides, lockfile
  $ GITHUB_TOKEN=… constrain propose --open-pr`,
  export: `
Examples:
  $ constrain export --to npm --write       # package.json overrides
  $ constrain export --to pnpm --check      # exit 1 when the overrides drift from the pins`,
};
