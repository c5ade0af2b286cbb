/**
 * The org's metadata as the workspace has it: an SFDX project's Apex classes, triggers, validation
 * rules and flows, found through `sfdx-project.json`'s `packageDirectories` (never by guessing
 * `force-app`). File access is passed in (`MetadataFs`: Node's fs in tests, `vscode.workspace.fs` in
 * the editor), so this is plain Node.
 *
 * The package directories are walked once per `SfdxWorkspace` (make a new one when files change),
 * bounded: at most `maxEntries` directory entries, `maxDepth` levels, and never into node_modules,
 * .sfdx, .sf, .git or other dot-folders.
 *
 * Metadata files are small, flat XML written by the CLI; a tiny reader takes the root element's
 * direct children (so a flow's own `<label>` is not confused with its elements' labels).
 */
import { decodeXmlText } from '../salesforce/xml';
import type { ApexFrame } from './parseMessage';

/** Paths are absolute, with `/` separators. */
export interface MetadataFs {
  readFile(path: string): Promise<string>;
  readDirectory(path: string): Promise<Array<{ name: string; isDirectory: boolean }>>;
  exists(path: string): Promise<boolean>;
}

export interface ValidationRuleFile {
  path: string;
  /** The object's API name (its folder under `objects/`). */
  object: string;
  /** `<fullName>`, else the file name. */
  name: string;
  active: boolean;
  errorConditionFormula: string;
  errorMessage: string;
  errorDisplayField?: string;
  description?: string;
}

export interface FlowFile {
  path: string;
  /** The flow's API name (its file name). */
  apiName: string;
  label: string;
  /** `AutoLaunchedFlow`, `Workflow` (a Process Builder process), `Flow`, … */
  processType?: string;
  /** `Active`, `Draft`, `Obsolete`, `InvalidDraft`. */
  status?: string;
}

export interface WorkspaceLimits {
  maxEntries: number;
  maxDepth: number;
}

export const DEFAULT_WORKSPACE_LIMITS: WorkspaceLimits = { maxEntries: 50_000, maxDepth: 24 };

const SKIPPED_FOLDERS = new Set(['node_modules', '.sfdx', '.sf', '.git']);
const CLASS_SUFFIX = '.cls';
const TRIGGER_SUFFIX = '.trigger';
const RULE_SUFFIX = '.validationRule-meta.xml';
const FLOW_SUFFIX = '.flow-meta.xml';

interface FileIndex {
  /** Lower-cased class name → paths, in package-directory order. */
  classes: Map<string, string[]>;
  triggers: Map<string, string[]>;
  /** Lower-cased object name → rule file paths. */
  rules: Map<string, string[]>;
  flows: string[];
  /** True when a bound stopped the walk. */
  truncated: boolean;
}

export class SfdxWorkspace {
  private index: Promise<FileIndex> | undefined;

  private constructor(
    private readonly fs: MetadataFs,
    readonly root: string,
    /** Absolute package directories, in `sfdx-project.json`'s order with the default one first. */
    readonly packageDirectories: string[],
    private readonly limits: WorkspaceLimits,
  ) {}

  /** The SFDX project at `root`, or undefined when it has no readable `sfdx-project.json`. */
  static async open(fs: MetadataFs, root: string, limits: WorkspaceLimits = DEFAULT_WORKSPACE_LIMITS): Promise<SfdxWorkspace | undefined> {
    const base = trimSlash(root.replace(/\\/g, '/'));
    const projectFile = `${base}/sfdx-project.json`;
    if (!(await fs.exists(projectFile))) {
      return undefined;
    }
    let project: unknown;
    try {
      project = JSON.parse(await fs.readFile(projectFile));
    } catch {
      return undefined;
    }
    return new SfdxWorkspace(fs, base, packageDirectoriesOf(project).map((d) => joinPath(base, d)), limits);
  }

  /** The `.cls` file of a class, by name (Apex names ignore case). */
  async findApexClass(name: string): Promise<string | undefined> {
    return (await this.files()).classes.get(name.toLowerCase())?.[0];
  }

  /** The `.trigger` file of a trigger, by name. */
  async findTrigger(name: string): Promise<string | undefined> {
    return (await this.files()).triggers.get(name.toLowerCase())?.[0];
  }

  /** The file holding a stack frame's code: the first of its candidates the workspace has. */
  async findFrame(frame: Pick<ApexFrame, 'kind' | 'candidates'>): Promise<string | undefined> {
    for (const name of frame.candidates) {
      const found = frame.kind === 'trigger' ? await this.findTrigger(name) : await this.findApexClass(name);
      if (found !== undefined) {
        return found;
      }
    }
    return undefined;
  }

