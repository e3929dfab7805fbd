// Hand-written application output for the showcase ABEND (NOTES §6): the job log the copilot is
// expected to explain. Only the body; joblog.ts adds the stdlist header and footer.
import { logTimestamp } from '../time.js';

export function loadDwSalesBody(startedAt: number): string[] {
  const t = (s: number): string => logTimestamp(startedAt + s * 1000);
  return [
    `[load_dw_sales] ${t(1)} starting load of DW.SALES_FACT`,
    `[load_dw_sales] ${t(1)} source file /data/etl/sales/out/sales_fact.dat (1842311 records)`,
    `[load_dw_sales] ${t(2)} connecting to DWPROD as ETL_LOADER`,
    'SQL*Loader: Release 19.0.0.0.0 - Production',
    'Path used:      Direct',
    `[load_dw_sales] ${t(3)} loading partition SALES_FACT_CURRENT`,
    'Commit point reached - logical record count 500000',
    'Commit point reached - logical record count 1000000',
    'Commit point reached - logical record count 1500000',
    'ERROR: ORA-01653 unable to extend table DW.SALES_FACT by 8192 in tablespace DW_DATA',
    'SQL*Loader-2026: the load was aborted because SQL Loader cannot continue.',
    `[load_dw_sales] ${t(415)} rows loaded: 1612004, rejected: 0, not loaded due to errors: 230307`,
    `[load_dw_sales] ${t(418)} tablespace DW_DATA is 99.9% full (autoextend off)`,
    `[load_dw_sales] ${t(419)} partial load rolled back`,
    'load_dw_sales.sh: exit 12',
  ];
}
