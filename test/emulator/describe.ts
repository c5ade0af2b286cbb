/**
 * The seeded objects' describes (`GET /services/data/vXX.X/sobjects/{object}/describe`), in the
 * shape Salesforce answers (a subset of each field's keys: the ones loads are checked against),
 * and the rules an upload is held to (see upload.ts): required, length, restricted picklists,
 * external ids. Account, Contact and a custom object with an external id, `Shipment__c`.
 */
import { jsonReply, Reply, restError } from './reply';

export interface FieldInit {
  name: string;
  type: 'id' | 'string' | 'textarea' | 'picklist' | 'reference' | 'email' | 'phone' | 'double' | 'boolean' | 'date';
  length?: number;
  /** Not nillable and not defaulted: a required field. */
  required?: boolean;
  defaulted?: boolean;
  createable?: boolean;
  updateable?: boolean;
  externalId?: boolean;
  unique?: boolean;
  picklist?: string[];
  restricted?: boolean;
  relationshipName?: string;
  referenceTo?: string[];
}

export interface ObjectInit {
  name: string;
  label: string;
  keyPrefix: string;
  custom: boolean;
  fields: FieldInit[];
}

const ID: FieldInit = { name: 'Id', type: 'id', length: 18, defaulted: true, createable: false, updateable: false };
const OWNER: FieldInit = { name: 'OwnerId', type: 'reference', length: 18, defaulted: true, relationshipName: 'Owner', referenceTo: ['User'] };

export const SEEDED_OBJECTS: readonly ObjectInit[] = [
  {
    name: 'Account', label: 'Account', keyPrefix: '001', custom: false,
    fields: [
      ID, OWNER,
      { name: 'Name', type: 'string', length: 255, required: true },
      { name: 'AccountNumber', type: 'string', length: 40 },
      { name: 'Phone', type: 'phone', length: 40 },
      { name: 'Description', type: 'textarea', length: 32000 },
      { name: 'Industry', type: 'picklist', length: 255, picklist: ['Agriculture', 'Banking', 'Energy', 'Retail', 'Technology'] },
      { name: 'Tier__c', type: 'picklist', length: 255, picklist: ['Gold', 'Silver', 'Bronze'], restricted: true },
      { name: 'ParentId', type: 'reference', length: 18, relationshipName: 'Parent', referenceTo: ['Account'] },
      { name: 'External_Id__c', type: 'string', length: 50, externalId: true, unique: true },
      { name: 'CreatedDate', type: 'date', defaulted: true, createable: false, updateable: false },
    ],
  },
  {
    name: 'Contact', label: 'Contact', keyPrefix: '003', custom: false,
    fields: [
      ID, OWNER,
      { name: 'LastName', type: 'string', length: 80, required: true },
      { name: 'FirstName', type: 'string', length: 40 },
      { name: 'Email', type: 'email', length: 80 },
      { name: 'Title', type: 'string', length: 128 },
      { name: 'AccountId', type: 'reference', length: 18, relationshipName: 'Account', referenceTo: ['Account'] },
      { name: 'External_Id__c', type: 'string', length: 50, externalId: true, unique: true },
    ],
  },
  {
    name: 'Shipment__c', label: 'Shipment', keyPrefix: 'a01', custom: true,
    fields: [
      ID, OWNER,
      { name: 'Name', type: 'string', length: 80, defaulted: true, createable: false, updateable: false },
      { name: 'Tracking_Number__c', type: 'string', length: 30, required: true, externalId: true, unique: true },
      { name: 'Status__c', type: 'picklist', length: 255, picklist: ['Planned', 'Shipped', 'Delivered'], restricted: true },
      { name: 'Weight__c', type: 'double' },
      { name: 'Account__c', type: 'reference', length: 18, relationshipName: 'Account__r', referenceTo: ['Account'] },
    ],
  },
];

/** A seeded object by its API name (case-insensitive, as Salesforce resolves them). */
export function findObject(name: string): ObjectInit | undefined {
  const lower = name.toLowerCase();
  return SEEDED_OBJECTS.find((o) => o.name.toLowerCase() === lower);
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

function fieldJson(f: FieldInit): Record<string, Json> {
  const isId = f.type === 'id';
  const createable = f.createable ?? !isId;
  const required = f.required === true;
  return {
    name: f.name,
    label: f.name.replace(/__c$/, '').replace(/_/g, ' '),
    type: f.type,
    soapType: f.type === 'double' ? 'xsd:double' : f.type === 'boolean' ? 'xsd:boolean' : f.type === 'id' || f.type === 'reference' ? 'tns:ID' : 'xsd:string',
    length: f.type === 'double' || f.type === 'boolean' || f.type === 'date' ? 0 : f.length ?? 255,
    byteLength: (f.length ?? 0) * 3,
    precision: f.type === 'double' ? 18 : 0,
    scale: f.type === 'double' ? 2 : 0,
    nillable: !required && !isId && f.type !== 'boolean',
    defaultedOnCreate: f.defaulted === true || isId,
    createable,
    updateable: f.updateable ?? !isId,
    custom: f.name.endsWith('__c'),
    calculated: false,
    autoNumber: false,
    externalId: f.externalId === true,
    idLookup: isId || f.externalId === true || f.name === 'Name',
    unique: f.unique === true,
    caseSensitive: false,
    restrictedPicklist: f.restricted === true,
    picklistValues: (f.picklist ?? []).map((value, k) => ({ active: true, defaultValue: k === 0 && f.restricted === true, label: value, validFor: null, value })),
    relationshipName: f.relationshipName ?? null,
    referenceTo: f.referenceTo ?? [],
  };
}

/** `GET sobjects/{object}/describe`; an unknown object is 404 NOT_FOUND as Salesforce answers it. */
export function describeReply(objectName: string, version: string): Reply {
  const o = findObject(objectName);
  if (o === undefined) {
    return restError(404, 'NOT_FOUND', `The requested resource does not exist`);
  }
  const base = `/services/data/v${version}/sobjects/${o.name}`;
  return jsonReply({
    name: o.name,
    label: o.label,
    labelPlural: `${o.label}s`,
    keyPrefix: o.keyPrefix,
    custom: o.custom,
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    fields: o.fields.map(fieldJson),
    urls: { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` },
  });
}
