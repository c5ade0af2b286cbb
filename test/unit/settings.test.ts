import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  clampSetting, NUMBER_SETTINGS, OTHER_SETTINGS, readSettings, SETTING_KEYS, SETTINGS_SECTION, workspaceSettings,
  type SettingKey, type SettingsChange, type SettingsWorkspace,
} from '../../src/settings';

interface SchemaProperty {
  type: string;
  default: unknown;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  scope?: string;
}

function packageSchema(): Record<string, SchemaProperty> {
  // Compiled to out/test/unit/: the repository root is three levels up.
  const file = path.resolve(__dirname, '../../../package.json');
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { contributes: { configuration: { properties: Record<string, SchemaProperty> } } };
  const out: Record<string, SchemaProperty> = {};
  for (const [name, prop] of Object.entries(pkg.contributes.configuration.properties)) {
    assert.ok(name.startsWith(`${SETTINGS_SECTION}.`), name);
    out[name.slice(SETTINGS_SECTION.length + 1)] = prop;
  }
  return out;
}

describe('settings', () => {
  describe('agree with package.json', () => {
    const schema = packageSchema();

    it('knows exactly the settings package.json declares', () => {
      assert.deepStrictEqual([...SETTING_KEYS].sort(), Object.keys(schema).sort());
    });

    it('has the same type, default, minimum and maximum for every numeric setting', () => {
      for (const [key, spec] of Object.entries(NUMBER_SETTINGS)) {
        const prop = schema[key];
        assert.deepStrictEqual(
          { type: spec.type, default: spec.default, minimum: spec.minimum, maximum: spec.maximum },
          { type: prop.type, default: prop.default, minimum: prop.minimum, maximum: prop.maximum },
          key,
        );
      }
    });

    it('has the same type, default and pattern for every other setting', () => {
      for (const [key, spec] of Object.entries(OTHER_SETTINGS)) {
        const prop = schema[key];
        assert.strictEqual(spec.type, prop.type, key);
        assert.deepStrictEqual(spec.default, prop.default, key);
        assert.strictEqual('pattern' in spec ? spec.pattern.source : undefined, prop.pattern, key);
        assert.strictEqual(prop.minimum, undefined, key);
        assert.strictEqual('scope' in spec ? spec.scope : undefined, prop.scope, key);
      }
    });

    it('lists the same load encodings as the schema, and reads a listed one', () => {
      assert.deepStrictEqual((schema['load.encoding'] as unknown as { enum: string[] }).enum, [...OTHER_SETTINGS['load.encoding'].items]);
      assert.strictEqual(readSettings((key) => (key === 'load.encoding' ? 'windows1252' : undefined)).loadEncoding(), 'windows1252');
    });

    it('lists the same notifyOn events as the schema', () => {
      const items = (schema['orgJobs.notifyOn'] as unknown as { items: { enum: string[] } }).items.enum;
      assert.deepStrictEqual(items, [...OTHER_SETTINGS['orgJobs.notifyOn'].items]);
    });

    it('lets only the user choose the CLI: bulkJobs.cliPath is machine-scoped', () => {
      assert.strictEqual(schema.cliPath.scope, 'machine');
    });
  });

  describe('clamping', () => {
    const timeout = NUMBER_SETTINGS.requestTimeoutSeconds;
    const concurrency = NUMBER_SETTINGS.maxConcurrentRequests;

    it('keeps values within the limits, fractions too where the schema allows them', () => {
      assert.strictEqual(clampSetting(45, timeout), 45);
      assert.strictEqual(clampSetting(2.5, timeout), 2.5);
      assert.strictEqual(clampSetting(1, timeout), 1);
      assert.strictEqual(clampSetting(600, timeout), 600);
    });

    it('clamps values out of range to the nearest limit', () => {
      assert.strictEqual(clampSetting(0, timeout), 1);
      assert.strictEqual(clampSetting(-30, timeout), 1);
      assert.strictEqual(clampSetting(100_000, timeout), 600);
      assert.strictEqual(clampSetting(0, concurrency), 1);
      assert.strictEqual(clampSetting(500, concurrency), 50);
      assert.strictEqual(clampSetting(1, NUMBER_SETTINGS.pollIntervalMaxSeconds), 5);
      assert.strictEqual(clampSetting(86_400, NUMBER_SETTINGS.pollIntervalMaxSeconds), 3600);
    });

    it('rounds integer settings', () => {
      assert.strictEqual(clampSetting(7.6, concurrency), 8);
      assert.strictEqual(clampSetting(0.2, concurrency), 1);
    });

    it('uses the default for values of the wrong type', () => {
      for (const value of ['30', null, undefined, true, NaN, Infinity, -Infinity, {}, [5]]) {
        assert.strictEqual(clampSetting(value, timeout), 30, String(value));
        assert.strictEqual(clampSetting(value, concurrency), 6, String(value));
      }
    });
  });

  describe('reading', () => {
    function settingsOf(values: Partial<Record<SettingKey, unknown>>) {
      return readSettings((key) => values[key]);
    }

    /** Every setting's value, by the name of its getter. */
    function valuesOf(s: ReturnType<typeof readSettings>): Record<string, unknown> {
      return Object.fromEntries(Object.entries(s).map(([name, read]) => [name, (read as () => unknown)()]));
    }

    it('gives the defaults when nothing is set', () => {
      assert.deepStrictEqual(valuesOf(settingsOf({})), {
        cliPath: 'sf', apiVersion: '64.0', requestTimeoutMs: 30_000, maxConcurrentRequests: 6, pollIntervalMaxSeconds: 60,
        notifyOnCompletion: true, hoverEnabled: true, apiUsageThresholds: { slowAbovePercent: 80, pauseAbovePercent: 95 },
        resultsFolder: '', orgJobsRefreshMs: 60_000, orgJobsBackgroundMs: 300_000, orgJobsNotifications: true,
        orgJobsNotifyOn: new Set(['failed', 'failedRecords', 'aborted']), orgJobsCheckWhileUnfocused: false, orgJobsMaxSharePerHourPercent: 1, loadEncoding: 'auto',
      });
    });

    it('uses valid values, clamped numbers, and the default for anything else', () => {
      const s = settingsOf({
        cliPath: '  /opt/sf/bin/sf ', apiVersion: '61.0', requestTimeoutSeconds: 0.5, maxConcurrentRequests: 99,
        pollIntervalMaxSeconds: '120', notifyOnCompletion: 'no', 'hover.enabled': false,
        'apiUsage.slowAbovePercent': 150, 'apiUsage.pauseAbovePercent': 'high',
        'orgJobs.refreshSeconds': 5, 'orgJobs.backgroundMinutes': 1_000, 'orgJobs.notifications': false,
        'orgJobs.notifyOn': ['completed', 'exploded', 7], 'orgJobs.checkWhileUnfocused': 'yes', 'orgJobs.maxSharePerHourPercent': 0.01, 'load.encoding': 'ebcdic',
      });
      assert.deepStrictEqual(valuesOf(s), {
        cliPath: '/opt/sf/bin/sf', apiVersion: '61.0', requestTimeoutMs: 1000, maxConcurrentRequests: 50, pollIntervalMaxSeconds: 60,
        notifyOnCompletion: true, hoverEnabled: false, apiUsageThresholds: { slowAbovePercent: 100, pauseAbovePercent: 95 },
        resultsFolder: '', orgJobsRefreshMs: 30_000, orgJobsBackgroundMs: 120 * 60_000, orgJobsNotifications: false,
        orgJobsNotifyOn: new Set(['completed']), orgJobsCheckWhileUnfocused: false, orgJobsMaxSharePerHourPercent: 0.1, loadEncoding: 'auto',
      });
    });

    it('reads notifyOn as the default when it is not an array, and as nothing when it is empty', () => {
      assert.deepStrictEqual(settingsOf({ 'orgJobs.notifyOn': 'failed' }).orgJobsNotifyOn(), new Set(['failed', 'failedRecords', 'aborted']));
      assert.deepStrictEqual(settingsOf({ 'orgJobs.notifyOn': [] }).orgJobsNotifyOn(), new Set());
    });

    it('takes an absolute results folder (or one under ~), and ignores a relative one', () => {
      for (const value of ['/srv/bulk', ' ~/bulk-results ', '~', 'C:\\Data\\bulk', '\\\\server\\share']) {
        assert.strictEqual(settingsOf({ resultsFolder: value }).resultsFolder(), value.trim(), value);
      }
      for (const value of ['bulk-results', './out', 'data/rows', 42, null]) {
        assert.strictEqual(settingsOf({ resultsFolder: value }).resultsFolder(), '', String(value));
      }
    });

    it('falls back for an API version that does not match the schema, and for a blank CLI path', () => {
      for (const apiVersion of ['v61', '61', '61.1', 61, '1000.0']) {
        assert.strictEqual(settingsOf({ apiVersion }).apiVersion(), '64.0', String(apiVersion));
      }
      assert.strictEqual(settingsOf({ cliPath: '   ' }).cliPath(), 'sf');
      assert.strictEqual(settingsOf({ cliPath: 42 }).cliPath(), 'sf');
    });

    it('reads again at each call, so a change applies at once', () => {
      const values: Partial<Record<SettingKey, unknown>> = { maxConcurrentRequests: 3 };
      const s = readSettings((key) => values[key]);
      assert.strictEqual(s.maxConcurrentRequests(), 3);
      values.maxConcurrentRequests = 4;
      assert.strictEqual(s.maxConcurrentRequests(), 4);
    });
  });

  describe('one change event', () => {
    /** `values` are the user's; `workspaceValues` those of the opened folder, which win in `get`. */
    function fakeWorkspace(values: Record<string, unknown>, workspaceValues: Record<string, unknown> = {}) {
      let fire: ((changed: string[]) => void) | undefined;
      let disposed = false;
      const workspace = {
        getConfiguration: (section?: string) => ({
          get: (key: string) => workspaceValues[`${section}.${key}`] ?? values[`${section}.${key}`],
          inspect: (key: string) => ({
            key: `${section}.${key}`, globalValue: values[`${section}.${key}`], workspaceValue: workspaceValues[`${section}.${key}`],
          }),
        }),
        onDidChangeConfiguration: (listener: (e: { affectsConfiguration(section: string): boolean }) => void) => {
          fire = (changed) => listener({ affectsConfiguration: (section) => changed.some((c) => c === section || c.startsWith(`${section}.`)) });
          return { dispose: () => { disposed = true; } };
        },
      } as unknown as SettingsWorkspace;
      return { workspace, change: (...changed: string[]) => fire?.(changed), isDisposed: () => disposed };
    }

    it('reads bulkJobs.* from the workspace', () => {
      const { workspace } = fakeWorkspace({ 'bulkJobs.maxConcurrentRequests': 1000, 'bulkJobs.cliPath': 'sfx' });
      const s = workspaceSettings(workspace);
      assert.strictEqual(s.maxConcurrentRequests(), 50);
      assert.strictEqual(s.cliPath(), 'sfx');
    });

    it('clamps or defaults every numeric value an opened folder sets', () => {
      const cases: [unknown, number, number, number][] = [
        // value, requestTimeoutMs, maxConcurrentRequests, pollIntervalMaxSeconds
        [1e9, 600_000, 50, 3600],
        [-5, 1000, 1, 5],
        [0, 1000, 1, 5],
        [NaN, 30_000, 6, 60],
        [Infinity, 30_000, 6, 60],
        ['10', 30_000, 6, 60],
        ['', 30_000, 6, 60],
        [null, 30_000, 6, 60],
        [{ valueOf: () => 10 }, 30_000, 6, 60],
        [[10], 30_000, 6, 60],
        [true, 30_000, 6, 60],
        [7.6, 7600, 8, 8],
      ];
      for (const [value, timeout, concurrency, poll] of cases) {
        const { workspace } = fakeWorkspace({}, {
          'bulkJobs.requestTimeoutSeconds': value, 'bulkJobs.maxConcurrentRequests': value, 'bulkJobs.pollIntervalMaxSeconds': value,
        });
        const s = workspaceSettings(workspace);
        assert.deepStrictEqual([s.requestTimeoutMs(), s.maxConcurrentRequests(), s.pollIntervalMaxSeconds()], [timeout, concurrency, poll], String(value));
      }
    });

    it('ignores a results folder set by an opened folder', () => {
      const planted = { 'bulkJobs.resultsFolder': '/ws/project/tracked-data' };
      assert.strictEqual(workspaceSettings(fakeWorkspace({}, planted).workspace).resultsFolder(), '');
      assert.strictEqual(workspaceSettings(fakeWorkspace({ 'bulkJobs.resultsFolder': '~/bulk' }, planted).workspace).resultsFolder(), '~/bulk');
    });

    it('ignores a CLI path set by an opened folder and uses the user\'s (or sf)', () => {
      const planted = { 'bulkJobs.cliPath': '/ws/evil/sf' };
      assert.strictEqual(workspaceSettings(fakeWorkspace({}, planted).workspace).cliPath(), 'sf');
      assert.strictEqual(workspaceSettings(fakeWorkspace({ 'bulkJobs.cliPath': '/opt/sf/bin/sf' }, planted).workspace).cliPath(), '/opt/sf/bin/sf');
    });

    it('fires once per change that touches bulkJobs.*, telling which keys', () => {
      const { workspace, change } = fakeWorkspace({});
      const s = workspaceSettings(workspace);
      const seen: SettingsChange[] = [];
      s.onDidChange((c) => seen.push(c));
      change('editor.fontSize');
      change('bulkJobs.cliPath', 'bulkJobs.apiVersion', 'editor.tabSize');
      change('bulkJobs.hover.enabled');
      assert.strictEqual(seen.length, 2);
      assert.deepStrictEqual([...seen[0].keys].sort(), ['apiVersion', 'cliPath']);
      assert.ok(seen[0].affects('cliPath'));
      assert.ok(!seen[0].affects('pollIntervalMaxSeconds'));
      assert.deepStrictEqual(seen[1].keys, ['hover.enabled']);
    });

    it('stops telling a listener once it is disposed, and stops listening when disposed itself', () => {
      const { workspace, change, isDisposed } = fakeWorkspace({});
      const s = workspaceSettings(workspace);
      let calls = 0;
      const subscription = s.onDidChange(() => calls++);
      change('bulkJobs.notifyOnCompletion');
      subscription.dispose();
      change('bulkJobs.notifyOnCompletion');
      assert.strictEqual(calls, 1);
      s.dispose();
      assert.ok(isDisposed());
    });
  });
});
