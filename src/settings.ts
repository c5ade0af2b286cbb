/**
 * The extension's settings (`bulkJobs.*`), typed and read when needed so that a change applies at
 * once. Every value is checked against the limits declared in package.json: a workspace value out of
 * range is clamped and one of the wrong type falls back to the default, so no raw value is used.
 *
 * Plain Node at run time (only `import type` from vscode): the caller hands in the workspace, so the
 * limits, the clamping and the change event are testable without the editor.
 */
import type * as vscode from 'vscode';

export const SETTINGS_SECTION = 'bulkJobs';

/** `bulkJobs.load.encoding`: `auto` (found from each file) or an `iconv-lite` name (src/salesforce/load/fileFormat.ts). */
export const ENCODING_SETTING_VALUES = ['auto', 'utf8', 'windows1252', 'utf16le', 'utf16be', 'iso88591', 'iso885915', 'windows1250'] as const;
export type EncodingSetting = (typeof ENCODING_SETTING_VALUES)[number];

interface NumberSpec {
  readonly type: 'number' | 'integer';
  readonly default: number;
  readonly minimum: number;
  readonly maximum: number;
}

/** The numeric settings with their package.json schema (a unit test keeps the two equal). */
export const NUMBER_SETTINGS = {
  requestTimeoutSeconds: { type: 'number', default: 30, minimum: 1, maximum: 600 },
  maxConcurrentRequests: { type: 'integer', default: 6, minimum: 1, maximum: 50 },
  pollIntervalMaxSeconds: { type: 'integer', default: 60, minimum: 5, maximum: 3600 },
  'apiUsage.slowAbovePercent': { type: 'integer', default: 80, minimum: 1, maximum: 100 },
  'apiUsage.pauseAbovePercent': { type: 'integer', default: 95, minimum: 1, maximum: 100 },
  'orgJobs.refreshSeconds': { type: 'integer', default: 60, minimum: 30, maximum: 3600 },
  'orgJobs.backgroundMinutes': { type: 'integer', default: 5, minimum: 2, maximum: 120 },
  'orgJobs.maxSharePerHourPercent': { type: 'number', default: 1, minimum: 0.1, maximum: 100 },
} as const satisfies Record<string, NumberSpec>;

/** The other settings with their package.json default (and pattern, where the schema has one). */
export const OTHER_SETTINGS = {
  apiVersion: { type: 'string', default: '64.0', pattern: /^\d{2,3}\.0$/ },
  cliPath: { type: 'string', default: '', scope: 'machine' },
  notifyOnCompletion: { type: 'boolean', default: true },
  'hover.enabled': { type: 'boolean', default: true },
  /** Empty, or an absolute path (`~` for the home folder): see src/downloads/resultsFolder.ts. */
  resultsFolder: { type: 'string', default: '', scope: 'machine', pattern: /^(~([/\\].*)?|[/\\].*|[A-Za-z]:[/\\].*)?$/ },
  'orgJobs.notifications': { type: 'boolean', default: true },
  'orgJobs.notifyOn': { type: 'array', default: ['failed', 'failedRecords', 'aborted'], items: ['failed', 'failedRecords', 'aborted', 'completed'] },
  'orgJobs.checkWhileUnfocused': { type: 'boolean', default: false },
  /** How files to load are decoded: `auto` or one encoding (see src/salesforce/load/fileFormat.ts). */
  'load.encoding': { type: 'string', default: 'auto', items: ENCODING_SETTING_VALUES },
} as const;

/** One of the Org Jobs events `bulkJobs.orgJobs.notifyOn` lists. */
export type OrgJobsNotifyOn = (typeof OTHER_SETTINGS)['orgJobs.notifyOn']['items'][number];

export type SettingKey = keyof typeof NUMBER_SETTINGS | keyof typeof OTHER_SETTINGS;
export const SETTING_KEYS = [...Object.keys(NUMBER_SETTINGS), ...Object.keys(OTHER_SETTINGS)] as SettingKey[];

/** A number within the spec's limits: clamped when out of range, the default when not a number. */
export function clampSetting(value: unknown, spec: NumberSpec): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return spec.default;
  }
  const whole = spec.type === 'integer' ? Math.round(value) : value;
  return Math.min(spec.maximum, Math.max(spec.minimum, whole));
}

/** What changed in one configuration change (only `bulkJobs.*` keys this extension knows). */
export interface SettingsChange {
  readonly keys: readonly SettingKey[];
  affects(key: SettingKey): boolean;
}

/** The extension's settings, each read when asked. */
export interface Settings {
  cliPath(): string;
  apiVersion(): string;
  requestTimeoutMs(): number;
  maxConcurrentRequests(): number;
  pollIntervalMaxSeconds(): number;
  /** `bulkJobs.apiUsage.*`: above these shares of the org's API allocation, polling is slower, then paused. */
  apiUsageThresholds(): { slowAbovePercent: number; pauseAbovePercent: number };
  notifyOnCompletion(): boolean;
  hoverEnabled(): boolean;
  /** The folder result files go to by default ('' = the workspace's bulk-results/). */
  resultsFolder(): string;
  /** `bulkJobs.orgJobs.*`: the Org Jobs view's pace (ms), background checks and which events notify. */
  orgJobsRefreshMs(): number;
  orgJobsBackgroundMs(): number;
  orgJobsNotifications(): boolean;
  orgJobsNotifyOn(): ReadonlySet<OrgJobsNotifyOn>;
  orgJobsCheckWhileUnfocused(): boolean;
  /** `bulkJobs.orgJobs.maxSharePerHourPercent`: at most this share (%) of the org's daily API allocation an hour on a watched org's refreshes. */
  orgJobsMaxSharePerHourPercent(): number;
  /** `bulkJobs.load.encoding`: `auto`, or the encoding every file to load is read in. */
  loadEncoding(): EncodingSetting;
  /** Fired once per configuration change that touches `bulkJobs.*`, with the keys it touched. */
  onDidChange(listener: (change: SettingsChange) => void): vscode.Disposable;
}

