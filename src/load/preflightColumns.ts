/**
 * The header half of the preflight (`preflight.ts`): what each column of the file is for the
 * operation, from the describes. Problems with the columns themselves (not a field, not writable,
 * a relationship that does not resolve, a missing Id or external id column) are reported here, at
 * the header cell; what each row must satisfy comes back as one rule per column. It also holds the
 * words both halves report in (the spec, a finding and its kinds), so that imports run one way:
 * `preflight.ts` → here.
 */
import type { LoadOperation, SObjectDescribe, SObjectField } from '../salesforce/types';
import type { Translate } from '../job/format';
import { isResultColumn } from '../salesforce/results/resultColumns';

export type FindingKind =
  | 'unknownColumn' | 'notWritable' | 'externalId' | 'missingId' | 'relationship' | 'missingRequiredColumn'
  | 'columnCount' | 'requiredEmpty' | 'tooLong' | 'badPicklist' | 'emptyId' | 'excel' | 'csv';

export interface Finding {
  line: number;
  column: number;
  /** Characters the finding covers on its line (0 for an empty value). */
  length: number;
  /** `error`: Salesforce would reject the job or the row; `warning`: worth a look. */
  severity: 'error' | 'warning';
  kind: FindingKind;
  message: string;
}

export interface PreflightSpec {
  object: string;
  operation: LoadOperation;
  externalIdFieldName?: string;
}

