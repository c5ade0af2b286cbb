/**
 * What the org says about the causes of failed records: the validation rules of an object, an Apex
 * class or trigger by name, a flow by its label. Each is one SOQL query through the client's one
 * request loop (`BulkClient.queryTooling` / `querySoql`, `org/soql.ts`), answered in plain, typed
 * values; a field the org leaves empty is absent. Only called when a person opens a cause (never
 * while polling); caching per org is the caller's.
 *
 * - Validation rules: Tooling API `ValidationRule` (`ValidationName`, `Active`, `ErrorMessage`,
 *   `ErrorDisplayField`, `Description`, `EntityDefinition.QualifiedApiName`). The condition formula is
 *   in its `Metadata` field, which the Tooling API answers only for a query that returns one record,
 *   so it is a second query, by id, when a rule is read.
 * - Apex: Tooling API `ApexClass` / `ApexTrigger` by `Name` (and `NamespacePrefix` when the stack frame
 *   names one; without it, the org's own code comes before a managed package's). `Body` only on request
 *   (up to a million characters; a managed package's is "(hidden)").
 * - Flows: `FlowDefinitionView` by `Label` (REST API object, API 46.0+: `DurableId`, `ApiName`,
 *   `ProcessType`, `ActiveVersionId`). Labels are not unique: every match, the active ones first.
 */
import { toBoolean } from './normalize';
import type { RequestOptions } from './types';

/** The two queries this needs (`BulkClient` has them): the REST API's and the Tooling API's. */
export interface MetadataQueries {
  querySoql(soql: string, options?: RequestOptions): Promise<Array<Record<string, unknown>>>;
  queryTooling(soql: string, options?: RequestOptions): Promise<Array<Record<string, unknown>>>;
}

export interface OrgValidationRule {
  /** 03d… */
  id: string;
  /** `ValidationName`, e.g. Require_Industry. */
  name: string;
  /** The object's API name, e.g. Account. */
  object: string;
  active: boolean;
  errorMessage?: string;
  /** The field the message is shown next to (absent: top of page). */
  errorDisplayField?: string;
  description?: string;
}

export interface OrgApexCode {
  kind: 'class' | 'trigger';
  /** 01p… (class) or 01q… (trigger). */
  id: string;
  name: string;
  /** A managed package's namespace prefix. */
  namespace?: string;
  /** Triggers: `TableEnumOrId`, the object's name (Account) or a custom object's id (01I…). */
  object?: string;
  /** Only with `withBody`; "(hidden)" for a managed package's code. */
  body?: string;
}

export interface OrgFlow {
  /** The flow definition's id (300…, `DurableId`). */
  id: string;
  /** `ApiName`, e.g. Account_After_Save (the flow-meta.xml file's name). */
  apiName: string;
  label: string;
  /** AutoLaunchedFlow (record-triggered flows), Workflow (Process Builder), Flow (screen flows) … */
  processType?: string;
  /** The version that runs (301…); absent when the flow is inactive. */
  activeVersionId?: string;
  latestVersionId?: string;
  namespace?: string;
}

/** Where an Apex stack frame points: `Class.acme.GeoService.locate` → { namespace: 'acme', name: 'GeoService' }. */
export interface ApexRef {
  name: string;
  namespace?: string;
}

export interface ApexOptions extends RequestOptions {
  /** Also read `Body` (the source). */
  withBody?: boolean;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** A SOQL string literal: quoted, with SOQL's escape sequences (`\'`, `\\`, `\n` …). */
export function soqlString(value: string): string {
  return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (c) => ESCAPES[c])}'`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The validation rules of `object` (active and inactive), by name. One Tooling API query. */
export async function listValidationRules(client: MetadataQueries, object: string, options: RequestOptions = {}): Promise<OrgValidationRule[]> {
  const records = await client.queryTooling(
    'SELECT Id, ValidationName, Active, ErrorMessage, ErrorDisplayField, Description, EntityDefinition.QualifiedApiName FROM ValidationRule '
      + `WHERE EntityDefinition.QualifiedApiName = ${soqlString(object)}`,
    options,
  );
  const rules: OrgValidationRule[] = [];
  for (const r of records) {
    const id = text(r.Id);
    const name = text(r.ValidationName);
    if (id === undefined || name === undefined) {
      continue;
    }
    const entity = r.EntityDefinition !== null && typeof r.EntityDefinition === 'object' ? (r.EntityDefinition as Record<string, unknown>) : {};
    rules.push(withoutUndefined({
      id,
      name,
      object: text(entity.QualifiedApiName) ?? object,
      active: toBoolean(r.Active) ?? false,
      errorMessage: text(r.ErrorMessage),
      errorDisplayField: text(r.ErrorDisplayField),
      description: text(r.Description),
    }));
  }
  return rules.sort((a, b) => a.name.localeCompare(b.name));
}

