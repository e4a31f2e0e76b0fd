import { ts } from 'ts-morph';
import {
  assignmentsIn,
  declarationOf,
  propertyName,
  returnedExpressions,
  thisAssignments,
  unwrapExpression,
} from './ast';
import {
  boundBodies,
  destructuredFrom,
  destructuredSource,
  type MemberReading,
  type MethodsNamed,
  memberValues,
} from './object-members';

/** The text an unknown part of a URL stands as: `${base}/chat/completions` → `*\/chat/completions`. */
export const UNKNOWN = '*';

/**
 * Levels of expressions, variables and returns: a URL built by a helper that calls a helper, read
 * through a transport's parameter and the branches of a `let`.
 */
const MAX_DEPTH = 12;
/** Enough for a URL chosen in a few branches; more combinations say nothing more about it. */
const MAX_VALUES = 16;

/**
 * The texts a URL expression can take, with `*` for the parts that cannot be known statically:
 * literals, template literals, `+` concatenation, `new URL(path, base)`, `String(url)`,
 * `url.toString()`, constants and variables (every value assigned to a `let` in its scope), class
 * fields (initialiser and every `this.x = ...`), object properties, imported constants, what a
 * workspace function or getter returns (`this.endpoint()`, `this.chatUrl`), and the segments a
 * join helper joins (`urlJoin(base, 'chat/completions')`). `bindings` gives parameters the
 * arguments of a call (a fetch shim's URL read with its caller's argument). With the workspace's
 * methods by name (`UrlReader`), a method call reads every override that may run.
 */
export function urlValues(
  expression: ts.Expression | undefined,
  reader: ts.TypeChecker | UrlReader,
  bindings?: ReadonlyMap<ts.ParameterDeclaration, ts.Expression>,
): string[] {
  return [...new Set(valuesOf(expression, newResolution(reader, bindings), 0))];
}

/** The checker, and the workspace's class methods by name where the caller has the name index. */
export interface UrlReader {
  checker: ts.TypeChecker;
  methodsNamed?: MethodsNamed;
}

/**
 * The texts member `name` of an object can take: a transport's `options.url` read from what its
 * caller passes (`{ url, method: 'POST', body }`, `{ ...endpoint(path), body }`).
 */
export function memberUrlValues(
  object: ts.Expression,
  name: string,
  reader: ts.TypeChecker | UrlReader,
  bindings?: ReadonlyMap<ts.ParameterDeclaration, ts.Expression>,
): string[] {
  const resolution = newResolution(reader, bindings);
  return [...new Set(readMember(object, name, resolution, (child) => valuesOf(child, resolution, 1)))];
}

/**
 * Parameters of the functions whose returns are being read are bound to the call's arguments
 * (`bindings`); expressions read so far count against `MAX_STEPS`, so a URL built through many
 * branches stops there.
 */
interface Resolution extends MemberReading {
  /** The expressions being read on the way to this one: one met again is a cycle. */
  seen: Set<ts.Node>;
}

function newResolution(
  reader: ts.TypeChecker | UrlReader,
  bindings: ReadonlyMap<ts.ParameterDeclaration, ts.Expression> | undefined,
): Resolution {
  const { checker, methodsNamed } = 'checker' in reader ? reader : { checker: reader, methodsNamed: undefined };
  return { checker, methodsNamed, bindings: new Map(bindings), seen: new Set(), steps: { count: 0, max: MAX_STEPS } };
}

/** Enough for a URL built through helpers in a few branches; what is left is unknown. */
const MAX_STEPS = 2_000;

/** How many local variables and sub-expressions a URL's dependency on a parameter is followed through. */
const MAX_TRACE = 12;

/** A parameter a URL comes from: the parameter itself, or a member of it (`options.url`). */
export interface UrlSource {
  parameter: ts.ParameterDeclaration;
  /** `options.url`, `const { url } = options`, `({ url }) => ...`: the member that holds the URL. */
  member?: string;
}

