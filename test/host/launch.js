// @ts-check
'use strict';
/**
 * Starts code-server (run this file with Node 24). VS Code's server accepts --enable-smoke-test-driver,
 * which makes the web workbench honour the `payload` URL parameter (extensionDevelopmentPath /
 * extensionTestsPath); code-server's own argument parser rejects unknown flags, so the flag is
 * registered here before code-server's entry point loads. No file of code-server is edited.
 * Usage: node24 test/host/launch.js <code-server args…>
 */
const paths = require('./paths');

const cli = require(paths.codeServerCli);
cli.options['enable-smoke-test-driver'] = { type: 'boolean' };
require(paths.codeServerEntry);
