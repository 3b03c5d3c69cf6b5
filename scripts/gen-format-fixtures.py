#!/usr/bin/env python3
"""Writes fixtures/formats/: one file per log shape llmops reads, produced the way real apps produce
them (Python's logging module with real formatters), plus expected.json computed from the simulated
calls themselves, not by parsing the files. Run: python3 scripts/gen-format-fixtures.py"""

import gzip
import io
import json
import logging
import os
import random
import sys
import time
import traceback

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'formats')
PRICES = {'claude-opus-4-8': (5, 25), 'claude-sonnet-4-6': (3, 15), 'claude-haiku-4-5': (1, 5)}
rng = random.Random(20261130)
T0 = 1795960800.0  # 2026-11-30T12:00:00Z
counter = [0]


def call(feature='summarize', model=None):
    """One simulated LLM call, in Anthropic usage terms (input excludes cache)."""
    counter[0] += 1
    model = model or rng.choice(list(PRICES))
    return {
        'request_id': 'req_fmt_%04d' % counter[0],
        'model': model,
        'input_tokens': rng.randint(50, 20000),
        'output_tokens': rng.randint(5, 2000),
        'cache_read': rng.choice([0, 0, rng.randint(100, 9000)]),
        'cache_write': rng.choice([0, 0, 0, rng.randint(100, 3000)]),
        'latency_s': round(rng.uniform(0.3, 20), 2),
        'stop_reason': rng.choice(['end_turn'] * 6 + ['max_tokens', 'tool_use']),
        'feature': feature,
        't': T0 + counter[0] * 61.5,
    }


def cost(c):
    i, o = PRICES[c['model']]
    one_hour = c.get('cache_write_1h', 0)  # 1-hour cache writes cost 2x input, 5-minute ones 1.25x
    return (c['input_tokens'] * i + (c['cache_write'] - one_hour) * i * 1.25 + one_hour * i * 2
            + c['cache_read'] * i * 0.1 + c['output_tokens'] * o) / 1e6


def iso(t):
    return time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(t)) + '.%03dZ' % int(round((t % 1) * 1000))


def wrapper_record(c, with_ts=True):
    r = {k: v for k, v in c.items() if k not in ('t', 'cache_write_1h')}
    if with_ts:
        r = {'ts': iso(c['t']), **r}
    return r


expected = {}
os.makedirs(OUT, exist_ok=True)


def expect(name, calls, lines, blank=0, malformed=0, extra_records=0, no_timestamp=0, by_reason=None, note=''):
    expected[name] = {
        'lines': lines, 'records': len(calls), 'blank': blank, 'malformed': malformed,
        'extra_records': extra_records, 'no_timestamp': no_timestamp,
        'by_reason': by_reason or {},
        'cost_total': sum(cost(c) for c in calls),
        'input_tokens': sum(c['input_tokens'] for c in calls),
        'cache_read': sum(c['cache_read'] for c in calls),
        'output_tokens': sum(c['output_tokens'] for c in calls),
        # Days as the report has them: none when no record carries a timestamp.
        'dates': [] if no_timestamp == len(calls) else sorted({time.strftime('%Y-%m-%d', time.gmtime(c['t'])) for c in calls}),
        'note': note,
    }


class FixedClock(logging.Formatter):
    """Stamps each record with the simulated call's time (UTC) so the output is reproducible."""
    converter = time.gmtime


def logger_to(stream, fmt, name='llm', datefmt=None, formatter=None):
    log = logging.getLogger(name)
    log.handlers.clear()
    log.propagate = False
    h = logging.StreamHandler(stream)
    h.setFormatter(formatter or FixedClock(fmt, datefmt=datefmt))
    log.addHandler(h)
    log.setLevel(logging.DEBUG)
    return log


def emit(log, level, msg, t, *args, exc_info=None):
    rec = log.makeRecord(log.name, level, __file__, 0, msg, args, exc_info)
    rec.created = t
    rec.msecs = (t % 1) * 1000
    log.handle(rec)


