import { jest } from '@jest/globals';
import Keyv from 'keyv';
import type { DatabaseSync } from 'node:sqlite';
import { ComplianceService, type ComplianceServiceOptions, type ComplianceUpstream, type Demand } from '../../src/compliance/index.js';
import type { ComplianceReportData, IdentifierKind, RateLimitInfo } from '../../src/opswat/index.js';
import { openDatabase, SqliteCallBudget, SqliteLeaseStore } from '../../src/store/index.js';
import { captureLogs } from '../helpers/logs.js';

/** A report with the given verdict. */
export function report(status: ComplianceReportData['status'] = 'COMPLIANT'): ComplianceReportData {
  return {
    status,
    rawStatus: '0',
    hasCriticalIssues: false,
    totalIssues: 0,
    totalCriticalIssues: 0,
    deviceType: 'laptop',
    osType: 'Windows',
    lastSeen: null,
    remediationLink: null,
    issues: [],
    infections: [],
  } as ComplianceReportData;
}

/** One call as the fake OPSWAT received it. */
export interface FakeCall {
  route: 'device-details' | 'policy-check';
  ids: string[];
  /** When it arrived (fake clock). */
  at: number;
}

/**
 * An OPSWAT stand-in speaking the client's interface: answers from a table, records every call
 * with its time, optionally slow, failing, or sending rate-limit headers.
 */
export class FakeOpswat implements ComplianceUpstream {
  readonly calls: FakeCall[] = [];
  /** How long each call takes before it answers (fake timers). */
  delayMs = 0;
  /** Network transit before OPSWAT counts a call (`at` is when it arrived). */
  transitMs: () => number = () => 0;
  failWith: Error | null = null;
  /** Rate-limit headers of the n-th call's response (0-based). */
  rateLimit: (n: number) => RateLimitInfo | null = () => null;
  private readonly devices = new Map<string, { report: ComplianceReportData; macs: string[] }>();

  /** `known` maps an identifier to its report; `sameDevice` groups MACs of one device (OPSWAT lists them all). */
  constructor(known: Record<string, ComplianceReportData> = {}, sameDevice: string[][] = []) {
    for (const [id, found] of Object.entries(known)) {
      const macs = sameDevice.find((group) => group.includes(id)) ?? [id];
      this.devices.set(id, { report: found, macs });
    }
  }

  /** Identifiers asked, in order, over every call. */
  get asked(): string[] {
    return this.calls.flatMap((call) => call.ids);
  }

  async deviceDetails(ids: readonly string[]) {
    await this.transit();
    this.calls.push({ route: 'device-details', ids: [...ids], at: Date.now() });
    await this.answerAfterDelay();
    return {
      answers: ids.map((id) => {
        const device = this.devices.get(id);
        return device
          ? { id, kind: 'found' as const, report: device.report, deviceId: null, macAddresses: device.macs }
          : { id, kind: 'not_found' as const };
      }),
      rateLimit: this.rateLimit(this.calls.length - 1),
    };
  }

  async policyCheck(identifier: string, _kind: IdentifierKind) {
    await this.transit();
    this.calls.push({ route: 'policy-check', ids: [identifier], at: Date.now() });
    await this.answerAfterDelay();
    const device = this.devices.get(identifier);
    return device
      ? { kind: 'found' as const, report: device.report, rateLimit: this.rateLimit(this.calls.length - 1) }
      : { kind: 'not_found' as const, rateLimit: this.rateLimit(this.calls.length - 1) };
  }

  private async transit(): Promise<void> {
    const ms = this.transitMs();
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  private async answerAfterDelay(): Promise<void> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.failWith) throw this.failWith;
  }
}

/** The fixture's stores: the real SQLite budget and leases on an in-memory database, and an in-memory cache. */
export interface Fixture {
  service: ComplianceService;
  budget: SqliteCallBudget;
  leases: SqliteLeaseStore;
  cache: Keyv;
  db: DatabaseSync;
  logs: ReturnType<typeof captureLogs>;
  options: ComplianceServiceOptions;
  /** Another service (a replica, or this one after a restart) on the same stores. */
  replica(overrides?: Partial<ComplianceServiceOptions>): ComplianceService;
  close(): void;
}

/** Starts jest's fake timers at a round epoch, so Date.now and timers move only when a test says. */
export function useFakeTime(start = 1_700_000_000_000): void {
  jest.useFakeTimers({ now: start, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
}

/** A compliance service over the fake OPSWAT and real (embedded) stores; `overrides` tunes TTLs and waits. */
export function serviceWith(opswat: ComplianceUpstream, overrides: Partial<ComplianceServiceOptions> = {}): Fixture {
  const db = openDatabase(null);
  const budget = new SqliteCallBudget(db, { limit: 10, windowMs: 60_000, callTimeoutMs: 10_000 });
  const leases = new SqliteLeaseStore(db);
  const cache = new Keyv();
  const logs = captureLogs();
  const options: ComplianceServiceOptions = {
    client: opswat,
    cache,
    budget,
    leases,
    ttlMs: 3_600_000,
    notFoundTtlMs: 900_000,
    staleTtlMs: 7 * 86_400_000,
    maxWaitMs: 1_500,
    queueMax: 10_000,
    windowMs: 60_000,
    callTimeoutMs: 10_000,
    logger: logs.logger,
    ...overrides,
  };
  const services = [new ComplianceService(options)];
  return {
    service: services[0] as ComplianceService,
    budget,
    leases,
    cache,
    db,
    logs,
    options,
    replica(more = {}) {
      const replica = new ComplianceService({ ...options, ...more });
      services.push(replica);
      return replica;
    },
    close() {
      for (const service of services) service.close();
      if (db.isOpen) db.close();
    },
  };
}

/** Made-up MACs: 02:00:… (locally administered), `count` of them from `from`. */
export function madeUpMacs(count: number, from = 0, prefix = '02:00'): string[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    const bytes = [(n >> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255].map((b) => b.toString(16).padStart(2, '0'));
    return `${prefix}:${bytes.join(':')}`;
  });
}

/** A client's demand. */
export const asClient = (clientId: string, priority: Demand['priority'] = 'lookup'): Demand => ({ clientId, priority });