/** `Account.External_Id__c` or, for a polymorphic field, `Account:Owner.External_Id__c`. */
export function parseRelationship(column: string): { type?: string; relationship: string; field: string } | undefined {
  const m = /^(?:([A-Za-z0-9_]+):)?([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)$/.exec(column);
  return m ? { type: m[1], relationship: m[2], field: m[3] } : undefined;
}

export interface ColumnRule {
  /** The field's name as the describe spells it. */
  name: string;
  /** The message for an empty value when the field must have one. */
  required?: string;
  isId?: boolean;
  maxLength?: number;
  /** Active values of a restricted picklist. */
  picklist?: Set<string>;
  multi?: boolean;
  /** A few of the allowed values, for the message. */
  picklistHint?: string;
  /** Values Excel may have reformatted (see `excelDamage` in preflight.ts): an id, or text that looks like a number. */
  excel?: 'id' | 'text';
}

export interface FindingSink {
  add(f: Finding): void;
  count(kind: FindingKind): void;
}

const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url', 'encryptedstring', 'combobox', 'picklist', 'multipicklist']);

/** Text Excel turns into a number when it looks like one (codes, phone numbers, external ids). */
const EXCEL_TEXT_TYPES = new Set(['string', 'phone', 'textarea', 'encryptedstring', 'combobox']);

function byName(describe: SObjectDescribe | undefined): Map<string, SObjectField> {
  return new Map((describe?.fields ?? []).map((f) => [f.name.toLowerCase(), f]));
}

/** Rules per column (undefined for a column that is not checked row by row). */
export function columnRules(
  header: readonly string[],
  starts: readonly number[],
  spec: PreflightSpec,
  describes: ReadonlyMap<string, SObjectDescribe>,
  t: Translate,
  sink: FindingSink,
): Array<ColumnRule | undefined> {
  const describe = describes.get(spec.object);
  const fields = byName(describe);
  const op = spec.operation;
  const deleting = op === 'delete' || op === 'hardDelete';
  const report = (kind: FindingKind, k: number, message: string, severity: Finding['severity'] = 'error'): void => {
    sink.count(kind);
    sink.add({ line: starts[2 * k] ?? 1, column: starts[2 * k + 1] ?? 1, length: header[k]?.length ?? 0, severity, kind, message });
  };
  const whole = (kind: FindingKind, message: string, severity: Finding['severity'] = 'error'): void => {
    sink.count(kind);
    sink.add({ line: 1, column: 1, length: 0, severity, kind, message });
  };
  const mayWrite = (f: SObjectField): boolean =>
    op === 'insert' ? f.createable : op === 'update' ? f.updateable : f.createable && f.updateable;
  const lower = header.map((h) => h.toLowerCase());
  const idIndex = lower.indexOf('id');
  const needsId = op === 'update' || deleting || (op === 'upsert' && spec.externalIdFieldName?.toLowerCase() === 'id');
  if (needsId && idIndex < 0) {
    whole('missingId', t('A {0} needs an Id column with the records\' Ids: add it.', op));
  }
  if (op === 'upsert') {
    const ext = spec.externalIdFieldName ?? '';
    const f = fields.get(ext.toLowerCase());
    if (!f || !(f.externalId || f.idLookup)) {
      whole('externalId', t('{0} is not an external id field of {1}: choose a field marked External ID (or Id).', ext, spec.object));
    } else if (!lower.includes(ext.toLowerCase())) {
      whole('externalId', t('The file has no {0} column, which the upsert matches records on: add it or choose another external id field.', ext));
    }
  }
  const rules = header.map((name, k): ColumnRule | undefined => {
    if (isResultColumn(name)) return undefined;
    if (k === idIndex) {
      if (op === 'insert') {
        report('notWritable', k, t('An insert cannot set Id: remove the column, or choose update or upsert.'));
        return undefined;
      }
      return needsId ? { name: 'Id', isId: true, excel: 'id', required: t('The Id is empty: fill in the record\'s Id.') } : undefined;
    }
    if (deleting) {
      report('notWritable', k, t('A {0} sends only Id: remove the column {1}.', op, name));
      return undefined;
    }
    const ref = parseRelationship(name);
    if (ref) {
      relationshipColumn(name, ref, k);
      return undefined;
    }
    const f = fields.get(name.toLowerCase());
    if (!f) {
      report('unknownColumn', k, t('{0} is not a field of {1}: correct the column name or remove the column.', name, spec.object));
      return undefined;
    }
    if (!mayWrite(f)) {
      report('notWritable', k, t('{0} cannot be set by an {1} (Salesforce calculates it or it is read-only): remove the column.', f.name, op));
      return undefined;
    }
    return fieldRule(f);
  });
  if (op === 'insert' || op === 'upsert') {
    for (const f of fields.values()) {
      if (isRequired(f) && !lower.includes(f.name.toLowerCase())) {
        whole('missingRequiredColumn', t('{0} is required on {1} but the file has no such column: add it.', f.name, spec.object), op === 'insert' ? 'error' : 'warning');
      }
    }
  }
  return rules;

  function relationshipColumn(name: string, ref: { type?: string; relationship: string; field: string }, k: number): void {
    const f = [...fields.values()].find((x) => x.relationshipName?.toLowerCase() === ref.relationship.toLowerCase());
    if (!f) {
      report('relationship', k, t('{0} has no relationship {1}: use the relationship name (Account for AccountId, Parent__r for Parent__c).', spec.object, ref.relationship));
      return;
    }
    if (!mayWrite(f)) {
      report('notWritable', k, t('{0} cannot be set by an {1}: remove the column.', f.name, op));
      return;
    }
    const target = ref.type ?? (f.referenceTo.length === 1 ? f.referenceTo[0] : undefined);
    if (!target || !f.referenceTo.some((r) => r.toLowerCase() === target.toLowerCase())) {
      report('relationship', k, t('{0} can point to {1}: name the object as Type:{2}.{3}.', f.name, f.referenceTo.join(', '), ref.relationship, ref.field));
      return;
    }
    const targetDescribe = describes.get(target);
    if (!targetDescribe) {
      report('relationship', k, t('{0} could not be checked: the describe of {1} is not available.', name, target), 'warning');
      return;
    }
    const tf = byName(targetDescribe).get(ref.field.toLowerCase());
    if (!tf || !(tf.externalId || tf.idLookup)) {
      report('relationship', k, t('{0} is not an external id field of {1}: use a field marked External ID on {1}.', ref.field, target));
    }
  }

  function fieldRule(f: SObjectField): ColumnRule {
    const rule: ColumnRule = { name: f.name };
    if ((op === 'insert' || op === 'upsert') && isRequired(f)) {
      rule.required = t('{0} is required: fill in a value.', f.name);
    }
    if (TEXT_TYPES.has(f.type) && f.length > 0) rule.maxLength = f.length;
    if (f.type === 'id' || f.type === 'reference') rule.excel = 'id';
    else if (EXCEL_TEXT_TYPES.has(f.type) || f.externalId) rule.excel = 'text';
    if (f.restrictedPicklist && (f.type === 'picklist' || f.type === 'multipicklist')) {
      const active = f.picklistValues.filter((p) => p.active).map((p) => p.value);
      rule.picklist = new Set(active);
      rule.multi = f.type === 'multipicklist';
      rule.picklistHint = active.slice(0, 5).join(', ') + (active.length > 5 ? ', …' : '');
    }
    return rule;
  }
}

/** Salesforce wants a value on create: not nillable, no default, createable. */
function isRequired(f: SObjectField): boolean {
  return f.createable && !f.nillable && !f.defaultedOnCreate;
}
