/**
 * What a row's status code means and what usually fixes it: one table, written from Salesforce's own
 * documentation of the codes (each entry keeps the page it was written from in `source`). Plain
 * English, complete sentences (the VS Code layer passes each through `vscode.l10n.t` as it is).
 *
 * An entry's `actionId`, when it has one, names something the extension can do about it (a button);
 * the sentence in `action` says the same in words for places that have no buttons.
 *
 * A code not in the table is said to be unknown rather than guessed at (`describeStatusCode`).
 */

/** Things the extension can offer to do about a cause. */
export type CauseActionId =
  /** Load the failed rows again with Bulk API 1.0 in Serial mode. */
  | 'reloadSerial'
  /** Load the failed rows again in smaller batches. */
  | 'reloadSmallerBatches'
  /** Load the failed rows again as an upsert on an external id field. */
  | 'reloadAsUpsert'
  /** Go to the failed CSV's column that Salesforce named. */
  | 'openColumn'
  /** Open the validation rule the message matches. */
  | 'openValidationRule'
  /** Open the Apex class or trigger at the line of the stack frame. */
  | 'openApex'
  /** Open the flow or process the message names. */
  | 'openFlow';

export interface StatusCodeInfo {
  code: string;
  /** What the code means, one or two plain sentences. */
  meaning: string;
  /** What usually fixes it. */
  action: string;
  actionId?: CauseActionId;
  /** The documentation page the entry was written from. */
  source: string;
}

export interface StatusCodeDescription extends Omit<StatusCodeInfo, 'source'> {
  /** False when Salesforce's documentation does not describe the code (then `source` is absent). */
  known: boolean;
  source?: string;
}

const CORE_DATA_TYPES = 'https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm';
const LOCK_CONTENTION = 'https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/datafiles_organize_data.htm';
const UPSERT = 'https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_upsert.htm';
const DUPLICATE_RULE_HEADER = 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_duplicaterules.htm';
const VALIDATION_RULE = 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_validationformulas.htm';
const APEX_LIMITS = 'https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_gov_limits.htm';
const PROCESS_FAILED = 'https://help.salesforce.com/s/articleView?id=platform.process_troubleshoot_runtime.htm&type=5';
const CONVERTED_LEAD = 'https://help.salesforce.com/s/articleView?id=000384333&type=1';
const PICKLIST = 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_picklist.htm';

