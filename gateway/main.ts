// `node dist/gateway/main.js`: the gateway as its own process (one container in docker compose).
import { runServiceMain } from '../core/service-main.js';

await runServiceMain('gateway', async () => (await import('./index.js')).startGateway);
