import type { z } from 'zod';
import type { Decision, DecisionProfile, Facet, Fix, RelatedLocation, Severity, Span } from '../types';

const DOCS_BASE = 'https://github.com/orchestration-audit/orchestration-audit/blob/main/src/core/rules/';

/** One place builds doc links so the CLI, SARIF and the editor agree. */
export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}${ruleId}.md`;
}

interface RuleMeta<MessageId extends string = string> {
  id: string;
  /** One sentence; the rule's doc page starts with exactly this line. */
  description: string;
  facet: Facet;
  defaultSeverity: Severity;
  /** Messages by id, with `{{placeholders}}` filled from the report's data. */
  messages: Record<MessageId, string>;
  docsUrl: string;
  /** zod schema of the rule's options (validated when the config is loaded). */
  options?: z.ZodType;
  /** Defaults merged under the user's options. */
  defaultOptions?: Record<string, unknown>;
}

export interface Report<MessageId extends string = string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  /** Defaults to the call's callee. */
  span?: Span;
  related?: RelatedLocation[];
  fixes?: Fix[];
}

interface CallRuleContext<MessageId extends string = string> {
  options: Record<string, unknown>;
  /** Other profiles of the audit, by call id (for flow rules that point upstream). */
  profileById(id: string): DecisionProfile | undefined;
  report(report: Report<MessageId>): void;
}

interface AnnotationRuleContext<MessageId extends string = string> {
  options: Record<string, unknown>;
  report(report: Report<MessageId> & { span: Span }): void;
}

export interface RuleDefinition<MessageId extends string = string> {
  meta: RuleMeta<MessageId>;
  /** Judge one call's profile. Rules never walk the syntax tree: the facets did. */
  checkCall?(profile: DecisionProfile, context: CallRuleContext<MessageId>): void;
  /** Judge the `@ai-decision` comments of one file (annotation rules only). */
  checkAnnotations?(annotations: ParsedAnnotation[], context: AnnotationRuleContext<MessageId>): void;
}

/** An `@ai-decision` comment as written, valid or not. */
export interface ParsedAnnotation {
  raw: string;
  facet: string;
  text: string;
  owner?: string;
  known: boolean;
  span: Span;
  decision?: Decision;
}

export function defineRule<MessageId extends string>(rule: RuleDefinition<MessageId>): RuleDefinition<MessageId> {
  return rule;
}

/** Fills `{{name}}` placeholders; unknown names stay visible so a broken message is noticed. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(data, name) ? String(data[name]) : whole,
  );
}
