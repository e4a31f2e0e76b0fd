import { ts } from 'ts-morph';
import { findProperty } from '../../ast';
import type { TextEdit } from '../../types';
import { edit, insert } from '../context';
import type { FileStyle } from '../style';
import { endOfLineAfter, indentationAt, isIdentifierName, skipParentheses } from '../text';

/** The code of a property value; given the indentation of the property's line when it spans lines. */
export type ValueText = string | ((propertyIndent: string) => string);

export interface SetOptionOptions {
  /** Replace a value that is already written (default: leave it and offer nothing). */
  replace?: boolean;
}

/**
 * Sets `path` (e.g. `['config', 'abortSignal']`) in an object literal: merges into the nested
 * literals that exist, creates the ones that do not. Returns undefined when it cannot be done
 * exactly: a spread anywhere on the way (the option may come from it), a nested value that is not
 * a literal, or a value already written.
 */
export function setObjectOption(
  object: ts.ObjectLiteralExpression,
  optionPath: readonly string[],
  value: ValueText,
  style: FileStyle,
  options: SetOptionOptions = {},
): TextEdit[] | undefined {
  // A spread or a computed key may already set the option: the value would be a guess.
  if (optionPath.length === 0 || hasSpread(object) || hasComputedKey(object)) return undefined;
  const [key, ...rest] = optionPath;
  const property = findProperty(object, key);
  if (!property) return insertProperty(object, key, rest.length === 0 ? value : nestedObject(rest, value), style);
  if (!ts.isPropertyAssignment(property)) return undefined;
  if (rest.length === 0) {
    if (!options.replace) return undefined;
    const sourceFile = object.getSourceFile();
    const text =
      typeof value === 'string' ? value : value(indentationAt(sourceFile.text, property.getStart(sourceFile)));
    return [edit(sourceFile.fileName, property.initializer.getStart(sourceFile), property.initializer.getEnd(), text)];
  }
  const inner = skipParentheses(property.initializer);
  if (!ts.isObjectLiteralExpression(inner)) return undefined;
  return setObjectOption(inner, rest, value, style, options);
}

/** `{ a: { b: value } }` for the rest of a path. */
export function nestedObject(optionPath: readonly string[], value: ValueText): ValueText {
  if (optionPath.length === 0) return value;
  const [key, ...rest] = optionPath;
  const inner = nestedObject(rest, value);
  return (indent: string) => `{ ${propertyText(key, typeof inner === 'string' ? inner : inner(indent))} }`;
}

/** `key: value`, or the shorthand `key` when the value is a variable of that name. */
export function propertyText(key: string, valueText: string): string {
  return valueText === key && isIdentifierName(key) ? key : `${propertyKey(key)}: ${valueText}`;
}

export function propertyKey(name: string): string {
  return isIdentifierName(name) ? name : JSON.stringify(name);
}

function hasSpread(object: ts.ObjectLiteralExpression): boolean {
  return object.properties.some((property) => ts.isSpreadAssignment(property));
}

function hasComputedKey(object: ts.ObjectLiteralExpression): boolean {
  return object.properties.some((property) => property.name !== undefined && ts.isComputedPropertyName(property.name));
}

/**
 * Adds `key: value` as the object's last property, in the object's own layout: on the same line
 * for a one-line object, on a new line (with the last property's indentation and the object's own
 * trailing-comma habit) for a multi-line one. Comments after the last property stay with it.
 */
function insertProperty(
  object: ts.ObjectLiteralExpression,
  key: string,
  value: ValueText,
  style: FileStyle,
): TextEdit[] | undefined {
  const sourceFile = object.getSourceFile();
  const text = sourceFile.text;
  const file = sourceFile.fileName;
  const properties = object.properties;
  const open = object.getStart(sourceFile);
  const close = object.getEnd() - 1;
  if (properties.length === 0) {
    const inside = text.slice(open + 1, close);
    if (inside.trim() !== '') return undefined; // only comments inside: leave them alone
    const indent = indentationAt(text, open);
    if (inside.includes('\n')) {
      const inner = indent + style.indentUnit;
      const valueText = typeof value === 'string' ? value : value(inner);
      return [
        edit(
          file,
          open + 1,
          close,
          `${style.newline}${inner}${propertyText(key, valueText)}${style.trailingCommas ? ',' : ''}${style.newline}${indent}`,
        ),
      ];
    }
    const valueText = typeof value === 'string' ? value : value(indent);
    return [edit(file, open + 1, close, ` ${propertyText(key, valueText)} `)];
  }
  const last = properties[properties.length - 1];
  const lastEnd = last.getEnd();
  let afterLast = lastEnd;
  while (afterLast < text.length && (text[afterLast] === ' ' || text[afterLast] === '\t')) afterLast++;
  const hasComma = text[afterLast] === ',';
  const lineEnd = endOfLineAfter(text, hasComma ? afterLast + 1 : lastEnd);
  const closeOnOwnLine =
    sourceFile.getLineAndCharacterOfPosition(close).line > sourceFile.getLineAndCharacterOfPosition(lastEnd).line;
  const indent = indentationAt(text, last.getStart(sourceFile));
  const valueText = typeof value === 'string' ? value : value(indent);
  if (!closeOnOwnLine || lineEnd === undefined) {
    return [insert(file, lastEnd, `, ${propertyText(key, valueText)}`)];
  }
  const line = `${indent}${propertyText(key, valueText)}`;
  if (hasComma) return [insert(file, lineEnd, `${style.newline}${line},`)];
  // No trailing comma: the comma and the new line go right after the last property, so that two
  // insertions at the same place still compose. A comment after the property keeps its line.
  if (text.slice(lastEnd, lineEnd).trim() === '') return [insert(file, lastEnd, `,${style.newline}${line}`)];
  return [insert(file, lastEnd, ','), insert(file, lineEnd, `${style.newline}${line}`)];
}
