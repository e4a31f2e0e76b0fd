import { ts } from 'ts-morph';
import {
  declarationOf,
  functionOf,
  inheritsFrom,
  propertyName,
  returnedExpressions,
  unwrapExpression,
  variableValues,
} from './ast';

/** Levels of objects, variables, spreads and returns followed to a member. */
const MAX_DEPTH = 8;

/** How a member is read: parameters bound to a call's arguments, a budget shared with the caller. */
export interface MemberReading {
  checker: ts.TypeChecker;
  /** Parameters bound to the arguments of the call whose return is being read (set while reading). */
  bindings: Map<ts.ParameterDeclaration, ts.Expression>;
  /** Steps taken so far; the reading stops at `maxSteps` with an unknown. */
  steps: { count: number; max: number };
  /** The workspace's class methods of a name: the overrides a method call may run. */
  methodsNamed?: MethodsNamed;
}

/** The workspace's class methods called `name` (from the name index). */
export type MethodsNamed = (name: string) => readonly ts.MethodDeclaration[];

/** The expressions a member can hold, and whether some object it may come from cannot be read. */
export interface MemberValues {
  values: ts.Expression[];
  unknown: boolean;
}

/**
 * The expressions member `name` of an object expression can hold: a property of an object literal
 * (the last one that sets it, a spread's included: `{ ...access(path), method: 'POST' }`), through
 * the variables that hold the object, the parameters bound to a call's arguments, the returns of
 * the workspace function that builds it (`const { url } = endpoint(path)`) and other members
 * (`dispatch.request.url`). A transport that takes its URL in an options object is read this way.
 */
export function memberValues(expression: ts.Expression, name: string, reading: MemberReading, depth = 0): MemberValues {
  const found: MemberValues = { values: [], unknown: false };
  for (const object of objectsOf(expression, reading, depth)) {
    if (object === 'unknown') found.unknown = true;
    else addMember(found, object, name, reading, depth);
  }
  return found;
}

/**
 * Where a binding element reads its member from: `const { url } = source` (the initializer),
 * `({ url }) => ...` (the parameter, whose argument a call binds), with the member's name.
 */
export function destructuredFrom(
  element: ts.BindingElement,
): { name: string; initializer?: ts.Expression; parameter?: ts.ParameterDeclaration } | undefined {
  const pattern = element.parent;
  const name = propertyName(element.propertyName ?? element.name);
  if (!ts.isObjectBindingPattern(pattern) || !name) return undefined;
  const holder = pattern.parent;
  if (ts.isVariableDeclaration(holder)) return { name, initializer: holder.initializer };
  if (ts.isParameter(holder)) return { name, parameter: holder };
  return { name };
}

/** The object a destructured member is read from, a parameter's through the bound argument. */
export function destructuredSource(
  element: ts.BindingElement,
  bindings: ReadonlyMap<ts.ParameterDeclaration, ts.Expression>,
): { source?: ts.Expression; name?: string } {
  const from = destructuredFrom(element);
  return { name: from?.name, source: from?.parameter ? bindings.get(from.parameter) : from?.initializer };
}

function addMember(
  found: MemberValues,
  object: ts.ObjectLiteralExpression,
  name: string,
  reading: MemberReading,
  depth: number,
): void {
  // The last property that sets the name wins; a spread after it may set it again.
  for (let index = object.properties.length - 1; index >= 0; index--) {
    const property = object.properties[index];
    if (ts.isSpreadAssignment(property)) {
      const spread = memberValues(property.expression, name, reading, depth + 1);
      found.values.push(...spread.values);
      if (spread.unknown) found.unknown = true;
      if (spread.values.length > 0) return;
      continue;
    }
    if (propertyName(property.name) !== name) continue;
    if (ts.isPropertyAssignment(property)) found.values.push(property.initializer);
    else if (ts.isShorthandPropertyAssignment(property)) found.values.push(property.name);
    else found.unknown = true;
    return;
  }
}

/**
 * The object literals an expression can be: through variables, bound parameters, conditionals,
 * members and the returns of the workspace functions that build them (each branch of a `switch`
 * returning its own literal); `unknown` when some of them cannot be read.
 */
export function objectLiterals(
  expression: ts.Expression,
  reading: MemberReading,
): { objects: ts.ObjectLiteralExpression[]; unknown: boolean } {
  const sources = objectsOf(expression, reading, 0);
  return {
    objects: sources.filter((source): source is ts.ObjectLiteralExpression => source !== 'unknown'),
    unknown: sources.includes('unknown'),
  };
}

type ObjectSource = ts.ObjectLiteralExpression | 'unknown';

