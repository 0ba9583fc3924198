// bottleneck ships types for its main entry only; the light build (what plugin-throttling bundles,
// so using it keeps one copy in dist/) has the same API.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
