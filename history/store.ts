// The history store's interface: every run recorded (results.json kept whole, plus the indexed record),
// listed by member and date. Two backends behind it: SQLite in a file (the default) and PostgreSQL
// (a consortium's shared server); history/index.ts `openHistory(spec)` picks one from the spec.
import type { Results } from '../engine/types.ts';
import type { RunRecord } from './record.ts';

export interface CertificateRecord {
  /** The certificate's id (its payload's UUID). */
  id: string;
  runId: string;
  member: string;
  validFrom: string;
  validUntil: string;
}

export interface StoredRun extends RunRecord {
  recordedAt: string;
  /** The latest certificate issued for this run, when `certify --history` recorded one. */
  certificate?: CertificateRecord;
}

export interface HistoryQuery {
  member?: string;
  profile?: string;
  /** ISO date or date-time; runs started at or after it. */
  since?: string;
  /** ISO date or date-time; runs started before it (a date alone means up to the end of that day). */
  until?: string;
  /** The most recent N runs (still returned oldest first). */
  limit?: number;
}

export interface HistoryStore {
  readonly kind: 'sqlite' | 'postgres';
  /** A description safe to print (a file path, or the server without its password). */
  readonly where: string;
  /** Records one run; recording the same run id again replaces it. */
  record(results: Results): Promise<StoredRun>;
  recordCertificate(certificate: CertificateRecord): Promise<void>;
  /** Runs matching the query, oldest first, each with its findings. */
  runs(query?: HistoryQuery): Promise<StoredRun[]>;
  /** The whole results.json of a recorded run, for any reporter to re-render. */
  results(runId: string): Promise<Results | undefined>;
  /** Every member id with at least one run. */
  members(): Promise<string[]>;
  close(): Promise<void>;
}
