/**
 * The causes named in one row error: Apex stack frames and exceptions, the trigger, the flow or
 * process, the validation rule's text, the fields. `parseRowError` (errorSummary.ts) splits the
 * code, message and fields; this reads the message.
 *
 * Salesforce writes these messages in the org's language, but what we read is not translated: the
 * status code leads, Apex frames are `Class.Name.method: line N, column M` (the two words may be
 * translated, so any word is accepted), exception types are Apex names, and a flow's label is the
 * first quoted text (“…”, "…", „…“, «…», ‘…’). Messages cut short keep what was read before the cut.
 */
import { parseRowError, type ParsedRowError } from '../salesforce/results/errorSummary';

export interface ApexFrame {
  kind: 'class' | 'trigger';
  /** The dotted name without the method: `AccountService`, `ns.AccountService` or `Outer.Inner`. */
  name: string;
  /** The method (`applyDefaults`, `<init>`); absent for triggers. */
  method?: string;
  line: number;
  column: number;
  /**
   * The class or trigger names whose file could hold this frame, best first. `Class.a.B.m` can be
   * namespace `a`, class `B`, or class `a` with inner class `B`: the text does not say which, so both.
   */
  candidates: string[];
  /** The frame as written. */
  text: string;
}

export interface ApexException {
  /** `System.NullPointerException`, `System.LimitException`, `ns.MyService.MyException`. */
  type: string;
  message: string;
  /** For `System.LimitException`: the limit's text (`Too many DML statements: 151`). */
  limit?: string;
}

export interface TriggerRun {
  name: string;
  /** `BeforeInsert`, `AfterUpdate`, … */
  event: string;
}

/** An error inside an Apex exception (`first error: CODE, message: [Field]`), e.g. a DmlException's. */
export interface NestedError {
  statusCode: string;
  message: string;
  fields: string[];
}

export interface MessageCauses extends ParsedRowError {
  /** Apex exceptions, outermost first (then each "caused by"). */
  exceptions: ApexException[];
  /** Apex stack frames in the order written (innermost first, as Salesforce writes them). */
  frames: ApexFrame[];
  /** Triggers named as `AccountTrigger: execution of BeforeInsert`. */
  triggers: TriggerRun[];
  /** Errors reported inside the Apex exceptions. */
  nested: NestedError[];
  /** CANNOT_EXECUTE_FLOW_TRIGGER: the flow or process label the message quotes. */
  flowLabel?: string;
  /** The `Error ID: …` Salesforce gives for a failed flow or process. */
  errorId?: string;
  /** FIELD_CUSTOM_VALIDATION_EXCEPTION (here or nested): the validation rule's error message. */
  validationMessage?: string;
  /** STRING_TOO_LONG: the `(max length=N)` Salesforce gives. */
  maxLength?: number;
}

