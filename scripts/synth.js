#!/usr/bin/env node
'use strict';
// `npm run synth` and cdk8s.yaml's app: main.ts's synth from one cached bundle (scripts/app-bundle.js).
require('./app-bundle').requireBundled('main.ts').then((entry) => entry.synth(), (error) => {
  console.error(`synth failed: the app bundle could not be built: ${error.message}`);
  console.error('nothing was changed: no generated file (charts, dashboards, docs) was written or deleted');
  process.exitCode = 1;
});
