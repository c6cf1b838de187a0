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

/** The run could not complete: exit 3. Each cause has its class, so callers can tell them apart. */
export abstract class RunFailure extends ConstrainError {
  readonly exitCode = 3;
}

/** The registry or network could not answer. */
export class RegistryError extends RunFailure {
  override readonly name = 'RegistryError';
}

/** Git or the forge (the GitHub or GitLab API) failed. */
export class ForgeError extends RunFailure {
  override readonly name = 'ForgeError';
}

/** A package manager (a lock-only install) could not complete. */
export class PackageManagerError extends RunFailure {
  override readonly name = 'PackageManagerError';
}

/** The resolver reached its bound on work before finding an answer. */
export class ResolverLimitError extends RunFailure {
  override readonly name = 'ResolverLimitError';
}
