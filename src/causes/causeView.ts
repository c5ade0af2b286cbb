/**
 * What one error group (or one failed row) says about its cause, ready to show: what the code means,
 * what to do, the page that says so, and the links to what failed the rows (an Apex frame, a trigger,
 * a validation rule, a flow, a column of the failed CSV). Built from the status code and the message
 * only (no file, no network): where a link leads is decided when it is opened (`causeLinks.ts`).
 *
 * Pure and JSON-safe: a link travels to the details panel's webview and back, and into command links.
 */
import { parseRowError, type ParsedRowError } from '../salesforce/results/errorSummary';
import { causesOf, type ApexFrame, type MessageCauses } from './parseMessage';
import { describeApexLimit, describeStatusCode } from './statusCodes';
import type { CauseLink, CauseView } from './causeTypes';

export type { CauseLink, CauseView } from './causeTypes';

/** `vscode.l10n.t`'s shape, so the words are translated where VS Code is (the builder has no vscode). */
export type Translate = (message: string, ...args: Array<string | number>) => string;

/** At most this many links per cause (a long stack trace names many frames; the first few are what matter). */
export const MAX_CAUSE_LINKS = 8;

/**
 * The view of one error: its code's entry in the table (an Apex limit's advice wins over the generic
 * CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY's), and its links: Apex frames innermost first, then a trigger
 * named without a frame, the validation rule, the flow, then the fields.
 */
export function buildCauseView(error: ParsedRowError, t: Translate, object?: string): CauseView {
  const causes = causesOf(error);
  const code = describeStatusCode(error.statusCode);
  const limit = causes.exceptions.map((e) => (e.limit === undefined ? undefined : describeApexLimit(e.limit))).find((l) => l !== undefined);
  const view: CauseView = {
    statusCode: error.statusCode,
    known: code.known || limit !== undefined,
    meaning: t(limit?.meaning ?? code.meaning),
    action: t(limit?.action ?? code.action),
    links: linksOf(causes, t, object).slice(0, MAX_CAUSE_LINKS),
  };
  const actionId = limit?.actionId ?? code.actionId;
  if (actionId !== undefined) {
    view.actionId = actionId;
  }
  const source = limit?.source ?? code.source;
  if (source !== undefined) {
    view.source = source;
  }
  const exception = causes.exceptions[causes.exceptions.length - 1];
  if (exception !== undefined) {
    view.exception = exception.message === '' ? exception.type : `${exception.type}: ${exception.message}`;
  }
  return view;
}

/** The view of a row's whole error text (`CODE:message:Fields --`, the sf__Error cell). */
export function buildRowCauseView(errorText: string, t: Translate, object?: string): CauseView {
  return buildCauseView(parseRowError(errorText), t, object);
}

function linksOf(causes: MessageCauses, t: Translate, object: string | undefined): CauseLink[] {
  const links: CauseLink[] = [];
  const seen = new Set<string>();
  const add = (key: string, link: CauseLink): void => {
    if (!seen.has(key)) {
      seen.add(key);
      links.push(link);
    }
  };
  for (const frame of causes.frames) {
    add(`apex:${frame.kind}:${frame.name.toLowerCase()}:${frame.line}`, frameLink(frame));
  }
  const framed = new Set(causes.frames.filter((f) => f.kind === 'trigger').map((f) => f.candidates[0]?.toLowerCase()));
  for (const trigger of causes.triggers) {
    const name = trigger.name.split('.').pop() ?? trigger.name;
    if (!framed.has(name.toLowerCase())) {
      add(`apex:trigger:${name.toLowerCase()}`, { kind: 'apex', label: `${name}.trigger`, apex: 'trigger', name, candidates: [name] });
    }
  }
  // `BTProjectTrigger: System.LimitException: …`: a trigger named before its exception, no frame, no event.
  const leading = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?:[A-Za-z_][A-Za-z0-9_]*\.)*[A-Za-z_][A-Za-z0-9_]*Exception\b/.exec(causes.message);
  if (leading && causes.triggers.length === 0 && causes.frames.length === 0) {
    const name = leading[1];
    add(`apex:trigger:${name.toLowerCase()}`, { kind: 'apex', label: `${name}.trigger`, apex: 'trigger', name, candidates: [name] });
  }
  if (causes.validationMessage !== undefined) {
    const link: CauseLink = { kind: 'validationRule', label: t('Validation rule'), message: causes.validationMessage };
    if (object !== undefined && object !== '') {
      link.object = object;
      link.label = t('Validation rule on {0}', object);
    }
    add('rule', link);
  }
  if (causes.flowLabel !== undefined) {
    add('flow', { kind: 'flow', label: t('Flow “{0}”', causes.flowLabel), flowLabel: causes.flowLabel });
  }
  for (const field of causes.fields) {
    add(`field:${field.toLowerCase()}`, { kind: 'field', label: t('Column {0}', field), field });
  }
  return links;
}

function frameLink(frame: ApexFrame): CauseLink {
  const file = frame.kind === 'trigger' ? `${frame.candidates[0] ?? frame.name}.trigger` : `${frame.name}.cls`;
  return {
    kind: 'apex', label: `${file}:${frame.line}`, apex: frame.kind, name: frame.name, candidates: [...frame.candidates],
    line: frame.line, column: frame.column,
  };
}

/** "validation rule Require_Industry on Account": how a matched rule is named (a group's title, a hover). */
export function ruleTitle(t: Translate, name: string, object: string | undefined): string {
  return object ? t('validation rule {0} on {1}', name, object) : t('validation rule {0}', name);
}

/** What the status code a Failed job's `errorMessage` leads with means, when the table knows the code (else undefined: no guess). */
export function jobErrorMeaning(errorMessage: string | undefined, t: Translate): string | undefined {
  const text = errorMessage?.trim();
  if (!text) {
    return undefined;
  }
  const code = describeStatusCode(parseRowError(text).statusCode);
  return code.known ? t(code.meaning) : undefined;
}
