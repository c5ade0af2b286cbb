/**
 * One SOQL query, its first page of records: the REST API's `GET /services/data/vXX.X/query?q=…`, or with
 * `api: 'tooling'` the Tooling API's `GET /services/data/vXX.X/tooling/query?q=…` (same answer shape).
 */
import { BulkApiError } from '../errors';
import type { Transport } from '../transport';
import type { RequestOptions } from '../types';

export async function querySoql(
  transport: Transport,
  apiVersion: string,
  soql: string,
  options: RequestOptions,
  api: 'rest' | 'tooling' = 'rest',
): Promise<Array<Record<string, unknown>>> {
  const from = /\bFROM\s+(\w+)/i.exec(soql)?.[1] ?? 'the org';
  const ctx = transport.context(`querying ${from}`, `The ${from} records`, options);
  const resource = api === 'tooling' ? 'tooling/query' : 'query';
  const body = await transport.request({ flavour: '2.0', method: 'GET', path: `/services/data/v${apiVersion}/${resource}?q=${encodeURIComponent(soql)}` }, ctx, options);
  return transport.shape(() => {
    const records = body !== null && typeof body === 'object' ? (body as { records?: unknown }).records : undefined;
    if (!Array.isArray(records)) {
      throw new BulkApiError({ kind: 'unexpectedResponse', message: 'a query answer without records' });
    }
    return records.filter((r): r is Record<string, unknown> => r !== null && typeof r === 'object');
  }, ctx);
}
