// What dist/kilo.js imports for 'undici' (scripts/bundle.mjs): the names the bundled toolkit uses,
// each loading dist/undici.cjs on first use. @actions/http-client builds a ProxyAgent only for a
// proxied fetch, @actions/github's fetch serves only getOctokit: neither runs in a review today, and
// either one still works if it ever does. The bundle script fails when the bundle uses another name.
'use strict';
let undici;
const load = () => (undici ??= require('./undici.cjs'));

exports.ProxyAgent = class ProxyAgent {
  constructor(...args) {
    return new (load().ProxyAgent)(...args);
  }
};
exports.fetch = (...args) => load().fetch(...args);
