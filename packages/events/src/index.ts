export * from './common.ts';
export * from './catalogue.ts';
export * from './iot.ts';
export * from './video.ts';
export * from './hotline.ts';
export * from './topics.ts';
export * from './parse.ts';
