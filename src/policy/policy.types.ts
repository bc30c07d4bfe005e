import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Device } from '../device/index.js';
import { DateTimeScalar, PageInfo } from '../kernel/index.js';

/** A policy's result on one device, as Automox names it (upper-cased); anything else is UNKNOWN. */
export enum PolicyResultStatus {
  SUCCESS = 'SUCCESS',
  FAILED = 'FAILED',
  PENDING = 'PENDING',
  NOT_INCLUDED = 'NOT_INCLUDED',
  REMEDIATION_NOT_APPLICABLE = 'REMEDIATION_NOT_APPLICABLE',
  BLOCKED = 'BLOCKED',
  APPLIED = 'APPLIED',
  NOT_APPLICABLE = 'NOT_APPLICABLE',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(PolicyResultStatus, {
  name: 'PolicyResultStatus',
  description: "A device's result in a policy run. Values Automox adds later arrive as UNKNOWN (see rawResultStatus).",
});

/** Columns a run's results can be sorted by. */
export enum PolicyRunResultSortField {
  RUN_TIME = 'RUN_TIME',
  DEVICE_DISPLAY_NAME = 'DEVICE_DISPLAY_NAME',
  RESULT_STATUS = 'RESULT_STATUS',
}
registerEnumType(PolicyRunResultSortField, {
  name: 'PolicyRunResultSortField',
  description: "Columns a policy run's results can be sorted by.",
});

/** Sort direction. */
export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection', description: 'Sort direction.' });

/** Filters applied by Automox to a run's results. */
@InputType({ description: "Filters applied by Automox to a run's results." })
export class PolicyRunResultFilter {
  @Field(() => [PolicyResultStatus], {
    nullable: true,
    description: 'Only these result statuses (sent as result_status:equals / result_status:in[]).',
  })
  resultStatus?: PolicyResultStatus[] | null;

  @Field(() => String, { nullable: true, description: 'Substring of the device hostname or custom name (sent as device_name:like).' })
  deviceName?: string | null;
}

/** One sort key; several keys apply in order. */
@InputType({ description: 'One sort key; several keys apply in order.' })
export class PolicyRunResultSort {
  @Field(() => PolicyRunResultSortField, { description: 'Column to sort by.' })
  field!: PolicyRunResultSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: 'Direction, ascending by default.' })
  direction!: SortDirection;
}

/** An Automox policy. */
@ObjectType({ simpleResolvers: true, description: 'An Automox policy.' })
export class Policy {
  @Field(() => ID, { description: 'Policy UUID.' })
  uuid!: string;

  @Field(() => String, { nullable: true, description: 'Policy name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Policy type: patch, custom (worklet) or required_software.' })
  type?: string | null;
}

/** One execution of a policy. */
@ObjectType({ simpleResolvers: true, description: 'One execution of a policy across its target devices.' })
export class PolicyRun {
  @Field(() => Policy, { description: 'The policy that ran.' })
  policy!: Policy;

  @Field(() => ID, { description: 'Execution token identifying this run.' })
  execToken!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the run started.' })
  runTime?: string | null;

  @Field(() => Int, { nullable: true, description: 'Devices targeted.' })
  deviceCount?: number | null;

  @Field(() => Int, { nullable: true, description: 'Devices that succeeded.' })
  success?: number | null;

  @Field(() => Int, { nullable: true, description: 'Devices that failed.' })
  failed?: number | null;

  @Field(() => Int, { nullable: true, description: 'Devices still pending.' })
  pending?: number | null;

  @Field(() => Int, { nullable: true, description: 'Devices not included.' })
  notIncluded?: number | null;

  @Field(() => Int, { nullable: true, description: 'Devices where remediation did not apply.' })
  remediationNotApplicable?: number | null;
}

/** A page of policy runs. */
@ObjectType({ simpleResolvers: true, description: 'A page of policy runs, newest first.' })
export class PolicyRunPage {
  @Field(() => PageInfo, { description: 'Paging facts.' })
  pageInfo!: PageInfo;

  @Field(() => [PolicyRun], { description: 'The runs on this page.' })
  nodes!: PolicyRun[];
}

/** What one device did in one policy run, joined to the device. */
@ObjectType({ simpleResolvers: true, description: 'What one device did in one policy run, joined to the device and its compliance.' })
export class PolicyRunResult {
  @Field(() => Device, { description: 'The device, joined to the Automox inventory (and through it to OPSWAT).' })
  device!: Device;

  @Field(() => PolicyResultStatus, { description: 'Result status.' })
  resultStatus!: PolicyResultStatus;

  @Field(() => String, { description: "The status exactly as Automox sent it, for values this schema doesn't know yet." })
  rawResultStatus!: string;

  @Field(() => String, { nullable: true, description: 'Why the result is what it is.' })
  resultReason?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the policy ran on the device.' })
  runTime?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the result was reported.' })
  eventTime?: string | null;

  @Field(() => [String], { description: 'Patches involved.' })
  patches!: string[];

  @Field(() => String, { nullable: true, description: 'Standard output of the policy script.' })
  stdout?: string | null;

  @Field(() => String, { nullable: true, description: 'Standard error of the policy script.' })
  stderr?: string | null;

  @Field(() => Int, { nullable: true, description: 'Exit code of the policy script.' })
  exitCode?: number | null;

  @Field(() => Policy, { description: 'The policy.' })
  policy!: Policy;
}

/** A page of a run's results. */
@ObjectType({ simpleResolvers: true, description: "A page of a policy run's per-device results." })
export class PolicyRunResultPage {
  @Field(() => PageInfo, { description: 'Paging facts.' })
  pageInfo!: PageInfo;

  @Field(() => [PolicyRunResult], { description: 'The results on this page.' })
  nodes!: PolicyRunResult[];
}
