import { ts } from 'ts-morph';
import { propertyKey } from '../edits/object-option';
import { type FileStyle, quote } from '../style';

export interface ZodSchema {
  /** `z.object({...})`, laid out over several lines for objects. */
  code: string;
  /** Some field is `.optional()` (OpenAI structured outputs reject those). */
  hasOptional: boolean;
}

const MAX_DEPTH = 6;

/**
 * A zod schema whose inferred type is the given TypeScript type, so that `Schema.parse(value)` can
 * replace `value as T` with no other change. Undefined for what zod cannot mirror exactly: functions,
 * class instances (Date, Map), tuples, enums, recursion, a required property typed `| undefined`.
 */
export function zodSchemaFor(type: ts.Type, checker: ts.TypeChecker, location: ts.Node, z: string, style: FileStyle, indent: string): ZodSchema | undefined {
  const state = { hasOptional: false };
  const code = schemaOf(type, { checker, location, z, style, state }, indent, 0, new Set());
  return code === undefined ? undefined : { code, hasOptional: state.hasOptional };
}

interface Context {
  checker: ts.TypeChecker;
  location: ts.Node;
  z: string;
  style: FileStyle;
  state: { hasOptional: boolean };
}

function schemaOf(type: ts.Type, context: Context, indent: string, depth: number, seen: Set<ts.Type>): string | undefined {
  const { z, checker, style } = context;
  if (depth > MAX_DEPTH) return undefined;
  const flags = type.flags;
  if (flags & ts.TypeFlags.Any) return `${z}.any()`;
  if (flags & ts.TypeFlags.Unknown) return `${z}.unknown()`;
  if (flags & ts.TypeFlags.EnumLike) return undefined;
  if (flags & ts.TypeFlags.String) return `${z}.string()`;
  if (flags & ts.TypeFlags.Number) return `${z}.number()`;
  if (flags & ts.TypeFlags.Boolean) return `${z}.boolean()`;
  if (flags & ts.TypeFlags.Null) return `${z}.null()`;
  if (type.isStringLiteral()) return `${z}.literal(${quote(type.value, style)})`;
  if (type.isNumberLiteral()) return `${z}.literal(${type.value})`;
  if (flags & ts.TypeFlags.BooleanLiteral) return `${z}.literal(${checker.typeToString(type)})`;
  if (type.isUnion()) return unionSchema(type, context, indent, depth, seen);
  if (seen.has(type)) return undefined;
  if (checker.isArrayType(type)) {
    const element = checker.getTypeArguments(type as ts.TypeReference)[0];
    const inner = element && schemaOf(element, context, indent, depth + 1, new Set([...seen, type]));
    return inner === undefined ? undefined : `${z}.array(${inner})`;
  }
  if (checker.isTupleType(type)) return undefined;
  if (flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) return objectSchema(type, context, indent, depth, new Set([...seen, type]));
  return undefined;
}

function unionSchema(type: ts.UnionType, context: Context, indent: string, depth: number, seen: Set<ts.Type>): string | undefined {
  const { z, style } = context;
  let nullable = false;
  let optional = false;
  const members: ts.Type[] = [];
  for (const member of type.types) {
    if (member.flags & ts.TypeFlags.Null) nullable = true;
    else if (member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) optional = true;
    else members.push(member);
  }
  let base: string | undefined;
  const booleans = members.filter((member) => member.flags & ts.TypeFlags.BooleanLiteral);
  const rest = booleans.length === 2 ? members.filter((member) => !(member.flags & ts.TypeFlags.BooleanLiteral)) : members;
  const parts: string[] = booleans.length === 2 ? [`${z}.boolean()`] : [];
  if (rest.length > 0 && rest.every((member) => member.isStringLiteral())) {
    const values = rest.map((member) => quote((member as ts.StringLiteralType).value, style));
    parts.push(values.length === 1 ? `${z}.literal(${values[0]})` : `${z}.enum([${values.join(', ')}])`);
  } else {
    for (const member of rest) {
      const schema = schemaOf(member, context, indent, depth + 1, seen);
      if (schema === undefined) return undefined;
      parts.push(schema);
    }
  }
  if (parts.length === 0) base = optional ? `${z}.undefined()` : `${z}.null()`;
  else base = parts.length === 1 ? parts[0] : `${z}.union([${parts.join(', ')}])`;
  if (nullable && parts.length > 0) base += '.nullable()';
  if (optional && parts.length > 0) {
    base += '.optional()';
    context.state.hasOptional = true;
  }
  return base;
}

function objectSchema(type: ts.Type, context: Context, indent: string, depth: number, seen: Set<ts.Type>): string | undefined {
  const { z, checker, location, style } = context;
  if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return undefined;
  if (checker.getIndexInfoOfType(type, ts.IndexKind.Number)) return undefined;
  const properties = checker.getPropertiesOfType(type);
  const stringIndex = checker.getIndexInfoOfType(type, ts.IndexKind.String);
  if (stringIndex) {
    if (properties.length > 0) return undefined;
    const value = schemaOf(stringIndex.type, context, indent, depth + 1, seen);
    return value === undefined ? undefined : `${z}.record(${z}.string(), ${value})`;
  }
  const inner = indent + style.indentUnit;
  const lines: string[] = [];
  for (const property of properties) {
    if (property.flags & (ts.SymbolFlags.Method | ts.SymbolFlags.Accessor)) return undefined;
    const declaration = property.valueDeclaration;
    // A class's private state or a getter cannot come from JSON.
    if (declaration && (ts.isMethodDeclaration(declaration) || ts.isGetAccessorDeclaration(declaration))) return undefined;
    const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
    const propertyType = checker.getTypeOfSymbolAtLocation(property, location);
    if (propertyType.getCallSignatures().length > 0) return undefined;
    // An optional property's `| undefined` becomes `.optional()`; a required one typed `| undefined`
    // has no zod equivalent that keeps the key required.
    const undefinedable = propertyType.isUnion() && propertyType.types.some((member) => member.flags & ts.TypeFlags.Undefined);
    if (!optional && undefinedable) return undefined;
    let schema = schemaOf(propertyType, context, inner, depth + 1, seen);
    if (schema === undefined) return undefined;
    if (optional && !schema.endsWith('.optional()')) {
      schema += '.optional()';
      context.state.hasOptional = true;
    }
    lines.push(`${inner}${propertyKey(property.getName())}: ${schema},`);
  }
  if (lines.length === 0) return `${z}.object({})`;
  if (!style.trailingCommas) lines[lines.length - 1] = lines[lines.length - 1].slice(0, -1);
  return `${z}.object({${style.newline}${lines.join(style.newline)}${style.newline}${indent}})`;
}
