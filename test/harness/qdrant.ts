// The Qdrant that the vector store conformance suite runs against, when there is one. Qdrant
// cannot run on every machine (no binary, no Docker), so the Qdrant half of the suite runs only
// when QDRANT_URL (or RESYNC_TEST_QDRANT_URL) points at a server; the embedded half always runs.

/** URL of a Qdrant for tests, or undefined when none is configured. */
export function testQdrantUrl(): string | undefined {
  const url = process.env['RESYNC_TEST_QDRANT_URL'] ?? process.env['QDRANT_URL'];
  return url === undefined || url.trim() === '' ? undefined : url.trim();
}

export function testQdrantApiKey(): string | undefined {
  return process.env['RESYNC_TEST_QDRANT_API_KEY'] ?? process.env['QDRANT_API_KEY'];
}
