// The default dataset of NOTES §6: 7 workstations, 9 job streams, 44 jobs. Only what happened is
// written down here (run history, operator holds); every waiting status (HOLD substatuses, READY waiting
// for resources, FENCE, SUPPR) is derived by the engine from dependencies, so the data stays consistent.
import { DAY, MINUTE, planStartFor, localParts, zoneOffset } from '../time.js';
import { loadDwSalesBody } from './showcase-logs.js';
import type { DatasetSpec, JobSpec, RunHistory, StreamSpec, WorkstationSpec } from './spec.js';

export const DEFAULT_WORKSTATIONS: WorkstationSpec[] = [
  {
    name: 'MASTER',
    type: 'MANAGER',
    os: 'LINUX',
    nodeName: 'hwa-mdm01.resync.local',
    tcpPort: 31111,
    limit: 10,
    activeStates: ['MASTER', 'LINKED', 'RUNNING', 'JOBMAN_UP'],
  },
  {
    name: 'MASTER_DWB',
    type: 'WORKLOAD_BROKER',
    nodeName: 'hwa-mdm01.resync.local',
    tcpPort: 31116,
    limit: 0,
    activeStates: ['LINKED', 'RUNNING'],
  },
  {
    name: 'AGT_LNX01',
    type: 'AGENT',
    os: 'LINUX',
    nodeName: 'agt-lnx01.resync.local',
    tcpPort: 31114,
    limit: 20,
    activeStates: ['LINKED', 'RUNNING'],
  },
  {
    name: 'AGT_LNX02',
    type: 'AGENT',
    os: 'LINUX',
    nodeName: 'agt-lnx02.resync.local',
    tcpPort: 31114,
    limit: 20,
    activeStates: ['LINKED', 'RUNNING'],
  },
  {
    name: 'AGT_WIN01',
    type: 'AGENT',
    os: 'WINDOWS',
    nodeName: 'agt-win01.resync.local',
    tcpPort: 31114,
    limit: 20,
    fence: 30,
    activeStates: ['LINKED', 'RUNNING'],
  },
  {
    name: 'FTA_AIX01',
    type: 'FTA',
    os: 'AIX',
    nodeName: 'fta-aix01.resync.local',
    tcpPort: 31111,
    limit: 10,
    activeStates: [],
  },
  { name: 'POOL_ETL', type: 'POOL', limit: 20, activeStates: [], members: ['AGT_LNX01', 'AGT_LNX02'] },
];

const m = (minutes: number): number => minutes * MINUTE;
const sh = (script: string): string => `/opt/hwa/scripts/${script}`;
const win = (script: string): string => `C:\\HWA\\scripts\\${script}`;

function job(name: string, estimatedMin: number, description: string, extra: Partial<JobSpec> = {}): JobSpec {
  return {
    name,
    estimatedMs: m(estimatedMin),
    description,
    command: extra.command ?? sh(`${name.toLowerCase()}.sh`),
    ...extra,
  };
}

