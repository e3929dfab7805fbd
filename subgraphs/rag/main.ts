// `node dist/subgraphs/rag/main.js`: the rag subgraph as its own process (one container in docker compose).
import { runServiceMain } from '../../core/service-main.js';

await runServiceMain('rag', async () => (await import('./index.js')).startRagSubgraph);
