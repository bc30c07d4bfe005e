/** Where the dashboard finds the graph. */
export interface DashboardConfig {
  graphqlUrl: string;
}

/** The graph's local address (`npm start`), used when nothing says otherwise (e.g. under `vite` dev). */
export const DEFAULT_GRAPHQL_URL = 'http://localhost:4000/graphql';

/**
 * Reads `config.json` beside the app, which `npm run dashboard` serves with the graph's URL: the
 * build stays the same whichever port the graph is on.
 */
export async function loadDashboardConfig(): Promise<DashboardConfig> {
  try {
    const response = await fetch('./config.json', { cache: 'no-store' });
    if (response.ok) {
      const body = (await response.json()) as Partial<DashboardConfig>;
      if (typeof body.graphqlUrl === 'string') return { graphqlUrl: body.graphqlUrl };
    }
  } catch {
    // No config.json (a plain static server, `vite` dev): the default address.
  }
  return { graphqlUrl: DEFAULT_GRAPHQL_URL };
}