/** The model of the nine planned job streams. `startTime` of RPT_HR is filled in per plan. */
export function defaultStreams(rptHrStart?: number): StreamSpec[] {
  return [
    {
      name: 'DAILY_START',
      workstation: 'MASTER',
      description: 'Opens the processing day',
      jobs: [
        job('CHECK_FS', 2, 'Check free space on the shared file systems'),
        job('CLEAN_TMP', 5, 'Purge temporary work areas', { follows: ['CHECK_FS'] }),
        job('OPEN_DAY', 1, 'Mark the business day as open', { follows: ['CLEAN_TMP'] }),
      ],
    },
    {
      name: 'ETL_SALES',
      workstation: 'POOL_ETL',
      description: 'Nightly sales data warehouse load',
      follows: [{ stream: 'DAILY_START', job: 'OPEN_DAY' }],
      jobs: [
        job('EXTRACT_ORDERS', 30, 'Extract orders from the ERP', { user: 'etlsvc' }),
        job('EXTRACT_CUSTOMERS', 15, 'Extract customers from the CRM', { user: 'etlsvc' }),
        job('TRANSFORM_SALES', 40, 'Join and cleanse sales data', {
          user: 'etlsvc',
          follows: ['EXTRACT_ORDERS', 'EXTRACT_CUSTOMERS'],
        }),
        job('LOAD_DW_SALES', 25, 'Load sales facts into the data warehouse', {
          user: 'etlsvc',
          critical: true,
          follows: ['TRANSFORM_SALES'],
        }),
        job('BUILD_SALES_CUBE', 20, 'Rebuild the sales OLAP cube', {
          user: 'etlsvc',
          follows: ['LOAD_DW_SALES'],
        }),
        job('REFRESH_SALES_MART', 15, 'Refresh the sales data mart', {
          user: 'etlsvc',
          follows: ['LOAD_DW_SALES'],
        }),
        job('VALIDATE_DW_COUNTS', 5, 'Reconcile row counts source vs warehouse', {
          user: 'etlsvc',
          follows: ['LOAD_DW_SALES'],
        }),
        job('PUBLISH_SALES_KPI', 10, 'Publish sales KPIs to the portal', {
          user: 'etlsvc',
          follows: ['BUILD_SALES_CUBE', 'REFRESH_SALES_MART', 'VALIDATE_DW_COUNTS'],
        }),
      ],
    },
    {
      name: 'BILLING_DAILY',
      workstation: 'AGT_LNX02',
      description: 'Daily invoicing',
      jobs: [
        job('PREP_BILLING_DATA', 30, 'Collect billable events', {
          user: 'billsvc',
          successCondition: 'RC<=4',
          outputConditions: { RC_OK: 'RC=0', RC_WARN: 'RC=4' },
        }),
        job('GEN_INVOICES', 30, 'Generate invoices', {
          user: 'billsvc',
          critical: true,
          follows: ['PREP_BILLING_DATA'],
        }),
        job('SEND_INVOICES', 10, 'E-mail invoices to customers', {
          user: 'billsvc',
          follows: ['GEN_INVOICES'],
        }),
        job('POST_LEDGER', 15, 'Post invoices to the general ledger', {
          user: 'billsvc',
          follows: ['GEN_INVOICES'],
        }),
        job('RECONCILE_AR', 20, 'Reconcile accounts receivable', {
          user: 'billsvc',
          follows: ['POST_LEDGER'],
        }),
        job('BILLING_REPORT', 5, 'Daily billing report', {
          user: 'billsvc',
          follows: ['RECONCILE_AR', 'SEND_INVOICES'],
        }),
        job('ARCHIVE_INVOICES', 5, 'Archive invoice PDFs', { user: 'billsvc', follows: ['BILLING_REPORT'] }),
      ],
    },
    {
      name: 'FIN_CLOSE',
      workstation: 'AGT_WIN01',
      priority: 60,
      description: 'Financial daily close',
      jobs: [
        job('FC_IMPORT_SALES', 20, 'Import warehouse sales into finance', {
          command: win('fc_import_sales.cmd'),
          user: 'FINSVC',
          external: [{ stream: 'ETL_SALES', job: 'LOAD_DW_SALES' }],
        }),
        job('FC_ACCRUALS', 30, 'Compute accruals', {
          command: win('fc_accruals.cmd'),
          user: 'FINSVC',
          follows: ['FC_IMPORT_SALES'],
        }),
        job('FC_TRIAL_BALANCE', 25, 'Produce the trial balance', {
          command: win('fc_trial_balance.cmd'),
          user: 'FINSVC',
          follows: ['FC_ACCRUALS'],
        }),
        job('FC_FX_RATES', 5, 'Load FX rates (low priority, fenced)', {
          command: win('fc_fx_rates.cmd'),
          user: 'FINSVC',
          priority: 10,
        }),
        job('FC_CONSOLIDATE', 45, 'Consolidate entities', {
          command: win('fc_consolidate.cmd'),
          user: 'FINSVC',
          follows: ['FC_TRIAL_BALANCE', 'FC_FX_RATES'],
        }),
        job('FC_REPORTS', 15, 'Close reports', {
          command: win('fc_reports.cmd'),
          user: 'FINSVC',
          follows: ['FC_CONSOLIDATE'],
        }),
      ],
    },
    {
      name: 'BACKUP_DB',
      workstation: 'AGT_LNX01',
      description: 'Database backup',
      jobs: [
        job('DB_BACKUP_FULL', 60, 'Full RMAN backup', { user: 'oracle' }),
        job('VERIFY_BACKUP', 10, 'Verify the backup set', { user: 'oracle', follows: ['DB_BACKUP_FULL'] }),
        job('PURGE_OLD', 5, 'Purge backups past retention', { user: 'oracle', follows: ['VERIFY_BACKUP'] }),
        job('NOTIFY_DBA', 1, 'Notify the DBA team', {
          user: 'oracle',
          follows: ['VERIFY_BACKUP', 'PURGE_OLD'],
        }),
      ],
    },
    {
      name: 'REPORTS_MORNING',
      workstation: 'AGT_LNX02',
      description: 'Morning reports',
      jobs: [
        job('RPT_FINANCE', 10, 'Finance morning report', { user: 'rptsvc' }),
        job('RPT_OPS', 8, 'Operations morning report', { user: 'rptsvc' }),
        job('RPT_DAILY_KPI', 5, 'Daily KPI digest', { user: 'rptsvc', follows: ['RPT_FINANCE', 'RPT_OPS'] }),
        job('RPT_SALES', 12, 'Sales report (needs a report slot)', {
          user: 'rptsvc',
          resource: { name: 'RPT_SLOTS', quantity: 1 },
        }),
        job('RPT_STOCK', 10, 'Stock report', { user: 'rptstock' }),
        job('RPT_HR', 7, 'HR headcount report, not before 08:00', {
          user: 'rptsvc',
          ...(rptHrStart === undefined ? {} : { startTime: rptHrStart }),
        }),
      ],
    },
    {
      name: 'HR_PAYROLL',
      workstation: 'FTA_AIX01',
      description: 'Payroll on the AIX FTA',
      jobs: [
        job('PAY_EXTRACT_HOURS', 20, 'Extract worked hours', { user: 'payroll' }),
        job('PAY_CALC_GROSS', 30, 'Compute gross pay', { user: 'payroll', follows: ['PAY_EXTRACT_HOURS'] }),
        job('PAY_CALC_NET', 20, 'Compute net pay', { user: 'payroll', follows: ['PAY_CALC_GROSS'] }),
        job('PAY_GEN_SLIPS', 15, 'Generate pay slips', { user: 'payroll', follows: ['PAY_CALC_NET'] }),
        job('PAY_BANK_FILE', 10, 'Produce the bank transfer file', {
          user: 'payroll',
          follows: ['PAY_CALC_NET'],
        }),
      ],
    },
    {
      name: 'MONTHEND_PREP',
      workstation: 'MASTER',
      description: 'Month-end preparation',
      jobs: [
        job('ME_FREEZE_LEDGER', 5, 'Freeze the ledger'),
        job('ME_SNAPSHOT_BAL', 20, 'Snapshot balances', { follows: ['ME_FREEZE_LEDGER'] }),
        job('ME_REVALUE_FX', 15, 'Revalue FX positions when billing prep was clean', {
          external: [{ stream: 'BILLING_DAILY', job: 'PREP_BILLING_DATA', outputConditions: ['RC_OK'] }],
        }),
        job('ME_CONFIRM_INPUTS', 2, 'Wait for the operator to confirm month-end inputs', {
          prompt: { name: 'ME_INPUTS', text: 'Confirm month-end inputs?' },
        }),
      ],
    },
    {
      name: 'JOBS',
      workstation: 'MASTER',
      description: 'Default job stream for ad-hoc submissions',
      jobs: [job('ADHOC_HOUSEKEEPING', 3, 'Ad-hoc housekeeping run by an operator')],
    },
  ];
}

