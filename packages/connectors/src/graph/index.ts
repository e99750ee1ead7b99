export { GraphClient, DEFAULT_GRAPH_URL, GRAPH_VERSION, toConnectorError, type GraphResponse } from './client.ts';
export { graphError, isThrottleCode, regainAccessMinutes, type GraphErrorBody } from './errors.ts';
export { verifyMetaWebhook, parseJson, validate, graphTimeToIso, graphTimeToSeconds, SIGNATURE_HEADER } from './webhook.ts';
export { scanPoll, type ScanTask, type ScanItem, type ScanPage, type ScanOptions } from './scan.ts';
export { GraphListSchema, nextAfter, pageQuery, IdName, type GraphList } from './wire.ts';
export { graphId } from './ids.ts';
export { metaEntries, readPart, type MetaEntry } from './envelope.ts';
