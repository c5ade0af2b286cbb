/**
 * The shapes of a cause view and its links, and their checks: no imports, so the details panel's
 * webview bundle can check what it receives without pulling the message parser in.
 */
import type { CauseActionId } from './statusCodes';

export type CauseLink =
  /** A class or trigger, at a stack frame's line (absent when only the trigger's name is known). */
  | { kind: 'apex'; label: string; apex: 'class' | 'trigger'; name: string; candidates: string[]; line?: number; column?: number }
  /** The validation rule whose error message is `message`, on `object` when the job's object is known. */
  | { kind: 'validationRule'; label: string; message: string; object?: string }
  /** The flow or process with that label. */
  | { kind: 'flow'; label: string; flowLabel: string }
  /** A column of the failed CSV. */
  | { kind: 'field'; label: string; field: string };

export type CauseLinkKind = CauseLink['kind'];

export interface CauseView {
  statusCode: string;
  /** False when the status code is not in the table (the meaning says it is not known). */
  known: boolean;
  meaning: string;
  action: string;
  /** What the extension can do about it (a button); absent when the action is words only. */
  actionId?: CauseActionId;
  /** The documentation page the meaning and action come from. */
  source?: string;
  /** The Apex exception as written (`System.NullPointerException: Attempt to de-reference a null object`). */
  exception?: string;
  links: CauseLink[];
  /** The validation rule the message was matched to (workspace when the panel shows, org when opened). */
  rule?: MatchedRule;
}

export interface MatchedRule {
  /** "validation rule Require_Industry on Account". */
  title: string;
  /** Its condition formula, once read. */
  formula?: string;
}

const KINDS: ReadonlySet<string> = new Set<CauseLinkKind>(['apex', 'validationRule', 'flow', 'field']);

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isOptionalLine(value: unknown): boolean {
  return value === undefined || (typeof value === 'number' && Number.isInteger(value) && value >= 0);
}

/** A link as it comes back from a webview or a command's argument: checked, never trusted. */
export function isCauseLink(value: unknown): value is CauseLink {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  if (typeof v.kind !== 'string' || !KINDS.has(v.kind) || typeof v.label !== 'string') {
    return false;
  }
  switch (v.kind) {
    case 'apex':
      return (v.apex === 'class' || v.apex === 'trigger') && typeof v.name === 'string' && isStringArray(v.candidates)
        && isOptionalLine(v.line) && isOptionalLine(v.column);
    case 'validationRule':
      return typeof v.message === 'string' && (v.object === undefined || typeof v.object === 'string');
    case 'flow':
      return typeof v.flowLabel === 'string';
    default:
      return typeof v.field === 'string';
  }
}

/** A cause view as it comes back from a saved webview state. */
export function isCauseView(value: unknown): value is CauseView {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  return typeof v.statusCode === 'string' && typeof v.known === 'boolean' && typeof v.meaning === 'string' && typeof v.action === 'string'
    && (v.actionId === undefined || typeof v.actionId === 'string') && (v.source === undefined || typeof v.source === 'string')
    && (v.exception === undefined || typeof v.exception === 'string')
    && (v.rule === undefined || (typeof v.rule === 'object' && v.rule !== null && typeof (v.rule as Record<string, unknown>).title === 'string'
      && ['undefined', 'string'].includes(typeof (v.rule as Record<string, unknown>).formula)))
    && Array.isArray(v.links) && v.links.every(isCauseLink);
}
