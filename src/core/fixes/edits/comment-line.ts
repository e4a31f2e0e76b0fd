import type { ts } from 'ts-morph';
import type { TextEdit } from '../../types';
import { insert } from '../context';
import type { FileStyle } from '../style';
import { indentationAt, lineStart, startsLine } from '../text';

/**
 * A `// comment` line right above the line where `node` starts, with that line's indentation.
 * Undefined when other code precedes the node on its line (the comment would belong to that code).
 */
export function commentLineAbove(node: ts.Node, comment: string, style: FileStyle): TextEdit | undefined {
  const sourceFile = node.getSourceFile();
  const text = sourceFile.text;
  const start = node.getStart(sourceFile);
  if (!startsLine(text, start)) return undefined;
  return insert(
    sourceFile.fileName,
    lineStart(text, start),
    `${indentationAt(text, start)}// ${comment}${style.newline}`,
  );
}
