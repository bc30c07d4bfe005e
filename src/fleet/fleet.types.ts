import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ComplianceState, ComplianceStatusEnum, DeviceIdentifierKind } from '../compliance/index.js';
import { Device } from '../device/index.js';
import { ConnectionPageInfo } from '../kernel/index.js';
import { SortDirection } from '../policy/index.js';

/** What `devices` can sort by. */
export enum DeviceSortField {
  HOSTNAME = 'HOSTNAME',
  LAST_SEEN = 'LAST_SEEN',
  REPORT_AGE = 'REPORT_AGE',
  ISSUE_COUNT = 'ISSUE_COUNT',
  STATUS = 'STATUS',
}
registerEnumType(DeviceSortField, {
  name: 'DeviceSortField',
  description: 'A sort key of `devices`. Devices without the value (no report, never seen) come last in either direction.',
  valuesConfig: {
    HOSTNAME: { description: 'Hostname, case-insensitive.' },
    LAST_SEEN: { description: 'When the Automox agent last refreshed.' },
    REPORT_AGE: { description: 'Age of the OPSWAT report: ASC is the newest report first.' },
    ISSUE_COUNT: { description: "The report's total issues." },
    STATUS: { description: 'Verdict, ASC from best to worst: COMPLIANT, EXEMPTED, REPORTING, UNKNOWN, NON_COMPLIANT.' },
  },
});

/** Why a device has no report. */
export enum UnmatchedReason {
  NO_USABLE_MAC = 'NO_USABLE_MAC',
  UNKNOWN_TO_OPSWAT = 'UNKNOWN_TO_OPSWAT',
  AMBIGUOUS_HOSTNAME = 'AMBIGUOUS_HOSTNAME',
}
registerEnumType(UnmatchedReason, {
  name: 'UnmatchedReason',
  description: 'Why a device is not matched to an OPSWAT report.',
  valuesConfig: {
    NO_USABLE_MAC: { description: 'The inventory lists no MAC OPSWAT could be asked with (state UNMATCHED).' },
    UNKNOWN_TO_OPSWAT: { description: 'OPSWAT knows none of its MACs, nor lists its hostname (state NOT_FOUND).' },
    AMBIGUOUS_HOSTNAME: {
      description: "OPSWAT lists its hostname more than once: never guessed (state UNMATCHED); see the match's candidates.",
    },
  },
});

/** How a device is matched to OPSWAT. */
export enum MatchKind {
  MAC_ADDRESS = 'MAC_ADDRESS',
  HOSTNAME = 'HOSTNAME',
  UNMATCHED = 'UNMATCHED',
}
registerEnumType(MatchKind, {
  name: 'MatchKind',
  description: 'How a device is matched to OPSWAT.',
  valuesConfig: {
    MAC_ADDRESS: { description: 'By one of its MACs (value): the one OPSWAT answered for.' },
    HOSTNAME: { description: "By hostname against OPSWAT's listing (listed once); then asked by OPSWAT's device id." },
    UNMATCHED: { description: 'Not matched; see reason.' },
  },
});

/** What became of one adapter's MAC in the match. */
export enum AdapterOutcome {
  MATCHED = 'MATCHED',
  UNKNOWN_TO_OPSWAT = 'UNKNOWN_TO_OPSWAT',
  NOT_ASKED = 'NOT_ASKED',
  VIRTUAL = 'VIRTUAL',
  UNUSABLE = 'UNUSABLE',
  DUPLICATE = 'DUPLICATE',
}
registerEnumType(AdapterOutcome, {
  name: 'AdapterOutcome',
  description: "What became of one adapter's MAC: asked (and how OPSWAT answered), or skipped (and why).",
  valuesConfig: {
    MATCHED: { description: 'Asked, and OPSWAT answered for it: the MAC the report is filed under.' },
    UNKNOWN_TO_OPSWAT: { description: 'Asked; OPSWAT does not know it.' },
    NOT_ASKED: {
      description:
        'Usable, but ranked after the MAC that answered (a locally administered, disconnected or IP-less adapter ranks later), so never asked.',
    },
    VIRTUAL: { description: 'Skipped: a virtual, tunnel, VPN, loopback or hypervisor-host adapter, whose MAC identifies no machine.' },
    UNUSABLE: { description: 'Skipped: no MAC, one that does not parse, or an all-zero, broadcast or multicast one.' },
    DUPLICATE: { description: 'Skipped: the same MAC as an adapter listed before it in this list.' },
  },
});