/**
 * The parameters a URL is derived from, when it is built from some of the enclosing functions'
 * parameters inside the function: the parameter itself (a fetch shim's `url`), a member of an
 * options parameter (`config.url`, `const { url } = config`), or a local value computed from it
 * (`const target = withProxy(url)`, `new URL(url)`, `${url}?alt=sse`, `url + query`, a `let` set
 * from it). `member` starts the search at a member of `expression` (a caller that hands its own
 * options on: `send({ ...options, signal })`). Module-level values and fields are not followed.
 */
export function urlParameters(
  expression: ts.Expression | undefined,
  checker: ts.TypeChecker,
  member?: string,
): UrlSource[] {
  const found: UrlSource[] = [];
  const seen = new Set<ts.Node>();
  const add = (parameter: ts.ParameterDeclaration, name: string | undefined): void => {
    if (!found.some((source) => source.parameter === parameter && source.member === name))
      found.push({ parameter, member: name });
  };
  const visit = (child: ts.Expression | undefined, name?: string): void => {
    if (!child || seen.has(child) || seen.size > MAX_TRACE) return;
    seen.add(child);
    const node = stripConversions(unwrapExpression(child));
    if (name !== undefined) {
      visitMember(node, name);
      return;
    }
    if (ts.isIdentifier(node)) {
      const declaration = declarationOf(node, checker);
      if (!declaration) return;
      if (ts.isParameter(declaration)) {
        add(declaration, undefined);
        return;
      }
      if (ts.isBindingElement(declaration)) {
        const from = destructuredFrom(declaration);
        if (from?.parameter) add(from.parameter, from.name);
        else if (from?.initializer) visit(from.initializer, from.name);
        return;
      }
      if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return;
      const scope = scopeOf(declaration);
      if (ts.isSourceFile(scope)) return;
      visit(declaration.initializer);
      const list = declaration.parent;
      if (ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) === 0) {
        for (const assigned of assignmentsTo(scope, (left) => ts.isIdentifier(left) && left.text === node.text))
          visit(assigned);
      }
      return;
    }
    if (ts.isPropertyAccessExpression(node)) {
      visit(node.expression, node.name.text);
      return;
    }
    if (ts.isTemplateExpression(node)) {
      for (const span of node.templateSpans) visit(span.expression);
      return;
    }
    if (ts.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      if (
        operator === ts.SyntaxKind.PlusToken ||
        operator === ts.SyntaxKind.QuestionQuestionToken ||
        operator === ts.SyntaxKind.BarBarToken
      ) {
        visit(node.left);
        visit(node.right);
      }
      return;
    }
    if (ts.isConditionalExpression(node)) {
      visit(node.whenTrue);
      visit(node.whenFalse);
      return;
    }
    // `new URL(url)`, `withProxy(url)`, `url.replace(...)`: a value made from its inputs.
    if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
      const callee = unwrapExpression(node.expression);
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(callee)) visit(callee.expression);
      for (const argument of node.arguments ?? []) visit(argument);
    }
  };
  // Member `name` of `node`: a parameter's (`config.url`), a literal's (`{ url }`, `{ ...options }`),
  // a local's that holds one of these.
  const visitMember = (node: ts.Expression, name: string): void => {
    if (ts.isObjectLiteralExpression(node)) {
      for (const property of node.properties) {
        if (ts.isSpreadAssignment(property)) visit(property.expression, name);
        else if (propertyName(property.name) === name) {
          if (ts.isPropertyAssignment(property)) visit(property.initializer);
          else if (ts.isShorthandPropertyAssignment(property)) visit(property.name);
        }
      }
      return;
    }
    // `endpoint(path).url`, `const { url } = endpoint(path)`: made from the call's inputs.
    if (!ts.isIdentifier(node)) {
      visit(node);
      return;
    }
    const declaration = declarationOf(node, checker);
    if (declaration && ts.isParameter(declaration)) add(declaration, name);
    else if (declaration && ts.isVariableDeclaration(declaration) && !ts.isSourceFile(scopeOf(declaration)))
      visit(declaration.initializer, name);
  };
  visit(expression, member);
  return found;
}

