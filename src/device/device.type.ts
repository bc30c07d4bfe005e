import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { ComplianceLookup } from '../compliance/index.js';
import { DateTimeScalar } from '../kernel/index.js';

/** A device, keyed by hostname across the federated graph. */
@Directive('@key(fields: "hostname")')
@ObjectType({
  simpleResolvers: true,
  description: 'A device as the Automox inventory knows it, joined to its OPSWAT compliance. Federated by hostname.',
})
export class Device {
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

  @Field(() => Boolean, {
    description:
      'Whether the Automox inventory lists this device. False for a device Automox does not list (never known to it, or deleted) and for every device while the inventory cannot be read (the response errors then say why): such a device has no MAC addresses and compliance UNMATCHED, and one known only from another subgraph carries nothing but its hostname.',
  })
  inInventory!: boolean;

  @Field(() => ComplianceLookup, { description: 'OPSWAT compliance. Never an error for an expected state: see ComplianceLookup.state.' })
  compliance!: ComplianceLookup;
}
