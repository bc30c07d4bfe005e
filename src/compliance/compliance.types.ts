import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../kernel/index.js';

/** How an identifier is interpreted by OPSWAT. */
export enum DeviceIdentifierKind {
  MAC_ADDRESS = 'MAC_ADDRESS',
  HWID = 'HWID',
  SSID = 'SSID',
  OPSWAT_DEVICE_ID = 'OPSWAT_DEVICE_ID',
}
registerEnumType(DeviceIdentifierKind, {
  name: 'DeviceIdentifierKind',
  description: 'How OPSWAT interprets a device identifier.',
  valuesConfig: {
    MAC_ADDRESS: { description: 'A MAC address, in any common notation; asked 50 a call through Device Details.' },
    HWID: { description: "OPSWAT's hardware id; asked alone through Device Policy Check." },
    SSID: { description: 'A Wi-Fi SSID; asked alone through Device Policy Check.' },
    OPSWAT_DEVICE_ID: {
      description:
        "OPSWAT's device id (its HWID), as Device Details, the change feed and the device listing name a device; asked 50 a call through Device Details. Devices without a usable MAC are matched to one by hostname.",
    },
  },
});

/** Where a compliance answer stands. */
export enum ComplianceState {
  FRESH = 'FRESH',
  STALE = 'STALE',
  QUEUED = 'QUEUED',
  NOT_FOUND = 'NOT_FOUND',
  UNMATCHED = 'UNMATCHED',
  FAILED = 'FAILED',
}
registerEnumType(ComplianceState, {
  name: 'ComplianceState',
  description: 'Where a compliance answer stands. OPSWAT allows 10 calls a minute per account, so answers are cached and lookups queued.',
  valuesConfig: {
    FRESH: { description: 'Report fetched within COMPLIANCE_TTL_SECONDS.' },
    STALE: { description: 'An older report, served while a refresh is queued.' },
    QUEUED: { description: 'Nothing cached yet; a lookup is queued. Ask again after retryAfterSeconds.' },
    NOT_FOUND: { description: 'OPSWAT does not know the identifier (status 2 or HTTP 404).' },
    UNMATCHED: { description: 'The device has no identifier OPSWAT could be asked with.' },
    FAILED: { description: 'The last attempt failed (credentials, upstream error). Ask again after retryAfterSeconds.' },
  },
});

