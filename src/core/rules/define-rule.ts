import type { z } from 'zod';
import type { UnusedSuppression } from '../suppressions';
import type { Decision, DecisionProfile, Facet, Fix, RelatedLocation, Severity, Span } from '../types';

const DOCS_BASE = 'https://github.com/orchestration-audit/orchestration-audit/blob/main/src/core/rules/';

/** One place builds doc links so the CLI, SARIF and the editor agree: the rule's page in the repository. */
export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}${ruleId}.md`;
}

type Messages = Readonly<Record<string, string>>;
type RuleOptions = Record<string, unknown>;
type MessageValue = string | number;

type Trim<S extends string> = S extends ` ${infer Rest}` ? Trim<Rest> : S extends `${infer Rest} ` ? Trim<Rest> : S;

/** The `{{name}}` placeholders of a message template, as a union of names (`never` when it has none). */
type Placeholders<Template extends string> = Template extends `${string}{{${infer Name}}}${infer Rest}`
  ? Trim<Name> | Placeholders<Rest>
  : never;

/**
 * The data of one report: a value for every placeholder of its message. More keys may be given: they
 * reach the finding's `data` (the JSON report) without being in the sentence.
 */
type MessageData<Template extends string> = Record<Placeholders<Template>, MessageValue> & Record<string, MessageValue>;

interface ReportCommon {
  /** Defaults to the call's callee. */
  span?: Span;
  related?: RelatedLocation[];
  fixes?: Fix[];
}

/** One report: a message id of the rule, with the data its message needs (optional when it needs none). */
export type Report<M extends Messages = Messages> = {
  [Id in keyof M & string]: ReportCommon & { messageId: Id } & ([Placeholders<M[Id]>] extends [never]
      ? { data?: Record<string, MessageValue> }
      : { data: MessageData<M[Id]> });
}[keyof M & string];

interface RuleMeta<Id extends string = string, M extends Messages = Messages, O extends RuleOptions = RuleOptions> {
  id: Id;
  /** One sentence; the rule's doc page starts with exactly this line. */
  description: string;
  facet: Facet;
  defaultSeverity: Severity;
  /** Messages by id, with `{{placeholders}}` filled from the report's data. */
  messages: M;
  /**
   * Present on rules that report a decision the code leaves implicit (an SDK default, no log, no
   * token limit) rather than a wrong one: a label per message id, a few words with the same
   * placeholders, for the editor's one grouped diagnostic per call ("Implicit: 3 attempts,
   * 10 min/attempt, not logged").
   */
  implicitLabels?: { readonly [Id in keyof M]?: string };
  /** Made by {@link createRule} from the id: never written by a rule. */
  docsUrl: string;
  /** zod schema of the rule's options (validated when the config is loaded). */
  options?: z.ZodType<O>;
  /** Defaults merged under the user's options: the options a rule runs with satisfy `options`. */
  defaultOptions?: O;
}

interface CallRuleContext<M extends Messages = Messages, O extends RuleOptions = RuleOptions> {
  options: O;
  /** Other profiles of the audit, by call id (for flow rules that point upstream). */
  profileById(id: string): DecisionProfile | undefined;
  report(report: Report<M>): void;
}

interface AnnotationRuleContext<M extends Messages = Messages, O extends RuleOptions = RuleOptions> {
  options: O;
  report(report: Report<M> & { span: Span }): void;
}

interface RuleChecks<M extends Messages, O extends RuleOptions> {
  /** Judge one call's profile. Rules never walk the syntax tree: the facets did. */
  checkCall?(profile: DecisionProfile, context: CallRuleContext<M, O>): void;
  /** Judge the `@ai-decision` comments of one file (annotation rules only). */
  checkAnnotations?(annotations: ParsedAnnotation[], context: AnnotationRuleContext<M, O>): void;
  /** Judge the disable comments of the audit that silenced nothing (unused-disable-comment only). */
  checkSuppressions?(unused: UnusedSuppression[], context: AnnotationRuleContext<M, O>): void;
}

export interface RuleDefinition<
  Id extends string = string,
  M extends Messages = Messages,
  O extends RuleOptions = RuleOptions,
> extends RuleChecks<M, O> {
  meta: RuleMeta<Id, M, O>;
}

/** What a rule file writes: its id, its meta without the derived fields, and its check. */
interface RuleSpec<Id extends string, M extends Messages, O extends RuleOptions> extends RuleChecks<M, O> {
  id: Id;
  meta: Omit<RuleMeta<Id, M, O>, 'id' | 'docsUrl'>;
}

/**
 * Makes a rule factory that derives each rule's docs URL from its id, like typescript-eslint's
 * `ESLintUtils.RuleCreator`. The rule's id, message ids, message data and options are typed from
 * what the rule file writes: a report with an unknown message id or a missing placeholder does not
 * compile, and `context.options` has the type of the rule's options schema.
 */
function ruleCreator(urlOf: (ruleId: string) => string) {
  return function createRule<
    const Id extends string,
    const M extends Messages,
    O extends RuleOptions = Record<never, never>,
  >(spec: RuleSpec<Id, M, O>): RuleDefinition<Id, M, O> {
    const { id, meta, ...checks } = spec;
    return { meta: { id, ...meta, docsUrl: urlOf(id) }, ...checks };
  };
}

export const createRule = ruleCreator(docsUrl);

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

/** Fills `{{name}}` placeholders; unknown names stay visible so a broken message is noticed. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(data, name) ? String(data[name]) : whole,
  );
}
