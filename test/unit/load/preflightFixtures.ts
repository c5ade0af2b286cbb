/**
 * Describes in the shape `sobjects/{object}/describe` answers (a subset of the keys each field
 * has), turned into the client's shape by the client's own `normalizeDescribe`.
 */
import { normalizeDescribe } from '../../../src/salesforce/load/describe';
import type { SObjectDescribe } from '../../../src/salesforce/types';

function field(name: string, type: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    aggregatable: true, autoNumber: false, byteLength: 0, calculated: false, caseSensitive: false,
    createable: true, custom: name.endsWith('__c'), defaultValue: null, defaultedOnCreate: false,
    externalId: false, filterable: true, idLookup: false, label: name, length: 0, name, nillable: true,
    picklistValues: [], referenceTo: [], relationshipName: null, restrictedPicklist: false, soapType: 'xsd:string',
    type, unique: false, updateable: true,
    ...extra,
  };
}

const contact = {
  actionOverrides: [], activateable: false, childRelationships: [], createable: true, custom: false,
  deletable: true, keyPrefix: '003', label: 'Contact', name: 'Contact', queryable: true, updateable: true,
  urls: { describe: '/services/data/v60.0/sobjects/Contact/describe' },
  fields: [
    field('Id', 'id', { createable: false, updateable: false, nillable: false, defaultedOnCreate: true, idLookup: true, length: 18 }),
    field('LastName', 'string', { nillable: false, length: 80 }),
    field('FirstName', 'string', { length: 40 }),
    field('Email', 'email', { length: 80, idLookup: true }),
    field('MailingPostalCode', 'string', { length: 20 }),
    field('Phone', 'phone', { length: 40 }),
    field('Legacy_Number__c', 'double', { externalId: true, idLookup: true }),
    field('External_Id__c', 'string', { length: 20, externalId: true, idLookup: true, unique: true }),
    field('Level__c', 'picklist', {
      length: 255, restrictedPicklist: true,
      picklistValues: [
        { active: true, defaultValue: false, label: 'Primary', validFor: null, value: 'Primary' },
        { active: true, defaultValue: false, label: 'Secondary', validFor: null, value: 'Secondary' },
        { active: false, defaultValue: false, label: 'Old', validFor: null, value: 'Old' },
      ],
    }),
    field('AccountId', 'reference', { referenceTo: ['Account'], relationshipName: 'Account', length: 18 }),
    field('OwnerId', 'reference', { referenceTo: ['User'], relationshipName: 'Owner', nillable: false, defaultedOnCreate: true, length: 18 }),
    field('CreatedDate', 'datetime', { createable: false, updateable: false, nillable: false, defaultedOnCreate: true }),
    field('DoNotCall', 'boolean', { nillable: false, defaultedOnCreate: true }),
  ],
};

const account = {
  createable: true, custom: false, deletable: true, keyPrefix: '001', label: 'Account', name: 'Account', updateable: true,
  fields: [
    field('Id', 'id', { createable: false, updateable: false, nillable: false, defaultedOnCreate: true, idLookup: true, length: 18 }),
    field('Name', 'string', { nillable: false, length: 255, idLookup: true }),
    field('Account_Ext__c', 'string', { length: 30, externalId: true, idLookup: true }),
    field('Site', 'string', { length: 80 }),
  ],
};

export const contactDescribe: SObjectDescribe = normalizeDescribe(contact);
export const accountDescribe: SObjectDescribe = normalizeDescribe(account);
export const describes = new Map([['Contact', contactDescribe], ['Account', accountDescribe]]);
