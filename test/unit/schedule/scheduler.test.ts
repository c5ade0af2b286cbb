import * as assert from 'assert';
import { Scheduler, type ScheduledTask } from '../../../src/schedule/scheduler';

/** A scheduler on a fake clock whose timer only records what it was asked to wait. */
function fakeScheduler(): { scheduler: Scheduler; clock: { now: number }; waits: number[]; pending: () => number } {
  const clock = { now: 1_000_000 };
  const waits: number[] = [];
  let armed = 0;
  const scheduler = new Scheduler(() => clock.now, (_fn, ms) => {
    waits.push(ms);
    armed++;
    return () => { armed--; };
  });
  return { scheduler, clock, waits, pending: () => armed };
}

/** A task due every `everyMs`, counting its runs. */
function everyTask(clock: { now: number }, everyMs: number): ScheduledTask & { runs: number } {
  let due = clock.now + everyMs;
  const task = {
    runs: 0,
    dueAt: () => due,
    run: () => {
      task.runs++;
      due = clock.now + everyMs;
    },
  };
  return task;
}

describe('scheduler: one timer for every automatic refresh', () => {
  it('sleeps until the earliest task is due and runs only the tasks that are due', () => {
    const { scheduler, clock, waits } = fakeScheduler();
    const jobs = everyTask(clock, 5_000);
    const lists = everyTask(clock, 60_000);
    scheduler.add('trackedJobs', jobs);
    scheduler.add('orgJobs', lists);
    assert.strictEqual(waits.at(-1), 5_000);

    clock.now += 5_000;
    scheduler.tick();
    assert.deepStrictEqual([jobs.runs, lists.runs], [1, 0]);
    assert.strictEqual(waits.at(-1), 5_000);

    clock.now += 55_000;
    scheduler.tick();
    assert.deepStrictEqual([jobs.runs, lists.runs], [2, 1]);
  });

  it('keeps one timer armed however often a task replans, and none when nothing is planned', () => {
    const { scheduler, clock, pending } = fakeScheduler();
    let due: number | undefined = clock.now + 1_000;
    const task = scheduler.add('trackedJobs', { dueAt: () => due, run: () => { due = undefined; } });
    scheduler.replan();
    scheduler.replan();
    assert.strictEqual(pending(), 1);
    clock.now += 1_000;
    scheduler.tick();
    assert.strictEqual(pending(), 0, 'nothing planned: no timer');
    due = clock.now + 2_000;
    scheduler.replan();
    assert.strictEqual(pending(), 1);
    task.dispose();
    assert.strictEqual(pending(), 0, 'the task gone: no timer');
  });

  it('holds one task per key until it is disposed', () => {
    const { scheduler, clock } = fakeScheduler();
    const first = scheduler.add('orgJobs', everyTask(clock, 5_000));
    assert.throws(() => scheduler.add('orgJobs', everyTask(clock, 5_000)), /already scheduled/);
    first.dispose();
    const again = everyTask(clock, 5_000);
    scheduler.add('orgJobs', again);
    clock.now += 5_000;
    scheduler.tick();
    assert.strictEqual(again.runs, 1);
  });

  it('a task planned in the past is woken at once, not before now', () => {
    const { scheduler, clock, waits } = fakeScheduler();
    scheduler.add('trackedJobs', { dueAt: () => clock.now - 10_000, run: () => undefined });
    assert.strictEqual(waits.at(-1), 0);
  });
});
