// The driver of benchmarks/gateway: GET /api/v1/cameras through the gateway and straight to camera-service,
// in one run, with a fixed number of keep-alive connections per target (a closed loop: each connection sends its
// next request when the answer arrived). The two targets take turns in short rounds, so that whatever else the
// machine does meets both alike; the figures are over all the rounds of each.
//
//   node benchmarks/gateway.mjs --gateway http://localhost:8080 --direct http://127.0.0.1:8082 --out report.md
//
// Node's own http module only: nothing to install.
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const options = {
	gateway: 'http://localhost:8080',
	direct: 'http://127.0.0.1:8082',
	connections: 4,
	warmup: 20,
	rounds: 8,
	round: 5,
	cameras: 5,
	size: 20,
	out: '',
	label: '',
	// The process ids of the gateway and of camera-service, to count the CPU time each spends per request.
	gatewayPid: '',
	cameraPid: '',
};
for (let i = 2; i < process.argv.length; i += 2) {
	const name = process.argv[i].replace(/^--/, '').replace(/-(\w)/g, (_, c) => c.toUpperCase());
	if (!(name in options)) {
		console.error(`unknown option --${name}`);
		process.exit(2);
	}
	const value = process.argv[i + 1];
	options[name] = typeof options[name] === 'number' ? Number(value) : value;
}

const say = (text) => console.error(`[${new Date().toISOString().substring(11, 19)}] gateway: ${text}`);

function call(base, method, path, { token, body, agent } = {}) {
	return new Promise((resolve, reject) => {
		const url = new URL(path, base);
		const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
		const headers = { accept: 'application/json' };
		if (token) {
			headers.authorization = `Bearer ${token}`;
		}
		if (payload) {
			headers['content-type'] = 'application/json';
			headers['content-length'] = payload.length;
		}
		const request = http.request(url, { method, headers, agent }, (response) => {
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks) }));
			response.on('error', reject);
		});
		request.on('error', reject);
		request.end(payload);
	});
}

async function expect(promise, ...statuses) {
	const answer = await promise;
	if (!statuses.includes(answer.status)) {
		throw new Error(`answered ${answer.status}: ${answer.body.toString().substring(0, 300)}`);
	}
	return answer.body.length ? JSON.parse(answer.body.toString()) : null;
}

/** A user of its own with some cameras, so that the page has the size of a real one. */
async function prepare() {
	const username = `bench${Date.now().toString(36)}`;
	const credentials = { username, password: 'a long enough password' };
	await expect(call(options.gateway, 'POST', '/api/v1/auth/register', { body: credentials }), 201, 200);
	const login = await expect(call(options.gateway, 'POST', '/api/v1/auth/login', { body: credentials }), 200);
	const token = login.accessToken ?? login.token;
	for (let i = 0; i < options.cameras; i++) {
		await expect(call(options.gateway, 'POST', '/api/v1/cameras', {
			token,
			body: { name: `bench ${i}`, rtspUrl: `rtsp://127.0.0.1:8554/cam${(i % 4) + 1}` },
		}), 201, 200);
	}
	return token;
}

/** The CPU time a process has used, user and system, in milliseconds (Linux, 100 ticks a second). */
function cpuMillis(pid) {
	if (!pid) {
		return 0;
	}
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Runs the closed loop against one target for the given seconds; the latencies in microseconds. */
async function load(target, token, seconds) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
	const path = `/api/v1/cameras?page=0&size=${options.size}`;
	const latencies = [];
	let failures = 0;
	let bytes = 0;
	const end = performance.now() + seconds * 1000;
	const started = performance.now();
	const cpuBefore = [cpuMillis(options.gatewayPid), cpuMillis(options.cameraPid)];
	async function connection() {
		while (performance.now() < end) {
			const before = process.hrtime.bigint();
			try {
				const answer = await call(target, 'GET', path, { token, agent });
				const micros = Number((process.hrtime.bigint() - before) / 1000n);
				if (answer.status === 200) {
					latencies.push(micros);
					bytes = answer.body.length;
				}
				else {
					failures++;
				}
			}
			catch {
				failures++;
			}
		}
	}
	await Promise.all(Array.from({ length: options.connections }, connection));
	const elapsed = (performance.now() - started) / 1000;
	const cpu = [cpuMillis(options.gatewayPid) - cpuBefore[0], cpuMillis(options.cameraPid) - cpuBefore[1]];
	agent.destroy();
	return { latencies, failures, elapsed, bytes, cpu };
}