/** The table. Codes Bulk loads really meet; sorted by code. */
export const STATUS_CODES: readonly StatusCodeInfo[] = [
  {
    code: 'CANNOT_EXECUTE_FLOW_TRIGGER',
    meaning: 'A flow or process that runs when the record is saved failed, so the record was not saved. The message names the flow or process and gives an error ID.',
    action: 'Open the flow named in the message and fix the element that failed; the error email Salesforce sent to the flow\'s author (found by the error ID) names that element.',
    actionId: 'openFlow',
    source: PROCESS_FAILED,
  },
  {
    code: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
    meaning: 'Something that runs when the record is saved (usually an Apex trigger) failed, so the record was not saved. The message carries the Apex exception and where it was thrown.',
    action: 'Open the Apex class or trigger at the line in the message and fix it. If the exception is a governor limit (for example "Too many SOQL queries: 101"), the trigger is not bulk-safe: load the rows again in smaller batches as a stopgap.',
    actionId: 'openApex',
    source: APEX_LIMITS,
  },
  {
    code: 'CANNOT_UPDATE_CONVERTED_LEAD',
    meaning: 'The row updates or refers to a lead that has already been converted, and a converted lead cannot be changed.',
    action: 'Remove converted leads from the file, or load the data into the account, contact or opportunity the lead was converted to.',
    source: CONVERTED_LEAD,
  },
  {
    code: 'DUPLICATE_EXTERNAL_ID',
    meaning: 'The external ID given in an upsert matches more than one record, so Salesforce cannot tell which one to update.',
    action: 'Make the external ID field unique (clean the records that share the value), or upsert on another field whose values are unique.',
    source: CORE_DATA_TYPES,
  },
  {
    code: 'DUPLICATE_VALUE',
    meaning: 'The row gives a value that another record already has in a field that must be unique.',
    action: 'Upsert on that unique field (an external ID) instead of inserting, so that the existing record is updated, or remove the duplicate rows.',
    actionId: 'reloadAsUpsert',
    source: UPSERT,
  },
  {
    code: 'DUPLICATES_DETECTED',
    meaning: 'A duplicate rule of the org found that the record matches existing records, and the rule blocks the save.',
    action: 'Upsert on an external ID so that existing records are updated instead of created again, or ask an admin to review the duplicate rule (its action on create and edit).',
    actionId: 'reloadAsUpsert',
    source: DUPLICATE_RULE_HEADER,
  },
  {
    code: 'ENTITY_IS_DELETED',
    meaning: 'The row refers to a record that has been deleted.',
    action: 'Restore the record from the Recycle Bin, or correct the id in the row.',
    source: CORE_DATA_TYPES,
  },
  {
    code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
    meaning: 'A validation rule of the object rejected the record; the message is the rule\'s error message.',
    action: 'Correct the rows so that they meet the rule, or ask an admin whether the rule should apply to this load.',
    actionId: 'openValidationRule',
    source: VALIDATION_RULE,
  },
  {
    code: 'FIELD_FILTER_VALIDATION_EXCEPTION',
    meaning: 'A lookup field of the row points to a record that the field\'s lookup filter does not allow.',
    action: 'Correct the lookup values so that they meet the lookup filter.',
    source: CORE_DATA_TYPES,
  },
  {
    code: 'FIELD_INTEGRITY_EXCEPTION',
    meaning: 'A field value is not valid for the record, for example a reference to a record of the wrong type or a value the field cannot take.',
    action: 'Correct the value of the field named in the message.',
    actionId: 'openColumn',
    source: CORE_DATA_TYPES,
  },
  {
    code: 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
    meaning: 'Saving the record affects a related record that the loading user has no permission on.',
    action: 'Give the loading user access to the related records (sharing or permissions), or load as a user who has it.',
    source: CORE_DATA_TYPES,
  },
  {
    code: 'INSUFFICIENT_ACCESS_OR_READONLY',
    meaning: 'The loading user does not have the permission this change needs.',
    action: 'Give the loading user edit access to these records and fields, or load as a user who has it.',
    source: CORE_DATA_TYPES,
  },
  {
    code: 'INVALID_CROSS_REFERENCE_KEY',
    meaning: 'A relationship field of the row holds an id that is not valid: the record does not exist, or is not of the expected type.',
    action: 'Correct the ids in the relationship columns (ids from another org, for example a sandbox, do not work).',
    actionId: 'openColumn',
    source: CORE_DATA_TYPES,
  },
  {
    code: 'INVALID_EMAIL_ADDRESS',
    meaning: 'An email field holds a value that is not a valid email address.',
    action: 'Correct the email addresses in the column named in the message.',
    actionId: 'openColumn',
    source: CORE_DATA_TYPES,
  },
  {
    code: 'INVALID_FIELD',
    meaning: 'The file names a field that the object does not have, or that cannot be used this way.',
    action: 'Correct the column header so that it is the field\'s API name.',
    source: CORE_DATA_TYPES,
  },
  {
    code: 'INVALID_FIELD_FOR_INSERT_UPDATE',
    meaning: 'The row sets a field that cannot be set by this operation.',
    action: 'Remove the column from the file, or use an operation that allows it.',
    source: CORE_DATA_TYPES,
  },
  {
    code: 'INVALID_ID_FIELD',
    meaning: 'The id field (or an owner or cross-reference id) of the row is not valid.',
    action: 'Correct the ids in the row.',
    source: CORE_DATA_TYPES,
  },
  {
    code: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
    meaning: 'A restricted picklist field got a value that is not one of its values (or no value), and only an admin can add values to a restricted picklist.',
    action: 'Use one of the picklist\'s values in the column named in the message, or ask an admin to add the value.',
    actionId: 'openColumn',
    source: PICKLIST,
  },
  {
    code: 'INVALID_TYPE_ON_FIELD_IN_RECORD',
    meaning: 'A value is not valid for the field\'s type, for example text in a number or date field.',
    action: 'Correct the values of the column named in the message to the field\'s type.',
    actionId: 'openColumn',
    source: CORE_DATA_TYPES,
  },
  {
    code: 'MALFORMED_ID',
    meaning: 'A value that should be a Salesforce id is not one: an id has 15 characters, or 18 with its case-safe suffix.',
    action: 'Correct the id values in the row.',
    actionId: 'openColumn',
    source: CORE_DATA_TYPES,
  },
  {
    code: 'NUMBER_OUTSIDE_VALID_RANGE',
    meaning: 'A number is outside the range of values the field allows.',
    action: 'Correct the numbers in the column named in the message so that they fit the field\'s length and decimal places.',
    actionId: 'openColumn',
    source: CORE_DATA_TYPES,
  },
  {
    code: 'REQUIRED_FIELD_MISSING',
    meaning: 'A field that the record needs was not given a value.',
    action: 'Fill in the fields named in the message (add the column if the file does not have it).',
    actionId: 'openColumn',
    source: CORE_DATA_TYPES,
  },
  {
    code: 'STORAGE_LIMIT_EXCEEDED',
    meaning: 'The org has used up its data storage, so no more records can be created.',
    action: 'Free storage (delete or archive records) or buy more, then load the rows again.',
    source: CORE_DATA_TYPES,
  },
  {
    code: 'STRING_TOO_LONG',
    meaning: 'A text value is longer than the field allows.',
    action: 'Shorten the values in the column named in the message to the field\'s maximum length.',
    actionId: 'openColumn',
    source: UPSERT,
  },
  {
    code: 'UNABLE_TO_LOCK_ROW',
    meaning: 'Salesforce could not lock a record in time, usually because batches running in parallel changed records with the same parent. The whole batch fails, and the message names the records it could not lock.',
    action: 'Load the failed rows again in Serial mode (Bulk API 1.0), or sort the file by the parent record so that children of one parent are in the same batch.',
    actionId: 'reloadSerial',
    source: LOCK_CONTENTION,
  },
];

