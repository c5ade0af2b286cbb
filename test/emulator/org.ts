/**
 * The REST and OAuth endpoints the real Salesforce CLI calls to log in with an access token or an
 * sfdx auth URL (see shared/reference/sf-cli.md), plus the version list and resource map.
 */
import { isoPlus0000 } from './format';
import { SEED_USERS, userIdsOfQuery, type EmulatorUser } from './users';
import { header, jsonReply, NOT_FOUND_MESSAGE, Reply, RequestContext, restError } from './reply';
import { answersQueryOf, metadataQuery } from './tooling';

export const API_VERSIONS = Array.from({ length: 64 - 31 + 1 }, (_, k) => `${31 + k}.0`);

export interface OrgInfo {
  url: string;
  orgId: string;
  userId: string;
  username: string;
  refreshToken: string;
  /** What `Organization.IsSandbox` says (EmulatorOptions.sandbox, default true). */
  isSandbox: boolean;
}

export interface OrgDeps {
  org: OrgInfo;
  tokenOk(token: string): boolean;
  issueToken(): string;
  note(info: { authOk?: boolean }): void;
}

/** The token of `Authorization: Bearer …` (or `OAuth …`), or ''. */
export function bearer(ctx: RequestContext): string {
  const m = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(header(ctx, 'authorization'));
  return m ? m[1] : '';
}

export function versionList(): Reply {
  return jsonReply(API_VERSIONS.map((v) => ({ label: `Emulator ${v}`, url: `/services/data/v${v}`, version: v })));
}

export function resources(version: string): Reply {
  const base = `/services/data/v${version}`;
  return jsonReply({
    tooling: `${base}/tooling`,
    query: `${base}/query`,
    sobjects: `${base}/sobjects`,
    jobs: `${base}/jobs`,
    limits: `${base}/limits`,
    identity: `${base}/identity`,
  });
}

function identity(org: OrgInfo): Record<string, string | boolean | Record<string, string>> {
  const v = '{version}';
  return {
    sub: `${org.url}/id/${org.orgId}/${org.userId}`,
    user_id: org.userId,
    organization_id: org.orgId,
    preferred_username: org.username,
    nickname: org.username.split('@')[0],
    name: 'Emulator Demo User',
    email: org.username,
    email_verified: true,
    given_name: 'Emulator',
    family_name: 'Demo User',
    zoneinfo: 'Europe/Paris',
    locale: 'en_US',
    language: 'en_US',
    active: true,
    user_type: 'STANDARD',
    is_app_installed: true,
    urls: {
      enterprise: `${org.url}/services/Soap/c/${v}/${org.orgId}`,
      partner: `${org.url}/services/Soap/u/${v}/${org.orgId}`,
      rest: `${org.url}/services/data/v${v}/`,
      sobjects: `${org.url}/services/data/v${v}/sobjects/`,
      query: `${org.url}/services/data/v${v}/query/`,
      profile: `${org.url}/${org.userId}`,
    },
  };
}

/** GET /services/oauth2/userinfo and GET /id/{orgId}/{userId}. */
export function userInfo(ctx: RequestContext, deps: OrgDeps): Reply {
  const ok = deps.tokenOk(bearer(ctx));
  deps.note({ authOk: ok });
  if (!ok) {
    return restError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
  }
  return jsonReply(identity(deps.org));
}

/** POST /services/oauth2/token with grant_type=refresh_token (form body). */
export function oauthToken(ctx: RequestContext, deps: OrgDeps): Reply {
  const form = new URLSearchParams(ctx.body);
  const grant = form.get('grant_type');
  if (grant !== 'refresh_token') {
    return jsonReply({ error: 'unsupported_grant_type', error_description: 'grant type not supported' }, 400);
  }
  if (form.get('refresh_token') !== deps.org.refreshToken) {
    deps.note({ authOk: false });
    return jsonReply({ error: 'invalid_grant', error_description: 'expired access/refresh token' }, 400);
  }
  deps.note({ authOk: true });
  const accessToken = deps.issueToken();
  return jsonReply({
    access_token: accessToken,
    signature: Buffer.from(`emulator-signature-${accessToken.length}`).toString('base64'),
    scope: 'refresh_token web api',
    instance_url: deps.org.url,
    id: `${deps.org.url}/id/${deps.org.orgId}/${deps.org.userId}`,
    token_type: 'Bearer',
    issued_at: String(Date.now()),
  });
}

