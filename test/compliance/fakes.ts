import Keyv from 'keyv';
import { budgetGate, ComplianceService, type ComplianceServiceOptions } from '../../src/compliance/index.js';
import type { CallGate, ComplianceReportData, IdentifierKind, PolicyCheckOutcome } from '../../src/opswat/index.js';
import type { BudgetDecision, BudgetSnapshot, CallBudget, LeaseStore } from '../../src/store/index.js';
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
  };
}

/** An OPSWAT stand-in: answers from a table, records every call, optionally slowly or failing. */
export class FakeOpswat {
  readonly calls: string[] = [];
  delayMs = 0;
  failWith: Error | null = null;
  /** The budget gate, as the real client has it. */
  gate: CallGate = async () => {};
  constructor(private readonly known: Record<string, ComplianceReportData> = {}) {}

  async policyCheck(identifier: string, _kind: IdentifierKind = 'MAC_ADDRESS'): Promise<PolicyCheckOutcome> {
    await this.gate();
    this.calls.push(identifier);
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.failWith) throw this.failWith;
    const found = this.known[identifier];
    return found ? { kind: 'found', report: found, rateLimit: null } : { kind: 'not_found', rateLimit: null };
  }
}

/** A budget that grants everything, or nothing, and records pauses. */
export class FakeBudget implements CallBudget {
  granting = true;
  pauses: number[] = [];
  async tryAcquire(): Promise<BudgetDecision> {
    return this.granting ? { kind: 'granted', at: Date.now() } : { kind: 'exhausted', retryInMs: 1000 };
  }
  async pauseUntil(epochMs: number): Promise<void> {
    this.pauses.push(epochMs);
  }
  async snapshot(): Promise<BudgetSnapshot> {
    return { limit: 10, windowMs: 1000, used: 0, grants: [], pausedUntil: null, now: Date.now() };
  }
  async estimateWaitMs(position: number): Promise<number> {
    return position * 100;
  }
  async close(): Promise<void> {}
}

/** Leases that can be forced to be held by someone else. */
export class FakeLeases implements LeaseStore {
  heldElsewhere = new Set<string>();
  async acquire(key: string): Promise<boolean> {
    return !this.heldElsewhere.has(key);
  }
  async release(): Promise<void> {}
}

/** A compliance service over fakes; `overrides` tunes TTLs and waits. */
export function serviceWith(opswat: FakeOpswat, overrides: Partial<ComplianceServiceOptions> = {}) {
  const budget = new FakeBudget();
  opswat.gate = budgetGate(budget);
  const leases = new FakeLeases();
  const cache = new Keyv();
  const logs = captureLogs();
  const service = new ComplianceService({
    client: opswat,
    cache,
    budget,
    leases,
    ttlMs: 60_000,
    notFoundTtlMs: 30_000,
    staleTtlMs: 600_000,
    maxWaitMs: 300,
    queueMax: 100,
    windowMs: 1000,
    callTimeoutMs: 1000,
    logger: logs.logger,
    ...overrides,
  });
  return { service, budget, leases, cache, logs };
}
