// The keys a config object may hold at a path, read from the zod schema itself, so suggestions
// for misspelt keys never drift from what validation accepts.
import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: readonly z.ZodType[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Every object schema that `path` may lead to (all branches of a union). */
function objectsAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return objectsAt(def.innerType!, path);
    case 'pipe':
      return [...objectsAt(def.in!, path), ...objectsAt(def.out!, path)];
    case 'union':
      return def.options!.flatMap((option) => objectsAt(option, path));
    case 'array':
      return typeof path[0] === 'number' ? objectsAt(def.element!, path.slice(1)) : [];
    case 'record':
      return path.length > 0 ? objectsAt(def.valueType!, path.slice(1)) : [];
    case 'object': {
      if (path.length === 0) return [schema];
      const child = typeof path[0] === 'string' ? def.shape![path[0]] : undefined;
      return child === undefined ? [] : objectsAt(child, path.slice(1));
    }
    default:
      return [];
  }
}

/**
 * The keys allowed at `path` for the object `input`. Where a union offers several object forms,
 * the one that accepts most of the keys `input` already has wins (for a discriminated union: the
 * branch its `type` names).
 */
export function knownKeys(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): string[] {
  const shapes = objectsAt(schema, path).map((object) => defOf(object).shape!);
  const given = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  let best: Record<string, z.ZodType> | undefined;
  let bestScore = -1;
  for (const shape of shapes) {
    const score = Object.entries(given).filter(([key, value]) => shape[key]?.safeParse(value).success === true).length;
    if (score > bestScore) {
      best = shape;
      bestScore = score;
    }
  }
  return best === undefined ? [] : Object.keys(best);
}