  /** The object's validation rules (unreadable files are left out). */
  async validationRules(object: string): Promise<ValidationRuleFile[]> {
    const paths = (await this.files()).rules.get(object.toLowerCase()) ?? [];
    const rules: ValidationRuleFile[] = [];
    for (const path of paths) {
      const xml = await this.read(path);
      if (xml !== undefined) {
        rules.push(readValidationRule(xml, path));
      }
    }
    return rules;
  }

  /** Every flow in the package directories (unreadable files are left out). */
  async flows(): Promise<FlowFile[]> {
    const flows: FlowFile[] = [];
    for (const path of (await this.files()).flows) {
      const xml = await this.read(path);
      if (xml !== undefined) {
        flows.push(readFlow(xml, path));
      }
    }
    return flows;
  }

  /** True when a bound stopped the walk, so "not found" may mean "not looked at". */
  async searchWasTruncated(): Promise<boolean> {
    return (await this.files()).truncated;
  }

  private async read(path: string): Promise<string | undefined> {
    try {
      return await this.fs.readFile(path);
    } catch {
      return undefined;
    }
  }

  private files(): Promise<FileIndex> {
    this.index ??= this.walk();
    return this.index;
  }

  private async walk(): Promise<FileIndex> {
    const index: FileIndex = { classes: new Map(), triggers: new Map(), rules: new Map(), flows: [], truncated: false };
    let entries = 0;
    for (const dir of this.packageDirectories) {
      const queue: Array<{ path: string; depth: number }> = [{ path: dir, depth: 0 }];
      while (queue.length > 0) {
        const { path, depth } = queue.shift() as { path: string; depth: number };
        let children: Array<{ name: string; isDirectory: boolean }>;
        try {
          children = await this.fs.readDirectory(path);
        } catch {
          continue; // a listed directory that does not exist, or cannot be read
        }
        for (const child of [...children].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
          if (++entries > this.limits.maxEntries) {
            index.truncated = true;
            return index;
          }
          const childPath = `${path}/${child.name}`;
          if (child.isDirectory) {
            if (SKIPPED_FOLDERS.has(child.name) || child.name.startsWith('.')) {
              continue;
            }
            if (depth + 1 > this.limits.maxDepth) {
              index.truncated = true;
              continue;
            }
            queue.push({ path: childPath, depth: depth + 1 });
          } else {
            addFile(index, path, child.name, childPath);
          }
        }
      }
    }
    return index;
  }
}

function addFile(index: FileIndex, dir: string, name: string, path: string): void {
  if (name.endsWith(CLASS_SUFFIX)) {
    push(index.classes, name.slice(0, -CLASS_SUFFIX.length).toLowerCase(), path);
  } else if (name.endsWith(TRIGGER_SUFFIX)) {
    push(index.triggers, name.slice(0, -TRIGGER_SUFFIX.length).toLowerCase(), path);
  } else if (name.endsWith(RULE_SUFFIX)) {
    // objects/<Object>/validationRules/<Rule>.validationRule-meta.xml
    const parts = dir.split('/');
    if (parts[parts.length - 1] === 'validationRules' && parts.length >= 3 && parts[parts.length - 3] === 'objects') {
      push(index.rules, parts[parts.length - 2].toLowerCase(), path);
    }
  } else if (name.endsWith(FLOW_SUFFIX)) {
    index.flows.push(path);
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) {
    map.set(key, [value]);
  } else {
    list.push(value);
  }
}

/** `packageDirectories[].path`, the one marked `default: true` first; others keep their order. */
export function packageDirectoriesOf(project: unknown): string[] {
  const dirs = (project as { packageDirectories?: unknown } | null)?.packageDirectories;
  if (!Array.isArray(dirs)) {
    return [];
  }
  const valid = dirs.filter((d): d is { path: string; default?: unknown } =>
    typeof d === 'object' && d !== null && typeof (d as { path?: unknown }).path === 'string' && (d as { path: string }).path.trim() !== '');
  const ordered = [...valid.filter((d) => d.default === true), ...valid.filter((d) => d.default !== true)];
  return [...new Set(ordered.map((d) => d.path.trim()))];
}

function joinPath(root: string, relative: string): string {
  const parts: string[] = root.split('/');
  for (const part of relative.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') {
      continue;
    }
    if (part === '..') {
      if (parts.length > 1) {
        parts.pop();
      }
    } else {
      parts.push(part);
    }
  }
  return parts.join('/');
}

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function baseName(path: string, suffix: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.endsWith(suffix) ? name.slice(0, -suffix.length) : name;
}

