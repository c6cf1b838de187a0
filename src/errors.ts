/** One error type per exit code (docs/reference.md, "Exit codes"). */
export interface SourcePosition {
  file: string;
  line: number;
  col: number;
}

export abstract class ConstrainError extends Error {
  abstract readonly exitCode: number;
}

/** Invalid input or usage: exit 2. The message names file:line:col when it stems from a file. */
export class InputError extends ConstrainError {
  readonly exitCode = 2;
  readonly position: SourcePosition | undefined;
  constructor(message: string, position?: SourcePosition) {
    super(position ? `${position.file}:${position.line}:${position.col}: ${message}` : message);
    this.name = 'InputError';
    this.position = position;
  }
}

/** The registry or network could not answer: exit 3. */
export class RegistryError extends ConstrainError {
  readonly exitCode = 3;
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** Git or the forge (GitHub API) failed: exit 3. */
export class ForgeError extends ConstrainError {
  readonly exitCode = 3;
  constructor(message: string) {
    super(message);
    this.name = 'ForgeError';
  }
}

/** A package manager (a lock-only install) could not complete: exit 3. */
export class PackageManagerError extends ConstrainError {
  readonly exitCode = 3;
  constructor(message: string) {
    super(message);
    this.name = 'PackageManagerError';
  }
}

/** The resolver reached its bound on work before finding an answer: exit 3, the run could not complete. */
export class ResolverLimitError extends ConstrainError {
  readonly exitCode = 3;
  constructor(message: string) {
    super(message);
    this.name = 'ResolverLimitError';
  }
}
