/**
 * The requests a load makes, through the one request loop (`transport.ts`; writes are never
 * retried): the object's describe and the org's identity (REST), creating a job (1.0 `POST job`
 * with a jobInfo in XML, 2.0 `POST jobs/ingest`), a 1.0 batch (`POST job/{id}/batch`, CSV) and the
 * 2.0 upload (`PUT jobs/ingest/{id}/batches`, `text/csv`, streamed). Errors of creating and loading
 * carry Salesforce's own words (`FailureContext.creating`).
 */
import type { Readable } from 'stream';
import { BulkApiError } from '../errors';
import { normalizeBatchInfo, normalizeJob, normalizeJobInfo } from '../normalize';
import type { Transport } from '../transport';
import type { BulkBatch, BulkJob, LoadSpec, OrgIdentity, RequestOptions, SObjectDescribe } from '../types';
import { normalizeDescribe, normalizeOrgIdentity } from './describe';
import { COLUMN_DELIMITER, PLAIN_CSV, type SentShape } from './fileFormat';

const XML_NS = 'http://www.force.com/2009/06/asyncapi/dataload';
/** An upload may take long on a slow line: its deadline is this, not the per-request default. */
export const UPLOAD_TIMEOUT_MS = 10 * 60_000;
const ORG_QUERY = 'SELECT Name, IsSandbox, OrganizationType, InstanceName FROM Organization';

/** An API name (`Account`, `Shipment__c`, `ns__Thing__c`): it becomes part of a path or a body. */
export function requireApiName(name: string | undefined, what: string): string {
  if (name === undefined || !/^[A-Za-z][A-Za-z0-9_]{0,79}$/.test(name)) {
    throw new BulkApiError({ kind: 'invalidRequest', message: `That is not a Salesforce ${what} name: ${JSON.stringify((name ?? '').slice(0, 40))}.` });
  }
  return name;
}

export class LoadEndpoints {
  private readonly async: string;
  private readonly data: string;

  constructor(private readonly transport: Transport, apiVersion: string) {
    this.async = `/services/async/${apiVersion}`;
    this.data = `/services/data/v${apiVersion}`;
  }

  async describe(object: string, options: RequestOptions): Promise<SObjectDescribe> {
    const name = requireApiName(object, 'object');
    const ctx = this.transport.context(`describing ${name}`, `The object ${name}`, options);
    const body = await this.transport.request({ flavour: '2.0', method: 'GET', path: `${this.data}/sobjects/${name}/describe` }, ctx, options);
    return this.transport.shape(() => normalizeDescribe(body), ctx);
  }

  async orgIdentity(options: RequestOptions): Promise<OrgIdentity> {
    const ctx = this.transport.context('reading the org\'s Organization record', 'The Organization record', options);
    const body = await this.transport.request({ flavour: '2.0', method: 'GET', path: `${this.data}/query?q=${encodeURIComponent(ORG_QUERY)}` }, ctx, options);
    return this.transport.shape(() => normalizeOrgIdentity(body), ctx);
  }

  /** `shape`: the CSV's delimiter and line ending (2.0 declares them; 1.0 takes commas only). */
  async createJob(spec: LoadSpec, options: RequestOptions, shape: SentShape = PLAIN_CSV): Promise<BulkJob> {
    const object = requireApiName(spec.object, 'object');
    const external = spec.externalIdFieldName === undefined ? undefined : requireApiName(spec.externalIdFieldName, 'external id field');
    const ctx = { ...this.transport.context(`creating a Bulk API ${spec.flavour} ${spec.operation} job for ${object}`, `The object ${object}`, options), creating: true };
    if (spec.flavour === '1.0') {
      const fields: Array<[string, string | undefined]> = [
        ['operation', spec.operation],
        ['object', object],
        ['externalIdFieldName', external],
        ['concurrencyMode', spec.concurrencyMode],
        ['contentType', 'CSV'],
      ];
      const xml = fields.filter(([, v]) => v !== undefined).map(([k, v]) => `<${k}>${v as string}</${k}>`).join('');
      const text = `<?xml version="1.0" encoding="UTF-8"?>\n<jobInfo xmlns="${XML_NS}">${xml}</jobInfo>`;
      const answer = await this.transport.request({ flavour: '1.0', method: 'POST', path: `${this.async}/job`, body: { contentType: 'application/xml; charset=UTF-8', text } }, ctx, options);
      return this.transport.shape(() => normalizeJobInfo(answer), ctx);
    }
    const json = { object, operation: spec.operation, externalIdFieldName: external, contentType: 'CSV', lineEnding: shape.lineEnding, columnDelimiter: COLUMN_DELIMITER[shape.delimiter] };
    const body = { contentType: 'application/json; charset=UTF-8', text: JSON.stringify(json) };
    const answer = await this.transport.request({ flavour: '2.0', method: 'POST', path: `${this.data}/jobs/ingest`, body }, ctx, options);
    return this.transport.shape(() => normalizeJob(answer, 'ingest'), ctx);
  }

  /** 1.0: one batch of CSV (≤ 10,000 records, ≤ 10,000,000 bytes). */
  async addBatch(jobId: string, data: Buffer, options: RequestOptions): Promise<BulkBatch> {
    const opts = { ...options, timeoutMs: options.timeoutMs ?? UPLOAD_TIMEOUT_MS };
    const ctx = { ...this.transport.context(`adding a batch to the job ${jobId}`, `The job ${jobId}`, opts), creating: true };
    const call = { flavour: '1.0' as const, method: 'POST' as const, path: `${this.async}/job/${jobId}/batch`, body: { contentType: 'text/csv; charset=UTF-8', text: data } };
    const answer = await this.transport.request(call, ctx, opts);
    return this.transport.shape(() => normalizeBatchInfo(answer), ctx);
  }

  /** 2.0: the job's one upload, sent as `data` is read. */
  async upload(jobId: string, data: Readable, options: RequestOptions): Promise<void> {
    const opts = { ...options, timeoutMs: options.timeoutMs ?? UPLOAD_TIMEOUT_MS };
    const ctx = { ...this.transport.context(`uploading data to the job ${jobId}`, `The job ${jobId}`, opts), creating: true };
    const call = { flavour: '2.0' as const, method: 'PUT' as const, path: `${this.data}/jobs/ingest/${jobId}/batches`, body: { contentType: 'text/csv', text: data }, emptyOk: true };
    await this.transport.request(call, ctx, opts);
  }
}
