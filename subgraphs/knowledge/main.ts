// `node dist/subgraphs/knowledge/main.js`: the knowledge subgraph as its own process (one container in docker compose).
import { runServiceMain } from '../../core/service-main.js';

await runServiceMain('knowledge', async () => (await import('./index.js')).startKnowledgeSubgraph);
