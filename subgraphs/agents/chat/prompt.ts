import { hasRole } from '../../../core/auth/index.js';
import type { LlmMessage, LlmToolSpec } from '../../../core/llm/index.js';
import { isToolName, toolDefinition, toolParameters } from '../tools/catalog.js';
import type { AgentDefinition, Caller, StoredMessage } from '../model.js';

/** What every agent is told besides its own prompt: how tools, actions and language work here. */
const HOUSE_RULES = [
  'You assist operators of HCL Workload Automation (HWA, formerly IBM TWS).',
  'Answer in the language of the user (Portuguese or English).',
  'Use the tools to get facts; never guess. Only mention job, job stream and workstation names that a tool returned.',
  'Actions (rerun, hold, release, cancel) are only proposed by their tools; say that a user must approve them and never claim they ran.',
  'Keep answers short and concrete: statuses, return codes, times, and next steps from the runbooks.',
].join('\n');

/** The model's context: house rules + agent prompt, recent history, the new question. */
export function buildMessages(
  agent: AgentDefinition,
  caller: Caller,
  history: readonly StoredMessage[],
  question: string,
  now = new Date(),
): LlmMessage[] {
  const system = `${HOUSE_RULES}\n\n${agent.systemPrompt}\n\nCurrent time: ${now.toISOString()}. The user's roles: ${caller.roles.join(', ')}.`;
  const past: LlmMessage[] = history
    .filter((m) => m.content.trim().length > 0)
    .map((m) =>
      m.role === 'USER'
        ? { role: 'user', content: m.content }
        : // Action outcomes are facts the model should know about, told as the assistant's own notes.
          { role: 'assistant', content: m.role === 'ACTION' ? `[action] ${m.content}` : m.content },
    );
  return [{ role: 'system', content: system }, ...past, { role: 'user', content: question }];
}

/**
 * Tool specs for the model: the agent's allowed tools that exist in the catalog, without the
 * ACTION tools unless the caller is an operator (DESIGN §2: viewers chat with agents that may
 * only read). The turn runs only what it offered (turn.ts), so this is enforced, not advice.
 */
export function toolSpecs(agent: AgentDefinition, caller: Pick<Caller, 'roles'>): LlmToolSpec[] {
  const mayAct = hasRole(caller.roles, 'operator');
  const offered = agent.tools
    .filter(isToolName)
    .filter((name) => mayAct || toolDefinition(name).kind === 'READ');
  return offered.map((name) => ({
    name,
    description: toolDefinition(name).description,
    parameters: toolParameters(name),
  }));
}
