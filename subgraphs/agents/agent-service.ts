import { z } from 'zod';
import { BadUserInputError, NotFoundError } from '../../core/errors/index.js';
import type { AgentDefinition } from './model.js';
import type { AgentStore } from './stores/agent-store.js';
import { isToolName } from './tools/catalog.js';

const PROVIDERS = ['AUTO', 'NVIDIA', 'OPENAI', 'OFFLINE'] as const;

const tools = z
  .array(z.string())
  .max(32)
  .refine((names) => names.every(isToolName), { message: 'unknown tool (see the agentTools query)' })
  .transform((names) => [...new Set(names)]);

const fields = {
  name: z.string().trim().min(1).max(80),
  description: z.string().trim().max(500),
  systemPrompt: z.string().trim().min(1).max(8000),
  provider: z.enum(PROVIDERS),
  model: z
    .string()
    .trim()
    .max(120)
    .regex(/^[A-Za-z0-9._:/@-]+$/, 'letters, digits and . _ : / @ - only')
    .nullable(),
  temperature: z.number().min(0).max(2),
  tools,
};

const createSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'lowercase letters, digits and -, 2 to 40 characters')
      .nullish(),
    ...fields,
    provider: fields.provider.nullish().transform((v) => v ?? 'AUTO'),
    model: fields.model.nullish().transform((v) => v ?? null),
    temperature: fields.temperature.nullish().transform((v) => v ?? 0.2),
  })
  .strict();

const updateSchema = z
  .object({
    name: fields.name.nullish(),
    description: fields.description.nullish(),
    systemPrompt: fields.systemPrompt.nullish(),
    provider: fields.provider.nullish(),
    model: fields.model.nullish(),
    temperature: fields.temperature.nullish(),
    tools: fields.tools.nullish(),
  })
  .strict();

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new BadUserInputError(
      result.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '),
    );
  }
  return result.data;
}

const slug = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'agent';

/** Admin CRUD of agent definitions, every input validated. */
export function createAgentService(store: AgentStore) {
  return {
    list: () => store.list(),
    get: (id: string) => store.get(id),

    async require(id: string): Promise<AgentDefinition> {
      const agent = await store.get(id);
      if (!agent) throw new NotFoundError('Agent', id);
      return agent;
    },

    async create(input: unknown): Promise<AgentDefinition> {
      const data = parse(createSchema, input);
      const now = new Date().toISOString();
      const agent: AgentDefinition = {
        id: data.id ?? slug(data.name),
        name: data.name,
        description: data.description,
        systemPrompt: data.systemPrompt,
        provider: data.provider,
        model: data.model,
        temperature: data.temperature,
        tools: data.tools,
        builtIn: false,
        createdAt: now,
        updatedAt: now,
      };
      if (!(await store.create(agent)))
        throw new BadUserInputError(`An agent with id ${agent.id} already exists`);
      return agent;
    },

    async update(id: string, input: unknown): Promise<AgentDefinition> {
      const data = parse(updateSchema, input);
      const current = await store.get(id);
      if (!current) throw new NotFoundError('Agent', id);
      const next: AgentDefinition = { ...current, updatedAt: new Date().toISOString() };
      if (data.name != null) next.name = data.name;
      if (data.description != null) next.description = data.description;
      if (data.systemPrompt != null) next.systemPrompt = data.systemPrompt;
      if (data.provider != null) next.provider = data.provider;
      if (data.model !== undefined) next.model = data.model;
      if (data.temperature != null) next.temperature = data.temperature;
      if (data.tools != null) next.tools = data.tools;
      await store.put(next);
      return next;
    },

    async delete(id: string): Promise<boolean> {
      const current = await store.get(id);
      if (!current) throw new NotFoundError('Agent', id);
      if (current.builtIn)
        throw new BadUserInputError(`${id} is a built-in agent: edit it instead of deleting it`);
      return store.delete(id);
    },
  };
}

export type AgentService = ReturnType<typeof createAgentService>;
