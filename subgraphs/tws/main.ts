// `node dist/subgraphs/tws/main.js`: the tws subgraph as its own process (one container in docker compose).
import { runServiceMain } from '../../core/service-main.js';

await runServiceMain('tws', async () => (await import('./index.js')).startTwsSubgraph);
