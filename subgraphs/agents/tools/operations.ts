import { readdirSync, readFileSync } from 'node:fs';
import {
  Kind,
  parse,
  print,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationTypeNode,
} from 'graphql';

/** Where the tool operations live: one concern per .graphql file, operations named `Agent*`. */
export const OPERATIONS_DIR = new URL('./operations/', import.meta.url);

/** Every operation the tools and actions send; a test checks the files define exactly these. */
export const OPERATION_NAMES = [
  'AgentFindJobs',
  'AgentJobDetails',
  'AgentJobDependencies',
  'AgentJobImpact',
  'AgentWorkstations',
  'AgentPlanSummary',
  'AgentSearchDocuments',
  'AgentAskDocuments',
  'AgentRerunJob',
  'AgentHoldJob',
  'AgentReleaseJob',
  'AgentCancelJob',
] as const;

export type OperationName = (typeof OPERATION_NAMES)[number];

/** Every tool operation file, parsed (the schema drift test validates these). */
export function loadOperationDocuments(
  dir: URL = OPERATIONS_DIR,
): Array<{ file: string; document: DocumentNode }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((file) => ({ file, document: parse(readFileSync(new URL(file, dir), 'utf8')) }));
}

/** One operation as sent to the gateway, with its kind as parsed from its definition. */
export interface ToolOperation {
  /** The operation plus its file's fragments. */
  text: string;
  /** `query` for what tools read; `mutation` only for what an approved action runs. */
  kind: OperationTypeNode;
}

/** Operation name → what is sent to the gateway for it. */
export function loadOperations(dir: URL = OPERATIONS_DIR): ReadonlyMap<OperationName, ToolOperation> {
  const out = new Map<OperationName, ToolOperation>();
  for (const { file, document } of loadOperationDocuments(dir)) {
    const fragments = document.definitions.filter(
      (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION,
    );
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const name = definition.name?.value;
      if (!name) throw new Error(`${file}: every tool operation needs a name`);
      if (out.has(name as OperationName)) throw new Error(`${file}: operation ${name} is defined twice`);
      out.set(name as OperationName, {
        text: [definition, ...fragments].map((d) => print(d)).join('\n\n'),
        kind: definition.operation,
      });
    }
  }
  return out;
}
