import { ts } from 'ts-morph';
import { aliasedSymbol } from '../../ast';
import { propertyKey } from '../edits/object-option';
import { type FileStyle, quote } from '../style';

export interface ZodSchema {
  /** `z.object({...})`, laid out over several lines for objects. */
  code: string;
  /** Some field is `.optional()` (OpenAI structured outputs reject those). */
  hasOptional: boolean;
}

const MAX_DEPTH = 8;

/**
 * A zod schema mirroring a written TypeScript type (`Plan`, `{ title: string }[]`), so that
 * `Schema.parse(value)` can replace `value as Plan` and the parsed value has the same shape.
 *
 * It reads the type's syntax and follows references to the workspace's own interfaces and type
 * aliases: what the code wrote (`string[]`, `Record<string, number>`) is what zod must mirror, and
 * the declarations say it exactly where the checker's types would be expanded. Undefined for what
 * zod cannot mirror exactly: methods, classes, generics, tuples, enums, recursion, a required
 * property typed `| undefined`, types from packages.
 */
export function zodSchemaFor(
  type: ts.TypeNode,
  checker: ts.TypeChecker,
  z: string,
  style: FileStyle,
  indent: string,
): ZodSchema | undefined {
  const state = { hasOptional: false };
  const code = schemaOf(type, { checker, z, style, state }, indent, 0, new Set());
  return code === undefined ? undefined : { code, hasOptional: state.hasOptional };
}

interface Context {
  checker: ts.TypeChecker;
  z: string;
  style: FileStyle;
  state: { hasOptional: boolean };
}

function schemaOf(
  node: ts.TypeNode,
  context: Context,
  indent: string,
  depth: number,
  seen: Set<ts.Node>,
): string | undefined {
  const { z, style } = context;
  if (depth > MAX_DEPTH) return undefined;
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return `${z}.string()`;
    case ts.SyntaxKind.NumberKeyword:
      return `${z}.number()`;
    case ts.SyntaxKind.BooleanKeyword:
      return `${z}.boolean()`;
    case ts.SyntaxKind.AnyKeyword:
      return `${z}.any()`;
    case ts.SyntaxKind.UnknownKeyword:
      return `${z}.unknown()`;
    default:
      break;
  }
  if (ts.isParenthesizedTypeNode(node)) return schemaOf(node.type, context, indent, depth, seen);
  if (ts.isLiteralTypeNode(node)) {
    const literal = node.literal;
    if (ts.isStringLiteral(literal)) return `${z}.literal(${quote(literal.text, style)})`;
    if (ts.isNumericLiteral(literal)) return `${z}.literal(${literal.text})`;
    if (literal.kind === ts.SyntaxKind.TrueKeyword) return `${z}.literal(true)`;
    if (literal.kind === ts.SyntaxKind.FalseKeyword) return `${z}.literal(false)`;
    if (literal.kind === ts.SyntaxKind.NullKeyword) return `${z}.null()`;
    return undefined;
  }
  if (ts.isUnionTypeNode(node)) return unionSchema(node, context, indent, depth, seen);
  if (ts.isArrayTypeNode(node)) {
    const element = schemaOf(node.elementType, context, indent, depth + 1, seen);
    return element === undefined ? undefined : `${z}.array(${element})`;
  }
  if (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword && ts.isArrayTypeNode(node.type)) {
    return schemaOf(node.type, context, indent, depth, seen);
  }
  if (ts.isTypeLiteralNode(node)) return objectSchema(node.members, context, indent, depth, seen);
  if (ts.isTypeReferenceNode(node)) return referenceSchema(node, context, indent, depth, seen);
  return undefined;
}

