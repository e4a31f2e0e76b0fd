import { ts } from 'ts-morph';
import { findProperty, propertyName, unwrapExpression } from '../ast';
import { UI_STREAM_MAKERS } from '../catalog/vercel-ai';
import { importsOf } from '../imports';

/** The SDK call that runs a function as its `execute`, and the option that gets its failure. */
export interface UiStreamExecution {
  call: ts.CallExpression;
  /** The `onError` option; absent: the SDK sends a generic message. */
  option?: ts.ObjectLiteralElementLike;
  /** Its value as written (a function, or its name). */
  onError?: ts.Expression;
}

/**
 * `createUIMessageStream({ execute: async ({ writer }) => { ... }, onError })` (`async execute(...)
 * { ... }` too) of the AI SDK: the SDK runs `fn` and catches its failure, which reaches the client
 * as the message `onError` returns, not the code around the call.
 */
export function uiStreamExecution(fn: ts.FunctionLikeDeclaration): UiStreamExecution | undefined {
  const member = ts.isMethodDeclaration(fn) ? fn : fn.parent;
  if (!(ts.isMethodDeclaration(member) || ts.isPropertyAssignment(member))) return undefined;
  if (ts.isPropertyAssignment(member) && unwrapExpression(member.initializer) !== fn) return undefined;
  if (propertyName(member.name) !== 'execute' || !ts.isObjectLiteralExpression(member.parent)) return undefined;
  const options = member.parent;
  let node: ts.Node = options;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const call = node.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== node) return undefined;
  const callee = unwrapExpression(call.expression);
  if (!ts.isIdentifier(callee)) return undefined;
  const imported = importsOf(callee.getSourceFile()).get(callee.text);
  const maker =
    imported?.module === UI_STREAM_MAKERS.module &&
    UI_STREAM_MAKERS.functions.find((candidate) => candidate.name === imported.imported);
  if (!maker) return undefined;
  const option = findProperty(options, maker.option);
  if (!option) return { call };
  return {
    call,
    option,
    onError: ts.isPropertyAssignment(option)
      ? option.initializer
      : ts.isShorthandPropertyAssignment(option)
        ? option.name
        : ts.isIdentifier(option.name)
          ? option.name
          : undefined,
  };
}
