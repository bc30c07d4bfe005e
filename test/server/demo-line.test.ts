import { describe, expect, it } from '@jest/globals';
import { demoLine } from '../../src/root/index.js';

const live = { kind: 'live', apiKey: 'k', orgUuid: 'u', orgId: null, policyReportUrl: 'p', consoleUrl: 'c' } as const;
const liveOpswat = { kind: 'live', baseUrl: 'https://gears.opswat.com', clientId: 'i', clientSecret: 's' } as const;

describe('the demo-mode line', () => {
  it('with only OPSWAT credentials set, says Automox is simulated and OPSWAT is live, each with the URL in use', () => {
    expect(demoLine({ automox: { kind: 'simulator' }, opswat: liveOpswat }, 'http://127.0.0.1:4010/api', 'https://gears.opswat.com')).toBe(
      'demo mode: Automox is simulated at http://127.0.0.1:4010/api, OPSWAT is live at https://gears.opswat.com (set AUTOMOX_API_KEY and AUTOMOX_ORG_UUID to use the real API)',
    );
  });

  it('with only Automox credentials set, says the opposite', () => {
    expect(demoLine({ automox: live, opswat: { kind: 'simulator' } }, 'https://console.automox.com/api', 'http://127.0.0.1:4020')).toBe(
      'demo mode: Automox is live at https://console.automox.com/api, OPSWAT is simulated at http://127.0.0.1:4020 (set OPSWAT_CLIENT_ID and OPSWAT_CLIENT_SECRET to use the real API)',
    );
  });

  it('with none, names both simulators', () => {
    expect(
      demoLine({ automox: { kind: 'simulator' }, opswat: { kind: 'simulator' } }, 'http://127.0.0.1:4010/api', 'http://127.0.0.1:4020'),
    ).toBe(
      'demo mode: Automox is simulated at http://127.0.0.1:4010/api, OPSWAT is simulated at http://127.0.0.1:4020 (set AUTOMOX_API_KEY and AUTOMOX_ORG_UUID and OPSWAT_CLIENT_ID and OPSWAT_CLIENT_SECRET to use the real API)',
    );
  });
});
