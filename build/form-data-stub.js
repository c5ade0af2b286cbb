// The extension never sends multipart bodies. axios's Node build requires `form-data` (and with it
// mime-db, ~140 KB) at load time; this stand-in keeps `instanceof` checks working without the weight.
'use strict';
module.exports = class FormDataUnused {};
