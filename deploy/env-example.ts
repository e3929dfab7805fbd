/**
 * Generates `.env.example` from the configuration schema: every variable core/config reads, in
 * the order of core/config/schema.ts, with the doc comment of its section file and its default.
 *
 *   npx tsx deploy/env-example.ts          rewrite .env.example
 *   npx tsx deploy/env-example.ts --check  exit 1 when it is stale (a unit test runs the same check)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// eslint-disable-next-line import-x/no-extraneous-dependencies -- dev tooling; never part of the image
import ts from 'typescript';
import { envShape } from '../core/config/schema.js';

const SECTIONS_DIR = new URL('../core/config/sections/', import.meta.url);
export const ENV_EXAMPLE_PATH = new URL('../.env.example', import.meta.url);

/** What docker compose cannot run without (production mode refuses to start): set in `.env`. */
const REQUIRED_FOR_COMPOSE: Readonly<Record<string, string>> = {
  JWT_SECRET: 'HS256 secret, at least 32 characters: openssl rand -base64 48 (or set JWKS_URL below instead)',
  NEO4J_PASSWORD: 'password of the Neo4j container (at least 8 characters)',
  AUDIT_KEYS: 'audit encryption key ring, kid:base64 of 32 bytes: echo "k1:$(openssl rand -base64 32)"',
};

export interface EnvVariable {
  name: string;
  /** Section file, e.g. `edge`. */
  section: string;
  doc: string;
  /** The value used when the variable is unset, as it would be written ('' = unset). */
  fallback: string;
}

/** Doc comments of every `export const <x>Env = { ... }` property in the section files. */
function docComments(): Map<string, { section: string; doc: string }> {
  const docs = new Map<string, { section: string; doc: string }>();
  for (const file of readdirSync(SECTIONS_DIR)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    const source = ts.createSourceFile(
      file,
      readFileSync(new URL(file, SECTIONS_DIR), 'utf8'),
      ts.ScriptTarget.ES2022,
      true,
    );
    const visit = (node: ts.Node) => {
      if (
        ts.isVariableDeclaration(node) &&
        ts.isIdentifier(node.name) &&
        /Env$/.test(node.name.text) &&
        node.initializer &&
        ts.isObjectLiteralExpression(node.initializer)
      ) {
        for (const property of node.initializer.properties) {
          if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) continue;
          const doc = ts
            .getJSDocCommentsAndTags(property)
            .map((d) => ts.getTextOfJSDocComment(d.comment) ?? '')
            .join(' ');
          docs.set(property.name.text, {
            section: file.replace(/\.ts$/, ''),
            doc: doc.replace(/\s+/g, ' ').trim(),
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return docs;
}

function fallbackOf(name: string): string {
  const parsed = (
    envShape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>
  )[name]!.safeParse(undefined);
  const value = parsed.success ? parsed.data : undefined;
  if (value === undefined || value === null) return '';
  return Array.isArray(value) ? value.join(',') : String(value);
}

export function collectVariables(): EnvVariable[] {
  const docs = docComments();
  return Object.keys(envShape).map((name) => ({
    name,
    section: docs.get(name)?.section ?? 'other',
    doc: docs.get(name)?.doc ?? '',
    fallback: fallbackOf(name),
  }));
}

/** Wraps a comment at ~100 columns, each line starting with `# `. */
function comment(text: string): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > 100 && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  if (line !== '#') lines.push(line);
  return lines;
}

export function renderEnvExample(variables: readonly EnvVariable[] = collectVariables()): string {
  const out = [
    '# Resync configuration: every environment variable core/config reads, with its default.',
    '# Generated from core/config/sections/*.ts by `npx tsx deploy/env-example.ts`; do not edit by hand.',
    '#',
    '# docker compose reads `.env` next to docker-compose.yml for ${...} substitution: `cp .env.example .env`,',
    '# then fill in the required values below. The compose file passes the listed settings to the',
    '# containers; to pass any other variable, add it to `x-resync-environment` in docker-compose.yml',
    '# (or an override file). `npm start` does not read this file: export variables in your shell.',
    '',
    '# ---- required by docker compose (NODE_ENV=production refuses to start without them) ----',
  ];
  for (const [name, why] of Object.entries(REQUIRED_FOR_COMPOSE)) out.push(...comment(why), `${name}=`, '');
  let section = '';
  for (const variable of variables) {
    if (variable.name in REQUIRED_FOR_COMPOSE) continue;
    if (variable.section !== section) {
      section = variable.section;
      out.push(`# ---- ${section} (core/config/sections/${section}.ts) ----`, '');
    }
    if (variable.doc) out.push(...comment(variable.doc));
    out.push(`# ${variable.name}=${variable.fallback}`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  const rendered = renderEnvExample();
  if (process.argv.includes('--check')) {
    const current = readFileSync(ENV_EXAMPLE_PATH, 'utf8');
    if (current !== rendered) {
      process.stderr.write('.env.example is stale: run `npx tsx deploy/env-example.ts`\n');
      process.exit(1);
    }
  } else {
    writeFileSync(ENV_EXAMPLE_PATH, rendered);
    process.stdout.write(`wrote ${fileURLToPath(ENV_EXAMPLE_PATH)}\n`);
  }
}
