import { Field, ObjectType } from 'type-graphql';

/** Relay cursor pagination's page info (the contract's `ConnectionPageInfo`; `PageInfo` is Automox's offset paging). */
@ObjectType({ simpleResolvers: true, description: 'Cursor pagination (Relay): pass endCursor as `after` for the next page.' })
export class ConnectionPageInfo {
  @Field({ description: 'Whether rows follow this page.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last row of this page; null when the page is empty.' })
  endCursor?: string | null;

  @Field({ description: 'Whether rows precede this page (only after a cursor).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first row of this page; null when the page is empty.' })
  startCursor?: string | null;
}
