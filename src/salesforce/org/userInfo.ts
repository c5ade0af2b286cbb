/**
 * The session's own user, for "submitted by me": the OpenID Connect UserInfo endpoint
 * (`GET /services/oauth2/userinfo`, documented in "Query for User Information": information about
 * the user of the access token only), its `user_id` (005…). Asked on the org's own URL, as the
 * token was issued for it.
 */
import { BulkApiError } from '../errors';
import type { Transport } from '../transport';
import type { RequestOptions } from '../types';
import { isUserId } from '../ids';

export async function sessionUserId(transport: Transport, options: RequestOptions): Promise<string> {
  const ctx = transport.context('reading the session user', 'The session user', options);
  const body = await transport.request({ flavour: '2.0', method: 'GET', path: '/services/oauth2/userinfo' }, ctx, options);
  return transport.shape(() => {
    const id = body !== null && typeof body === 'object' ? (body as { user_id?: unknown }).user_id : undefined;
    if (typeof id !== 'string' || !isUserId(id)) {
      throw new BulkApiError({ kind: 'unexpectedResponse', message: 'a UserInfo answer without a user id' });
    }
    return id;
  }, ctx);
}