/** One adapter in a match explanation. */
@ObjectType({ simpleResolvers: true, description: "One of the device's adapters, as Automox lists it, and what the match made of it." })
export class AdapterMatch {
  @Field(() => String, { nullable: true, description: 'Its MAC, normalized (aa:bb:cc:dd:ee:ff) where it parses, else as listed.' })
  mac!: string | null;
  @Field(() => String, { nullable: true, description: "The adapter's name (Automox's DEVICE, else VENDOR)." }) name!: string | null;
  @Field(() => AdapterOutcome, { description: 'Asked and answered, asked and unknown, not asked, or skipped and why.' })
  outcome!: AdapterOutcome;
  @Field(() => Boolean, {
    description: 'Whether the MAC is locally administered (randomised or software-set): such MACs are asked after burned-in ones.',
  })
  locallyAdministered!: boolean;
}

/** The match the fleet index recorded for a device. */
@ObjectType({ simpleResolvers: true, description: 'How the fleet index matched a device to OPSWAT, or why it did not.' })
export class DeviceMatchInfo {
  @Field(() => MatchKind, { description: 'By MAC, by hostname, or not matched.' }) kind!: MatchKind;
  @Field(() => String, { nullable: true, description: 'The MAC that answered, or the hostname OPSWAT lists.' }) value!: string | null;
  @Field(() => String, { nullable: true, description: "OPSWAT's device id, for a hostname match." }) opswatDeviceId!: string | null;
  @Field(() => UnmatchedReason, { nullable: true, description: 'For UNMATCHED: why.' }) reason!: UnmatchedReason | null;
  @Field(() => [String], { description: "For AMBIGUOUS_HOSTNAME: OPSWAT's device ids listed under that hostname." }) candidates!: string[];
  @Field(() => [AdapterMatch], {
    description:
      "Every adapter the inventory lists: first those whose MACs are asked, in the order they are asked (burned-in, connected, with IPs first), then the skipped ones in Automox's order.",
  })
  adapters!: AdapterMatch[];
}

/** One sort key of `devices`. */
@InputType({ description: 'One sort key; later keys break ties, and the device id breaks the last tie.' })
export class DeviceSort {
  @Field(() => DeviceSortField, { description: 'What to sort by.' })
  field!: DeviceSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: 'Direction (default ASC).' })
  direction!: SortDirection;
}

/** An Automox policy a device must (or must not) comply with. */
@InputType({ description: 'Devices an Automox policy targets, by whether they comply with it.' })
export class AutomoxPolicyFilter {
  @Field(() => Int, { description: 'Automox policy id.' })
  policyId!: number;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: UP_TO_DATE in the policy; false: targeted and not UP_TO_DATE; omitted: targeted at all.',
  })
  compliant?: boolean | null;
}

/** Filters of the fleet views; every one given must hold (AND); a list matches any of its values. */
@InputType({
  description: 'Filters of `devices` and `fleetSummary`. Every filter given must hold (AND); a list matches any of its values.',
})
export class DeviceFilter {
  @Field(() => [ComplianceStatusEnum], {
    nullable: true,
    description: "OPSWAT's verdict in the device's report (FRESH or STALE); a device without a report matches none.",
  })
  status?: ComplianceStatusEnum[] | null;

  @Field(() => [ComplianceState], { nullable: true, description: "Where the device's compliance stands." })
  state?: ComplianceState[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether its report has critical issues; a device without a report matches neither.',
  })
  hasCriticalIssues?: boolean | null;

  @Field(() => [String], { nullable: true, description: 'Automox OS family (Windows, Mac, Linux), case-insensitive.' })
  osFamily?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the Automox agent is connected.' })
  agentConnected?: boolean | null;

  @Field(() => AutomoxPolicyFilter, { nullable: true, description: 'Standing in one Automox policy.' })
  automoxPolicy?: AutomoxPolicyFilter | null;

  @Field(() => [Int], { nullable: true, description: 'Automox server group id.' })
  serverGroupId?: number[] | null;

  @Field(() => [String], { nullable: true, description: 'Automox tag, case-insensitive.' })
  tag?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Substring of the hostname, case-insensitive.' })
  hostnameContains?: string | null;

  @Field(() => [DeviceIdentifierKind], {
    nullable: true,
    description: 'The kind of identifier its report (FRESH or STALE) was found by: MAC_ADDRESS for now.',
  })
  matchedBy?: DeviceIdentifierKind[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether Automox deleted the device. The inventory lists live devices only, so `true` matches none for now.',
  })
  deleted?: boolean | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Devices whose report was fetched more than this many seconds ago, or that have none.',
  })
  reportOlderThanSeconds?: number | null;
}

/** One row of `devices`. */
@ObjectType({ simpleResolvers: true, description: 'A device and the cursor just after it.' })
export class DeviceEdge {
  @Field({ description: 'Pass as `after` to continue after this device.' })
  cursor!: string;

  @Field(() => Device, { description: 'The device.' })
  node!: Device;
}

/** A page of `devices`. */
@ObjectType({ simpleResolvers: true, description: 'A page of the fleet (Relay connection).' })
export class DeviceConnection {
  @Field(() => [DeviceEdge], { description: 'The page, in sort order.' })
  edges!: DeviceEdge[];

