/** The upstream simulator: faithful fakes of Automox and OPSWAT over real HTTP on loopback. */
export { startSimulator } from './simulator.js';
export { LIFTED_DOCUMENT_LIMITS, simulatorEnv } from './env.js';
export type {
  FaultSpec,
  OpswatProfile,
  OpswatReport,
  RecordedCall,
  RouteName,
  SimDevice,
  SimDeviceKind,
  SimFleet,
  SimNic,
  SimOpswatKnowledge,
  SimPolicy,
  SimPolicyType,
  SimResultRow,
  SimRun,
  Simulator,
  SimulatorOptions,
  UpstreamName,
} from './types.js';
