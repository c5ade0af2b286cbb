/** The emulator's job store and the realistic defaults for jobs created by seeds and tests. */
import { makeId } from './ids';
import { Batch1, Batch1State, Job, Job1, Job1State, Job2, Job2State } from './model';
import type { FailureSet } from './rows';

const NEVER = Infinity;

export interface Batch1Init {
  id: string;
  /** Shorthand for a timeline: Queued, InProgress, Completed, Failed or NotProcessed "now". */
  state: Batch1State;
  createdAt: number;
  startAt: number;
  endAt: number;
  records: number;
  failed: number;
  stateMessage: string;
  processedOnFailure: number;
  /** Query batches: number of result sets (default 1). */
  resultCount: number;
}

export interface Job1Init {
  id: string;
  operation: string;
  object: string;
  createdById: string;
  createdAt: number;
  contentType: string;
  concurrencyMode: string;
  apiVersion: string;
  externalIdFieldName: string;
  assignmentRuleId: string;
  numberRetries: number;
  /** Shorthand: the job's state from its creation on (unless closedAt / abortedAt / failedAt say otherwise). */
  state: Job1State;
  closedAt: number;
  abortedAt: number;
  failedAt: number;
  query: string;
  batches: Array<Partial<Batch1Init>>;
  /** Opt-in: why generated rows fail (rows.ts; `causes`: the Apex, validation rule and flow failures of the tooling seed). */
  failureSet: FailureSet;
}

export interface Job2Init {
  id: string;
  kind: 'ingest' | 'query';
  operation: string;
  object: string;
  createdById: string;
  createdAt: number;
  /** Shorthand for a timeline ending in this state (unless the instants below say otherwise). */
  state: Job2State;
  uploadCompleteAt: number;
  startAt: number;
  endAt: number;
  abortedAt: number;
  errorMessage: string;
  records: number;
  failed: number;
  processedOnFailure: number;
  apiVersion: string;
  concurrencyMode: string;
  lineEnding: string;
  columnDelimiter: string;
  externalIdFieldName: string;
  assignmentRuleId: string;
  retries: number;
  processingMs: number;
  query: string;
  /** Query jobs: rows per `results` page when the client sends no `maxRecords` (default: all). */
  resultsPageSize: number;
  /** Opt-in: why generated rows fail (rows.ts; `causes`: the Apex, validation rule and flow failures of the tooling seed). */
  failureSet: FailureSet;
}

/**
 * A big Bulk 1.0 job, generated on the fly when downloaded (nothing is stored per row): `batches`
 * batches of `rowsPerBatch` rows, `failureRate` of each Completed batch's rows failing across the
 * object's realistic error codes (see rows.ts; values with commas, quotes, newlines and non-Latin
 * text), then `failedBatches` batches that failed with `stateMessage` after `processedOnFailure`
 * rows, then `notProcessedBatches` batches never run because the job was aborted.
 */
export interface Big1Init {
  batches: number;
  rowsPerBatch: number;
  /** 0 … 1 (default 0.1). */
  failureRate: number;
  failedBatches: number;
  notProcessedBatches: number;
  /** Default 'InvalidBatch : Failed to process batch: Apex CPU time limit exceeded'. */
  stateMessage: string;
  /** Rows of a Failed batch that have a result (default 0). */
  processedOnFailure: number;
  object: string;
  operation: string;
  contentType: 'CSV' | 'XML' | 'JSON';
  id: string;
}

/** A big Bulk 2.0 ingest job: `records` rows, `failureRate` failing, `processed` of them processed (aborted if fewer). */
export interface Big2Init {
  records: number;
  failureRate: number;
  /** Default: all (JobComplete); fewer makes an Aborted job with unprocessed records. */
  processed: number;
  object: string;
  operation: string;
  columnDelimiter: string;
  id: string;
}

