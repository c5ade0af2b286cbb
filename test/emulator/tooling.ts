/**
 * The org's metadata behind the `causes` failures (rows.ts `CAUSE_ERRORS`), and the queries that read it:
 * - `GET /services/data/vXX.X/tooling/query?q=` for `ValidationRule`, `ApexClass`, `ApexTrigger` and
 *   `FlowDefinition` (Tooling API; its QueryResult: `size`, `totalSize`, `done`, `queryLocator`,
 *   `entityTypeName`, `records`);
 * - `GET /services/data/vXX.X/query?q=` for `FlowDefinitionView` (an object of the REST API, not of the
 *   Tooling API: https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_flowdefinitionview.htm).
 * The session is checked before (server.ts), as for every `/services/data` call.
 *
 * Queries: `SELECT f, g.h FROM X [WHERE F = 'v' [AND G = null|true|false|'w' …]]`, keywords in any
 * case, `\'`-escaped literals, text compared without case (as SOQL does). Anything else about those
 * objects is a 400 `MALFORMED_QUERY` (a real org would take more: LIMIT, ORDER BY, OR, IN …), a field
 * the object does not have is 400 `INVALID_FIELD`, and `Metadata` or `FullName` over more than one row
 * is 400 `MALFORMED_QUERY` ("Query this field only if the query result contains no more than one record":
 * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_validationrule.htm).
 * Fields (ValidationRule: Active, Description, EntityDefinition, EntityDefinitionId, ErrorDisplayField,
 * ErrorMessage, FullName, Metadata {errorConditionFormula …}, ValidationName; ApexTrigger: TableEnumOrId,
 * the object's name, or the custom object's 01I id; FlowDefinitionView: ApiName, Label, ProcessType,
 * ActiveVersionId, DurableId …) as the Tooling API reference and the object reference list them.
 * A managed class's `Body` is `(hidden)`, as an org shows installed package code.
 * Bodies of unmanaged code are the sample workspace's files (test/fixtures/sfdx-workspace), so the
 * org and the workspace agree line for line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeId } from './ids';
import type { JobStore } from './jobs';
import { jsonReply, Reply, restError } from './reply';
import { SEED_USERS } from './users';

type Value = string | number | boolean | null | { [key: string]: Value };

/** Where the sample SFDX workspace is (the emulator runs from out/test/emulator, the fixture stays in the source tree). */
export const SFDX_WORKSPACE_FIXTURE = [path.resolve(__dirname, '../fixtures/sfdx-workspace'), path.resolve(__dirname, '../../../test/fixtures/sfdx-workspace')]
  .find((p) => fs.existsSync(p)) ?? path.resolve(__dirname, '../../../test/fixtures/sfdx-workspace');

function fixture(relative: string): string {
  return fs.readFileSync(path.join(SFDX_WORKSPACE_FIXTURE, relative), 'utf8');
}

/** The custom object of BTProjectTrigger: a trigger's TableEnumOrId is the custom object's id, not its name. */
export const BT_PROJECT_OBJECT_ID = makeId('01I', 'TL', 1);

/** Ids of the seeded metadata, for tests. */
export const TOOLING_IDS = {
  requireIndustry: makeId('03d', 'TL', 1),
  billingCityRequired: makeId('03d', 'TL', 2),
  legacyPhoneFormat: makeId('03d', 'TL', 3),
  emailForPortal: makeId('03d', 'TL', 4),
  accountService: makeId('01p', 'TL', 1),
  acmeGeoService: makeId('01p', 'TL', 2),
  acmeAccountService: makeId('01p', 'TL', 3),
  accountTrigger: makeId('01q', 'TL', 1),
  btProjectTrigger: makeId('01q', 'TL', 2),
  accountAfterSave: makeId('300', 'TL', 1),
  accountAfterSaveOld: makeId('300', 'TL', 2),
  accountAfterSaveVersion: makeId('301', 'TL', 3),
  accountAfterSaveOldVersion: makeId('301', 'TL', 1),
} as const;

interface Row {
  id: string;
  fields: Record<string, Value>;
  /** Relationship fields: `EntityDefinition` → its type and fields. */
  related?: Record<string, { type: string; id: string; fields: Record<string, Value> }>;
}

