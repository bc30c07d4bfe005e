import { useEffect, useState } from 'react';

/**
 * The views, addressed by the URL's hash so the app is a set of static files any server can serve.
 */
export type Route =
  | { view: 'runs'; policyUuid?: string; execToken?: string }
  | { view: 'device'; hostname: string }
  | { view: 'fleet' }
  | { view: 'devices' };

/**
 * The route a hash names: `#/runs/<policyUuid>/<execToken>`, `#/devices/<hostname>`, `#/fleet`,
 * `#/devices`, anything else the runs view.
 */
export function parseRoute(hash: string): Route {
  const [view, ...rest] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (view === 'devices' && rest[0]) return { view: 'device', hostname: rest[0] };
  if (view === 'devices') return { view: 'devices' };
  if (view === 'fleet') return { view: 'fleet' };
  if (view === 'runs' && rest[0] && rest[1]) return { view: 'runs', policyUuid: rest[0], execToken: rest[1] };
  return { view: 'runs' };
}

/** The hash of a route. */
export function href(route: Route): string {
  switch (route.view) {
    case 'runs':
      return route.policyUuid && route.execToken
        ? `#/runs/${encodeURIComponent(route.policyUuid)}/${encodeURIComponent(route.execToken)}`
        : '#/runs';
    case 'device':
      return `#/devices/${encodeURIComponent(route.hostname)}`;
    case 'fleet':
      return '#/fleet';
    case 'devices':
      return '#/devices';
  }
}

/** The current route, following the hash. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return route;
}