/**
 * Settings that choose a program to run: `"scope": "machine"` in package.json, and read from the user's
 * (or the remote machine's) settings only, so that an opened folder cannot pick what runs.
 * `resultsFolder` too: an opened folder (a cloned repository) must not choose where customer rows are
 * written (e.g. into its own tracked files), and the path is one of this machine's.
 */
const MACHINE_SETTINGS: readonly SettingKey[] = ['cliPath', 'resultsFolder'];

/** Reads one `bulkJobs.<key>` value as the workspace has it (any type). */
export type SettingReader = (key: SettingKey) => unknown;

/** Typed, checked values from a reader; no event. */
export function readSettings(read: SettingReader): Omit<Settings, 'onDidChange'> {
  const num = (key: keyof typeof NUMBER_SETTINGS): number => clampSetting(read(key), NUMBER_SETTINGS[key]);
  const bool = (key: 'notifyOnCompletion' | 'hover.enabled' | 'orgJobs.notifications' | 'orgJobs.checkWhileUnfocused'): boolean => {
    const value = read(key);
    return typeof value === 'boolean' ? value : OTHER_SETTINGS[key].default;
  };
  return {
    cliPath: () => {
      const value = read('cliPath');
      return (typeof value === 'string' ? value.trim() : '') || 'sf';
    },
    apiVersion: () => {
      const value = read('apiVersion');
      const spec = OTHER_SETTINGS.apiVersion;
      return typeof value === 'string' && spec.pattern.test(value.trim()) ? value.trim() : spec.default;
    },
    requestTimeoutMs: () => num('requestTimeoutSeconds') * 1000,
    maxConcurrentRequests: () => num('maxConcurrentRequests'),
    pollIntervalMaxSeconds: () => num('pollIntervalMaxSeconds'),
    apiUsageThresholds: () => ({ slowAbovePercent: num('apiUsage.slowAbovePercent'), pauseAbovePercent: num('apiUsage.pauseAbovePercent') }),
    notifyOnCompletion: () => bool('notifyOnCompletion'),
    hoverEnabled: () => bool('hover.enabled'),
    resultsFolder: () => {
      const value = read('resultsFolder');
      const trimmed = typeof value === 'string' ? value.trim() : '';
      return OTHER_SETTINGS.resultsFolder.pattern.test(trimmed) ? trimmed : OTHER_SETTINGS.resultsFolder.default;
    },
    orgJobsRefreshMs: () => num('orgJobs.refreshSeconds') * 1000,
    orgJobsBackgroundMs: () => num('orgJobs.backgroundMinutes') * 60_000,
    orgJobsNotifications: () => bool('orgJobs.notifications'),
    orgJobsNotifyOn: () => notifyOn(read('orgJobs.notifyOn')),
    orgJobsCheckWhileUnfocused: () => bool('orgJobs.checkWhileUnfocused'),
    orgJobsMaxSharePerHourPercent: () => num('orgJobs.maxSharePerHourPercent'),
    loadEncoding: () => {
      const value = read('load.encoding');
      const known: readonly unknown[] = ENCODING_SETTING_VALUES;
      return known.includes(value) ? (value as EncodingSetting) : 'auto';
    },
  };
}

/** The known events of a `notifyOn` value (unknown ones dropped); the default when it is not an array. */
function notifyOn(value: unknown): ReadonlySet<OrgJobsNotifyOn> {
  const spec = OTHER_SETTINGS['orgJobs.notifyOn'];
  if (!Array.isArray(value)) {
    return new Set(spec.default);
  }
  const known: readonly unknown[] = spec.items;
  return new Set(value.filter((v): v is OrgJobsNotifyOn => known.includes(v)));
}

/** The part of `vscode.workspace` the settings use. */
export type SettingsWorkspace = Pick<typeof vscode.workspace, 'getConfiguration' | 'onDidChangeConfiguration'>;

/**
 * The settings of the open workspace with one change event; dispose to stop listening. A listener that
 * throws is reported to `onListenerError` and does not keep the others stale.
 */
export function workspaceSettings(
  workspace: SettingsWorkspace,
  onListenerError: (error: unknown) => void = () => undefined,
): Settings & vscode.Disposable {
  const listeners = new Set<(change: SettingsChange) => void>();
  const subscription = workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(SETTINGS_SECTION)) {
      return;
    }
    const keys = SETTING_KEYS.filter((key) => e.affectsConfiguration(`${SETTINGS_SECTION}.${key}`));
    if (keys.length === 0) {
      return;
    }
    const change: SettingsChange = { keys, affects: (key) => keys.includes(key) };
    for (const listener of [...listeners]) {
      try {
        listener(change);
      } catch (error) {
        onListenerError(error);
      }
    }
  });
  return {
    ...readSettings((key) => {
      const config = workspace.getConfiguration(SETTINGS_SECTION);
      if (MACHINE_SETTINGS.includes(key)) {
        return config.inspect<unknown>(key)?.globalValue; // never a workspace or folder value
      }
      return config.get<unknown>(key);
    }),
    onDidChange: (listener) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    dispose: () => {
      listeners.clear();
      subscription.dispose();
    },
  };
}
