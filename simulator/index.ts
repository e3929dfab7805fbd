// Public API of the HWA REST API V2 simulator. Other packages import only from here.
export { startSimulator, DEFAULT_PORT, DEFAULT_HOST, DEFAULT_USERS } from './simulator.js';
export type {
  ActionRecord,
  ClockOptions,
  DatasetOptions,
  FaultScope,
  FaultSpec,
  RunningSimulator,
  SimulatorOptions,
} from './types.js';
export {
  DATASET_IDS,
  PLAN_ID,
  jobDefinitionIdOf,
  jobIdOf,
  jobStreamIdOf,
  modelJobStreamIdOf,
  modelWorkstationIdOf,
  runIdOf,
  workstationIdOf,
  type DatasetIds,
} from './dataset/default-ids.js';
export { uuidv5, SIMULATOR_NAMESPACE } from './ids.js';