const SCRATCH_ORG_INFO_MESSAGE = "\nSELECT Id FROM ScratchOrgInfo limit 1\n               ^\nERROR at Row:1:Column:16\nsObject type 'ScratchOrgInfo' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.";

/** GET /services/data/vX/query?q=… (and tooling/query). What the CLI asks for, and the org's metadata (tooling.ts). */
export function soql(ctx: RequestContext, version: string, tooling: boolean, org: OrgInfo): Reply {
  const q = ctx.query.get('q') ?? '';
  const from = /\bFROM\s+(\w+)/i.exec(q)?.[1] ?? '';
  if (answersQueryOf(from, tooling)) {
    return metadataQuery(q, version, tooling);
  }
  if (tooling) {
    return jsonReply({ size: 0, totalSize: 0, done: true, queryLocator: null, entityTypeName: from || null, records: [] });
  }
  const one = (record: Record<string, string | boolean | null | Record<string, string>>) =>
    jsonReply({ totalSize: 1, done: true, records: [record] });
  switch (from.toLowerCase()) {
    case 'organization':
      return one({
        attributes: { type: 'Organization', url: `/services/data/v${version}/sobjects/Organization/${org.orgId}` },
        Id: org.orgId,
        Name: 'Bulk Emulator Org',
        InstanceName: 'EMU1',
        IsSandbox: org.isSandbox,
        TrialExpirationDate: null,
        NamespacePrefix: null,
        // A sandbox reports its production org's edition.
        OrganizationType: 'Enterprise Edition',
      });
    case 'user': {
      const ids = userIdsOfQuery(q);
      if (ids !== undefined) {
        return usersById(ids, version, org);
      }
      return one({
        attributes: { type: 'User', url: `/services/data/v${version}/sobjects/User/${org.userId}` },
        Id: org.userId,
        Username: org.username,
        Name: 'Emulator Demo User',
      });
    }
    case 'scratchorginfo':
      return restError(400, 'INVALID_TYPE', SCRATCH_ORG_INFO_MESSAGE);
    default:
      return restError(400, 'INVALID_TYPE', `sObject type '${from}' is not supported.`);
  }
}

/** The users among `ids` (15 or 18 characters), as `SELECT Id, Name FROM User WHERE Id IN (…)` answers. */
function usersById(ids: string[], version: string, org: OrgInfo): Reply {
  const all: EmulatorUser[] = [{ id: org.userId, name: 'Emulator Demo User', username: org.username }, ...Object.values(SEED_USERS)];
  const wanted = new Set(ids.map((id) => id.slice(0, 15)));
  const records = all
    .filter((u) => wanted.has(u.id.slice(0, 15)))
    .map((u) => ({ attributes: { type: 'User', url: `/services/data/v${version}/sobjects/User/${u.id}` }, Id: u.id, Name: u.name }));
  return jsonReply({ totalSize: records.length, done: true, records });
}

export function sobjectUser(id: string, version: string, org: OrgInfo): Reply {
  if (id !== org.userId && id !== org.userId.slice(0, 15)) {
    return restError(404, 'NOT_FOUND', NOT_FOUND_MESSAGE);
  }
  return jsonReply({
    attributes: { type: 'User', url: `/services/data/v${version}/sobjects/User/${org.userId}` },
    Id: org.userId,
    Username: org.username,
    Name: 'Emulator Demo User',
    Email: org.username,
    IsActive: true,
    LastModifiedDate: isoPlus0000(Date.UTC(2026, 0, 1)),
  });
}

export function limits(used: number, max: number): Reply {
  return jsonReply({ DailyApiRequests: { Max: max, Remaining: Math.max(0, max - used) }, DailyBulkApiBatches: { Max: 15000, Remaining: 15000 } });
}
