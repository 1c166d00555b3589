// Boundary zones, banned globals and restricted imports (STYLE.md C3, layer 2).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const nodeOnlyGlobals = ['process', 'Buffer', 'require', '__dirname', '__filename', 'global'];
const domGlobals = ['window', 'document', 'navigator', 'localStorage', 'fetch', 'XMLHttpRequest', 'WebSocket'];
const timeGlobals = ['setTimeout', 'setInterval'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'artifacts/**', 'playwright-report/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ noWarnOnMultipleProjects: true, project: ['src-*/tsconfig.json', 'src-main/preload/tsconfig.json', 'test/tsconfig.json'] })] },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src-shared', from: ['./src-main', './src-renderer'], message: 'src-shared is the bottom layer.' },
            { target: './src-renderer', from: './src-main', message: 'Reach main through the bridge (src-renderer/bridge).' },
            { target: './src-main', from: './src-renderer', message: 'src-main never imports the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...nodeOnlyGlobals, ...domGlobals, ...timeGlobals],
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'electron', 'react', 'react-dom', 'serialport', 'ws'], message: 'src-shared is pure.' }] }],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Inject a Clock.' },
        { object: 'Math', property: 'random', message: 'Inject a Random.' },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': ['error', ...nodeOnlyGlobals],
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'electron', 'serialport', 'ws'], message: 'The renderer has no Node and no Electron.' }] }],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/ipc/electron-router.ts', 'src-main/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', importNames: ['ipcMain'], message: 'Only src-main/ipc/electron-router.ts may use ipcMain.' }] }],
    },
  },
  {
    files: ['src-main/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./(?!\\.\\./src-shared/ipc(/|$))', message: 'The preload may import only electron and src-shared/ipc.' }] },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', module: 'writable', require: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
