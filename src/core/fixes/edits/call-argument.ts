import { ts } from 'ts-morph';
import type { TextEdit } from '../../types';
import { insert } from '../context';
import type { FileStyle } from '../style';
import { endOfLineAfter, indentationAt, skipParentheses } from '../text';
import { nestedObject, setObjectOption, type SetOptionOptions, type ValueText } from './object-option';

/**
 * Sets an option in the object literal written at argument `index` of a call, adding that
 * argument when the call stops just before it (`create(params)` → `create(params, { timeout })`).
 * Offers nothing when the argument is an identifier or another expression (its object may be
 * shared or built elsewhere), when an argument is spread, or when earlier arguments are missing.
 */
export function setArgumentOption(
  call: ts.CallExpression | ts.NewExpression,
  index: number,
  optionPath: readonly string[],
  value: ValueText,
  style: FileStyle,
  options: SetOptionOptions = {},
): TextEdit[] | undefined {
  const args = call.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  if (args.some((argument) => ts.isSpreadElement(argument))) return undefined;
  const argument = args[index];
  if (argument) {
    const object = skipParentheses(argument);
    return ts.isObjectLiteralExpression(object)
      ? setObjectOption(object, optionPath, value, style, options)
      : undefined;
  }
  if (args.length !== index) return undefined;
  const objectText = nestedObject(optionPath, value);
  return appendArgument(call, objectText, style);
}

/** Adds an argument after the last one, following the call's layout (one line, or one argument per line). */
export function appendArgument(
  call: ts.CallExpression | ts.NewExpression,
  value: ValueText,
  style: FileStyle,
): TextEdit[] | undefined {
  const sourceFile = call.getSourceFile();
  const text = sourceFile.text;
  const file = sourceFile.fileName;
  const args = call.arguments;
  if (!args) {
    // `new Client` without parentheses.
    const valueText = typeof value === 'string' ? value : value(indentationAt(text, call.getStart(sourceFile)));
    return [insert(file, call.getEnd(), `(${valueText})`)];
  }
  if (args.length === 0) {
    const open = text.indexOf('(', call.typeArguments ? call.typeArguments.end : call.expression.getEnd());
    if (open < 0 || open >= call.getEnd()) return undefined;
    const inside = text.slice(open + 1, call.getEnd() - 1);
    if (inside.trim() !== '') return undefined;
    const valueText = typeof value === 'string' ? value : value(indentationAt(text, call.getStart(sourceFile)));
    return [insert(file, open + 1, valueText)];
  }
  const last = args[args.length - 1];
  const indent = indentationAt(text, last.getStart(sourceFile));
  const valueText = typeof value === 'string' ? value : value(indent);
  if (args.hasTrailingComma) {
    // One argument per line: the new one goes on its own line, with a trailing comma like the others.
    const comma = text.indexOf(',', last.getEnd());
    const lineEnd = comma >= 0 ? endOfLineAfter(text, comma + 1) : undefined;
    if (lineEnd === undefined) return undefined;
    return [insert(file, lineEnd, `${style.newline}${indent}${valueText},`)];
  }
  return [insert(file, last.getEnd(), `, ${valueText}`)];
}
