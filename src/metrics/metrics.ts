import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** Sources of gauges read at scrape time rather than pushed. */
export interface MetricSources {
  /** OPSWAT calls recorded in the shared budget's current window. */
  budgetUsed?: () => Promise<number>;
  queueDepth?: () => number;
  /** Seconds since OPSWAT's webhook last pushed, when it is configured. */
  webhookSilentSeconds?: () => number;
  /** Subscriptions open on this replica (deviceChanged and fleetSummaryChanged, both transports). */
  subscriptionsOpen?: () => number;
}

/**
 * The service's Prometheus metrics, on a registry of their own so that every app instance (and
 * every test) counts from zero.
 */
export class Metrics {
  readonly registry = new Registry();
  /** OPSWAT calls (Device Details batches and Policy Checks) made by this process, by outcome. */
  readonly opswatCalls = new Counter({
    name: 'posture_opswat_calls_total',
    help: 'OPSWAT calls (Device Details batches and Policy Checks) made by this process, by outcome (answered, error).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  /** Compliance cache reads, by result. */
  readonly cacheReads = new Counter({
    name: 'posture_compliance_cache_reads_total',
    help: 'Compliance cache reads, by result (hit, stale, miss, error).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  /** Upstream errors by upstream and code. */
  readonly upstreamErrors = new Counter({
    name: 'posture_upstream_errors_total',
    help: 'Upstream errors by upstream and error code.',
    labelNames: ['upstream', 'code'] as const,
    registers: [this.registry],
  });
  /** Upstream HTTP calls by upstream and operation (Automox and OPSWAT). */
  readonly upstreamCalls = new Counter({
    name: 'posture_upstream_calls_total',
    help: 'Upstream operations started, by upstream and operation.',
    labelNames: ['upstream', 'operation'] as const,
    registers: [this.registry],
  });

  /** Requests answered 503 AUTH_UNAVAILABLE: the identity provider's keys could not be fetched. */
  readonly authUnavailable = new Counter({
    name: 'posture_auth_unavailable_total',
    help: "Requests answered 503 AUTH_UNAVAILABLE because the identity provider's keys (AUTH_JWKS_URL) could not be fetched.",
    registers: [this.registry],
  });

  /** Subscribers dropped for reading too slowly, by transport. */
  readonly subscriptionsDropped = new Counter({
    name: 'posture_subscriptions_dropped_total',
    help: 'Subscribers dropped because they left more than SUBSCRIPTION_BUFFER_BYTES unread, by transport (ws, sse).',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });

  private sources: MetricSources = {};

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'posture_' });
    const sources = () => this.sources;
    new Gauge({
      name: 'posture_opswat_budget_used',
      help: 'OPSWAT calls counted in the shared budget over the current sliding window (all replicas).',
      registers: [this.registry],
      async collect() {
        const { budgetUsed } = sources();
        if (budgetUsed) this.set(await budgetUsed().catch(() => Number.NaN));
      },
    });
    new Gauge({
      name: 'posture_compliance_queue_depth',
      help: 'Compliance lookups queued or in flight in this process.',
      registers: [this.registry],
      collect() {
        const { queueDepth } = sources();
        if (queueDepth) this.set(queueDepth());
      },
    });
    new Gauge({
      name: 'posture_opswat_webhook_silent_seconds',
      help: "Seconds since OPSWAT's webhook last pushed (OPSWAT disables a webhook after 100 failed pushes); absent without OPSWAT_WEBHOOK_SECRET.",
      registers: [this.registry],
      collect() {
        const { webhookSilentSeconds } = sources();
        if (webhookSilentSeconds) this.set(webhookSilentSeconds());
      },
    });
    new Gauge({
      name: 'posture_subscriptions_open',
      help: 'Subscriptions open on this replica (deviceChanged and fleetSummaryChanged, over graphql-ws and graphql-sse).',
      registers: [this.registry],
      collect() {
        const { subscriptionsOpen } = sources();
        if (subscriptionsOpen) this.set(subscriptionsOpen());
      },
    });
  }

  /** Connects the gauges to the services they read, once those exist. */
  attach(sources: MetricSources): void {
    this.sources = { ...this.sources, ...sources };
  }
}
