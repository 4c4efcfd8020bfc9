// The same package through require() (Node >= 20.19 loads ES modules with require).
import hyperprop = require('hyperprop');

const info: hyperprop.BackendInfo = hyperprop.backendInfo();
console.log(JSON.stringify({ required: info.active }));
