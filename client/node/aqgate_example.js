#!/usr/bin/env node
// A full aqgate workflow from Node.js with @grpc/grpc-js and
// @grpc/proto-loader: creates a queue by names, adds spans as records,
// streams them, annotates and assigns one, deletes the queue, then sends a
// deliberately bad request and prints the google.rpc.BadRequest and
// ErrorInfo decoded from the `grpc-status-details-bin` trailer.
// Configuration comes from the environment; see README.md.
'use strict';

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

const PROTO_DIR = path.resolve(__dirname, '../../proto');
const GOOGLE_RPC_DIR = path.dirname(require.resolve('google-proto-files/package.json'));
const CALL_TIMEOUT_MS = 30000;

function loadService() {
  const definition = protoLoader.loadSync('aqgate/v1/annotation_queue_service.proto', {
    includeDirs: [PROTO_DIR],
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  return grpc.loadPackageDefinition(definition).aqgate.v1.AnnotationQueueService;
}

// google.rpc.Status and the detail messages, to decode rich error details.
const rpcTypes = protobuf.loadSync([
  path.join(GOOGLE_RPC_DIR, 'google/rpc/status.proto'),
  path.join(GOOGLE_RPC_DIR, 'google/rpc/error_details.proto'),
]);

function envList(name) {
  return (process.env[name] || '').split(',').map((s) => s.trim()).filter(Boolean);
}

function timestamp(rfc3339) {
  const ms = Date.parse(rfc3339);
  if (Number.isNaN(ms)) throw new Error(`not an RFC 3339 time: ${rfc3339}`);
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 };
}

function annotationFor(config) {
  if (config.kind === 'continuous') {
    const { minimum_score: low, maximum_score: high } = config.continuous;
    return { name: config.name, score: (low + high) / 2 };
  }
  if (config.kind === 'categorical' && config.categorical.values.length > 0) {
    return { name: config.name, label: config.categorical.values[0].label };
  }
  return { name: config.name, text: 'looks right to me' };
}

function codeName(code) {
  return Object.keys(grpc.status).find((k) => grpc.status[k] === code) || String(code);
}

function printStatusDetails(error) {
  console.log(`error code=${codeName(error.code)} message=${error.details}`);
  const raw = error.metadata && error.metadata.get('grpc-status-details-bin')[0];
  if (!raw) {
    console.log('error details=none');
    return;
  }
  const status = rpcTypes.lookupType('google.rpc.Status').decode(raw);
  for (const detail of status.details) {
    // protobufjs keeps Any's field as type_url (its other fields are camelCase).
    const typeUrl = detail.type_url || detail.typeUrl || '';
    const typeName = typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
    if (typeName === 'google.rpc.BadRequest') {
      const badRequest = rpcTypes.lookupType(typeName).decode(detail.value);
      for (const v of badRequest.fieldViolations) {
        console.log(`bad request field=${v.field} description=${v.description}`);
      }
    } else if (typeName === 'google.rpc.ErrorInfo') {
      const info = rpcTypes.lookupType(typeName).decode(detail.value);
      const meta = Object.keys(info.metadata).sort().map((k) => ` ${k}=${info.metadata[k]}`).join('');
      console.log(`error info reason=${info.reason} domain=${info.domain}${meta}`);
    } else if (typeName === 'google.rpc.RetryInfo') {
      const retry = rpcTypes.lookupType(typeName).decode(detail.value);
      console.log(`retry info delay=${retry.retryDelay ? retry.retryDelay.seconds : 0}s`);
    }
  }
}

// Promisified unary call with the key in metadata and a deadline.
function unary(client, metadata, method, request) {
  return new Promise((resolve, reject) => {
    client[method](request, metadata, { deadline: Date.now() + CALL_TIMEOUT_MS },
      (error, response) => (error ? reject(error) : resolve(response)));
  });
}

async function streamAll(client, metadata, request) {
  const stream = client.StreamRecords(request, metadata, { deadline: Date.now() + CALL_TIMEOUT_MS });
  const records = [];
  let messages = 0;
  for await (const message of stream) {
    messages += 1;
    records.push(...message.records);
  }
  return { records, messages };
}

async function runWorkflow(client, metadata) {
  const space = { name: process.env.AQ_SPACE_NAME };
  const queueName = process.env.AQ_QUEUE_NAME || `node-example-${process.pid}-${Date.now()}`;
  const { annotation_queue: created } = await unary(client, metadata, 'CreateAnnotationQueue', {
    name: queueName,
    space,
    annotation_config_ids: envList('AQ_CONFIG_IDS'),
    annotator_emails: envList('AQ_ANNOTATOR_EMAILS'),
    instructions: 'Rate each answer.',
  });
  console.log(`created queue id=${created.id} name=${created.name} configs=${created.annotation_configs.length}`);
  // From here on the queue is named by name + space, as a user would.
  const queue = { name: queueName, space };
  try {
    const added = await unary(client, metadata, 'AddRecords', {
      queue,
      record_sources: [{
        spans: {
          project_id: process.env.AQ_PROJECT_ID,
          start_time: timestamp(process.env.AQ_START_TIME),
          end_time: timestamp(process.env.AQ_END_TIME),
          span_ids: envList('AQ_SPAN_IDS'),
        },
      }],
    });
    console.log(`added records count=${added.records.length}`);

    const { records, messages } = await streamAll(client, metadata, { queue, max_records_per_message: 2 });
    console.log(`streamed records count=${records.length} messages=${messages}`);
    if (records.length === 0) throw new Error('the queue streamed no records');
    const record = records[0];

    const annotated = await unary(client, metadata, 'AnnotateRecord', {
      queue, record_id: record.id, annotations: [annotationFor(created.annotation_configs[0])],
    });
    console.log(`annotated record=${annotated.record_id} annotations=${annotated.annotations.map((a) => a.name).join(',')}`);

    const assigned = await unary(client, metadata, 'AssignRecord', {
      queue, record_id: record.id, assigned_user_emails: envList('AQ_ANNOTATOR_EMAILS'),
    });
    console.log(`assigned record=${assigned.record_id} users=${assigned.assigned_users.map((u) => u.user.email).join(',')}`);
  } finally {
    const deleted = await unary(client, metadata, 'DeleteAnnotationQueue', { queue });
    console.log(`deleted queue id=${deleted.annotation_queue_id}`);
  }
}

async function sendBadRequest(client, metadata) {
  try {
    await unary(client, metadata, 'CreateAnnotationQueue', {
      name: '',
      space: { name: process.env.AQ_SPACE_NAME },
      annotation_config_ids: envList('AQ_CONFIG_IDS'),
      annotator_emails: envList('AQ_ANNOTATOR_EMAILS'),
    });
  } catch (error) {
    console.log('bad request rejected');
    printStatusDetails(error);
    return error.code === grpc.status.INVALID_ARGUMENT;
  }
  console.log('error: the bad request was accepted');
  return false;
}

async function main() {
  const target = process.env.AQGATE_TARGET || '127.0.0.1:50051';
  const key = process.env.ARIZE_API_KEY;
  if (!key) {
    console.error('error: set ARIZE_API_KEY');
    return 2;
  }
  const missing = ['AQ_SPACE_NAME', 'AQ_PROJECT_ID', 'AQ_START_TIME', 'AQ_END_TIME'].filter((n) => !process.env[n]);
  if (missing.length > 0) {
    console.error(`error: set ${missing.join(', ')}`);
    return 2;
  }
  const Service = loadService();
  const client = new Service(target, grpc.credentials.createInsecure());
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${key}`);
  console.log(`connected target=${target}`);
  let ok = true;
  try {
    await runWorkflow(client, metadata);
  } catch (error) {
    console.log('workflow failed');
    if (error.code === undefined) console.log(`error message=${error.message}`);
    else printStatusDetails(error);
    ok = false;
  }
  ok = (await sendBadRequest(client, metadata)) && ok;
  client.close();
  console.log(ok ? 'done' : 'failed');
  return ok ? 0 : 1;
}

main().then((code) => { process.exitCode = code; });
