// Preloaded (NODE_OPTIONS=--require) into `bootbench serve` and its device host by the
// station-start bench only: appends "<role> <event> <epoch ms> <cpu ms>" lines to $BOOTBENCH_BENCH_TRACE so
// the bench can split its figure into phases. It observes; it changes nothing.
'use strict';
const { appendFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');

const file = process.env.BOOTBENCH_BENCH_TRACE;
if (file) {
  const role = process.argv.some((a) => a === '--bootbench-host') ? 'host' : 'web';
  /** One mark: wall clock (epoch ms) and, as a load-independent figure, this process's CPU time (ms). */
  const log = (event, at = performance.timeOrigin + performance.now()) => {
    const cpu = process.cpuUsage();
    appendFileSync(file, `${role} ${event} ${at.toFixed(1)} ${((cpu.user + cpu.system) / 1000).toFixed(1)}\n`);
  };
  log('process-start', performance.timeOrigin);
  log('preload');
  const send = process.send?.bind(process);
  if (role === 'host' && send) {
    process.send = (message, ...rest) => {
      if (message && message.type === 'ready') log('ready');
      return send(message, ...rest);
    };
  }
  if (role === 'web') {
    const childProcess = require('node:child_process');
    const fork = childProcess.fork;
    childProcess.fork = function (...args) {
      log('host-spawn');
      return fork.apply(this, args);
    };
  }
}
