import type { SourcePosition } from '../errors.js';

export const DEPENDENCY_TYPES = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;
export type DependencyType = (typeof DEPENDENCY_TYPES)[number];

export interface Located<T> {
  value: T;
  position?: SourcePosition;
}

export interface Exclusion {
  name: string;
  range: string;
  position?: SourcePosition;
}

export interface Hold {
  name: string;
  below: string;
  reason: string;
  until?: string;
  position?: SourcePosition;
}

export interface ProposeConfig {
  /** milliseconds; 0 when unset */
  minimumReleaseAge: number;
  minimumReleaseAgeText?: string;
  branch: string;
  labels: string[];
  prerelease: boolean;
  groups: Record<string, string[]>;
}

/** constrain.config.yaml with defaults applied (docs/reference.md, "Configuration"). Paths are relative to `root`. */
export interface Config {
  root: string;
  /** config file, relative to root, when one was read */
  file?: string;
  constraints: string;
  members?: Located<string[]>;
  dependencyTypes: DependencyType[];
  singleVersion: string[];
  allowMultiple: string[];
  exclude: Exclusion[];
  hold: Hold[];
  engines: { node?: string; source?: string };
  propose: ProposeConfig;
  prior?: string;
}
