// GET engine/info → EngineInfoV2. Values are those of a 10.2.x master [INFERRED]; [3P-LAB] saw
// licenseType "PERSERVER" and a timezone.
import { ENGINE_ID } from '../ids.js';
import { ENGINE_VERSION } from '../dataset/build.js';
import { ok, type Route } from '../http/types.js';
import { PLAN_TIME_ZONE } from '../time.js';

export const engineRoutes: Route[] = [
  {
    method: 'GET',
    path: 'engine/info',
    handler: () =>
      ok({
        displayVersion: ENGINE_VERSION,
        fullVersion: `${ENGINE_VERSION}.0 (resync simulator)`,
        capabilities: { plan: { oql: 'true', joblog: 'true' }, simulator: { name: 'resync-hwa-simulator' } },
        adminRoles: { admin: [] },
        referenceId: ENGINE_ID,
        licenseType: 'PERSERVER',
        locale: 'en',
        timezone: PLAN_TIME_ZONE,
      }),
  },
];
