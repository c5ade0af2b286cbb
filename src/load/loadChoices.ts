/**
 * What a load is sent as: proposed from the original job, changed by the person in a few quick
 * picks (Bulk API 2.0 by default; 1.0 when asked, Serial for lock contention).
 */
import * as vscode from 'vscode';
import type { LoadOperation, LoadSpec } from '../salesforce/types';
import { escapeIcons } from '../util/markdown';

const OPERATIONS: LoadOperation[] = ['insert', 'update', 'upsert', 'delete', 'hardDelete'];

export function describeSpec(spec: LoadSpec): string {
  const api = spec.flavour === '2.0' ? vscode.l10n.t('Bulk API 2.0') : spec.concurrencyMode === 'Serial'
    ? vscode.l10n.t('Bulk API 1.0, Serial') : vscode.l10n.t('Bulk API 1.0');
  const ext = spec.operation === 'upsert' && spec.externalIdFieldName ? vscode.l10n.t(' on {0}', spec.externalIdFieldName) : '';
  return `${spec.operation}${ext} · ${spec.object} · ${api}`;
}

/** The proposal as it is, or changed step by step; undefined when the person leaves. */
export async function chooseSpec(proposal: Partial<LoadSpec>): Promise<LoadSpec | undefined> {
  if (proposal.object && proposal.operation && (proposal.operation !== 'upsert' || proposal.externalIdFieldName)) {
    const spec: LoadSpec = { flavour: '2.0', ...proposal, object: proposal.object, operation: proposal.operation };
    const detail = spec.concurrencyMode === 'Serial'
      ? vscode.l10n.t('Serial mode: one batch at a time, so the rows do not lock each other')
      : vscode.l10n.t('What the original job used, with Bulk API 2.0');
    const use = { label: vscode.l10n.t('$(check) Load as {0}', escapeIcons(describeSpec(spec))), detail };
    const change = { label: vscode.l10n.t('$(edit) Change object, operation or API…') };
    const pick = await vscode.window.showQuickPick([use, change], { title: vscode.l10n.t('Load CSV into Salesforce'), ignoreFocusOut: true });
    if (!pick) return undefined;
    if (pick === use) return spec;
  }
  const object = await vscode.window.showInputBox({
    title: vscode.l10n.t('Object to load into'), value: proposal.object, prompt: vscode.l10n.t('API name, e.g. Contact or Invoice__c'),
    ignoreFocusOut: true, validateInput: (v) => (/^[A-Za-z][A-Za-z0-9_]*$/.test(v.trim()) ? undefined : vscode.l10n.t('An object API name: letters, digits and underscores.')),
  });
  if (!object) return undefined;
  const ops = OPERATIONS.map((op) => ({ label: op, picked: op === proposal.operation }));
  ops.sort((a, b) => Number(b.picked) - Number(a.picked));
  const op = await vscode.window.showQuickPick(ops, { title: vscode.l10n.t('Operation'), ignoreFocusOut: true });
  if (!op) return undefined;
  const operation = op.label;
  let externalIdFieldName: string | undefined;
  if (operation === 'upsert') {
    externalIdFieldName = await vscode.window.showInputBox({
      title: vscode.l10n.t('External id field the upsert matches on'), value: proposal.externalIdFieldName ?? 'Id', ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A field marked External ID, or Id.')),
    });
    if (!externalIdFieldName) return undefined;
  }
  const apis = [
    { label: vscode.l10n.t('Bulk API 2.0'), description: vscode.l10n.t('recommended'), flavour: '2.0' as const },
    { label: vscode.l10n.t('Bulk API 1.0'), description: vscode.l10n.t('parallel batches'), flavour: '1.0' as const },
    { label: vscode.l10n.t('Bulk API 1.0, Serial'), description: vscode.l10n.t('for lock contention'), flavour: '1.0' as const, serial: true },
  ];
  const api = await vscode.window.showQuickPick(apis, { title: vscode.l10n.t('API'), ignoreFocusOut: true });
  if (!api) return undefined;
  return {
    flavour: api.flavour, object: object.trim(), operation, externalIdFieldName: externalIdFieldName?.trim(),
    concurrencyMode: api.flavour === '1.0' ? ('serial' in api ? 'Serial' : 'Parallel') : undefined,
  };
}
