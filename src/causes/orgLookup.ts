/**
 * What the org has for a cause's link, asked through the Tooling API (`salesforce/tooling.ts`): the
 * class or trigger of a stack frame, the validation rule whose error message the failure quotes (with
 * its condition formula), the flow with the quoted label; and the Setup page that shows it. Only
 * called when a person opens a cause; the caller caches the answers per org (`cached`).
 */
import { findApexClass, findApexTrigger, findFlowsByLabel, listValidationRules, readValidationRuleFormula, type MetadataQueries, type OrgApexCode, type OrgFlow, type OrgValidationRule } from '../salesforce/tooling';
import { matchValidationRule } from './workspaceMetadata';
import { ruleTitle, type Translate } from './causeView';
import type { CauseLink, MatchedRule } from './causeTypes';

export interface OrgCause {
  kind: 'class' | 'trigger' | 'rule' | 'flow';
  /** The metadata's id (01p…, 01q…, 03d…, 300…). */
  id: string;
  rule?: MatchedRule;
}

export interface LookUpOptions {
  signal?: AbortSignal;
  t: Translate;
  /** One answer per question (the caller's per-org cache); by default every question is asked. */
  cached?: <T>(key: string, ask: () => Promise<T>) => Promise<T>;
}

/** Setup's page for a piece of metadata, by its id. */
export function setupUrlOf(instanceUrl: string, kind: 'class' | 'trigger' | 'rule' | 'flow', id: string): string {
  const base = instanceUrl.replace(/\/+$/, '');
  switch (kind) {
    case 'class':
      return `${base}/lightning/setup/ApexClasses/page?address=${encodeURIComponent(`/${id}`)}`;
    case 'trigger':
      return `${base}/lightning/setup/ApexTriggers/page?address=${encodeURIComponent(`/${id}`)}`;
    default:
      // A validation rule (03d…) and a flow definition (300…) open on their record page by id.
      return `${base}/${encodeURIComponent(id)}`;
  }
}

/** How a frame's dotted name reads in the org: `acme.GeoService` is namespace acme's GeoService, or class acme (inner GeoService). */
export function apexRefs(name: string, candidates: readonly string[]): Array<{ name: string; namespace?: string }> {
  const parts = name.split('.');
  const refs: Array<{ name: string; namespace?: string }> = [];
  if (parts.length >= 2) {
    refs.push({ name: parts[1], namespace: parts[0] });
  }
  for (const c of candidates) {
    if (!refs.some((r) => r.namespace === undefined && r.name.toLowerCase() === c.toLowerCase())) {
      refs.push({ name: c });
    }
  }
  return refs;
}

/** The org's metadata the link points at, or undefined when the org has none (a field link never asks). */
export async function lookUpInOrg(client: () => Promise<MetadataQueries>, link: CauseLink, options: LookUpOptions): Promise<OrgCause | undefined> {
  const { signal, t } = options;
  const cached = options.cached ?? (<T>(_key: string, ask: () => Promise<T>) => ask());
  switch (link.kind) {
    case 'apex': {
      const code = await cached<OrgApexCode | undefined>(`apex:${link.apex}:${link.name.toLowerCase()}`, async () => {
        for (const ref of apexRefs(link.name, link.candidates)) {
          const found = link.apex === 'trigger' ? await findApexTrigger(await client(), ref, { signal }) : await findApexClass(await client(), ref, { signal });
          if (found) {
            return found;
          }
        }
        return undefined;
      });
      return code ? { kind: code.kind, id: code.id } : undefined;
    }
    case 'validationRule': {
      if (!link.object) {
        return undefined;
      }
      const object = link.object;
      const rules = await cached<OrgValidationRule[]>(`rules:${object.toLowerCase()}`, async () => listValidationRules(await client(), object, { signal }));
      const match = matchValidationRule(link.message, rules.map((r) => ({
        path: r.id, object: r.object, name: r.name, active: r.active, errorConditionFormula: '', errorMessage: r.errorMessage ?? '',
      })));
      if (!match) {
        return undefined;
      }
      const ruleId = match.rule.path;
      const formula = await cached<string | undefined>(`formula:${ruleId}`, async () => readValidationRuleFormula(await client(), ruleId, { signal }));
      const rule: MatchedRule = { title: ruleTitle(t, match.rule.name, match.rule.object || object) };
      if (formula !== undefined) {
        rule.formula = formula;
      }
      return { kind: 'rule', id: ruleId, rule };
    }
    case 'flow': {
      const flows = await cached<OrgFlow[]>(`flow:${link.flowLabel.toLowerCase()}`, async () => findFlowsByLabel(await client(), link.flowLabel, { signal }));
      return flows[0] ? { kind: 'flow', id: flows[0].id } : undefined;
    }
    default:
      return undefined;
  }
}