function valuesOf(expression: ts.Expression | undefined, resolution: Resolution, depth: number): string[] {
  if (!expression || depth > MAX_DEPTH || resolution.seen.has(expression)) return [UNKNOWN];
  if (++resolution.steps.count > MAX_STEPS) return [UNKNOWN];
  // Only what is being read on the way here counts as a cycle: a helper's return read again for
  // another call's arguments (`this.path(a)` in one branch, `this.path(b)` in the other) is not one.
  resolution.seen.add(expression);
  try {
    return readValues(expression, resolution, depth);
  } finally {
    resolution.seen.delete(expression);
  }
}

function readValues(expression: ts.Expression, resolution: Resolution, depth: number): string[] {
  const node = stripConversions(unwrapExpression(expression));
  const next = (child: ts.Expression | undefined): string[] => valuesOf(child, resolution, depth + 1);
  if (ts.isStringLiteralLike(node)) return [node.text];
  if (ts.isTemplateExpression(node)) {
    let texts = [node.head.text];
    for (const span of node.templateSpans) texts = combine(texts, next(span.expression), [span.literal.text]);
    return texts;
  }
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.PlusToken) return combine(next(node.left), next(node.right));
    if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken)
      return limit([...next(node.left), ...next(node.right)]);
    return [UNKNOWN];
  }
  if (ts.isConditionalExpression(node)) return limit([...next(node.whenTrue), ...next(node.whenFalse)]);
  if (ts.isNewExpression(node) && isUrlConstructor(node.expression)) {
    const [path, base] = node.arguments ?? [];
    if (!base) return next(path);
    return joinUrl(next(base), next(path));
  }
  if (ts.isIdentifier(node)) return limit(identifierValues(node, resolution, next));
  if (ts.isPropertyAccessExpression(node)) return limit(propertyValues(node, resolution, next));
  if (ts.isCallExpression(node)) {
    const ends = trimmedEnds(node);
    const receiver = unwrapExpression(node.expression);
    if (ends && ts.isPropertyAccessExpression(receiver))
      // The same value, trimmed: no level deeper.
      return valuesOf(receiver.expression, resolution, depth).map((value) =>
        value === UNKNOWN ? value : trim(value, ends),
      );
    const segments = joinedSegments(node);
    if (segments) return segments.reduce<string[]>((joined, segment) => joinSegment(joined, next(segment)), ['']);
    return limit(returnedValues(node, resolution, next));
  }
  return [UNKNOWN];
}

/** `String(x)`, `x.toString()`, `x.href`: the same URL. */
function stripConversions(node: ts.Expression): ts.Expression {
  if (ts.isCallExpression(node)) {
    const callee = unwrapExpression(node.expression);
    if (ts.isIdentifier(callee) && callee.text === 'String' && node.arguments[0])
      return stripConversions(unwrapExpression(node.arguments[0]));
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'toString' && node.arguments.length === 0)
      return stripConversions(unwrapExpression(callee.expression));
  }
  if (ts.isPropertyAccessExpression(node) && node.name.text === 'href')
    return stripConversions(unwrapExpression(node.expression));
  return node;
}

/**
 * `x.trim()`, `x.replace(/^\/+/, '')`, `x.replace(/\/+$/, '')`: a URL with slashes or spaces
 * trimmed off an end, which ends (`start`, `end`); undefined for any other call.
 */
function trimmedEnds(call: ts.CallExpression): { start: boolean; end: boolean } | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  if (method === 'trim' || method === 'trimStart' || method === 'trimEnd')
    return call.arguments.length === 0 ? { start: method !== 'trimEnd', end: method !== 'trimStart' } : undefined;
  if (method !== 'replace' && method !== 'replaceAll') return undefined;
  const [pattern, replacement] = call.arguments;
  if (!pattern || !replacement || !ts.isRegularExpressionLiteral(pattern)) return undefined;
  if (!ts.isStringLiteralLike(replacement) || replacement.text !== '') return undefined;
  const source = /^\/(.*)\/[a-z]*$/.exec(pattern.text)?.[1] ?? '';
  if (!/^[\^$\\/s+*|()?]+$/.test(source)) return undefined;
  return { start: source.includes('^'), end: source.includes('$') };
}

