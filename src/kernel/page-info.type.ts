import { Field, Int, ObjectType } from 'type-graphql';

/** Offset pagination as Automox does it: pages from 0, a page size, and totals. */
@ObjectType({ simpleResolvers: true, description: 'Offset pagination: pages start at 0.' })
export class PageInfo {
  @Field(() => Int, { description: 'This page, from 0.' })
  page!: number;

  @Field(() => Int, { description: 'Page size requested.' })
  limit!: number;

  @Field(() => Int, { description: 'Number of pages at this page size.' })
  totalPages!: number;

  @Field(() => Int, { description: 'Number of items across all pages.' })
  totalCount!: number;

  @Field({ description: 'Whether a page after this one exists.' })
  hasNextPage!: boolean;
}

/** Builds PageInfo from an upstream page's counts. */
export function toPageInfo(page: { page: number; limit: number; totalPages: number; totalCount: number }): PageInfo {
  return {
    page: page.page,
    limit: page.limit,
    totalPages: page.totalPages,
    totalCount: page.totalCount,
    hasNextPage: page.page + 1 < page.totalPages,
  };
}