/** OPSWAT's verdict. */
export enum ComplianceStatusEnum {
  COMPLIANT = 'COMPLIANT',
  NON_COMPLIANT = 'NON_COMPLIANT',
  REPORTING = 'REPORTING',
  EXEMPTED = 'EXEMPTED',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(ComplianceStatusEnum, {
  name: 'ComplianceStatus',
  description:
    "OPSWAT's verdict. Policy Check v2.2: status 0 COMPLIANT, 1 NON_COMPLIANT, 3 REPORTING, anything else UNKNOWN. Device Details v3.x: compliant, non_compliant, pending or installed (REPORTING), exempted (EXEMPTED), anything else UNKNOWN; the raw value is in ComplianceReport.rawStatus.",
  valuesConfig: {
    COMPLIANT: { description: 'Complies with the account policies.' },
    NON_COMPLIANT: { description: 'Does not comply with the account policies.' },
    REPORTING: { description: 'Still sending information (pending, or the agent was just installed).' },
    EXEMPTED: { description: 'An administrator exempted the device from the policies.' },
    UNKNOWN: { description: 'A status this service does not recognise; see rawStatus.' },
  },
});

/** A threat found on a device. */
@ObjectType({ simpleResolvers: true, description: 'A threat found on a device.' })
export class Threat {
  @Field(() => String, { nullable: true, description: 'Threat name.' }) name?: string | null;
  @Field(() => String, { nullable: true, description: 'Affected file.' }) file?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was found.' }) foundTime?: string | null;
  @Field(() => String, { nullable: true, description: 'File hash.' }) hash?: string | null;
  @Field(() => String, { nullable: true, description: 'Link to details.' }) link?: string | null;
  @Field(() => String, { nullable: true, description: 'IP address involved.' }) ipAddress?: string | null;
  @Field(() => String, { nullable: true, description: 'clear, dirty or in-progress.' }) status?: string | null;
}

/** An infection category. */
@ObjectType({ simpleResolvers: true, description: 'An infection category on a device.' })
export class Infection {
  @Field(() => String, { nullable: true, description: 'Category.' }) category?: string | null;
  @Field({ description: 'Whether the category has an issue.' }) hasIssue!: boolean;
  @Field({ description: 'Whether the category has a critical issue.' }) hasCriticalIssue!: boolean;
  @Field(() => Int, { description: 'Number of threats.' }) totalThreats!: number;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Last scan.' }) lastScanTime?: string | null;
  @Field(() => [Threat], { description: 'The threats.' }) threats!: Threat[];
}

/** A group of issues. */
@ObjectType({ simpleResolvers: true, description: 'A group of compliance issues, e.g. antivirus.' })
export class ComplianceIssueGroup {
  @Field({ description: 'Group key as OPSWAT names it.' }) group!: string;
  @Field(() => String, { nullable: true, description: 'Human-readable category.' }) category?: string | null;
  @Field(() => [String], { description: 'The issues.' }) descriptions!: string[];
}

/** A device's compliance report. */
@ObjectType({
  simpleResolvers: true,
  description: "A device's OPSWAT compliance report (Device Details v3.x or Device Policy Check v2.2).",
})
export class ComplianceReport {
  @Field(() => ComplianceStatusEnum, { description: 'Verdict.' }) status!: ComplianceStatusEnum;
  @Field(() => String, { nullable: true, description: 'The status exactly as OPSWAT sent it.' }) rawStatus?: string | null;
  @Field({ description: 'Whether any issue is critical.' }) hasCriticalIssues!: boolean;
  @Field(() => Int, { description: 'Number of issues.' }) totalIssues!: number;
  @Field(() => Int, { description: 'Number of critical issues.' }) totalCriticalIssues!: number;
  @Field(() => String, { nullable: true, description: 'laptop, desktop, vm, server, phone.' }) deviceType?: string | null;
  @Field(() => String, { nullable: true, description: 'Operating system type.' }) osType?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Last health report from the device.' }) lastSeen?: string | null;
  @Field(() => String, { nullable: true, description: "URL of the device's remediation page." }) remediationLink?: string | null;
  @Field(() => [ComplianceIssueGroup], { description: 'Issues by group.' }) issues!: ComplianceIssueGroup[];
  @Field(() => [Infection], { description: 'Infections by category.' }) infections!: Infection[];
}

/** Where a report's newest fields came from. */
export enum ReportSource {
  STATUS_CHANGE = 'STATUS_CHANGE',
  WEBHOOK = 'WEBHOOK',
}
registerEnumType(ReportSource, {
  name: 'ReportSource',
  description: "What updated a report after OPSWAT's Device Details answered it.",
  valuesConfig: {
    STATUS_CHANGE: { description: "OPSWAT's Status Change feed, polled every FLEET_FEED_INTERVAL_SECONDS." },
    WEBHOOK: { description: 'A push to POST /webhooks/opswat.' },
  },
});

/** A report's update by the change feed or a push. */
@ObjectType({ simpleResolvers: true, description: 'How the change feed or a webhook push updated a report, and which of its fields.' })
export class ReportUpdate {
  @Field(() => ReportSource, { description: 'What updated the report.' }) source!: ReportSource;
  @Field(() => DateTimeScalar, { description: 'When the update was applied.' }) at!: string;
  @Field(() => [String], { description: 'The report fields it set (e.g. status, totalIssues); the others are as of detailsFetchedAt.' })
  fields!: string[];
  @Field(() => DateTimeScalar, { description: 'When Device Details last answered for the device: the age of the issues and infections.' })
  detailsFetchedAt!: string;
}

/** The answer to a compliance lookup. */
@ObjectType({
  simpleResolvers: true,
  description: 'The answer to a compliance lookup: a report when there is one, and always where it stands.',
})
export class ComplianceLookup {
  @Field(() => ComplianceState, { description: 'Where the answer stands.' }) state!: ComplianceState;
  @Field(() => String, { nullable: true, description: 'What OPSWAT was (or will be) asked with.' }) identifier?: string | null;
  @Field(() => DeviceIdentifierKind, { nullable: true, description: 'How the identifier is interpreted.' })
  identifierKind?: DeviceIdentifierKind | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the report was fetched from OPSWAT.' }) fetchedAt?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the report stops being FRESH.' }) expiresAt?: string | null;
  @Field(() => Int, { nullable: true, description: 'For QUEUED and FAILED: seconds after which asking again can help.' })
  retryAfterSeconds?: number | null;
  @Field(() => String, { nullable: true, description: 'For FAILED: the error code of the last attempt (e.g. UPSTREAM_UNAUTHORIZED).' })
  failureCode?: string | null;
  @Field(() => ComplianceReport, { nullable: true, description: 'Present when FRESH or STALE.' }) report?: ComplianceReport | null;
  @Field(() => ReportUpdate, {
    nullable: true,
    description: "Set when OPSWAT's change feed or a webhook push updated the report after its Device Details call: which fields, when.",
  })
  updatedBy?: ReportUpdate | null;
}