interface Entity {
  name: string;
  tooling: boolean;
  /** Fields that may only be read one row at a time. */
  oneRow: string[];
  rows: () => Row[];
}

function validationRule(id: string, object: string, name: string, active: boolean, errorMessage: string, errorDisplayField: string | null, formula: string, description: string | null): Row {
  return {
    id,
    fields: {
      Id: id, ValidationName: name, Active: active, Description: description, EntityDefinitionId: object, ErrorDisplayField: errorDisplayField,
      ErrorMessage: errorMessage, FullName: `${object}.${name}`, NamespacePrefix: null, ManageableState: 'unmanaged',
      Metadata: { active, description, errorConditionFormula: formula, errorDisplayField, errorMessage, shouldEvaluateOnClient: null, urls: null },
    },
    related: { EntityDefinition: { type: 'EntityDefinition', id: object, fields: { QualifiedApiName: object, DeveloperName: object.replace(/__c$/, '') } } },
  };
}

function apex(id: string, name: string, namespace: string | null, body: string, extra: Record<string, Value>): Row {
  return { id, fields: { Id: id, Name: name, NamespacePrefix: namespace, Body: body, ApiVersion: 64, Status: 'Active', IsValid: true, LengthWithoutComments: body.length, ...extra } };
}

function trigger(id: string, name: string, table: string, body: string, events: string[]): Row {
  const usage = (e: string) => events.includes(e);
  return apex(id, name, null, body, {
    TableEnumOrId: table, EntityDefinitionId: table, UsageBeforeInsert: usage('before insert'), UsageAfterInsert: usage('after insert'),
    UsageBeforeUpdate: usage('before update'), UsageAfterUpdate: usage('after update'), UsageBeforeDelete: false, UsageAfterDelete: false,
    UsageAfterUndelete: false, UsageIsBulk: true,
  });
}

function flow(id: string, apiName: string, label: string, activeVersionId: string | null, latestVersionId: string, description: string): { view: Row; definition: Row } {
  return {
    view: {
      id,
      fields: {
        DurableId: id, ApiName: apiName, Label: label, ProcessType: 'AutoLaunchedFlow', TriggerType: 'RecordAfterSave', ActiveVersionId: activeVersionId,
        LatestVersionId: latestVersionId, IsActive: activeVersionId !== null, NamespacePrefix: null, Description: description, ManageableState: 'unmanaged',
      },
    },
    definition: {
      id,
      fields: {
        Id: id, DeveloperName: apiName, MasterLabel: label, ActiveVersionId: activeVersionId, LatestVersionId: latestVersionId, NamespacePrefix: null,
        Description: description, ManageableState: 'unmanaged', FullName: apiName, Metadata: { activeVersionNumber: activeVersionId === null ? null : 3, description, masterLabel: label, urls: null },
      },
    },
  };
}

const INDUSTRY_FORMULA = "AND(ISPICKVAL(Type, 'Customer'), ISBLANK(TEXT(Industry)))";

