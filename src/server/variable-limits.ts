import type { RequestHandler } from 'express';
import { type VariableLimits, variablesProblem } from '../graphql/index.js';

/**
 * Refuses a request whose variables are too deep or too large with 400 BAD_USER_INPUT, before
 * Apollo (or anything else) walks them. Runs after `express.json()`, whose parser does not
 * recurse; a GET's variables are read from the URL as Apollo will read them. Variables that are
 * not JSON are left for Apollo to refuse in its own words.
 */
export function variableLimitsMiddleware(limits: VariableLimits): RequestHandler {
  return (req, res, next) => {
    const problem = req.method === 'GET' ? problemOfUrl(req.originalUrl, limits) : problemOfBody(req.body, limits);
    if (problem === null) return next();
    res.status(400).json({ errors: [{ message: problem, extensions: { code: 'BAD_USER_INPUT' } }] });
  };
}

function problemOfBody(body: unknown, limits: VariableLimits): string | null {
  // A batch is refused by Apollo, but not before it has looked at it.
  for (const operation of Array.isArray(body) ? body : [body]) {
    if (typeof operation !== 'object' || operation === null) continue;
    const problem = variablesProblem((operation as { variables?: unknown }).variables, limits);
    if (problem !== null) return problem;
  }
  return null;
}

function problemOfUrl(url: string, limits: VariableLimits): string | null {
  const text = new URL(url, 'http://x').searchParams.get('variables');
  if (text === null) return null;
  let variables: unknown;
  try {
    variables = JSON.parse(text);
  } catch {
    return null;
  }
  return variablesProblem(variables, limits);
}