function merge(runs) {
	return {
		latencies: runs.flatMap((run) => run.latencies),
		failures: runs.reduce((sum, run) => sum + run.failures, 0),
		elapsed: runs.reduce((sum, run) => sum + run.elapsed, 0),
		bytes: runs.at(-1).bytes,
		cpu: [0, 1].map((i) => runs.reduce((sum, run) => sum + run.cpu[i], 0)),
	};
}

function summary(run) {
	const sorted = Float64Array.from(run.latencies).sort();
	const at = (share) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] / 1000;
	return {
		requests: sorted.length,
		failures: run.failures,
		p50: at(0.5),
		p90: at(0.9),
		p99: at(0.99),
		throughput: sorted.length / run.elapsed,
		bytes: run.bytes,
		gatewayCpu: run.cpu[0] / (sorted.length + run.failures),
		cameraCpu: run.cpu[1] / (sorted.length + run.failures),
	};
}

const token = await prepare();
say(`user and ${options.cameras} cameras ready; warming up both targets for ${options.warmup} s each`);
// The warm-up also fills the gateway's caches (the JWKS, the account check) as a user's first requests do.
await load(options.gateway, token, options.warmup);
await load(options.direct, token, options.warmup);
const gatewayRuns = [];
const directRuns = [];
for (let i = 0; i < options.rounds; i++) {
	// Alternate which goes first, so that neither always follows the other.
	const order = i % 2 === 0 ? [[options.gateway, gatewayRuns], [options.direct, directRuns]]
		: [[options.direct, directRuns], [options.gateway, gatewayRuns]];
	for (const [target, runs] of order) {
		runs.push(await load(target, token, options.round));
	}
	say(`round ${i + 1}/${options.rounds}: gateway p50 ${summary(gatewayRuns.at(-1)).p50.toFixed(2)} ms, `
		+ `direct p50 ${summary(directRuns.at(-1)).p50.toFixed(2)} ms`);
}
const gateway = summary(merge(gatewayRuns));
const direct = summary(merge(directRuns));
const ratio = (a, b) => (a / b).toFixed(2);
const row = (name, s) => `| ${name} | ${s.p50.toFixed(2)} | ${s.p90.toFixed(2)} | ${s.p99.toFixed(2)} | `
	+ `${s.throughput.toFixed(0)} | ${s.requests} | ${s.failures} |`
	+ (options.gatewayPid ? ` ${s.gatewayCpu.toFixed(2)} | ${s.cameraCpu.toFixed(2)} |` : '');
const report = [
	`# Gateway overhead: GET /api/v1/cameras, ${new Date().toISOString().substring(0, 10)}${options.label ? ` (${options.label})` : ''}`,
	'',
	`${options.connections} keep-alive connections, closed loop; \`GET /api/v1/cameras?page=0&size=${options.size}\` `
		+ `of a user with ${options.cameras} cameras (${gateway.bytes} bytes of JSON); ${options.warmup} s warm-up per `
		+ `target, then ${options.rounds} rounds of ${options.round} s per target, taking turns. `
		+ `${os.cpus().length} cores (load average ${os.loadavg()[0].toFixed(1)} at the end), Node ${process.version}. `
		+ 'CPU ms/request: the CPU time (user + system) each process spent during the target\'s rounds, per request; '
		+ 'on a busy machine the latencies grow with the wait for a core, the CPU times much less.',
	'',
	'| target | p50 ms | p90 ms | p99 ms | requests/s | requests | failures |'
		+ (options.gatewayPid ? ' gateway CPU ms/request | camera-service CPU ms/request |' : ''),
	'|---|---|---|---|---|---|---|' + (options.gatewayPid ? '---|---|' : ''),
	row(`gateway (${options.gateway})`, gateway),
	row(`direct (${options.direct})`, direct),
	`| **gateway / direct** | **${ratio(gateway.p50, direct.p50)}×** | ${ratio(gateway.p90, direct.p90)}× | `
		+ `${ratio(gateway.p99, direct.p99)}× | ${ratio(gateway.throughput, direct.throughput)}× | | |`
		+ (options.gatewayPid ? ' | |' : ''),
	'',
	'Goal: the gateway\'s p50 at most 1.3× the direct one.',
	'',
].join('\n');
if (options.out) {
	writeFileSync(options.out, report);
}
process.stdout.write(report);