  @Field(() => ConnectionPageInfo, { description: 'Where the page stands.' })
  pageInfo!: ConnectionPageInfo;

  @Field(() => Int, { description: 'Devices matching the filter, across every page.' })
  totalCount!: number;
}

/** Devices of one verdict. */
@ObjectType({ simpleResolvers: true, description: 'Devices of one verdict.' })
export class StatusCount {
  @Field(() => ComplianceStatusEnum, { description: 'The verdict.' }) status!: ComplianceStatusEnum;
  @Field(() => Int, { description: 'Devices.' }) count!: number;
}

/** Devices in one state. */
@ObjectType({ simpleResolvers: true, description: 'Devices in one compliance state.' })
export class StateCount {
  @Field(() => ComplianceState, { description: 'The state.' }) state!: ComplianceState;
  @Field(() => Int, { description: 'Devices.' }) count!: number;
}

/** Devices of one OS family. */
@ObjectType({ simpleResolvers: true, description: 'Devices of one OS family (null: Automox did not say).' })
export class OsFamilyCount {
  @Field(() => String, { nullable: true, description: 'The OS family.' }) osFamily?: string | null;
  @Field(() => Int, { description: 'Devices.' }) count!: number;
}

/** Devices unmatched for one reason. */
@ObjectType({ simpleResolvers: true, description: 'Devices without a report for one reason.' })
export class UnmatchedCount {
  @Field(() => UnmatchedReason, { description: 'The reason.' }) reason!: UnmatchedReason;
  @Field(() => Int, { description: 'Devices.' }) count!: number;
}

/** Standing of the fleet in one Automox policy. */
@ObjectType({ simpleResolvers: true, description: 'How the devices an Automox policy targets stand in it.' })
export class AutomoxPolicyCount {
  @Field(() => Int, { description: 'Automox policy id.' }) policyId!: number;
  @Field(() => String, { nullable: true, description: 'Policy name.' }) policyName?: string | null;
  @Field(() => Int, { description: 'UP_TO_DATE.' }) compliant!: number;
  @Field(() => Int, { description: 'NEEDS_REMEDIATION, PENDING or UNKNOWN.' }) nonCompliant!: number;
}

/** The OPSWAT budget as the fleet sees it. */
@ObjectType({ simpleResolvers: true, description: "The OPSWAT call budget's view of the fleet (this replica's queue, the shared budget)." })
export class FleetBudget {
  @Field(() => Int, { description: 'Calls allowed per window (OPSWAT_RATE_LIMIT).' }) limit!: number;
  @Field(() => Int, { description: 'The window in seconds (OPSWAT_RATE_WINDOW_MS).' }) windowSeconds!: number;
  @Field(() => Int, { description: 'Calls holding a slot of the current window, across replicas.' }) callsInWindow!: number;
  @Field(() => Int, { description: "Clients' lookups queued or in flight in this replica." }) queuedInteractive!: number;
  @Field(() => Int, { description: "The sweep's lookups queued or in flight in this replica." }) queuedSweep!: number;

  @Field(() => Int, {
    nullable: true,
    description:
      "Estimated seconds until every eligible device has a FRESH report: devices not FRESH, 50 a call (1 with OPSWAT_LOOKUP=policy-check), at the sweep's share of the budget. Null with FLEET_SWEEP=off (nothing sweeps).",
  })
  estimatedSecondsUntilAllFresh?: number | null;
}

/** Counts over the fleet (or the part a filter selects). */
@ObjectType({ simpleResolvers: true, description: 'Counts over the devices the filter selects, from the fleet index: no upstream call.' })
export class FleetSummary {
  @Field(() => Int, { description: 'Devices the filter selects.' }) totalCount!: number;
  @Field(() => [StatusCount], { description: 'By verdict, every value listed; devices without a report are in none.' })
  byStatus!: StatusCount[];
  @Field(() => Int, { description: 'Devices without a report (neither FRESH nor STALE).' }) withoutReport!: number;
  @Field(() => [StateCount], { description: 'By compliance state, every value listed.' }) byState!: StateCount[];
  @Field(() => [OsFamilyCount], { description: 'By OS family, most devices first.' }) byOsFamily!: OsFamilyCount[];
  @Field(() => [AutomoxPolicyCount], { description: 'By Automox policy, by id.' }) byAutomoxPolicy!: AutomoxPolicyCount[];
  @Field(() => Float, { description: 'Share (0 to 1) of the devices with a FRESH report; 0 when none is selected.' }) freshShare!: number;
  @Field(() => Int, { nullable: true, description: 'Age in seconds of the oldest report (FRESH or STALE); null when none.' })
  oldestReportAgeSeconds?: number | null;
  @Field(() => [UnmatchedCount], { description: 'Devices without a match, by reason.' }) unmatched!: UnmatchedCount[];
  @Field(() => FleetBudget, { description: 'The budget, read from the shared store (no upstream call).' }) budget!: FleetBudget;
}