/** A validation rule file's fields; `path` gives the object and the name when the XML does not. */
export function readValidationRule(xml: string, path: string): ValidationRuleFile {
  const fields = rootChildren(xml);
  const parts = path.split('/');
  const rule: ValidationRuleFile = {
    path,
    object: parts.length >= 3 ? parts[parts.length - 3] : '',
    name: fields.get('fullName') || baseName(path, RULE_SUFFIX),
    active: (fields.get('active') ?? '').trim().toLowerCase() === 'true',
    errorConditionFormula: fields.get('errorConditionFormula') ?? '',
    errorMessage: fields.get('errorMessage') ?? '',
  };
  const display = fields.get('errorDisplayField');
  if (display) {
    rule.errorDisplayField = display;
  }
  const description = fields.get('description');
  if (description) {
    rule.description = description;
  }
  return rule;
}

/** A flow file's label, process type and status; its API name is the file name. */
export function readFlow(xml: string, path: string): FlowFile {
  const fields = rootChildren(xml);
  const apiName = baseName(path, FLOW_SUFFIX);
  const flow: FlowFile = { path, apiName, label: fields.get('label') || apiName };
  const processType = fields.get('processType');
  if (processType) {
    flow.processType = processType;
  }
  const status = fields.get('status');
  if (status) {
    flow.status = status;
  }
  return flow;
}

const TAG = /<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>/g;

/**
 * The text of the root element's direct children, by local name (the first of each). Comments,
 * processing instructions and declarations are skipped; CDATA is read as text; only the predefined
 * entities and character references are decoded (nothing expands).
 */
export function rootChildren(xml: string): Map<string, string> {
  const cleaned = xml
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'))
    .replace(/<![^>]*>/g, '');
  const out = new Map<string, string>();
  let depth = 0;
  let open: { name: string; from: number } | undefined;
  for (const m of cleaned.matchAll(TAG)) {
    const [whole, closing, rawName, selfClosing] = m;
    const name = rawName.slice(rawName.indexOf(':') + 1);
    if (closing === '/') {
      depth--;
      if (depth === 1 && open !== undefined && open.name === name) {
        if (!out.has(name)) {
          out.set(name, decodeXmlText(cleaned.slice(open.from, m.index)).trim());
        }
        open = undefined;
      }
    } else if (selfClosing === '/') {
      if (depth === 1 && !out.has(name)) {
        out.set(name, '');
      }
    } else {
      depth++;
      if (depth === 2) {
        open = { name, from: m.index + whole.length };
      }
    }
  }
  return out;
}

/** Whitespace collapsed, ends trimmed, a trailing "..." or "…" (a cut Salesforce marks) removed. */
function normalised(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\s*(?:\.\.\.|…)$/, '');
}

export interface RuleMatch {
  rule: ValidationRuleFile;
  /** `exact`: same text; `prefix`: the message is the start of the rule's (Salesforce cut it). */
  how: 'exact' | 'prefix';
}

/** The shortest message that may match a rule by prefix (shorter is too likely to match by chance). */
const MIN_PREFIX = 12;

/**
 * The rule whose error message is the failure's message: the same text (whitespace aside), else
 * a rule whose message starts with the failure's when that was cut short. Active rules win over
 * inactive ones; among equals, the first.
 */
export function matchValidationRule(message: string, rules: readonly ValidationRuleFile[]): RuleMatch | undefined {
  const wanted = normalised(message);
  if (wanted === '') {
    return undefined;
  }
  const byActive = [...rules].sort((a, b) => Number(b.active) - Number(a.active));
  const exact = byActive.find((r) => normalised(r.errorMessage) === wanted);
  if (exact !== undefined) {
    return { rule: exact, how: 'exact' };
  }
  if (wanted.length < MIN_PREFIX) {
    return undefined;
  }
  const prefix = byActive.find((r) => normalised(r.errorMessage).startsWith(wanted));
  return prefix === undefined ? undefined : { rule: prefix, how: 'prefix' };
}

/** The flows whose label is `label` (whitespace and case aside), active ones first. */
export function matchFlowByLabel(label: string, flows: readonly FlowFile[]): FlowFile[] {
  const wanted = normalised(label).toLowerCase();
  if (wanted === '') {
    return [];
  }
  return flows
    .filter((f) => normalised(f.label).toLowerCase() === wanted)
    .sort((a, b) => Number(b.status === 'Active') - Number(a.status === 'Active'));
}
