import type { Request, RequestHandler } from 'express';
import helmet, { contentSecurityPolicy, type HelmetOptions } from 'helmet';
import { EXPLORER_ASSETS_PATH, type Explorer } from './explorer.js';

/**
 * What every answer carries whatever it is: no MIME sniffing, no framing, no referrer, and the
 * cross-origin isolation defaults of helmet. Not HSTS: TLS ends in front of the graph (a router,
 * an ingress), which knows the host names and sends it; the graph itself speaks plain HTTP.
 */
const COMMON: HelmetOptions = {
  strictTransportSecurity: false,
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
};

/** The graph answers JSON: nothing in it may load, run, frame it, or post a form anywhere. */
const API_POLICY = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

/**
 * The Sandbox landing page carries its own policy in a `<meta>` tag: scripts and styles by a nonce
 * Apollo draws per render, plus Apollo's CDNs, its fonts and the Sandbox iframe. A header policy
 * is enforced beside it and cannot know that nonce, so it governs only what a `<meta>` cannot say
 * (framing) and what the page never needs (a `<base>`, plugins, form posts).
 */
const LANDING_PAGE_POLICY: Record<string, string[] | typeof contentSecurityPolicy.dangerouslyDisableDefaultSrc> = {
  // helmet's way to leave default-src out, which the page's own policy must decide.
  defaultSrc: contentSecurityPolicy.dangerouslyDisableDefaultSrc,
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
  formAction: ["'none'"],
};

/**
 * The bundled GraphiQL (GRAPHQL_EXPLORER=graphiql): everything from the graph's own origin, nothing
 * from anywhere else; the same policy on its page and on its assets, since an editor worker's
 * script runs under the policy it was served with. Styles inline too: Monaco writes its theme and
 * each decoration's rule into `<style>` elements it creates at run time, which no hash or nonce can
 * name in advance. Scripts stay 'self' only.
 */
const GRAPHIQL_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  workerSrc: ["'self'"],
  connectSrc: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
  formAction: ["'none'"],
};

/**
 * Security headers on every response (helmet): the API's strict set, or, where an explorer's page
 * (and the bundled GraphiQL's assets) is served, the same with a content security policy that
 * leaves that explorer working.
 */
export function securityHeaders({ explorer }: { explorer: Explorer }): RequestHandler {
  const api = helmet({ ...COMMON, contentSecurityPolicy: { useDefaults: false, directives: API_POLICY } });
  switch (explorer) {
    case 'off':
      return api;
    case 'sandbox': {
      const page = helmet({
        ...COMMON,
        contentSecurityPolicy: { useDefaults: false, directives: LANDING_PAGE_POLICY },
        // Sandbox may open Apollo's sign-in in a popup, which must keep its opener to report back.
        crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
      });
      return (req, res, next) => (asksForLandingPage(req) ? page : api)(req, res, next);
    }
    case 'graphiql': {
      const page = helmet({ ...COMMON, contentSecurityPolicy: { useDefaults: false, directives: GRAPHIQL_POLICY } });
      const assets = `${EXPLORER_ASSETS_PATH}/`;
      return (req, res, next) => (asksForLandingPage(req) || req.path.startsWith(assets) ? page : api)(req, res, next);
    }
  }
}

/** The landing page's paths, each answered with it only when the request prefers HTML. */
const LANDING_PAGE_PATHS = new Set(['/', '/graphql']);

/** Apollo serves its landing page to a GET that prefers HTML to its JSON types; the same test, on the same header. */
function asksForLandingPage(req: Request): boolean {
  if (req.method !== 'GET' || !LANDING_PAGE_PATHS.has(req.path)) return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'multipart/mixed', 'text/html']) === 'text/html';
}