export interface EmulatorJobs {
  /** Creates a Bulk 1.0 job (+ batches); returns its 18-char id. */
  create1(init: Partial<Job1Init>): string;
  /** Creates a Bulk 2.0 ingest or query job; returns its 18-char id. */
  create2(init: Partial<Job2Init>): string;
  /** Addition: a big 1.0 job generated on the fly (see Big1Init); returns its id. */
  createBig1(init: Partial<Big1Init>): string;
  /** Addition: a big 2.0 ingest job generated on the fly (see Big2Init); returns its id. */
  createBig2(init: Partial<Big2Init>): string;
  /** The stored job (shape: `Job1 | Job2` of model.ts). */
  get(id: string): unknown | undefined;
  ids(): string[];
}

/** Where jobs live. Ids are handed out in order, so a seed always produces the same ids. */
export class JobStore implements EmulatorJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly byId15 = new Map<string, string>();
  private nextJob = 1;
  private nextBatch = 1;
  private nextResult = 1;
  private nextUpload = 1;

  constructor(private readonly now: () => number, private readonly userId: string) {}

  /** `delta` after `from`, but not after now (unless `from` itself is later): shorthand states hold now. */
  private soon(from: number, delta: number): number {
    return Math.max(from, Math.min(from + delta, this.now()));
  }

  /** A job by 15- or 18-character id. */
  find(id: string): Job | undefined {
    return this.jobs.get(id) ?? (id.length === 15 ? this.jobs.get(this.byId15.get(id) ?? '') : undefined);
  }

  get(id: string): unknown | undefined {
    return this.find(id);
  }

  ids(): string[] {
    return [...this.jobs.keys()];
  }

  remove(id: string): void {
    this.jobs.delete(id);
    this.byId15.delete(id.slice(0, 15));
  }

  all(): Job[] {
    return [...this.jobs.values()];
  }

  /** The next batch id (for batches a client uploads, see ingest.ts). */
  newBatchId(): string {
    return makeId('751', 'EM', this.nextBatch++);
  }

  /** A number per upload, so that the record ids of different uploads differ. */
  newUploadSerial(): number {
    return this.nextUpload++;
  }

  private add(job: Job): string {
    if (this.jobs.has(job.id)) {
      throw new Error(`Duplicate job id ${job.id}`);
    }
    this.jobs.set(job.id, job);
    this.byId15.set(job.id.slice(0, 15), job.id);
    return job.id;
  }

  create1(init: Partial<Job1Init>): string {
    const createdAt = init.createdAt ?? this.now() - 60_000;
    const state = init.state ?? 'Open';
    const operation = init.operation ?? 'insert';
    const job: Job1 = {
      flavour: '1.0',
      id: init.id ?? makeId('750', 'EM', this.nextJob++),
      operation,
      object: init.object ?? 'Account',
      createdById: init.createdById ?? this.userId,
      createdAt,
      contentType: init.contentType ?? 'CSV',
      concurrencyMode: init.concurrencyMode ?? 'Parallel',
      apiVersion: init.apiVersion ?? '64.0',
      externalIdFieldName: init.externalIdFieldName ?? (operation === 'upsert' ? 'External_Id__c' : undefined),
      assignmentRuleId: init.assignmentRuleId,
      numberRetries: init.numberRetries ?? 0,
      closedAt: init.closedAt ?? (state === 'Closed' || state === 'Failed' ? this.soon(createdAt, 500) : NEVER),
      abortedAt: init.abortedAt ?? (state === 'Aborted' ? this.soon(createdAt, 500) : NEVER),
      failedAt: init.failedAt ?? (state === 'Failed' ? this.soon(createdAt, 500) : NEVER),
      query: init.query ?? (operation === 'query' || operation === 'queryAll' ? `SELECT Id, Name FROM ${init.object ?? 'Account'}` : undefined),
      batches: [],
      ...(init.failureSet === undefined ? {} : { failureSet: init.failureSet }),
    };
    if (init.state === 'Aborted' && init.closedAt === undefined && (init.batches ?? []).some((b) => b.state !== 'NotProcessed')) {
      job.closedAt = this.soon(createdAt, 400);
    }
    for (const b of init.batches ?? []) {
      job.batches.push(this.makeBatch(job, b));
    }
    return this.add(job);
  }

  private makeBatch(job: Job1, init: Partial<Batch1Init>): Batch1 {
    const createdAt = init.createdAt ?? this.soon(job.createdAt, 200);
    const records = init.records ?? (job.operation.startsWith('query') ? 0 : 200);
    const state = init.state;
    let startAt = init.startAt;
    let endAt = init.endAt;
    let notProcessedAt: number | undefined;
    if (startAt === undefined) {
      if (state === 'Queued' || state === 'NotProcessed') {
        startAt = NEVER;
      } else {
        startAt = this.soon(createdAt, 1_000);
      }
    }
    if (endAt === undefined) {
      if (state === 'Queued' || state === 'NotProcessed' || state === 'InProgress') {
        endAt = NEVER;
      } else {
        // A finished batch has finished by now, however recent its creation.
        endAt = Math.min(startAt + Math.min(30_000, 2_000 + records * 2), Math.max(createdAt, this.now()));
        startAt = Math.min(startAt, endAt);
      }
    }
    if (state === 'NotProcessed') {
      notProcessedAt = createdAt;
    }
    const resultCount = init.resultCount ?? 1;
    const isQuery = job.operation.startsWith('query');
    return {
      id: init.id ?? makeId('751', 'EM', this.nextBatch++),
      createdAt,
      startAt,
      endAt,
      finalState: state === 'Failed' ? 'Failed' : 'Completed',
      stateMessage: init.stateMessage ?? (state === 'Failed' ? 'InvalidBatch : Failed to process batch' : undefined),
      records,
      failed: init.failed ?? 0,
      processedOnFailure: init.processedOnFailure ?? 0,
      notProcessedAt,
      resultIds: isQuery ? Array.from({ length: resultCount }, () => makeId('752', 'EM', this.nextResult++)) : [],
    };
  }

  createBig1(init: Partial<Big1Init>): string {
    const completed = init.batches ?? 100;
    const rowsPerBatch = init.rowsPerBatch ?? 10_000;
    const failedPerBatch = Math.round(rowsPerBatch * (init.failureRate ?? 0.1));
    const failedBatches = init.failedBatches ?? 0;
    const notProcessed = init.notProcessedBatches ?? 0;
    const now = this.now();
    const createdAt = now - 3_600_000;
    const batches: Array<Partial<Batch1Init>> = [];
    for (let k = 0; k < completed; k++) {
      batches.push({ state: 'Completed', records: rowsPerBatch, failed: failedPerBatch, createdAt: createdAt + 1_000, startAt: createdAt + 2_000, endAt: createdAt + 60_000 });
    }
    for (let k = 0; k < failedBatches; k++) {
      batches.push({
        state: 'Failed',
        records: rowsPerBatch,
        failed: failedPerBatch,
        stateMessage: init.stateMessage ?? 'InvalidBatch : Failed to process batch: Apex CPU time limit exceeded',
        processedOnFailure: init.processedOnFailure ?? 0,
        createdAt: createdAt + 1_000,
        startAt: createdAt + 2_000,
        endAt: createdAt + 30_000,
      });
    }
    for (let k = 0; k < notProcessed; k++) {
      batches.push({ state: 'NotProcessed', records: rowsPerBatch, failed: failedPerBatch, createdAt: createdAt + 1_000 });
    }
    return this.create1({
      id: init.id,
      object: init.object ?? 'Contact',
      operation: init.operation ?? 'insert',
      contentType: init.contentType ?? 'CSV',
      createdAt,
      state: notProcessed > 0 ? 'Aborted' : 'Closed',
      closedAt: createdAt + 500,
      abortedAt: notProcessed > 0 ? createdAt + 70_000 : undefined,
      batches,
    });
  }

  createBig2(init: Partial<Big2Init>): string {
    const records = init.records ?? 1_000_000;
    const processed = Math.min(records, init.processed ?? records);
    const createdAt = this.now() - 3_600_000;
    const complete = processed >= records;
    // Processing runs at a steady pace; an abort at the right instant leaves `processed` rows done (rounded to 200s).
    const startAt = createdAt + 2_000;
    const endAt = startAt + 1_000_000;
    const abortedAt = complete ? Infinity : startAt + Math.ceil(((endAt - startAt) * processed) / records);
    return this.create2({
      id: init.id,
      kind: 'ingest',
      object: init.object ?? 'Contact',
      operation: init.operation ?? 'insert',
      createdAt,
      state: complete ? 'JobComplete' : 'Aborted',
      uploadCompleteAt: createdAt + 1_000,
      startAt,
      endAt,
      abortedAt,
      records,
      failed: Math.round(records * (init.failureRate ?? 0.1)),
      columnDelimiter: init.columnDelimiter,
    });
  }

  create2(init: Partial<Job2Init>): string {
    const kind = init.kind ?? 'ingest';
    const createdAt = init.createdAt ?? this.now() - 60_000;
    const state: Job2State = init.state ?? (kind === 'query' ? 'UploadComplete' : 'Open');
    const records = init.records ?? (kind === 'query' ? 1_000 : 500);
    const processingMs = init.processingMs ?? Math.min(30_000, 3_000 + records * 2);
    const uploaded = state !== 'Open' && !(state === 'Aborted' && kind === 'ingest' && init.uploadCompleteAt === undefined && init.startAt === undefined);
    const uploadCompleteAt = init.uploadCompleteAt ?? (kind === 'query' ? createdAt : uploaded ? this.soon(createdAt, 1_000) : NEVER);
    const started = state === 'InProgress' || state === 'JobComplete' || state === 'Failed';
    let startAt = init.startAt ?? (started ? this.soon(uploadCompleteAt, 1_000) : NEVER);
    let endAt = init.endAt ?? NEVER;
    if (init.endAt === undefined && (state === 'JobComplete' || state === 'Failed')) {
      // A finished job has finished by now, however recent its creation.
      endAt = Math.min(startAt + processingMs, Math.max(createdAt, this.now()));
      startAt = Math.min(startAt, endAt);
    }
    const operation = init.operation ?? (kind === 'query' ? 'query' : 'insert');
    const job: Job2 = {
      flavour: '2.0',
      kind,
      id: init.id ?? makeId('750', 'EM', this.nextJob++),
      operation,
      object: init.object ?? 'Account',
      createdById: init.createdById ?? this.userId,
      createdAt,
      uploadCompleteAt,
      startAt,
      endAt,
      abortedAt: init.abortedAt ?? (state === 'Aborted' ? this.soon(uploadCompleteAt === NEVER ? createdAt : uploadCompleteAt, 2_000) : NEVER),
      finalState: state === 'Failed' ? 'Failed' : 'JobComplete',
      errorMessage: init.errorMessage ?? (state === 'Failed' ? 'InvalidBatch : Failed to process job' : undefined),
      records,
      failed: init.failed ?? 0,
      processedOnFailure: init.processedOnFailure ?? 0,
      apiVersion: init.apiVersion ?? '64.0',
      concurrencyMode: init.concurrencyMode ?? 'Parallel',
      lineEnding: init.lineEnding ?? 'LF',
      columnDelimiter: init.columnDelimiter ?? 'COMMA',
      externalIdFieldName: init.externalIdFieldName ?? (operation === 'upsert' ? 'External_Id__c' : undefined),
      assignmentRuleId: init.assignmentRuleId,
      retries: init.retries ?? 0,
      processingMs,
      query: init.query ?? (kind === 'query' ? `SELECT Id, Name FROM ${init.object ?? 'Account'}` : undefined),
      resultsPageSize: init.resultsPageSize,
      ...(init.failureSet === undefined ? {} : { failureSet: init.failureSet }),
    };
    return this.add(job);
  }
}
