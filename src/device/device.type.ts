import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ComplianceLookup } from '../compliance/index.js';
import { DateTimeScalar } from '../kernel/index.js';

/** Where a device stands in one Automox policy (`policy_status[].status`). */
export enum AutomoxPolicyState {
  UP_TO_DATE = 'UP_TO_DATE',
  NEEDS_REMEDIATION = 'NEEDS_REMEDIATION',
  PENDING = 'PENDING',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(AutomoxPolicyState, {
  name: 'AutomoxPolicyState',
  description: "Where a device stands in an Automox policy: the inventory's policy_status[].status.",
  valuesConfig: {
    UP_TO_DATE: { description: 'Status 1: the device complies with the policy.' },
    NEEDS_REMEDIATION: { description: 'Status 0: the policy has something to fix on the device.' },
    PENDING: { description: 'Status 2: the policy has not finished evaluating the device.' },
    UNKNOWN: { description: 'A status Automox does not document.' },
  },
});

/** A device's standing in one Automox policy. */
@ObjectType({ simpleResolvers: true, description: "A device's standing in one Automox policy, from the inventory (no extra call)." })
export class AutomoxPolicyStatus {
  @Field(() => Int, { description: 'Automox policy id.' })
  policyId!: number;

  @Field(() => String, { nullable: true, description: 'Policy name.' })
  policyName?: string | null;

  @Field(() => String, { nullable: true, description: 'patch, custom (worklet) or required_software.' })
  policyType?: string | null;

  @Field(() => AutomoxPolicyState, { description: 'Where the device stands in the policy.' })
  state!: AutomoxPolicyState;

  @Field(() => Boolean, { description: 'Whether the device complies with the policy (state UP_TO_DATE).' })
  compliant!: boolean;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the policy last ran on the device.' })
  lastRunAt?: string | null;
}

/** A device, keyed by id (and, for older clients, by hostname) across the federated graph. */
@Directive('@key(fields: "id")')
@Directive('@key(fields: "hostname")')
@ObjectType({
  simpleResolvers: true,
  description:
    'A device as the Automox inventory knows it, joined to its OPSWAT compliance. Federated by id (unique) and by hostname (hostnames repeat: a hostname key resolves to one device by the rules of `device(hostname:)`).',
})
export class Device {
  @Field(() => ID, {
    description:
      'Stable and unique: the Automox device id in decimal (e.g. "1001964"). A device Automox does not list and known only by a hostname has `hostname:` and that hostname in lower case.',
  })
  id!: string;

  @Field(() => String, { description: 'Hostname as Automox reports it (matching is case-insensitive and ignores a trailing dot).' })
  hostname!: string;

  @Field(() => String, { nullable: true, description: 'Display name (custom name, else hostname).' })
  displayName?: string | null;

  @Field(() => String, { nullable: true, description: 'Custom name set in Automox.' })
  customName?: string | null;

  @Field(() => Int, { nullable: true, description: 'Automox device (server) id.' })
  automoxId?: number | null;

  @Field(() => ID, { nullable: true, description: 'Automox device UUID.' })
  automoxUuid?: string | null;

  @Field(() => [String], {
    description: 'MAC addresses as lower-case aa:bb:cc:dd:ee:ff: usable physical adapters only, best first (the order OPSWAT is asked in).',
  })
  macAddresses!: string[];

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the device was deleted from Automox, if it was.' })
  deletedAt?: string | null;

  @Field(() => String, { nullable: true, description: 'OS family as Automox reports it: Windows, Mac, Linux.' })
  osFamily?: string | null;

  @Field(() => String, { nullable: true, description: 'OS name, e.g. "11 Pro" or "macOS Sonoma".' })
  osName?: string | null;

  @Field(() => String, { nullable: true, description: 'OS version, e.g. "10.0.26100".' })
  osVersion?: string | null;

  @Field(() => String, { nullable: true, description: 'Serial number.' })
  serialNumber?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the Automox agent is connected.' })
  agentConnected?: boolean | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the Automox agent last refreshed (last_refresh_time).' })
  lastSeenAt?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the Automox agent last disconnected.' })
  lastDisconnectAt?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the device needs a reboot.' })
  needsReboot?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Patches Automox has pending for the device.' })
  pendingPatches?: number | null;

  @Field(() => [String], { description: 'Automox tags.' })
  tags!: string[];

  @Field(() => Int, {
    nullable: true,
    description: "Automox server group id (its name needs Automox's /servergroups, a call this graph does not make).",
  })
  serverGroupId?: number | null;

  @Field(() => [AutomoxPolicyStatus], { description: "The device's standing in each Automox policy that targets it." })
  automoxPolicies!: AutomoxPolicyStatus[];

  @Field(() => Boolean, {
    description:
      'Whether the Automox inventory lists this device. False for a device Automox does not list (never known to it, or deleted) and for every device while the inventory cannot be read (the response errors then say why): such a device has no MAC addresses and compliance UNMATCHED, and one known only from another subgraph carries nothing but its hostname.',
  })
  inInventory!: boolean;

  @Field(() => ComplianceLookup, { description: 'OPSWAT compliance. Never an error for an expected state: see ComplianceLookup.state.' })
  compliance!: ComplianceLookup;
}
