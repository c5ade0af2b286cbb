// @ts-check
'use strict';
const path = require('path');

/**
 * Two bundles: the extension (Node, `vscode` external) and the details panel's script (browser).
 * The extension's entry, `dist/extension.js`, is only what activation needs; everything reached
 * through `import()` (the Salesforce client with axios and fast-xml-parser, the CLI code, downloads,
 * the panel host, the commands' work) lands in chunks `dist/<name>.js` loaded on first use.
 */

/** @type {import('webpack').Configuration} */
const extension = {
  name: 'extension',
  target: 'node',
  entry: './src/extension.ts',
  output: { path: path.resolve(__dirname, 'dist'), filename: 'extension.js', chunkFilename: '[name].js', libraryTarget: 'commonjs2', clean: { keep: /^webview\./ } },
  externals: { vscode: 'commonjs vscode' },
  resolve: {
    extensions: ['.ts', '.js'],
    mainFields: ['main', 'module'],
    // ES modules where a package offers them, so unused exports are dropped (fast-xml-parser's builder
    // and validator); the extension's own TypeScript is bundled as ES modules for the same reason.
    conditionNames: ['node', 'import', 'require', 'default'],
    // Parts of axios's Node build the client never reaches: it sends no multipart bodies, sets
    // `maxRedirects: 0` (no follow-redirects) and `proxy: false` (VS Code's own proxy support patches
    // Node's http instead of axios tunnelling). Dropping them halves the bundle.
    alias: {
      'form-data': path.resolve(__dirname, 'build/form-data-stub.js'),
      'follow-redirects': false,
      'https-proxy-agent': false,
    },
  },
  module: {
    rules: [{
      test: /\.ts$/, exclude: /node_modules/,
      use: [{ loader: 'ts-loader', options: { transpileOnly: true, compilerOptions: { module: 'es2022', moduleResolution: 'bundler' } } }],
    }],
  },
  // Chunks of shared libraries get names that say what they hold (axios; the rest, today fast-xml-parser).
  optimization: {
    splitChunks: {
      cacheGroups: {
        axios: { test: /[\\/]node_modules[\\/](axios|proxy-from-env)[\\/]/, name: 'axios', chunks: 'async', priority: 20 },
        vendor: { test: /[\\/]node_modules[\\/]/, name: 'vendor', chunks: 'async', priority: 10 },
      },
    },
  },
  devtool: 'nosources-source-map',
  infrastructureLogging: { level: 'log' },
  performance: { hints: false },
};

/** @type {import('webpack').Configuration} */
const webview = {
  name: 'webview',
  target: 'web',
  entry: './src/details/webview/main.ts',
  output: { path: path.resolve(__dirname, 'dist'), filename: 'webview.js' },
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [{
      test: /\.ts$/, exclude: /node_modules/,
      use: [{ loader: 'ts-loader', options: { transpileOnly: true, configFile: path.resolve(__dirname, 'src/details/webview/tsconfig.json') } }],
    }],
  },
  devtool: 'nosources-source-map',
  performance: { hints: false },
};

module.exports = [extension, webview];