/** The object literals an expression can be, `unknown` for any that cannot be read. */
function objectsOf(expression: ts.Expression, reading: MemberReading, depth: number): ObjectSource[] {
  if (depth > MAX_DEPTH || ++reading.steps.count > reading.steps.max) return ['unknown'];
  const node = unwrapExpression(expression);
  const next = (child: ts.Expression): ObjectSource[] => objectsOf(child, reading, depth + 1);
  if (ts.isObjectLiteralExpression(node)) return [node];
  if (ts.isConditionalExpression(node)) return [...next(node.whenTrue), ...next(node.whenFalse)];
  if (ts.isIdentifier(node)) {
    const declaration = declarationOf(node, reading.checker);
    if (!declaration) return ['unknown'];
    if (ts.isParameter(declaration)) {
      const bound = reading.bindings.get(declaration);
      return bound ? next(bound) : ['unknown'];
    }
    if (ts.isVariableDeclaration(declaration)) {
      const values = variableValues(declaration);
      return values.length > 0 ? values.flatMap(next) : ['unknown'];
    }
    if (ts.isBindingElement(declaration)) return membersAsObjects(declaration, reading, depth);
    return ['unknown'];
  }
  if (ts.isPropertyAccessExpression(node)) {
    const member = memberValues(node.expression, node.name.text, reading, depth + 1);
    return [...member.values.flatMap(next), ...(member.unknown ? ['unknown' as const] : [])];
  }
  if (ts.isCallExpression(node)) return returnedObjects(node, reading, depth);
  return ['unknown'];
}

/** `const { request } = make()`: the objects the destructured member holds. */
function membersAsObjects(element: ts.BindingElement, reading: MemberReading, depth: number): ObjectSource[] {
  const { source, name } = destructuredSource(element, reading.bindings);
  if (!source || !name) return ['unknown'];
  const member = memberValues(source, name, reading, depth + 1);
  const objects = member.values.flatMap((value) => objectsOf(value, reading, depth + 1));
  return member.unknown ? [...objects, 'unknown'] : objects;
}

/** The objects a workspace function returns, its parameters bound to the call's arguments. */
function returnedObjects(call: ts.CallExpression, reading: MemberReading, depth: number): ObjectSource[] {
  const objects = boundBodies(call, reading).flatMap((body) =>
    returnedExpressions(body).flatMap((value) => objectsOf(value, reading, depth + 1)),
  );
  return objects.length > 0 ? objects : ['unknown'];
}

/**
 * The bodies of the workspace functions a call can run, their parameters bound to the call's
 * arguments in `reading.bindings` (what they return is then read for this call): the callee's,
 * and for a method called on an object (`this.endpointPath()`, `provider.baseUrl()`), every
 * workspace override or implementation of it (`reading.methodsNamed`), since any of them may be
 * what runs. A base class that builds its request from abstract `getUrlPath()` and `getBody()`
 * has its URL and payload in its subclasses. Empty when no code is here.
 */
export function boundBodies(
  call: ts.CallExpression,
  reading: Pick<MemberReading, 'checker' | 'bindings' | 'methodsNamed'>,
): ts.ConciseBody[] {
  const callee = unwrapExpression(call.expression);
  const declaration = declarationOf(ts.isPropertyAccessExpression(callee) ? callee.name : callee, reading.checker);
  const own = declaration ? functionOf(declaration) : undefined;
  const functions = [own, ...overridesAt(callee, declaration, reading)];
  const bodies: ts.ConciseBody[] = [];
  for (const fn of functions) {
    if (!fn?.body || fn.getSourceFile().isDeclarationFile) continue;
    fn.parameters.forEach((parameter, index) => {
      const argument = call.arguments[index];
      if (argument) reading.bindings.set(parameter, argument);
    });
    bodies.push(fn.body);
  }
  return bodies;
}

/** The workspace methods that override or implement the method `callee` names, when it dispatches. */
function overridesAt(
  callee: ts.Expression,
  declaration: ts.Declaration | undefined,
  reading: Pick<MemberReading, 'checker' | 'methodsNamed'>,
): ts.MethodDeclaration[] {
  // `super.path()` runs the base method only.
  if (!reading.methodsNamed || !ts.isPropertyAccessExpression(callee)) return [];
  if (callee.expression.kind === ts.SyntaxKind.SuperKeyword) return [];
  if (!declaration || !(ts.isMethodDeclaration(declaration) || ts.isMethodSignature(declaration))) return [];
  const owner = declaration.parent;
  if (!ts.isClassLike(owner) && !ts.isInterfaceDeclaration(owner)) return [];
  return reading
    .methodsNamed(callee.name.text)
    .filter((method) => method !== declaration && inheritsFrom(method.parent, owner, reading.checker));
}