def write(name, text, binary=False):
    path = os.path.join(OUT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with (open(path, 'wb') if binary else open(path, 'w', newline='')) as f:
        f.write(text)


# 1. Python's %(asctime)s %(levelname)s %(name)s %(message)s: comma before ms, no zone; records without ts,
#    other loggers' lines and a multi-line traceback interleaved.
buf = io.StringIO()
log = logger_to(buf, '%(asctime)s %(levelname)s %(name)s %(message)s')
calls = [call('chat') for _ in range(6)]
for n, c in enumerate(calls):
    emit(log, logging.INFO, json.dumps(wrapper_record(c, with_ts=False)), c['t'])
    if n == 2:
        emit(log, logging.WARNING, 'httpx retrying request after 529 (overloaded)', c['t'] + 1)
    if n == 4:
        try:
            raise ValueError('upstream closed connection')
        except ValueError:
            emit(log, logging.ERROR, 'tool call failed', c['t'] + 2, exc_info=sys.exc_info())
text = buf.getvalue()
write('python-logging-prefix.log', text)
tb_lines = text.count('\n') - len(calls) - 2
expect('python-logging-prefix.log', calls, text.count('\n'), malformed=text.count('\n') - len(calls),
       by_reason={'not_json': text.count('\n') - len(calls)},
       note='timestamps come from the prefix (naive, read in --tz UTC)')

# 2. logging.basicConfig(level=INFO) default format: INFO:llm:{...}; records carry their own ts.
buf = io.StringIO()
log = logger_to(buf, '%(levelname)s:%(name)s:%(message)s')
calls = [call('classify', 'claude-haiku-4-5') for _ in range(5)]
for c in calls:
    emit(log, logging.INFO, json.dumps(wrapper_record(c)), c['t'])
emit(log, logging.INFO, 'started worker pid=4242', T0)
write('basicconfig-prefix.log', buf.getvalue())
expect('basicconfig-prefix.log', calls, 6, malformed=1, by_reason={'not_json': 1})

# 3. ISO-stamped prefix with a zone, and RFC 5424 syslog; records without ts.
lines = []
calls = [call('extract') for _ in range(4)]
for k, c in enumerate(calls):
    r = json.dumps(wrapper_record(c, with_ts=False))
    if k % 2 == 0:
        lines.append('%s INFO [llm] %s' % (iso(c['t']), r))
    else:
        lines.append('<134>1 %s app-host llm 4242 - - %s' % (iso(c['t']), r))
write('iso-and-syslog-prefix.log', '\n'.join(lines) + '\n')
expect('iso-and-syslog-prefix.log', calls, len(lines))


# 4. A JSON formatter (python-json-logger style): the record JSON is the `message` string; asctime outer.
class JsonFormatter(logging.Formatter):
    converter = time.gmtime

    def format(self, record):
        return json.dumps({'asctime': self.formatTime(record), 'levelname': record.levelname,
                           'name': record.name, 'message': record.getMessage()})


buf = io.StringIO()
log = logger_to(buf, None, formatter=JsonFormatter())
calls = [call('rag_answer', 'claude-sonnet-4-6') for _ in range(5)]
for c in calls:
    emit(log, logging.INFO, json.dumps(wrapper_record(c, with_ts=False)), c['t'])
emit(log, logging.INFO, 'cache warmed', T0)
write('json-formatter-message.jsonl', buf.getvalue())
expect('json-formatter-message.jsonl', calls, 6, malformed=1, by_reason={'no_usage_fields': 1},
       note='time from the envelope asctime')

# 5. structlog JSONRenderer with the record in `event`; pino with `msg` and epoch-ms `time`.
lines = []
calls = [call('agent_step') for _ in range(4)]
for k, c in enumerate(calls):
    inner = json.dumps(wrapper_record(c, with_ts=False))
    if k % 2 == 0:
        lines.append(json.dumps({'event': inner, 'level': 'info', 'logger': 'llm', 'timestamp': iso(c['t'])}))
    else:
        lines.append(json.dumps({'level': 30, 'time': int(c['t'] * 1000), 'pid': 7, 'hostname': 'h', 'msg': inner}))
write('structlog-and-pino.jsonl', '\n'.join(lines) + '\n')
expect('structlog-and-pino.jsonl', calls, len(lines))

# 6. Docker's json-file driver around the prefixed Python logging line.
lines = []
calls = [call('chat', 'claude-haiku-4-5') for _ in range(4)]
for c in calls:
    inner = 'INFO:llm:' + json.dumps(wrapper_record(c, with_ts=False)) + '\n'
    lines.append(json.dumps({'log': inner, 'stream': 'stdout', 'time': iso(c['t'])[:-1] + '123456Z'}))
lines.append(json.dumps({'log': 'Traceback (most recent call last):\n', 'stream': 'stderr', 'time': iso(T0)}))
write('docker-json-file.log', '\n'.join(lines) + '\n')
expect('docker-json-file.log', calls, len(lines), malformed=1, by_reason={'no_usage_fields': 1})

# 7. The whole Anthropic response logged, with the 5m/1h cache-write split and a wrapper-added ts/feature.
lines = []
calls = [call('summarize', 'claude-sonnet-4-6') for _ in range(4)]
for c in calls:
    one_h = c['cache_write'] // 3
    c['cache_write_1h'] = one_h
    lines.append(json.dumps({
        'ts': iso(c['t']), 'feature': c['feature'], 'latency_s': c['latency_s'],
        'response': {'id': c['request_id'], 'type': 'message', 'role': 'assistant', 'model': c['model'],
                     'content': [{'type': 'text', 'text': 'ok'}], 'stop_reason': c['stop_reason'],
                     'usage': {'input_tokens': c['input_tokens'], 'output_tokens': c['output_tokens'],
                               'cache_read_input_tokens': c['cache_read'], 'cache_creation_input_tokens': c['cache_write'],
                               'cache_creation': {'ephemeral_5m_input_tokens': c['cache_write'] - one_h,
                                                  'ephemeral_1h_input_tokens': one_h}}}}))
write('anthropic-response.jsonl', '\n'.join(lines) + '\n')
expect('anthropic-response.jsonl', calls, len(lines),
       note='the 1-hour part of each cache write is priced at 2x input, the 5-minute part at 1.25x')

# 8. OpenAI chat completions and Responses API usage: cached tokens are inside the prompt count.
lines = []
calls = [call('chat', 'claude-haiku-4-5') for _ in range(4)]
for k, c in enumerate(calls):
    c['cache_write'] = 0
    prompt = c['input_tokens'] + c['cache_read']
    if k % 2 == 0:
        lines.append(json.dumps({'ts': iso(c['t']), 'feature': c['feature'], 'id': c['request_id'], 'object': 'chat.completion',
                                 'model': c['model'], 'choices': [{'index': 0, 'finish_reason': 'length' if c['stop_reason'] == 'max_tokens' else 'stop'}],
                                 'usage': {'prompt_tokens': prompt, 'completion_tokens': c['output_tokens'],
                                           'prompt_tokens_details': {'cached_tokens': c['cache_read']}}}))
    else:
        lines.append(json.dumps({'ts': iso(c['t']), 'feature': c['feature'], 'id': c['request_id'], 'object': 'response',
                                 'model': c['model'], 'status': 'completed',
                                 'usage': {'input_tokens': prompt, 'output_tokens': c['output_tokens'],
                                           'input_tokens_details': {'cached_tokens': c['cache_read']}}}))
write('openai-usage.jsonl', '\n'.join(lines) + '\n')
expect('openai-usage.jsonl', calls, len(lines))


# 9. OpenTelemetry GenAI spans, OTLP JSON file exporter: one export object per line, several spans each.
def attr(k, v):
    if isinstance(v, str):
        return {'key': k, 'value': {'stringValue': v}}
    if isinstance(v, list):
        return {'key': k, 'value': {'arrayValue': {'values': [{'stringValue': x} for x in v]}}}
    return {'key': k, 'value': {'intValue': str(v)}}


lines = []
all_calls = []
for batch in range(3):
    spans = []
    for _ in range(3):
        c = call(rng.choice(['chat', 'summarize']))
        all_calls.append(c)
        start = int(c['t'] * 1e9)
        spans.append({'traceId': '%032x' % counter[0], 'spanId': '%016x' % counter[0], 'name': 'chat ' + c['model'],
                      'kind': 3, 'startTimeUnixNano': str(start), 'endTimeUnixNano': str(start + int(c['latency_s'] * 1e9)),
                      'attributes': [attr('gen_ai.operation.name', 'chat'), attr('gen_ai.system', 'anthropic'),
                                     attr('gen_ai.request.model', c['model']), attr('gen_ai.response.model', c['model']),
                                     attr('gen_ai.response.id', c['request_id']),
                                     attr('gen_ai.usage.input_tokens', c['input_tokens'] + c['cache_read'] + c['cache_write']),
                                     attr('gen_ai.usage.output_tokens', c['output_tokens']),
                                     attr('gen_ai.usage.cache_read.input_tokens', c['cache_read']),
                                     attr('gen_ai.usage.cache_creation.input_tokens', c['cache_write']),
                                     attr('gen_ai.response.finish_reasons', [c['stop_reason']]),
                                     attr('app.feature', c['feature'])]})
    spans.append({'traceId': 'ff', 'spanId': 'ee', 'name': 'GET /health', 'kind': 2, 'startTimeUnixNano': '1', 'endTimeUnixNano': '2',
                  'attributes': [attr('http.method', 'GET')]})
    lines.append(json.dumps({'resourceSpans': [{'resource': {'attributes': [attr('service.name', 'app')]},
                                                'scopeSpans': [{'scope': {'name': 'opentelemetry.instrumentation.anthropic'}, 'spans': spans}]}]}))
write('otlp-genai-spans.jsonl', '\n'.join(lines) + '\n')
expect('otlp-genai-spans.jsonl', all_calls, len(lines), extra_records=len(all_calls) - len(lines),
       note='use --feature-attr app.feature; latency from span start/end')

# 10. Custom names: a wrapper that chose its own field names, read with --map.
lines = []
calls = [call(rng.choice(['search', 'qa'])) for _ in range(4)]
for c in calls:
    lines.append(json.dumps({'@t': iso(c['t']), 'trace_id': c['request_id'], 'llm': {'model_name': c['model'], 'in': c['input_tokens'],
                             'out': c['output_tokens'], 'cached': c['cache_read'], 'written': c['cache_write']},
                             'metadata': {'endpoint': c['feature']}, 'finish': c['stop_reason'], 'secs': c['latency_s']}))
write('custom-names.jsonl', '\n'.join(lines) + '\n')
expect('custom-names.jsonl', calls, len(lines), no_timestamp=len(calls),
       note='--map model=llm.model_name --map input_tokens=llm.in --map output_tokens=llm.out --map cache_read=llm.cached '
            '--map cache_write=llm.written --map feature=metadata.endpoint --map request_id=trace_id --map stop_reason=finish '
            '--map latency_s=secs (no timestamp field is mapped, so none has one)')

# 11. Python's json.dumps writes NaN and Infinity: the line is read, the value counts as missing.
lines = []
calls = [call('chat', 'claude-haiku-4-5') for _ in range(3)]
for k, c in enumerate(calls):
    r = wrapper_record(c)
    r['latency_s'] = [float('nan'), float('inf'), -float('inf')][k]
    r['quality_score'] = float('nan')
    lines.append(json.dumps(r))
write('python-nan-infinity.jsonl', '\n'.join(lines) + '\n')
expect('python-nan-infinity.jsonl', calls, len(lines), note='latency_s NaN/Infinity/-Infinity count as missing')

# 12. A rotated set: app.log, app.log.1, app.log.2.gz with other loggers' warnings interleaved.
rot_calls = []
for idx, name in enumerate(['app.log.2.gz', 'app.log.1', 'app.log']):
    buf = io.StringIO()
    log = logger_to(buf, '%(asctime)s %(levelname)s %(name)s %(message)s')
    for _ in range(3):
        c = call('summarize')
        rot_calls.append(c)
        emit(log, logging.INFO, json.dumps(wrapper_record(c)), c['t'])
        emit(log, logging.WARNING, 'urllib3 connection pool is full, discarding connection', c['t'])
    data = buf.getvalue()
    if name.endswith('.gz'):
        write(os.path.join('rotated', name), gzip.compress(data.encode(), mtime=0), binary=True)
    else:
        write(os.path.join('rotated', name), data)
expect('rotated', rot_calls, 18, malformed=9, by_reason={'not_json': 9}, note='a folder: app.log, app.log.1, app.log.2.gz')

with open(os.path.join(OUT, '..', 'formats-expected.json'), 'w') as f:
    json.dump(expected, f, indent=1, sort_keys=True)
    f.write('\n')
print('wrote %d fixtures' % len(expected))