function seedRows(): Record<string, Entity> {
  const flows = [
    flow(TOOLING_IDS.accountAfterSave, 'Account_After_Save', 'Account After Save', TOOLING_IDS.accountAfterSaveVersion, TOOLING_IDS.accountAfterSaveVersion,
      'After an Account is saved, opens a welcome call task for the owner of a new customer.'),
    // A copy kept inactive: labels are not unique.
    flow(TOOLING_IDS.accountAfterSaveOld, 'Account_After_Save_Old', 'Account After Save', null, TOOLING_IDS.accountAfterSaveOldVersion, 'Before the 2025 rework.'),
  ];
  const rows: Record<string, Row[]> = {
    ValidationRule: [
      validationRule(TOOLING_IDS.requireIndustry, 'Account', 'Require_Industry', true, 'Industry is required for customers', 'Industry', INDUSTRY_FORMULA,
        'Customers need an industry for the segment reports.'),
      validationRule(TOOLING_IDS.billingCityRequired, 'Account', 'Billing_City_Required', true, 'Billing city is required for customers, please fill it in', null,
        "AND(ISPICKVAL(Type, 'Customer'), ISBLANK(BillingCity))", null),
      validationRule(TOOLING_IDS.legacyPhoneFormat, 'Account', 'Legacy_Phone_Format', false, 'Phone must be in the format (999) 999-9999', 'Phone',
        'NOT(REGEX(Phone, "\\\\(\\\\d{3}\\\\) \\\\d{3}-\\\\d{4}"))', 'Replaced by the phone field formatting.'),
      validationRule(TOOLING_IDS.emailForPortal, 'Contact', 'Email_Required_For_Portal', true, 'Email is required for portal users', 'Email',
        'AND(Portal_User__c, ISBLANK(Email))', null),
    ],
    ApexClass: [
      apex(TOOLING_IDS.accountService, 'AccountService', null, fixture('force-app/main/default/classes/AccountService.cls'), {}),
      apex(TOOLING_IDS.acmeGeoService, 'GeoService', 'acme', '(hidden)', {}),
      apex(TOOLING_IDS.acmeAccountService, 'AccountService', 'acme', '(hidden)', {}),
    ],
    ApexTrigger: [
      trigger(TOOLING_IDS.accountTrigger, 'AccountTrigger', 'Account', fixture('force-app/main/default/triggers/AccountTrigger.trigger'), ['before insert', 'before update']),
      trigger(TOOLING_IDS.btProjectTrigger, 'BTProjectTrigger', BT_PROJECT_OBJECT_ID, fixture('unpackaged/triggers/BTProjectTrigger.trigger'), ['after insert', 'after update']),
    ],
    FlowDefinition: flows.map((f) => f.definition),
    FlowDefinitionView: flows.map((f) => f.view),
  };
  const entity = (name: string, tooling: boolean, oneRow: string[] = []): Entity => ({ name, tooling, oneRow, rows: () => rows[name] });
  return {
    validationrule: entity('ValidationRule', true, ['Metadata', 'FullName']),
    apexclass: entity('ApexClass', true),
    apextrigger: entity('ApexTrigger', true),
    flowdefinition: entity('FlowDefinition', true, ['Metadata', 'FullName']),
    flowdefinitionview: entity('FlowDefinitionView', false),
  };
}

let seeded: Record<string, Entity> | undefined;

function entities(): Record<string, Entity> {
  seeded ??= seedRows();
  return seeded;
}

/** The objects answered here (lower case) on the Tooling API (`tooling`) or the REST API. */
export function answersQueryOf(object: string, tooling: boolean): boolean {
  const e = entities()[object.toLowerCase()];
  return e !== undefined && e.tooling === tooling;
}

// ---------------------------------------------------------------------------------------------
// The query shapes

interface Token {
  kind: 'word' | 'string' | 'comma' | 'eq' | 'other';
  text: string;
  /** 1-based column, for Salesforce's "ERROR at Row:1:Column:N". */
  col: number;
  value?: string;
}

function tokens(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === ',') {
      out.push({ kind: 'comma', text: c, col: i + 1 });
      i++;
    } else if (c === '=') {
      out.push({ kind: 'eq', text: c, col: i + 1 });
      i++;
    } else if (c === "'") {
      const start = i;
      let value = '';
      i++;
      for (; i < q.length && q[i] !== "'"; i++) {
        if (q[i] === '\\' && i + 1 < q.length) {
          const e = q[++i];
          value += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'f' ? '\f' : e;
        } else {
          value += q[i];
        }
      }
      if (i >= q.length) {
        out.push({ kind: 'other', text: q.slice(start), col: start + 1 });
        break;
      }
      i++;
      out.push({ kind: 'string', text: q.slice(start, i), col: start + 1, value });
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][\w.]*/.exec(q.slice(i)) as RegExpExecArray;
      out.push({ kind: 'word', text: m[0], col: i + 1 });
      i += m[0].length;
    } else {
      const m = /^\S+/.exec(q.slice(i)) as RegExpExecArray;
      out.push({ kind: 'other', text: m[0], col: i + 1 });
      i += m[0].length;
    }
  }
  return out;
}

