/**
 * `sobjects/{object}/describe` and the `Organization` record, normalised: only the keys the load
 * and its preflight use, with Salesforce's types checked (a body of another shape is
 * `unexpectedResponse`, see `Transport.shape`).
 */
import { BulkApiError } from '../errors';
import { toBoolean, toNumber } from '../normalize';
import type { OrgIdentity, SObjectDescribe, SObjectField } from '../types';
import { isRecord } from '../../util/json';

function shapeError(what: string): BulkApiError {
  return new BulkApiError({ kind: 'unexpectedResponse', message: `The ${what} has an unexpected shape` });
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function flag(v: unknown): boolean {
  return toBoolean(v) ?? false;
}

function normalizeField(raw: unknown): SObjectField {
  if (!isRecord(raw) || typeof raw.name !== 'string' || typeof raw.type !== 'string') {
    throw shapeError('describe of a field');
  }
  const picklist = Array.isArray(raw.picklistValues) ? raw.picklistValues.filter(isRecord) : [];
  return {
    name: raw.name,
    label: text(raw.label),
    type: raw.type,
    length: toNumber(raw.length) ?? 0,
    nillable: flag(raw.nillable),
    defaultedOnCreate: flag(raw.defaultedOnCreate),
    createable: flag(raw.createable),
    updateable: flag(raw.updateable),
    externalId: flag(raw.externalId),
    idLookup: flag(raw.idLookup),
    unique: flag(raw.unique),
    restrictedPicklist: flag(raw.restrictedPicklist),
    picklistValues: picklist.filter((p) => typeof p.value === 'string').map((p) => ({ value: p.value as string, active: toBoolean(p.active) ?? true })),
    relationshipName: text(raw.relationshipName),
    referenceTo: Array.isArray(raw.referenceTo) ? raw.referenceTo.filter((r): r is string => typeof r === 'string') : [],
  };
}

export function normalizeDescribe(raw: unknown): SObjectDescribe {
  if (!isRecord(raw) || typeof raw.name !== 'string' || !Array.isArray(raw.fields)) {
    throw shapeError('object describe');
  }
  return {
    name: raw.name,
    label: text(raw.label),
    custom: flag(raw.custom),
    keyPrefix: text(raw.keyPrefix),
    createable: flag(raw.createable),
    updateable: flag(raw.updateable),
    deletable: flag(raw.deletable),
    fields: raw.fields.map(normalizeField),
  };
}

/** The one record of `SELECT Name, IsSandbox, OrganizationType, InstanceName FROM Organization`. */
export function normalizeOrgIdentity(raw: unknown): OrgIdentity {
  const record = isRecord(raw) && Array.isArray(raw.records) ? raw.records[0] : undefined;
  const isSandbox = isRecord(record) ? toBoolean(record.IsSandbox) : undefined;
  if (!isRecord(record) || isSandbox === undefined) {
    throw shapeError('Organization record');
  }
  return {
    name: typeof record.Name === 'string' ? record.Name : '',
    isSandbox,
    organizationType: typeof record.OrganizationType === 'string' ? record.OrganizationType : '',
    instanceName: typeof record.InstanceName === 'string' ? record.InstanceName : '',
  };
}
