import { readFileSync } from 'node:fs';
import {
  commonStatusOf,
  JOB_INTERNAL_STATUSES,
  JOB_STATUSES,
} from '../../../subgraphs/tws/model/statuses.js';

const schemas = (
  JSON.parse(
    readFileSync(new URL('../../../core/hwa/openapi/hwa-v2-client.json', import.meta.url), 'utf8'),
  ) as {
    components: { schemas: Record<string, { enum?: string[] }> };
  }
).components.schemas;

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
});
