// WorkstationInPlanV2. "Linked" and "running" are expressed only through activeStates (NOTES §2.3).
import { ENGINE_ID, ROOT_FOLDER_ID, workstationKey } from '../ids.js';
import type { SimWorkstation } from '../plan/types.js';
import { PLAN_TIME_ZONE, iso } from '../time.js';
import { compact, type ViewContext } from './context.js';

export function workstationView(ctx: ViewContext, ws: SimWorkstation): Record<string, unknown> {
  const agent = ws.type === 'AGENT';
  return compact({
    engineId: ENGINE_ID,
    id: ws.id,
    persistentId: ws.id,
    planId: ctx.state.planId,
    folderId: ROOT_FOLDER_ID,
    folder: '/',
    name: ws.name,
    key: workstationKey(ws.name),
    runNumber: 412,
    activeStates: ws.activeStates,
    activeFlags: ws.type === 'FTA' ? ['AUTO_LINK', 'FULL_STATUS'] : [],
    type: ws.type,
    os: ws.os,
    timeZone: PLAN_TIME_ZONE,
    nodeName: ws.nodeName,
    tcpPort: ws.tcpPort,
    domainName: ws.domainName,
    limit: ws.limit,
    fence: ws.fence,
    agentId: agent ? ws.modelId.replace(/-/g, '').toUpperCase() : undefined,
    version: ws.version,
    timeStarted: ws.timeStarted !== undefined ? iso(ws.timeStarted) : undefined,
    securityLevel: ws.type === 'POOL' ? undefined : 'ENABLED',
    ignore: false,
    archived: false,
  });
}
