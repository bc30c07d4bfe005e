import { DateTimeResolver } from 'graphql-scalars';

/** `scalar DateTime`: ISO 8601 timestamps in UTC (services hand over ISO strings). */
export const DateTimeScalar = DateTimeResolver;
