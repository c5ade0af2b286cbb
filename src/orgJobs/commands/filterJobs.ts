/**
 * "Filter Org Jobs…" and "Clear Filter". The filter's pick (`pickFilter`): one quick pick of the
 * filter's parts with their current values (and "Clear filter"); picking a part offers the values
 * present in the list shown (objects, operations, submitters by name, states), or asks for the text.
 * It returns the new filter, undefined if cancelled.
 */
import * as vscode from 'vscode';
import type { BulkJob } from '../../salesforce/types';
import type { OrgJobFilter, OrgJobType } from '../filter';
import { valuesOf } from '../filterState';
import type { OrgJobsFeature } from '../orgJobsChunk';
import { escapeIcons } from '../../util/markdown';

/** `bulkJobs.orgJobs.filter`. */
export async function filterJobs({ controller, service }: OrgJobsFeature): Promise<void> {
  const next = await pickFilter({ filter: controller.filter, jobs: controller.allJobs() ?? [], nameOf: (id) => controller.orgKeys.map((k) => service.nameOf(k, id)).find(Boolean) });
  if (next !== undefined) {
    await controller.setFilter(next);
  }
}

/** `bulkJobs.orgJobs.clearFilter`. */
export function clearFilter({ controller }: OrgJobsFeature): Promise<void> {
  return controller.setFilter({});
}

export interface FilterPickInput {
  filter: OrgJobFilter;
  jobs: readonly BulkJob[];
  nameOf(userId: string): string | undefined;
}

type Part = 'object' | 'operation' | 'submittedBy' | 'type' | 'state' | 'text' | 'clear';

const ANY = (): string => vscode.l10n.t('any');

function byText(filter: OrgJobFilter): string {
  const by = filter.submittedBy;
  return by === undefined ? vscode.l10n.t('anyone') : by.kind === 'me' ? vscode.l10n.t('me') : by.name ?? by.userId;
}

export async function pickFilter(input: FilterPickInput): Promise<OrgJobFilter | undefined> {
  const { filter } = input;
  const parts: Array<vscode.QuickPickItem & { part: Part }> = [
    { part: 'object', label: vscode.l10n.t('Object'), description: escapeIcons(filter.object ?? ANY()) },
    { part: 'operation', label: vscode.l10n.t('Operation'), description: filter.operation ?? ANY() },
    { part: 'submittedBy', label: vscode.l10n.t('Submitted by'), description: escapeIcons(byText(filter)) },
    { part: 'type', label: vscode.l10n.t('Type'), description: filter.type ?? ANY() },
    { part: 'state', label: vscode.l10n.t('State'), description: filter.state ?? ANY() },
    { part: 'text', label: vscode.l10n.t('Text'), description: escapeIcons(filter.text ?? '') },
    { part: 'clear', label: vscode.l10n.t('Clear filter') },
  ];
  const picked = await vscode.window.showQuickPick(parts, { placeHolder: vscode.l10n.t('Filter the Org Jobs view by…') });
  if (picked === undefined) {
    return undefined;
  }
  return pickPart(picked.part, input);
}

async function pickValue(title: string, values: Array<{ label: string; description?: string; value: unknown }>): Promise<{ value: unknown } | undefined> {
  const items = [{ label: vscode.l10n.t('Any'), value: undefined }, ...values.map((v) => ({ ...v, label: escapeIcons(v.label), description: v.description && escapeIcons(v.description) }))];
  return vscode.window.showQuickPick(items, { placeHolder: title, matchOnDescription: true });
}

async function pickPart(part: Part, { filter, jobs, nameOf }: FilterPickInput): Promise<OrgJobFilter | undefined> {
  const simple = (values: string[]): Array<{ label: string; value: string }> => values.map((v) => ({ label: v, value: v }));
  switch (part) {
    case 'clear': return {};
    case 'text': {
      const text = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Text to look for in the id, object, operation, state, submitter and error'), value: filter.text ?? '' });
      return text === undefined ? undefined : { ...filter, text: text.trim() === '' ? undefined : text };
    }
    case 'object':
    case 'operation':
    case 'state': {
      const picked = await pickValue(vscode.l10n.t('Choose a value'), simple(valuesOf(jobs, part)));
      return picked === undefined ? undefined : { ...filter, [part]: picked.value as string | undefined };
    }
    case 'type': {
      const types: OrgJobType[] = ['1.0', '2.0 ingest', '2.0 query'];
      const picked = await pickValue(vscode.l10n.t('Choose a type'), simple(types));
      return picked === undefined ? undefined : { ...filter, type: picked.value as OrgJobType | undefined };
    }
    case 'submittedBy': {
      const users = valuesOf(jobs, 'createdById').map((id) => ({ label: nameOf(id) ?? id, description: id, value: { kind: 'user', userId: id, name: nameOf(id) } }));
      const picked = await pickValue(vscode.l10n.t('Submitted by'), [{ label: vscode.l10n.t('me'), value: { kind: 'me' } }, ...users]);
      return picked === undefined ? undefined : { ...filter, submittedBy: picked.value as OrgJobFilter['submittedBy'] };
    }
  }
}
