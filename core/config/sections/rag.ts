import { z } from 'zod';
import { optionalString, optionalUrl, type EnvOf } from './helpers.js';

export const ragEnv = {
  /** Qdrant REST URL (production). Unset: the embedded vector store under DATA_DIR. */
  QDRANT_URL: optionalUrl(),
  QDRANT_API_KEY: optionalString(),
  QDRANT_COLLECTION: z.string().min(1).default('resync_chunks'),
};

type RagEnv = EnvOf<typeof ragEnv>;

export function buildRagConfig(env: RagEnv) {
  return { qdrantUrl: env.QDRANT_URL, qdrantApiKey: env.QDRANT_API_KEY, collection: env.QDRANT_COLLECTION };
}
