// `node dist/subgraphs/agents/main.js`: the agents subgraph as its own process (one container in docker compose).
import { runServiceMain } from '../../core/service-main.js';

await runServiceMain('agents', async () => (await import('./index.js')).startAgentsSubgraph);
