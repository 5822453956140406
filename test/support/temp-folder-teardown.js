'use strict';
module.exports = require('./temp-folder-guard').teardown;
