// HWA's status vocabularies live once, in core/hwa; the tws schema and the agents' tools follow them.
import { readFileSync } from 'node:fs';
import { Kind, parse } from 'graphql';
import { commonStatusOf, JOB_INTERNAL_STATUSES, JOB_STATUSES } from '../../../core/hwa/statuses.js';
import { namesIn } from '../../../subgraphs/agents/offline/intents.js';
import { toolArgs } from '../../../subgraphs/agents/tools/catalog.js';

const schemas = (
  JSON.parse(
    readFileSync(new URL('../../../core/hwa/openapi/hwa-v2-client.json', import.meta.url), 'utf8'),
  ) as {
    components: { schemas: Record<string, { enum?: string[] }> };
  }
).components.schemas;

/** The values of an enum of a subgraph's SDL, in order. */
function sdlEnum(subgraph: string, name: string): string[] {
  const sdl = readFileSync(new URL(`../../../subgraphs/${subgraph}/schema.graphql`, import.meta.url), 'utf8');
  for (const definition of parse(sdl).definitions)
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === name)
      return (definition.values ?? []).map((v) => v.name.value);
  throw new Error(`enum ${name} not in subgraphs/${subgraph}/schema.graphql`);
}

describe('job statuses', () => {
  it('knows every internal status HWA’s schema defines, and no other', () => {
    expect([...JOB_INTERNAL_STATUSES].sort()).toEqual([...schemas['JobInPlanStatus']!.enum!].sort());
  });

  it('exposes the ten distributed common statuses of DESIGN §2, all in HWA’s CommonStatusV2', () => {
    expect(JOB_STATUSES).toEqual([
      'WAITING',
      'READY',
      'HELD',
      'RUNNING',
      'SUCCESSFUL',
      'ERROR',
      'CANCELED',
      'BLOCKED',
      'UNDECIDED',
      'SUPPRESS',
    ]);
    expect(schemas['CommonStatusV2']!.enum).toEqual(expect.arrayContaining([...JOB_STATUSES]));
  });

  it('maps every value HWA may send to one of the ten', () => {
    for (const common of schemas['CommonStatusV2']!.enum!)
      expect(JOB_STATUSES).toContain(commonStatusOf(common, undefined));
    for (const internal of JOB_INTERNAL_STATUSES)
      expect(JOB_STATUSES).toContain(commonStatusOf(undefined, internal));
  });

  it('trusts lastRunCommonStatus, folds z/OS values, and derives from the internal status when it is missing', () => {
    expect(commonStatusOf('HELD', 'HOLD')).toBe('HELD');
    expect(commonStatusOf('COMPLETED', undefined)).toBe('SUCCESSFUL');
    expect(commonStatusOf(undefined, 'ABEND')).toBe('ERROR');
    expect(commonStatusOf(undefined, 'HOLD', 'HOLD_PRIORITY_ZERO')).toBe('HELD');
    expect(commonStatusOf(undefined, 'HOLD', 'HOLD_WAITING_FOR_PREDECESSOR')).toBe('WAITING');
    expect(commonStatusOf(undefined, 'SUCC', undefined, true)).toBe('CANCELED');
    expect(commonStatusOf(undefined, 'SOMETHING_NEW')).toBe('UNDECIDED');
  });

  it('are the tws schema’s JobStatus and the statuses the agents’ find_jobs tool accepts', () => {
    expect(sdlEnum('tws', 'JobStatus')).toEqual([...JOB_STATUSES]);
    expect(toolArgs.find_jobs.shape.status.unwrap().options).toEqual([...JOB_STATUSES]);
  });

  it('are never taken for job names by the offline responder, internal ones included', () => {
    const question = `Quais jobs estão em ${[...JOB_STATUSES, ...JOB_INTERNAL_STATUSES].join(' ou ')}?`;
    expect(namesIn(question)).toEqual([]);
    expect(namesIn('Por que LOAD_DW_SALES está em STUCK?')).toEqual(['LOAD_DW_SALES']);
  });
});
