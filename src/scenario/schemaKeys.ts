/**
 * The keys a schema allows at a path into the data, for "did you mean" on an
 * unknown key (`inital:` for `initial:`): zod reports the unknown keys of a
 * strict object, but not the ones it knows. Walks the schema along the path
 * through objects, arrays, records, unions (every branch's keys), and the
 * wrappers (optional, default, pipe, lazy, …). Pure.
 * @module
 */
import { z } from "zod";
import { issue, type Issue, type PathSegment } from "./issues.js";
import { suggest } from "./suggest.js";

/** How deep the walk may go (paths are the data's, schemas are ours: a bound against a lazy cycle). */
const MAX_DEPTH = 64;

/** The schemas a path segment leads to from `s` (several through a union); with no segment, `s` unwrapped. */
function step(s: z.core.$ZodType, seg: PathSegment | undefined, depth: number): z.core.$ZodType[] {
  if (depth > MAX_DEPTH) return [];
  if (s instanceof z.ZodObject) {
    if (seg === undefined) return [s];
    const shape: Record<string, z.core.$ZodType> = s.shape;
    return typeof seg === "string" && Object.hasOwn(shape, seg) ? [shape[seg] ?? s] : [];
  }
  if (s instanceof z.ZodArray) return seg === undefined ? [s] : typeof seg === "number" ? [s.element] : [];
  if (s instanceof z.ZodRecord) return seg === undefined ? [s] : [s.valueType];
  if (s instanceof z.ZodUnion) return s.options.flatMap((o: z.core.$ZodType) => step(o, seg, depth + 1));
  if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault || s instanceof z.ZodReadonly || s instanceof z.ZodCatch) {
    return step(s.unwrap(), seg, depth + 1);
  }
  if (s instanceof z.ZodPipe) return step(s.in, seg, depth + 1);
  if (s instanceof z.ZodLazy) return step(s.unwrap(), seg, depth + 1);
  return seg === undefined ? [s] : [];
}

/** The keys the objects at `path` of data checked by `schema` may have (empty when none is an object). Pure. */
export function knownKeys(schema: z.core.$ZodType, path: readonly PathSegment[]): string[] {
  let at: z.core.$ZodType[] = [schema];
  for (const seg of path) at = at.flatMap((s) => step(s, seg, 0));
  const keys = new Set<string>();
  for (const s of at.flatMap((x) => step(x, undefined, 0))) {
    if (s instanceof z.ZodObject) for (const k of Object.keys(s.shape)) keys.add(k);
  }
  return [...keys];
}

/**
 * One issue per unknown key of the object at `path`, at the key (zod names
 * the object), with the closest key `schema` allows there suggested. Pure.
 */
export function unknownKeyIssues(schema: z.core.$ZodType, path: readonly PathSegment[], keys: readonly string[]): Issue[] {
  const known = knownKeys(schema, path);
  // A key that some other branch of a union allows at this path is no hint for itself.
  return keys.map((k) => issue("shape", [...path, k], `unknown key "${k}"${suggest(k, known.filter((x) => x !== k))}`));
}

/**
 * A zod issue of data checked by `schema` as issues with paths into the
 * file: an unknown key gets an issue of its own (see {@link unknownKeyIssues}). Pure.
 */
export function shapeIssuesOf(schema: z.core.$ZodType): (zi: z.core.$ZodIssue) => Issue[] {
  return (zi) => {
    const path = zi.path.filter((p): p is string | number => typeof p === "string" || typeof p === "number");
    return zi.code === "unrecognized_keys" ? unknownKeyIssues(schema, path, zi.keys) : [issue("shape", path, zi.message)];
  };
}
