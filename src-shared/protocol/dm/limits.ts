/**
 * Size and depth limits applied by every DM decoder.
 *
 * These guard the engine against hostile or broken peers (the fuzz tests check they hold). They
 * are ours, not OMA's; callers may pass tighter or looser values through the decoders' options.
 */
export interface DmLimits {
  /** Largest package text (Package#1/#2/#3 JSON) accepted, in UTF-16 code units. */
  readonly packageMaxChars: number;
  /** Largest MO serialization text accepted, in UTF-16 code units. */
  readonly moJsonMaxChars: number;
  /** Maximum nesting depth of any JSON value (arrays and objects). */
  readonly maxDepth: number;
  /** Maximum commands in one Package#2. */
  readonly maxCommands: number;
  /** Maximum parameters of one command (name excluded). */
  readonly maxCommandArgs: number;
  /** Maximum entries in any other array of a package (MOS, MIID, Status, URI, Alert). */
  readonly maxArrayLength: number;
  /** Maximum length of any string in a package or ClientURI. */
  readonly maxStringLength: number;
  /** Maximum nodes in one MO serialization document. */
  readonly maxNodes: number;
  /** Maximum length of one leaf value in MOData. */
  readonly maxValueLength: number;
  /** Maximum bytes of a Package#0 notification. */
  readonly package0MaxBytes: number;
}

/** Default limits (a 100k-node tree of ~10 MB must load; packages are small). */
export const DEFAULT_LIMITS: DmLimits = {
  packageMaxChars: 1 << 20,
  moJsonMaxChars: 64 << 20,
  maxDepth: 64,
  maxCommands: 1024,
  maxCommandArgs: 64,
  maxArrayLength: 4096,
  maxStringLength: 8192,
  maxNodes: 1_000_000,
  maxValueLength: 1 << 20,
  package0MaxBytes: 1024,
};
