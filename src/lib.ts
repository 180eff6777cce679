/** The package's entry (`import … from 'cpumodel'`): the facade and the convenience layer over it. */
export * from './index.js';
export * from './api.js';
