'use strict';
module.exports = require('./temp-folder-guard').setup;