/** Governor limits a trigger meets in a bulk load, by the start of `System.LimitException`'s text. */
export interface ApexLimitInfo {
  /** The start of the limit's text, as Salesforce writes it (`Too many SOQL queries`). */
  prefix: string;
  meaning: string;
  action: string;
  actionId: CauseActionId;
  source: string;
}

export const APEX_LIMITS_ADVICE: readonly ApexLimitInfo[] = [
  {
    prefix: 'Too many SOQL queries',
    meaning: 'The Apex that ran on save made more SOQL queries than one transaction allows (100), usually a query inside a loop: the trigger is not bulk-safe.',
    action: 'Load the rows again in smaller batches as a stopgap, and move the queries out of the loops in the trigger.',
    actionId: 'reloadSmallerBatches',
    source: APEX_LIMITS,
  },
  {
    prefix: 'Too many DML statements',
    meaning: 'The Apex that ran on save made more DML statements than one transaction allows (150), usually a DML statement inside a loop: the trigger is not bulk-safe.',
    action: 'Load the rows again in smaller batches as a stopgap, and collect the records to save into lists outside the loops in the trigger.',
    actionId: 'reloadSmallerBatches',
    source: APEX_LIMITS,
  },
  {
    prefix: 'Too many query rows',
    meaning: 'The Apex that ran on save read more records with SOQL than one transaction allows (50,000).',
    action: 'Load the rows again in smaller batches as a stopgap, and make the trigger\'s queries more selective.',
    actionId: 'reloadSmallerBatches',
    source: APEX_LIMITS,
  },
  {
    prefix: 'Too many DML rows',
    meaning: 'The Apex that ran on save changed more records than one transaction allows (10,000).',
    action: 'Load the rows again in smaller batches as a stopgap, and reduce the records the trigger changes.',
    actionId: 'reloadSmallerBatches',
    source: APEX_LIMITS,
  },
  {
    prefix: 'Apex CPU time limit exceeded',
    meaning: 'The Apex that ran on save used more CPU time than one transaction allows.',
    action: 'Load the rows again in smaller batches as a stopgap, and make the trigger do less work per record.',
    actionId: 'reloadSmallerBatches',
    source: APEX_LIMITS,
  },
];

/** The table's entry for `code`, or an answer that says Salesforce's documentation does not describe it. */
export function describeStatusCode(code: string): StatusCodeDescription {
  const wanted = code.trim().toUpperCase();
  const entry = STATUS_CODES.find((e) => e.code === wanted);
  if (entry !== undefined) {
    return { ...entry, known: true };
  }
  return {
    code,
    known: false,
    meaning: 'Salesforce\'s documentation does not describe this code, so its meaning is not known here.',
    action: 'Read the message that came with the code; it is Salesforce\'s own explanation of this failure.',
  };
}

/** Advice for a `System.LimitException`'s text (`Too many DML statements: 151`), when it is a limit the table knows. */
export function describeApexLimit(limitText: string): ApexLimitInfo | undefined {
  const text = limitText.trim().toLowerCase();
  return APEX_LIMITS_ADVICE.find((l) => text.startsWith(l.prefix.toLowerCase()));
}
