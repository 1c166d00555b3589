/**
 * zod schemas of the DDF model, for when a {@link DdfDocument} arrives as data (IPC, JSON from
 * `bootbench ddf show --json`) rather than from the importer.
 *
 * Depth is bounded by the recursion itself being lazy and zod walking the value: callers should
 * bound the input size before parsing, as for any JSON.
 */
import { z } from 'zod';
import {
  ACCESS_TYPES,
  CASE_SENSES,
  COUNTED_OCCURRENCES,
  DF_FORMATS,
  PLAIN_OCCURRENCES,
  SCOPES,
  type DdfDocument,
  type DdfNode,
  type ExtensionElement,
  type ExtensionText,
} from './model.js';

const Text = z.string().max(1_000_000);

/** A vendor extension element (recursive). */
export const ExtensionElementSchema: z.ZodType<ExtensionElement> = z.lazy(() =>
  z.strictObject({
    name: z.string().min(1).max(256),
    namespace: z.string().min(1).max(2048),
    attributes: z.array(z.strictObject({ name: z.string().min(1).max(256), value: Text, namespace: z.string().max(2048).exactOptional() })).max(256),
    children: z.array(z.union([z.strictObject({ text: Text }), ExtensionElementSchema])).max(10_000),
  }),
) as z.ZodType<ExtensionElement>;

/** An occurrence, with N for the counted kinds. */
export const OccurrenceSchema = z.union([
  z.strictObject({ kind: z.enum(PLAIN_OCCURRENCES) }),
  z.strictObject({ kind: z.enum(COUNTED_OCCURRENCES), n: z.number().int().min(1).max(999_999_999) }),
]);

/** DFProperties of a node. */
export const DfPropertiesSchema = z.strictObject({
  accessTypes: z.array(z.enum(ACCESS_TYPES)).max(ACCESS_TYPES.length),
  defaultValue: Text.exactOptional(),
  description: Text.exactOptional(),
  format: z.enum(DF_FORMATS),
  occurrence: OccurrenceSchema.exactOptional(),
  scope: z.enum(SCOPES).exactOptional(),
  title: Text.exactOptional(),
  dfType: z.strictObject({ mime: z.array(z.string().max(1024)).max(64), ddfName: z.string().max(1024).exactOptional() }).exactOptional(),
  caseSense: z.enum(CASE_SENSES).exactOptional(),
  extensions: z.array(ExtensionElementSchema).max(1000),
});

/** A node description (recursive). */
export const DdfNodeSchema: z.ZodType<DdfNode> = z.lazy(() =>
  z.strictObject({
    name: z
      .string()
      .min(1)
      .max(1024)
      .refine((s) => !s.includes('/') && s === s.trim(), 'node names are trimmed and contain no "/"')
      .nullable(),
    path: z.string().max(4096).exactOptional(),
    properties: DfPropertiesSchema.exactOptional(),
    children: z.array(DdfNodeSchema).max(50_000),
    value: Text.exactOptional(),
  }),
) as z.ZodType<DdfNode>;

/** A whole DDF document. */
export const DdfDocumentSchema = z.strictObject({
  verDtd: z.string().regex(/^[0-9]+\.[0-9]+$/),
  man: z.string().max(1024).exactOptional(),
  mod: z.string().max(1024).exactOptional(),
  namespaces: z.array(z.strictObject({ prefix: z.string().min(1).max(256), uri: z.string().min(1).max(2048) })).max(64),
  extensions: z.array(ExtensionElementSchema).max(1000),
  nodes: z.array(DdfNodeSchema).min(1).max(50_000),
});

// Compile-time check that the schema's output is the model type (no drift between the two).
const _sameShape = (d: z.output<typeof DdfDocumentSchema>): DdfDocument => d;
const _sameText = (t: z.output<typeof ExtensionElementSchema>['children'][number]): ExtensionElement | ExtensionText => t;
void _sameShape;
void _sameText;
