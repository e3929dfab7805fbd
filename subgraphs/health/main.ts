// `node dist/subgraphs/health/main.js`: the health subgraph as its own process (one container in docker compose).
import { runServiceMain } from '../../core/service-main.js';

await runServiceMain('health', async () => (await import('./index.js')).startHealthSubgraph);
