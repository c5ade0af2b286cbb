/**
 * Bulk API 1.0 ("Classic") endpoints under `/services/async/vXX.X/`: a job, its batches, closing
 * and aborting (in the job's own content type, XML or JSON), and the streamed batch files. Ids come
 * checked and 18 characters long (see `BulkClient`); the session is sent as `X-SFDC-Session`.
 */
import { BulkApiError } from './errors';
import { normalizeBatchInfo, normalizeBatchInfoList, normalizeJobInfo } from './normalize';
import type { Transport } from './transport';
import type { BulkBatch, BulkJob, BulkStream, RequestOptions } from './types';
import { isRecord } from '../util/json';

const XML_NS = 'http://www.force.com/2009/06/asyncapi/dataload';

export class ClassicEndpoints {
  private readonly base: string;

  constructor(private readonly transport: Transport, apiVersion: string) {
    this.base = `/services/async/${apiVersion}`;
  }

  async getJob(id: string, options: RequestOptions): Promise<BulkJob> {
    const ctx = this.transport.context(`getting the job ${id}`, `The job ${id}`, options);
    const body = await this.transport.request({ flavour: '1.0', method: 'GET', path: `${this.base}/job/${id}` }, ctx, options);
    return this.transport.shape(() => normalizeJobInfo(body), ctx);
  }

  /** `contentType`: the job's (`XML`, `CSV`, `JSON`, `ZIP_JSON`…); the change is sent in JSON for JSON jobs, XML otherwise. */
  async changeState(id: string, change: 'close' | 'abort', contentType: string | undefined, options: RequestOptions): Promise<BulkJob> {
    const verb = change === 'close' ? 'closing' : 'aborting';
    const ctx = this.transport.context(`${verb} the job ${id}`, `The job ${id}`, options);
    const state = change === 'close' ? 'Closed' : 'Aborted';
    const json = contentType === 'JSON' || contentType === 'ZIP_JSON';
    const body = json
      ? { contentType: 'application/json; charset=UTF-8', text: JSON.stringify({ state }) }
      : {
          contentType: 'application/xml; charset=UTF-8',
          text: `<?xml version="1.0" encoding="UTF-8"?>\n<jobInfo xmlns="${XML_NS}"><state>${state}</state></jobInfo>`,
        };
    const answer = await this.transport.request({ flavour: '1.0', method: 'POST', path: `${this.base}/job/${id}`, body }, ctx, options);
    return this.transport.shape(() => normalizeJobInfo(answer), ctx);
  }

  async listBatches(id: string, options: RequestOptions): Promise<BulkBatch[]> {
    const ctx = this.transport.context(`listing the batches of the job ${id}`, `The job ${id}`, options);
    const body = await this.transport.request({ flavour: '1.0', method: 'GET', path: `${this.base}/job/${id}/batch` }, ctx, options);
    return this.transport.shape(() => normalizeBatchInfoList(body), ctx);
  }

  async getBatch(id: string, bid: string, options: RequestOptions): Promise<BulkBatch> {
    const ctx = this.transport.context(`getting the batch ${bid} of the job ${id}`, `The batch ${bid} of the job ${id}`, options);
    const body = await this.transport.request({ flavour: '1.0', method: 'GET', path: `${this.base}/job/${id}/batch/${bid}` }, ctx, options);
    return this.transport.shape(() => normalizeBatchInfo(body), ctx);
  }

  /** What the client uploaded for a batch (`request`), or the batch's ingest results (`result`). */
  openBatchFile(id: string, bid: string, part: 'request' | 'result', options: RequestOptions): Promise<BulkStream> {
    const what = part === 'request' ? 'the request' : 'the results';
    const ctx = this.transport.context(`downloading ${what} of the batch ${bid} of the job ${id}`, `The batch ${bid} of the job ${id}`, options);
    return this.transport.stream({ flavour: '1.0', method: 'GET', path: `${this.base}/job/${id}/batch/${bid}/${part}`, accept: '*/*' }, ctx, options);
  }

  /** The ids of a query batch's result sets. */
  async listQueryResultIds(id: string, bid: string, options: RequestOptions): Promise<string[]> {
    const ctx = this.transport.context(`listing the results of the batch ${bid} of the job ${id}`, `The batch ${bid} of the job ${id}`, options);
    const body = await this.transport.request({ flavour: '1.0', method: 'GET', path: `${this.base}/job/${id}/batch/${bid}/result` }, ctx, options);
    return this.transport.shape(() => resultIdList(body), ctx);
  }

  /** One result set of a query batch. */
  openQueryBatchResult(id: string, bid: string, resultId: string, options: RequestOptions): Promise<BulkStream> {
    const ctx = this.transport.context(`downloading the result ${resultId} of the batch ${bid}`, `The result ${resultId} of the batch ${bid}`, options);
    return this.transport.stream({ flavour: '1.0', method: 'GET', path: `${this.base}/job/${id}/batch/${bid}/result/${resultId}`, accept: '*/*' }, ctx, options);
  }
}

/** Refuses a result id that is not 15–18 letters and digits (it becomes part of a path). */
export function requireResultId(resultId: string): void {
  if (!/^[A-Za-z0-9]{15,18}$/.test(resultId)) {
    throw new BulkApiError({ kind: 'invalidRequest', message: `That is not a Bulk API result id: ${JSON.stringify(resultId.slice(0, 40))}.` });
  }
}

/** 1.0 `<result-list><result>752…</result></result-list>` or JSON `["752…"]`. */
function resultIdList(body: unknown): string[] {
  let list: unknown = body;
  if (isRecord(list)) {
    list = list['result-list'] ?? list.result ?? list;
    if (isRecord(list) && 'result' in list) {
      list = list.result;
    }
  }
  const items = (Array.isArray(list) ? list : [list]).filter((x) => x !== '');
  const ids = items.filter((x): x is string | number => typeof x === 'string' || typeof x === 'number').map(String);
  if (ids.length !== items.length) {
    throw new BulkApiError({ kind: 'unexpectedResponse', message: 'The list of result ids has an unexpected shape' });
  }
  return ids;
}