function referenceSchema(
  node: ts.TypeReferenceNode,
  context: Context,
  indent: string,
  depth: number,
  seen: Set<ts.Node>,
): string | undefined {
  const { z, checker } = context;
  const name = ts.isIdentifier(node.typeName) ? node.typeName.text : undefined;
  const args = node.typeArguments ?? [];
  const symbol = aliasedSymbol(node.typeName, checker);
  const declaration = symbol?.declarations?.[0];
  const fromLib = !declaration || declaration.getSourceFile().isDeclarationFile;
  if (fromLib && (name === 'Array' || name === 'ReadonlyArray') && args.length === 1) {
    const element = schemaOf(args[0], context, indent, depth + 1, seen);
    return element === undefined ? undefined : `${z}.array(${element})`;
  }
  if (fromLib && name === 'Record' && args.length === 2 && args[0].kind === ts.SyntaxKind.StringKeyword) {
    const value = schemaOf(args[1], context, indent, depth + 1, seen);
    return value === undefined ? undefined : `${z}.record(${z}.string(), ${value})`;
  }
  if (!declaration || fromLib || args.length > 0 || seen.has(declaration)) return undefined;
  const inner = new Set([...seen, declaration]);
  if (ts.isInterfaceDeclaration(declaration)) {
    if (
      declaration.typeParameters?.length ||
      declaration.heritageClauses?.length ||
      (symbol?.declarations?.length ?? 0) > 1
    )
      return undefined;
    return objectSchema(declaration.members, context, indent, depth, inner);
  }
  if (ts.isTypeAliasDeclaration(declaration)) {
    if (declaration.typeParameters?.length) return undefined;
    return schemaOf(declaration.type, context, indent, depth + 1, inner);
  }
  return undefined;
}

function unionSchema(
  node: ts.UnionTypeNode,
  context: Context,
  indent: string,
  depth: number,
  seen: Set<ts.Node>,
): string | undefined {
  const { z, style } = context;
  let nullable = false;
  let optional = false;
  const members: ts.TypeNode[] = [];
  for (const member of node.types) {
    if (ts.isLiteralTypeNode(member) && member.literal.kind === ts.SyntaxKind.NullKeyword) nullable = true;
    else if (member.kind === ts.SyntaxKind.UndefinedKeyword || member.kind === ts.SyntaxKind.VoidKeyword)
      optional = true;
    else members.push(member);
  }
  if (members.length === 0) return undefined;
  let base: string;
  const strings = members.map(stringLiteralOf).filter((value): value is string => value !== undefined);
  if (strings.length === members.length && strings.length > 1) {
    base = `${z}.enum([${strings.map((value) => quote(value, style)).join(', ')}])`;
  } else {
    const parts: string[] = [];
    for (const member of members) {
      const schema = schemaOf(member, context, indent, depth + 1, seen);
      if (schema === undefined) return undefined;
      parts.push(schema);
    }
    base = parts.length === 1 ? parts[0] : `${z}.union([${parts.join(', ')}])`;
  }
  if (nullable) base += '.nullable()';
  if (optional) {
    base += '.optional()';
    context.state.hasOptional = true;
  }
  return base;
}

function stringLiteralOf(node: ts.TypeNode): string | undefined {
  return ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal) ? node.literal.text : undefined;
}

function objectSchema(
  members: ts.NodeArray<ts.TypeElement>,
  context: Context,
  indent: string,
  depth: number,
  seen: Set<ts.Node>,
): string | undefined {
  const { z, style } = context;
  if (members.length === 1 && ts.isIndexSignatureDeclaration(members[0])) {
    const signature = members[0];
    const key = signature.parameters[0]?.type;
    if (!key || key.kind !== ts.SyntaxKind.StringKeyword) return undefined;
    const value = schemaOf(signature.type, context, indent, depth + 1, seen);
    return value === undefined ? undefined : `${z}.record(${z}.string(), ${value})`;
  }
  const inner = indent + style.indentUnit;
  const lines: string[] = [];
  for (const member of members) {
    if (!ts.isPropertySignature(member) || !member.name) return undefined;
    if (!ts.isIdentifier(member.name) && !ts.isStringLiteral(member.name)) return undefined;
    const optional = member.questionToken !== undefined;
    if (!member.type) return undefined;
    // A required key typed `| undefined` has no zod equivalent that keeps the key required.
    if (
      !optional &&
      ts.isUnionTypeNode(member.type) &&
      member.type.types.some((type) => type.kind === ts.SyntaxKind.UndefinedKeyword)
    )
      return undefined;
    let schema = schemaOf(member.type, context, inner, depth + 1, seen);
    if (schema === undefined) return undefined;
    if (optional && !schema.endsWith('.optional()')) {
      schema += '.optional()';
      context.state.hasOptional = true;
    }
    lines.push(`${inner}${propertyKey(member.name.text)}: ${schema},`);
  }
  if (lines.length === 0) return `${z}.object({})`;
  if (!style.trailingCommas) lines[lines.length - 1] = lines[lines.length - 1].slice(0, -1);
  return `${z}.object({${style.newline}${lines.join(style.newline)}${style.newline}${indent}})`;
}