/** Next 08:00 in the plan time zone strictly after `now`. */
function next0800(now: number): number {
  const p = localParts(now);
  let t = Date.UTC(p.year, p.month - 1, p.day, 8, 0, 0) - zoneOffset(now);
  if (t <= now) t += DAY;
  return t;
}

/** The default dataset as of `now`: history is laid out relative to `now` so it always lies in the past. */
export function defaultDataset(now: number): DatasetSpec {
  const at = (minutes: number): number => now + m(minutes);
  const ok = (start: number, end: number, extra: Partial<RunHistory> = {}): RunHistory => ({
    status: 'SUCC',
    returnCode: 0,
    startedAt: at(start),
    endedAt: at(end),
    ...extra,
  });
  const history = new Map<string, RunHistory[]>([
    ['DAILY_START.CHECK_FS', [ok(-480, -478)]],
    ['DAILY_START.CLEAN_TMP', [ok(-478, -473)]],
    ['DAILY_START.OPEN_DAY', [ok(-473, -472)]],
    ['ETL_SALES.EXTRACT_ORDERS', [ok(-150, -122, { actualWorkstation: 'AGT_LNX01' })]],
    ['ETL_SALES.EXTRACT_CUSTOMERS', [ok(-150, -136, { actualWorkstation: 'AGT_LNX02' })]],
    ['ETL_SALES.TRANSFORM_SALES', [ok(-122, -84, { actualWorkstation: 'AGT_LNX01' })]],
    [
      'ETL_SALES.LOAD_DW_SALES',
      [
        {
          status: 'ABEND',
          returnCode: 12,
          startedAt: at(-84),
          endedAt: at(-77),
          actualWorkstation: 'AGT_LNX02',
          logBody: loadDwSalesBody(at(-84)),
        },
      ],
    ],
    [
      'BILLING_DAILY.PREP_BILLING_DATA',
      [ok(-76, -42, { returnCode: 4, outputConditions: { RC_OK: false, RC_WARN: true } })],
    ],
    ['BILLING_DAILY.GEN_INVOICES', [{ status: 'EXEC', startedAt: at(-40), plannedMs: m(70) }]],
    ['BACKUP_DB.DB_BACKUP_FULL', [ok(-300, -242)]],
    [
      'BACKUP_DB.VERIFY_BACKUP',
      [
        { status: 'ABEND', returnCode: 4, startedAt: at(-242), endedAt: at(-236) },
        ok(-200, -191, { rerunType: 'RERUN' }),
      ],
    ],
    ['BACKUP_DB.PURGE_OLD', [{ status: 'CANCL', endedAt: at(-220) }]],
    ['BACKUP_DB.NOTIFY_DBA', [ok(-191, -190)]],
    ['REPORTS_MORNING.RPT_FINANCE', [ok(-60, -51)]],
    ['REPORTS_MORNING.RPT_OPS', [ok(-60, -53)]],
    ['REPORTS_MORNING.RPT_DAILY_KPI', [ok(-51, -47)]],
    ['REPORTS_MORNING.RPT_STOCK', [{ status: 'FAIL', startedAt: at(-45), endedAt: at(-45) }]],
    ['HR_PAYROLL.PAY_EXTRACT_HOURS', [{ status: 'UNDCDED', startedAt: at(-100) }]],
    ['JOBS.ADHOC_HOUSEKEEPING', [ok(-20, -18)]],
  ]);
  return {
    planStart: planStartFor(now),
    workstations: DEFAULT_WORKSTATIONS,
    streams: defaultStreams(next0800(now)),
    resources: [{ name: 'RPT_SLOTS', workstation: 'AGT_LNX02', total: 2, available: 0 }],
    history,
    held: new Set(['MONTHEND_PREP.ME_FREEZE_LEDGER', 'MONTHEND_PREP.ME_SNAPSHOT_BAL']),
  };
}