function trim(value: string, ends: { start: boolean; end: boolean }): string {
  let text = value;
  if (ends.start) text = text.replace(/^[\s/]+/, '');
  if (ends.end) text = text.replace(/[\s/]+$/, '');
  return text;
}

function isUrlConstructor(expression: ts.Expression): boolean {
  const callee = unwrapExpression(expression);
  return ts.isIdentifier(callee) && callee.text === 'URL';
}

function identifierValues(
  node: ts.Identifier,
  resolution: Resolution,
  next: (child: ts.Expression | undefined) => string[],
): string[] {
  const declaration = declarationOf(node, resolution.checker);
  if (!declaration) return [UNKNOWN];
  if (ts.isParameter(declaration)) {
    const bound = resolution.bindings.get(declaration);
    return bound ? next(bound) : declaration.initializer ? [...next(declaration.initializer), UNKNOWN] : [UNKNOWN];
  }
  if (ts.isVariableDeclaration(declaration)) {
    const values = declaration.initializer ? next(declaration.initializer) : [];
    const list = declaration.parent;
    const isConst = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
    if (!isConst && ts.isIdentifier(declaration.name)) {
      const scope = scopeOf(declaration);
      for (const assigned of assignmentsTo(scope, (left) => ts.isIdentifier(left) && left.text === node.text))
        values.push(...next(assigned));
    }
    return values.length > 0 ? values : [UNKNOWN];
  }
  if (ts.isPropertyAssignment(declaration)) return next(declaration.initializer);
  if (ts.isBindingElement(declaration)) return destructuredValues(declaration, resolution, next);
  return [UNKNOWN];
}

/** `const { url } = endpoint(path)`, `({ url }) => ...`: the member it reads, or its default. */
function destructuredValues(
  element: ts.BindingElement,
  resolution: Resolution,
  next: (child: ts.Expression | undefined) => string[],
): string[] {
  const { source, name } = destructuredSource(element, resolution.bindings);
  const values = source && name ? readMember(source, name, resolution, next) : [UNKNOWN];
  return element.initializer ? [...values, ...next(element.initializer)] : values;
}

/** The values of an object's member, unknown where an object it may come from cannot be read. */
function readMember(
  object: ts.Expression,
  name: string,
  resolution: Resolution,
  next: (child: ts.Expression | undefined) => string[],
): string[] {
  const member = memberValues(object, name, resolution);
  const values = member.values.flatMap((value) => next(value));
  return member.unknown || values.length === 0 ? [...values, UNKNOWN] : values;
}

function propertyValues(
  node: ts.PropertyAccessExpression,
  resolution: Resolution,
  next: (child: ts.Expression | undefined) => string[],
): string[] {
  // `dispatch.request.url`: the member of the objects the receiver holds, read with the arguments
  // of the calls that built them (its declaration alone is one object's, with no arguments bound).
  const member = memberValues(node.expression, node.name.text, resolution);
  if (member.values.length > 0 && !member.unknown) return member.values.flatMap((value) => next(value));
  const declaration = declarationOf(node.name, resolution.checker);
  // Typed by an interface: what is known of the objects the receiver holds.
  if (!declaration || ts.isPropertySignature(declaration)) {
    const values = member.values.flatMap((value) => next(value));
    return [...values, UNKNOWN];
  }
  if (ts.isPropertyAssignment(declaration)) return next(declaration.initializer);
  // `get chatUrl() { return join(this.baseUrl, 'api/chat') }`: what the getter returns.
  if (ts.isGetAccessorDeclaration(declaration)) return declaration.body ? returnsOf(declaration.body, next) : [UNKNOWN];
  if (ts.isPropertyDeclaration(declaration) || ts.isParameter(declaration)) {
    // A parameter property is set by whoever constructs the class: unknown.
    const values = ts.isParameter(declaration)
      ? [UNKNOWN]
      : declaration.initializer
        ? next(declaration.initializer)
        : [];
    const name = propertyName(declaration.name);
    const owner = classOf(declaration);
    if (name && owner) for (const assigned of thisAssignments(owner, name)) values.push(...next(assigned));
    return values.length > 0 ? values : [UNKNOWN];
  }
  return [UNKNOWN];
}

