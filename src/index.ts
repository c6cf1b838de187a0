/** The library API: the same code the CLI runs, returning the JSON of docs/reference.md. */
export { check } from './api/check.js';
export { type ExportOptions, type ExportResult, exportPins } from './api/export.js';
export { type ForecastOptions, type ForecastResult, forecast } from './api/forecast.js';
export { type GenerateOptions, type GenerateResult, generate } from './api/generate.js';
export { type InitOptions, type InitResult, init } from './api/init.js';
export { type ProposeOptions, type ProposeResult, propose } from './api/propose.js';
export { checkContext, prefetchForCheck } from './api/session.js';
export { type WhyHop, type WhyResult, why } from './api/why.js';
export type { Finding, FindingKind, Requirement, Severity } from './check/finding.js';
export type { CheckReport, CheckSummary } from './check/run.js';
export type { PinChange } from './constraints/pin-changes.js';
export { ConstrainError, ForgeError, InputError, PackageManagerError, RegistryError } from './errors.js';
export type { CommonOptions } from './load.js';
export type { Bump, HeldBack, HeldBackReason } from './propose/plan.js';
export { FixtureRegistry, MemoryRegistry } from './registry/fixture.js';
export type { Packument, Registry, VersionInfo } from './registry/types.js';
export type { Derivation, DerivationCause, DerivationNode, DerivationTerm } from './solver/derivation.js';
