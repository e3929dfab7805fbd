/**
 * HWA identifiers operators search by. They must survive chunking whole, they boost retrieval
 * when a query names them exactly, and they attach runbooks to jobs.
 */
const PATTERNS: ReadonlyArray<{ re: RegExp; normalise: (match: RegExpExecArray) => string[] }> = [
  // HWA product messages: AWSJCS027E, AWSBHU001I, ...
  { re: /\bAWS[A-Z]{3}\d{3}[EWI]\b/g, normalise: (m) => [m[0]] },
  // Product error codes: ORA-01653, TNS-12541, SQL*Loader-2026, EQQM931E is covered above-like.
  { re: /\b([A-Z][A-Za-z*]{1,15})-(\d{3,5})\b/g, normalise: (m) => [`${m[1]!.toUpperCase()}-${m[2]}`] },
  // Qualified plan names: AGT_LNX02#ETL_SALES.LOAD_DW_SALES → each part.
  {
    re: /\b([A-Z][A-Z0-9_]*)#([A-Z][A-Z0-9_]*)(?:\.([A-Z][A-Z0-9_]*))?/g,
    normalise: (m) => [m[1]!, m[2]!, ...(m[3] ? [m[3]] : [])],
  },
  // Job, job stream and workstation names: LOAD_DW_SALES, FTA_AIX01, ETL_SALES.
  { re: /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, normalise: (m) => [m[0]] },
  // Return codes in their usual spellings: RC=12, rc 12, return code 12, exit 12, exit status 12.
  {
    re: /\b(?:rc|return code|exit(?: status| code)?)\s*(?:=|:|is)?\s*(\d{1,4})\b/gi,
    normalise: (m) => [`RC=${Number(m[1])}`],
  },
  // Internal job statuses written in capitals (ABEND, FENCE, ...), as conman shows them.
  {
    re: /\b(ABEND|ABENP|FENCE|HOLD|SUCC|SUCCP|EXEC|CANCL|FAIL|INTRO|PEND|SUPPR|UNDCDED|EXTRN|STUCK|SUSP)\b/g,
    normalise: (m) => [m[1]!],
  },
];

/** Distinct identifiers in `text`, upper-case, in order of first appearance. */
export function extractIdentifiers(text: string): string[] {
  const found = new Set<string>();
  for (const { re, normalise } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) for (const id of normalise(m)) found.add(id);
  }
  return [...found];
}

/** Identifiers of a query that deserve an exact-match boost (statuses and return codes are too common). */
export function boostableIdentifiers(text: string): string[] {
  return extractIdentifiers(text).filter((id) => !/^RC=/.test(id) && !/^[A-Z]+$/.test(id));
}