/** `this.endpoint()`, `buildUrl(path)`: the values of what a workspace function returns. */
function returnedValues(
  node: ts.CallExpression,
  resolution: Resolution,
  next: (child: ts.Expression | undefined) => string[],
): string[] {
  const values = boundBodies(node, resolution).flatMap((body) => returnsOf(body, next));
  return values.length > 0 ? values : [UNKNOWN];
}

function returnsOf(body: ts.ConciseBody, next: (child: ts.Expression | undefined) => string[]): string[] {
  const values = returnedExpressions(body).flatMap((value) => next(value));
  return values.length > 0 ? values : [UNKNOWN];
}

/** Names of functions that join URL or path segments with slashes (url-join, `path.posix.join`, a helper of the code's own). */
const JOIN_FUNCTIONS = /^(?:join|urlJoin|joinUrl|joinURL|urljoin|joinPath|joinPaths|joinUrlPath)$/;

/**
 * The segments a call joins into one URL: `urlJoin(base, 'chat/completions')`, `join(this.baseUrl,
 * 'api/chat')`, `[base, 'v1/messages'].join('/')`. Read by the function's name, not its body: a
 * library's has none here, and the workspace's own split, filter and special-case their segments
 * (`if (segments.length === 0) return '.'`) in ways a static reading only muddles.
 */
function joinedSegments(call: ts.CallExpression): readonly ts.Expression[] | undefined {
  const callee = unwrapExpression(call.expression);
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'join') {
    const receiver = unwrapExpression(callee.expression);
    if (ts.isArrayLiteralExpression(receiver)) {
      const separator = call.arguments[0];
      const bySlash = !!separator && ts.isStringLiteralLike(separator) && separator.text === '/';
      return bySlash && receiver.elements.every((element) => !ts.isSpreadElement(element))
        ? receiver.elements
        : undefined;
    }
  }
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  if (!JOIN_FUNCTIONS.test(name) || call.arguments.length < 2) return undefined;
  return call.arguments.some((argument) => ts.isSpreadElement(argument)) ? undefined : call.arguments;
}

/** Each value so far with a segment appended after one slash. */
function joinSegment(joined: string[], segment: string[]): string[] {
  const result: string[] = [];
  for (const before of joined)
    for (const value of segment)
      result.push(before === '' ? value : `${before.replace(/\/+$/, '')}/${value.replace(/^\/+/, '')}`);
  return limit(result);
}

/** `new URL(path, base)` as text: enough to match an endpoint path or a host. */
function joinUrl(bases: string[], paths: string[]): string[] {
  const joined: string[] = [];
  for (const base of bases) {
    for (const path of paths) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) joined.push(path);
      else if (path.startsWith('/')) joined.push(`${origin(base)}${path}`);
      else joined.push(`${base.replace(/\/+$/, '')}/${path}`);
    }
  }
  return limit(joined);
}

function origin(base: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)/i.exec(base);
  return match ? match[1] : UNKNOWN;
}

function combine(...parts: string[][]): string[] {
  let texts = [''];
  for (const part of parts) texts = limit(texts.flatMap((text) => part.map((value) => text + value)));
  return texts;
}

function limit(values: string[]): string[] {
  // The same text from several branches counts once: repeats must not crowd out the other values.
  const distinct = [...new Set(values)];
  return distinct.length > MAX_VALUES ? distinct.slice(0, MAX_VALUES) : distinct;
}

function scopeOf(node: ts.Node): ts.Node {
  let current = node.parent;
  while (!ts.isSourceFile(current) && !ts.isFunctionLike(current)) current = current.parent;
  return current;
}

function classOf(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isClassLike(current)) current = current.parent;
  return current;
}

/** Right-hand sides of `x = ...` and `x += ...` inside a scope. */
function assignmentsTo(scope: ts.Node, matches: (left: ts.Expression) => boolean): ts.Expression[] {
  return assignmentsIn(scope)
    .filter((assignment) => matches(assignment.left))
    .map((assignment) => assignment.right);
}