interface Query {
  fields: Token[];
  object: Token;
  where: Array<{ field: Token; value: string | boolean | null }>;
}

class Malformed extends Error {
  constructor(readonly token: Token | undefined) {
    super('malformed');
  }
}

function parse(q: string): Query {
  const t = tokens(q);
  let k = 0;
  const next = (): Token | undefined => t[k++];
  const keyword = (word: string) => {
    const tok = next();
    if (tok?.kind !== 'word' || tok.text.toUpperCase() !== word) {
      throw new Malformed(tok);
    }
  };
  keyword('SELECT');
  const fields: Token[] = [];
  for (;;) {
    const f = next();
    if (f?.kind !== 'word' || f.text.toUpperCase() === 'FROM') {
      throw new Malformed(f);
    }
    fields.push(f);
    if (t[k]?.kind === 'comma') {
      k++;
      continue;
    }
    break;
  }
  keyword('FROM');
  const object = next();
  if (object?.kind !== 'word' || object.text.includes('.')) {
    throw new Malformed(object);
  }
  const where: Query['where'] = [];
  if (k < t.length) {
    keyword('WHERE');
    for (;;) {
      const field = next();
      if (field?.kind !== 'word') {
        throw new Malformed(field);
      }
      const eq = next();
      if (eq?.kind !== 'eq') {
        throw new Malformed(eq);
      }
      const v = next();
      const word = v?.kind === 'word' ? v.text.toLowerCase() : '';
      if (v?.kind === 'string') {
        where.push({ field, value: v.value ?? '' });
      } else if (word === 'null' || word === 'true' || word === 'false') {
        where.push({ field, value: word === 'null' ? null : word === 'true' });
      } else {
        throw new Malformed(v);
      }
      if (k >= t.length) {
        break;
      }
      keyword('AND');
    }
  }
  return { fields, object, where };
}

function pointAt(q: string, col: number, text: string): string {
  return `\n${q}\n${' '.repeat(Math.max(0, col - 1))}^\nERROR at Row:1:Column:${col}\n${text}`;
}

/** A field path's value in a row, or `undefined` when the object has no such field. */
function valueOf(row: Row, fieldPath: string): { value: Value; name: string } | undefined {
  const parts = fieldPath.split('.');
  if (parts.length === 1) {
    const name = Object.keys(row.fields).find((f) => f.toLowerCase() === parts[0].toLowerCase());
    return name === undefined ? undefined : { value: row.fields[name], name };
  }
  if (parts.length === 2 && row.related !== undefined) {
    const rel = Object.keys(row.related).find((r) => r.toLowerCase() === parts[0].toLowerCase());
    const target = rel === undefined ? undefined : row.related[rel];
    const name = target === undefined ? undefined : Object.keys(target.fields).find((f) => f.toLowerCase() === parts[1].toLowerCase());
    return rel === undefined || target === undefined || name === undefined ? undefined : { value: target.fields[name], name: `${rel}.${name}` };
  }
  return undefined;
}

function matches(actual: Value, wanted: string | boolean | null): boolean {
  if (wanted === null || typeof wanted === 'boolean') {
    return actual === wanted;
  }
  return typeof actual === 'string' && actual.toLowerCase() === wanted.toLowerCase();
}

/**
 * Answers `q` about one of the objects above (`answersQueryOf`), as the Tooling API (`tooling`)
 * or the REST API query resource does.
 */
