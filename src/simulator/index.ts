/** The upstream simulator: faithful fakes of Automox and OPSWAT over real HTTP on loopback. */
export { startSimulator } from './simulator.js';
export { automoxFacts, SIM_SERVER_GROUPS, type SimAutomoxFacts, type SimPolicyStatus, type SimServerGroup } from './automox.facts.js';
export { LIFTED_DOCUMENT_LIMITS, simulatorEnv } from './env.js';
export { ambiguousHostnames, hostnameOnlyDevices, opswatDevices, opswatListing } from './opswat.fleet.js';
export { WEBHOOK_DISABLE_AFTER, WEBHOOK_RETRY_DELAYS_MS } from './opswat.webhook.js';
export type {
  FaultSpec,
  OpswatProfile,
  OpswatReport,
  RecordedCall,
  RouteName,
  SimChangeEvent,
  SimDevice,
  SimDeviceKind,
  SimFleet,
  SimNic,
  SimOpswatChange,
  SimOpswatControls,
  SimOpswatKnowledge,
  SimPolicy,
  SimPolicyType,
  SimResultRow,
  SimRun,
  Simulator,
  SimulatorOptions,
  SimWebhookState,
  UpstreamName,
} from './types.js';
