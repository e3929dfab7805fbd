import { lexicalVector } from '../../../core/llm/embeddings-lexical.js';
import { tokenize } from '../../../core/llm/embeddings-tokens.js';
import { boostableIdentifiers, extractIdentifiers } from '../../../subgraphs/rag/ingest/identifiers.js';
import { detectLanguage } from '../../../subgraphs/rag/ingest/language.js';

const cosine = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + v * b[i]!, 0);

describe('tokenize', () => {
  it('keeps identifiers whole and adds their parts', () => {
    expect(tokenize('LOAD_DW_SALES failed')).toEqual(['load_dw_sales', 'load', 'dw', 'sales', 'failed']);
    expect(tokenize('ORA-01653')).toEqual(['ora-01653', 'ora', '01653']);
    expect(tokenize('AGT_LNX02#ETL_SALES.LOAD_DW_SALES')).toContain('agt_lnx02#etl_sales.load_dw_sales');
    expect(tokenize('AGT_LNX02#ETL_SALES.LOAD_DW_SALES')).toEqual(
      expect.arrayContaining(['agt', 'lnx02', 'etl', 'load']),
    );
  });

  it('drops English and Portuguese stopwords and accents, keeps numbers', () => {
    expect(tokenize('Por que o job falhou com RC 12?')).toEqual(['job', 'falhou', 'rc', '12']);
    expect(tokenize('The configuração of the tablespace')).toEqual(['configuracao', 'tablespace']);
  });

  it('keeps repeated terms (BM25 counts them)', () => {
    expect(tokenize('abend abend')).toEqual(['abend', 'abend']);
  });
});

describe('offline lexical embedding', () => {
  it('is deterministic and unit length, and all zeros for a text without terms', () => {
    const a = lexicalVector('tablespace DW_DATA is full', 128);
    expect(lexicalVector('tablespace DW_DATA is full', 128)).toEqual(a);
    expect(Math.sqrt(cosine(a, a))).toBeCloseTo(1, 6);
    expect(lexicalVector('... !!', 128).every((v) => v === 0)).toBe(true);
  });

  it('puts texts that share words (and word pieces) closer than unrelated ones', () => {
    const query = lexicalVector('tablespace full', 512);
    const related = lexicalVector('the tablespaces are full again', 512);
    const unrelated = lexicalVector('relink the fault tolerant agent', 512);
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated) + 0.2);
  });

  it('tells identifiers apart exactly (no trigram fuzz on codes)', () => {
    const query = lexicalVector('ORA-01653', 512);
    expect(cosine(query, lexicalVector('ORA-01653', 512))).toBeCloseTo(1, 6);
    expect(cosine(query, lexicalVector('ORA-01652', 512))).toBeLessThan(0.7);
  });
});

describe('HWA identifiers', () => {
  it('finds job, stream and workstation names, message ids, error codes, return codes and statuses', () => {
    const text = [
      'Job LOAD_DW_SALES on AGT_LNX02#ETL_SALES.LOAD_DW_SALES ended in ABEND with RC=12.',
      'ERROR: ORA-01653 unable to extend; SQL*Loader-2026 aborted; see AWSBDW057E and AWSJCS027E.',
      'exit status 4, return code: 8',
    ].join('\n');
    expect(extractIdentifiers(text)).toEqual(
      expect.arrayContaining([
        'LOAD_DW_SALES',
        'AGT_LNX02',
        'ETL_SALES',
        'ABEND',
        'RC=12',
        'ORA-01653',
        'SQL*LOADER-2026',
        'AWSBDW057E',
        'AWSJCS027E',
        'RC=4',
        'RC=8',
      ]),
    );
  });

  it('does not take ordinary words for identifiers', () => {
    expect(extractIdentifiers('The job failed because the disk was full.')).toEqual([]);
  });

  it('boosts names and ids, not statuses and return codes (too common to single out a passage)', () => {
    expect(boostableIdentifiers('LOAD_DW_SALES ABEND RC=12 ORA-01653')).toEqual([
      'ORA-01653',
      'LOAD_DW_SALES',
    ]);
  });
});

describe('language detection', () => {
  it('tells Portuguese from English', () => {
    expect(detectLanguage('Por que o job LOAD_DW_SALES falhou hoje?')).toBe('pt');
    expect(detectLanguage('Why did LOAD_DW_SALES fail today?')).toBe('en');
    expect(detectLanguage('LOAD_DW_SALES ORA-01653')).toBe('unknown');
  });
});