/** Codes whose message starts with the field it is about (`Email: invalid email address: …`). */
const FIELD_FIRST_CODES = new Set([
  'STRING_TOO_LONG', 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'INVALID_EMAIL_ADDRESS', 'NUMBER_OUTSIDE_VALID_RANGE',
  'INVALID_TYPE_ON_FIELD_IN_RECORD', 'FIELD_INTEGRITY_EXCEPTION', 'MALFORMED_ID', 'INVALID_CROSS_REFERENCE_KEY',
  'FIELD_FILTER_VALIDATION_EXCEPTION', 'TOO_MANY_ENUM_VALUE',
]);

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const FRAME = new RegExp(`\\b(Class|Trigger)\\.(${NAME}(?:\\.(?:${NAME}|<init>|<clinit>))*)\\s*:\\s*\\p{L}+\\s+(\\d+)\\s*,\\s*\\p{L}+\\s+(\\d+)`, 'gu');
const EXCEPTION = new RegExp(`\\b((?:${NAME}\\.)*${NAME}Exception)\\s*:\\s*`, 'g');
const TRIGGER_RUN = new RegExp(`\\b(${NAME}(?:\\.${NAME})?)\\s*:\\s*[^:.]{0,40}?\\b((?:Before|After)(?:Insert|Update|Delete|Undelete))\\b`, 'g');
const NESTED_ERROR = /first error:\s*([A-Z][A-Z0-9_]+),\s*([\s\S]*?)(?::\s*\[([^\]]*)\]|$)/g;
const CAUSED_BY = /\bcaused by:\s*/gi;
/** “…”, „…“, "…", «…», ‘…’ (a straight ' is not a quote: it is the apostrophe of "can't"). */
const QUOTED = /[“„]\s*([^“”"„«»]+?)\s*[”“]|"\s*([^"]+?)\s*"|«\s*([^«»]+?)\s*»|‘\s*([^‘’]+?)\s*’/;
const ERROR_ID = /\bError ID:\s*([0-9]+-[0-9]+(?:\s*\(-?[0-9]+\))?)/i;
const FIELD_LIST = new RegExp(`\\[\\s*(${NAME}(?:\\s*,\\s*${NAME})*)\\s*\\]`);
const FIELD_FIRST = new RegExp(`^(${NAME}(?:\\.${NAME})?)\\s*:\\s`);
const MAX_LENGTH = /\(max length=(\d+)\)/i;

/** Reads a row's whole error text (`CODE:message:Fields --`). */
export function parseCauses(errorText: string): MessageCauses {
  return causesOf(parseRowError(errorText));
}

/** Reads the message of an error already split by `parseRowError`. */
export function causesOf(error: ParsedRowError): MessageCauses {
  const { statusCode, message } = error;
  const causes: MessageCauses = {
    statusCode,
    message,
    fields: [...error.fields],
    exceptions: readExceptions(message),
    frames: readFrames(message),
    triggers: [...message.matchAll(TRIGGER_RUN)].map((m) => ({ name: m[1], event: m[2] })),
    nested: readNested(message),
  };
  if (statusCode === 'CANNOT_EXECUTE_FLOW_TRIGGER') {
    const quoted = QUOTED.exec(message);
    const label = quoted?.slice(1).find((g) => g !== undefined);
    if (label !== undefined) {
      causes.flowLabel = label;
    }
  }
  const errorId = ERROR_ID.exec(message)?.[1];
  if (errorId !== undefined) {
    causes.errorId = errorId;
  }
  if (statusCode === 'FIELD_CUSTOM_VALIDATION_EXCEPTION' && message !== '') {
    causes.validationMessage = message;
  } else {
    const nested = causes.nested.find((n) => n.statusCode === 'FIELD_CUSTOM_VALIDATION_EXCEPTION');
    if (nested !== undefined && nested.message !== '') {
      causes.validationMessage = nested.message;
    }
  }
  const maxLength = MAX_LENGTH.exec(message)?.[1];
  if (maxLength !== undefined) {
    causes.maxLength = Number(maxLength);
  }
  causes.fields = unique([...causes.fields, ...fieldsInMessage(statusCode, message)]);
  return causes;
}

function readFrames(message: string): ApexFrame[] {
  return [...message.matchAll(FRAME)].map((m) => {
    const parts = m[2].split('.');
    const trigger = m[1] === 'Trigger';
    const nameParts = trigger ? parts : parts.slice(0, -1);
    const frame: ApexFrame = {
      kind: trigger ? 'trigger' : 'class',
      name: nameParts.join('.'),
      line: Number(m[3]),
      column: Number(m[4]),
      candidates: candidatesOf(nameParts, trigger),
      text: m[0],
    };
    if (!trigger && parts.length > 1) {
      frame.method = parts[parts.length - 1];
    }
    return frame;
  });
}

/**
 * File names that can hold a frame's code. A trigger: its last part (a namespace may lead). A class
 * of one part: itself; of two: the outer class (inner-class reading), then the second part (namespace
 * reading); of three or more: `ns.Outer.Inner…` reads as namespace + outer class.
 */
function candidatesOf(nameParts: string[], trigger: boolean): string[] {
  if (nameParts.length === 0) {
    return [];
  }
  if (trigger) {
    return [nameParts[nameParts.length - 1]];
  }
  if (nameParts.length === 1) {
    return [nameParts[0]];
  }
  if (nameParts.length === 2) {
    return unique([nameParts[0], nameParts[1]]);
  }
  return unique([nameParts[1], nameParts[0]]);
}

/** Each `Type: message`, the message running to the next frame, "caused by", exception or the end. */
function readExceptions(message: string): ApexException[] {
  const starts = [...message.matchAll(EXCEPTION)];
  const stops = [
    ...[...message.matchAll(FRAME)].map((m) => m.index),
    ...[...message.matchAll(CAUSED_BY)].map((m) => m.index),
    ...starts.map((m) => m.index),
  ].sort((a, b) => a - b);
  return starts.map((m) => {
    const from = m.index + m[0].length;
    const to = stops.find((s) => s >= from) ?? message.length;
    const text = message.slice(from, to).trim().replace(/[\s:]+$/, '');
    const exception: ApexException = { type: m[1], message: text };
    if (/(^|\.)LimitException$/.test(m[1]) && text !== '') {
      exception.limit = text;
    }
    return exception;
  });
}

function readNested(message: string): NestedError[] {
  return [...message.matchAll(NESTED_ERROR)].map((m) => ({
    statusCode: m[1],
    message: m[2].trim(),
    fields: splitFields(m[3] ?? ''),
  }));
}

/** Fields the message itself names: `[LastName, Company]`, or a leading `Field: ` for field-first codes. */
function fieldsInMessage(statusCode: string, message: string): string[] {
  const out: string[] = [];
  if (statusCode === 'REQUIRED_FIELD_MISSING' || FIELD_FIRST_CODES.has(statusCode)) {
    const list = FIELD_LIST.exec(message);
    if (list) {
      out.push(...splitFields(list[1]));
    }
  }
  if (FIELD_FIRST_CODES.has(statusCode)) {
    const first = FIELD_FIRST.exec(message);
    if (first) {
      out.push(first[1]);
    }
  }
  return out;
}

function splitFields(text: string): string[] {
  return text.split(',').map((f) => f.trim()).filter((f) => f !== '');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
