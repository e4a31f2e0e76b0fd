import { offer } from '../offer';
import { ts } from 'ts-morph';
import type { Fix } from '../../types';
import type { FixSite } from '../context';
import { commentLineAbove } from '../edits/comment-line';
import { startsLine } from '../text';

/**
 * Document this decision (every call finding): an `@ai-decision` comment for the finding's facet
 * above the statement holding the call, where the analyser reads decisions
 * (annotations.ts `decisionsFor`). The text is a placeholder a person replaces.
 */
export function documentDecision(site: FixSite): Fix | undefined {
  const { finding, call, style } = site;
  if (finding.documentedBy) return undefined;
  const anchor = annotationAnchor(call.node);
  if (!anchor) return undefined;
  const edit = commentLineAbove(anchor, `@ai-decision ${finding.facet}: TODO describe the decision (owner: )`, style);
  if (!edit) return undefined;
  return offer('document-decision', {
    title: `Document this ${finding.facet} decision (@ai-decision comment)`,
    safe: false,
    edits: [edit],
  });
}

/** The innermost statement or declaration around the node that starts its own line. */
function annotationAnchor(node: ts.Node): ts.Node | undefined {
  const sourceFile = node.getSourceFile();
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isSourceFile(current)) {
    const annotatable =
      ts.isStatement(current) ||
      ts.isClassElement(current) ||
      ts.isPropertyAssignment(current) ||
      ts.isVariableDeclaration(current);
    if (annotatable && !ts.isBlock(current) && startsLine(sourceFile.text, current.getStart(sourceFile)))
      return current;
    current = current.parent;
  }
  return undefined;
}
