// Lint: type-aware TypeScript rules, consistent type imports, no process.env outside the
// config module, and the import arrows of DESIGN §5 (gateway and subgraphs → core → libraries).
import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const SUBGRAPHS = ['tws', 'knowledge', 'rag', 'agents', 'health'];

const zones = [
  {
    target: './core',
    from: [
      './gateway',
      './subgraphs',
      './stack',
      './scripts',
      './simulator',
      './devservices',
      './test',
      './bench',
    ],
    message: 'core imports only libraries',
  },
  {
    target: './gateway',
    from: ['./subgraphs', './stack', './scripts', './simulator', './test', './bench'],
    message: 'gateway imports core only',
  },
  {
    target: './simulator',
    from: [
      './core',
      './gateway',
      './subgraphs',
      './stack',
      './scripts',
      './devservices',
      './test',
      './bench',
      './schema',
    ],
    message: 'the simulator imports nothing from the project',
  },
  {
    target: './devservices',
    from: ['./core', './gateway', './subgraphs', './stack', './scripts', './simulator', './test', './bench'],
    message: 'devservices stand alone',
  },
  {
    target: './schema',
    from: ['./gateway', './stack', './test', './bench'],
    message: 'schema tooling does not import services',
  },
  { target: './stack', from: ['./test', './bench'], message: 'nothing imports test/' },
  {
    target: './sdk',
    from: [
      './core',
      './gateway',
      './subgraphs',
      './stack',
      './scripts',
      './simulator',
      './devservices',
      './test',
      './bench',
    ],
    message:
      'the SDK ships to clients: it imports only the generated documents (schema/generated) and libraries',
  },
  { target: './scripts', from: ['./test'], message: 'nothing imports test/' },
  ...SUBGRAPHS.map((name) => ({
    target: `./subgraphs/${name}`,
    from: [
      './gateway',
      './stack',
      './scripts',
      './simulator',
      './test',
      './bench',
      ...SUBGRAPHS.filter((n) => n !== name).map((n) => `./subgraphs/${n}`),
    ],
    message: 'a subgraph imports core only, never another subgraph',
  })),
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.data/**',
      'schema/generated/**',
      'bench/results/**',
      'tools/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through core/config (the only reader of process.env).',
        },
      ],
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-extraneous-dependencies': [
        'error',
        { devDependencies: ['test/**', 'bench/**', 'scripts/**', 'simulator/**/*.test.ts', '*.config.*'] },
      ],
    },
    // Relative imports name the emitted .js file; resolve them to the .ts source.
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
  },
  {
    // The single reader of the environment, plus test/dev tooling that prepares it.
    files: ['core/config/index.ts', 'test/**/*.ts', 'devservices/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
