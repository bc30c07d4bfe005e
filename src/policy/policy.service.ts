import {
  MAX_PAGE_LIMIT,
  type Page,
  type PolicyHistoryClient,
  type PolicyRunResultRow,
  type PolicyRunSummary,
  type RunResultSortField,
} from '../automox/index.js';
import { BadUserInputError, isUuid } from '../common/index.js';
import { PolicyResultStatus, PolicyRunResultSortField, SortDirection } from './policy.types.js';

/** Paging arguments as the graph receives them. */
export interface PagingArgs {
  page: number;
  limit: number;
}

/** Arguments of `policyRunResults`, already typed by GraphQL. */
export interface RunResultsArgs extends PagingArgs {
  policyUuid: string;
  execToken: string;
  resultStatus?: readonly PolicyResultStatus[] | null;
  deviceName?: string | null;
  sort?: ReadonlyArray<{ field: PolicyRunResultSortField; direction?: SortDirection | null }> | null;
}

/** Automox's names for the sortable columns. Enum values equal their GraphQL names: SDL-built schemas apply defaults by name. */
const SORT_FIELD: Record<PolicyRunResultSortField, RunResultSortField> = {
  [PolicyRunResultSortField.RUN_TIME]: 'run_time',
  [PolicyRunResultSortField.DEVICE_DISPLAY_NAME]: 'device_display_name',
  [PolicyRunResultSortField.RESULT_STATUS]: 'result_status',
};

/** Longest `filter.deviceName` (a substring of a hostname, which DNS caps at 253). */
const MAX_DEVICE_NAME = 253;

/** C0 and C1 control characters: never part of a device name, never sent upstream. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** Minimal caching seam so polled pages need not cost an Automox call each time. */
export interface PageCache {
  /** The page under `key`, or `load`'s; `signal` is the asking request's, and aborts the load once no request waits for it. */
  getOrLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

const KNOWN_STATUSES = new Set<string>(Object.values(PolicyResultStatus).filter((status) => status !== PolicyResultStatus.UNKNOWN));

/** Maps Automox's lower-case status onto the enum; values it adds later become UNKNOWN, not errors. */
export function toResultStatus(raw: string): PolicyResultStatus {
  const upper = raw.toUpperCase();
  return KNOWN_STATUSES.has(upper) ? (upper as PolicyResultStatus) : PolicyResultStatus.UNKNOWN;
}

/** Policy runs and their per-device results, with arguments validated before Automox is called. */
export class PolicyService {
  constructor(
    private readonly client: PolicyHistoryClient,
    private readonly cache?: PageCache,
  ) {}

  /** A page of policy runs, newest first. */
  listRuns(args: PagingArgs, signal?: AbortSignal): Promise<Page<PolicyRunSummary>> {
    validatePaging(args);
    return this.cached(
      `runs:${args.page}:${args.limit}`,
      (loadSignal) => this.client.listPolicyRuns({ ...args, signal: loadSignal }),
      signal,
    );
  }

  /** A page of one run's results, filtered and sorted by Automox. */
  runResults(args: RunResultsArgs, signal?: AbortSignal): Promise<Page<PolicyRunResultRow>> {
    validatePaging(args);
    if (!isUuid(args.policyUuid)) throw new BadUserInputError(`policyUuid must be a UUID, got "${args.policyUuid}"`, 'policyUuid');
    if (!isUuid(args.execToken)) throw new BadUserInputError(`execToken must be a UUID, got "${args.execToken}"`, 'execToken');
    const statuses = [...new Set(args.resultStatus ?? [])];
    if (statuses.includes(PolicyResultStatus.UNKNOWN)) {
      throw new BadUserInputError(
        'filter.resultStatus cannot contain UNKNOWN: it stands for statuses Automox cannot be asked for',
        'filter.resultStatus',
      );
    }
    const deviceName = args.deviceName?.trim() || undefined;
    if (deviceName !== undefined && (deviceName.length > MAX_DEVICE_NAME || CONTROL_CHARACTERS.test(deviceName))) {
      throw new BadUserInputError(`filter.deviceName must be 1 to ${MAX_DEVICE_NAME} printable characters`, 'filter.deviceName');
    }
    // Every key travels into the upstream URL: one per column, at most once each.
    const sortFields = (args.sort ?? []).map((key) => key.field);
    if (new Set(sortFields).size !== sortFields.length) {
      throw new BadUserInputError(`sort names a column twice; give each of ${Object.keys(SORT_FIELD).join(', ')} at most once`, 'sort');
    }
    const query = {
      resultStatus: statuses.map((status) => status.toLowerCase()),
      deviceName,
      sort: args.sort?.map((key) => ({
        field: SORT_FIELD[key.field],
        direction: key.direction === SortDirection.DESC ? ('desc' as const) : ('asc' as const),
      })),
      page: args.page,
      limit: args.limit,
    };
    const key = `results:${args.policyUuid}:${args.execToken}:${JSON.stringify(query)}`;
    return this.cached(
      key,
      (loadSignal) =>
        this.client.getRunResults(args.policyUuid.toLowerCase(), args.execToken.toLowerCase(), { ...query, signal: loadSignal }),
      signal,
    );
  }

  private cached<T>(key: string, load: (signal: AbortSignal | undefined) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    return this.cache ? this.cache.getOrLoad(key, load, signal) : load(signal);
  }
}

function validatePaging({ page, limit }: PagingArgs): void {
  if (!Number.isInteger(page) || page < 0) throw new BadUserInputError(`page must be 0 or more, got ${page}`, 'page');
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new BadUserInputError(`limit must be between 1 and ${MAX_PAGE_LIMIT}, got ${limit}`, 'limit');
  }
}