/** A validation rule's condition formula (`Metadata.errorConditionFormula`), read by its id. One Tooling API query. */
export async function readValidationRuleFormula(client: MetadataQueries, ruleId: string, options: RequestOptions = {}): Promise<string | undefined> {
  const records = await client.queryTooling(`SELECT Id, Metadata FROM ValidationRule WHERE Id = ${soqlString(ruleId)}`, options);
  const metadata = records[0]?.Metadata;
  return metadata !== null && typeof metadata === 'object' ? text((metadata as Record<string, unknown>).errorConditionFormula) : undefined;
}

/** An Apex class by name (and namespace), or undefined. One Tooling API query. */
export function findApexClass(client: MetadataQueries, ref: ApexRef, options: ApexOptions = {}): Promise<OrgApexCode | undefined> {
  return findApex(client, 'class', ref, options);
}

/** An Apex trigger by name (and namespace), with its object, or undefined. One Tooling API query. */
export function findApexTrigger(client: MetadataQueries, ref: ApexRef, options: ApexOptions = {}): Promise<OrgApexCode | undefined> {
  return findApex(client, 'trigger', ref, options);
}

async function findApex(client: MetadataQueries, kind: 'class' | 'trigger', ref: ApexRef, options: ApexOptions): Promise<OrgApexCode | undefined> {
  const { withBody, ...request } = options;
  const fields = ['Id', 'Name', 'NamespacePrefix', ...(kind === 'trigger' ? ['TableEnumOrId'] : []), ...(withBody === true ? ['Body'] : [])];
  const where = [`Name = ${soqlString(ref.name)}`, ...(ref.namespace === undefined ? [] : [`NamespacePrefix = ${soqlString(ref.namespace)}`])];
  const records = await client.queryTooling(`SELECT ${fields.join(', ')} FROM ${kind === 'class' ? 'ApexClass' : 'ApexTrigger'} WHERE ${where.join(' AND ')}`, request);
  const found = records
    .filter((r) => text(r.Id) !== undefined && text(r.Name) !== undefined)
    .map((r): OrgApexCode => withoutUndefined({
      kind,
      id: r.Id as string,
      name: r.Name as string,
      namespace: text(r.NamespacePrefix),
      object: kind === 'trigger' ? text(r.TableEnumOrId) : undefined,
      body: typeof r.Body === 'string' ? r.Body : undefined,
    }));
  // Without a namespace in the frame, the org's own code; a lone managed one otherwise.
  return ref.namespace !== undefined || found.length <= 1 ? found[0] : found.find((c) => c.namespace === undefined);
}

/** The flows labelled `label`, active ones first. One REST API query. */
export async function findFlowsByLabel(client: MetadataQueries, label: string, options: RequestOptions = {}): Promise<OrgFlow[]> {
  const records = await client.querySoql(
    `SELECT DurableId, ApiName, Label, ProcessType, ActiveVersionId, LatestVersionId, NamespacePrefix FROM FlowDefinitionView WHERE Label = ${soqlString(label)}`,
    options,
  );
  const flows: OrgFlow[] = [];
  for (const r of records) {
    const id = text(r.DurableId);
    const apiName = text(r.ApiName);
    if (id === undefined || apiName === undefined) {
      continue;
    }
    flows.push(withoutUndefined({
      id,
      apiName,
      label: text(r.Label) ?? label,
      processType: text(r.ProcessType),
      activeVersionId: text(r.ActiveVersionId),
      latestVersionId: text(r.LatestVersionId),
      namespace: text(r.NamespacePrefix),
    }));
  }
  const inactive = (f: OrgFlow) => (f.activeVersionId === undefined ? 1 : 0);
  return flows.sort((a, b) => inactive(a) - inactive(b) || a.apiName.localeCompare(b.apiName));
}

/** The value without its undefined properties (so results compare and serialise as they read). */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