export function metadataQuery(q: string, version: string, tooling: boolean): Reply {
  let query: Query;
  try {
    query = parse(q);
  } catch (e) {
    if (!(e instanceof Malformed)) {
      throw e;
    }
    const tok = e.token;
    return restError(400, 'MALFORMED_QUERY', tok === undefined ? pointAt(q, q.length + 1, 'unexpected token: <EOF>') : pointAt(q, tok.col, `unexpected token: '${tok.text}'`));
  }
  const entity = entities()[query.object.text.toLowerCase()];
  if (entity === undefined || entity.tooling !== tooling) {
    return restError(400, 'INVALID_TYPE', pointAt(q, query.object.col, `sObject type '${query.object.text}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`));
  }
  const rows = entity.rows();
  const sample = rows[0];
  for (const f of [...query.fields, ...query.where.map((w) => w.field)]) {
    if (valueOf(sample, f.text) === undefined) {
      return restError(400, 'INVALID_FIELD', pointAt(q, f.col, `No such column '${f.text}' on entity '${entity.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`));
    }
  }
  const found = rows.filter((row) => query.where.every((w) => matches((valueOf(row, w.field.text) as { value: Value }).value, w.value)));
  const oneRow = query.fields.find((f) => entity.oneRow.some((name) => name.toLowerCase() === f.text.toLowerCase()));
  if (oneRow !== undefined && found.length > 1) {
    return restError(400, 'MALFORMED_QUERY', `When retrieving results with Metadata or FullName fields, the query qualifications must specify no more than one row for retrieval. Result size: ${found.length}`);
  }
  const base = `/services/data/v${version}${tooling ? '/tooling' : ''}/sobjects`;
  const records = found.map((row) => {
    const record: { [key: string]: Value } = { attributes: { type: entity.name, url: `${base}/${entity.name}/${row.id}` } };
    for (const f of query.fields) {
      const parts = f.text.split('.');
      if (parts.length === 2 && row.related !== undefined) {
        const { name } = valueOf(row, f.text) as { name: string };
        const [rel, field] = name.split('.');
        const target = row.related[rel];
        const nested = (record[rel] ?? { attributes: { type: target.type, url: `${base}/${target.type}/${target.id}` } }) as { [key: string]: Value };
        nested[field] = target.fields[field];
        record[rel] = nested;
      } else {
        const { value, name } = valueOf(row, f.text) as { value: Value; name: string };
        record[name] = value;
      }
    }
    return record;
  });
  return tooling
    ? jsonReply({ size: records.length, totalSize: records.length, done: true, queryLocator: null, entityTypeName: entity.name, records })
    : jsonReply({ totalSize: records.length, done: true, records });
}

// ---------------------------------------------------------------------------------------------
// The `causes` scenario: loads that fail because of that metadata

/** Jobs of the `causes` scenario (`EmulatorOptions.causes`, command line `--causes=1`). */
export const CAUSE_IDS = {
  /**
   * 2.0 insert of 2,000 Accounts by the integration user: created t0 − 60 s, in progress from t0 − 50 s,
   * JobComplete at t0 + 2 min with 240 failed records (Require_Industry, AccountService line 42 through
   * AccountTrigger line 5, acme.GeoService, the flow "Account After Save", UNABLE_TO_LOCK_ROW, DUPLICATES_DETECTED).
   */
  accountLoad: makeId('750', 'CA', 1),
  /** 1.0 insert of BT_Project__c, Closed 20 min before t0: two batches of 1,000, 150 failed in the first (BTProjectTrigger's LimitException, UNABLE_TO_LOCK_ROW). */
  projectLoad: makeId('750', 'CA', 2),
} as const;

export function seedCauses(jobs: JobStore, t0: number): void {
  jobs.create2({
    id: CAUSE_IDS.accountLoad, operation: 'insert', object: 'Account', createdById: SEED_USERS.integration.id, createdAt: t0 - 60_000,
    uploadCompleteAt: t0 - 55_000, startAt: t0 - 50_000, endAt: t0 + 120_000, state: 'JobComplete', records: 2_000, failed: 240, failureSet: 'causes',
  });
  jobs.create1({
    id: CAUSE_IDS.projectLoad, operation: 'insert', object: 'BT_Project__c', createdById: SEED_USERS.integration.id, createdAt: t0 - 25 * 60_000,
    closedAt: t0 - 25 * 60_000 + 500, state: 'Closed', failureSet: 'causes',
    batches: [
      { state: 'Completed', records: 1_000, failed: 150, createdAt: t0 - 25 * 60_000 + 1_000, startAt: t0 - 24 * 60_000, endAt: t0 - 21 * 60_000 },
      { state: 'Completed', records: 1_000, createdAt: t0 - 25 * 60_000 + 1_500, startAt: t0 - 23 * 60_000, endAt: t0 - 20 * 60_000 },
    ],
  });
}
