import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { interpolateDefaults } from './interpolate.js';
import { isAllInterfaces, isInternalAddress, parsePorts, parseShortPort } from './ports.js';

describe('extract/iac/compose/ports', () => {
  test('short syntax', () => {
    assert.deepEqual(parseShortPort('8080:80'), [{ container: 80, published: 8080, protocol: 'tcp', hostIp: '' }]);
    assert.deepEqual(parseShortPort('127.0.0.1:8080:80'), [{ container: 80, published: 8080, protocol: 'tcp', hostIp: '127.0.0.1' }]);
    assert.deepEqual(parseShortPort('80'), [{ container: 80, published: undefined, protocol: 'tcp', hostIp: '' }]);
    assert.deepEqual(parseShortPort(9090), [{ container: 9090, published: undefined, protocol: 'tcp', hostIp: '' }]);
    assert.deepEqual(parseShortPort('6060:6060/udp'), [{ container: 6060, published: 6060, protocol: 'udp', hostIp: '' }]);
    assert.deepEqual(parseShortPort('127.0.0.1::5000'), [{ container: 5000, published: undefined, protocol: 'tcp', hostIp: '127.0.0.1' }]);
    assert.deepEqual(parseShortPort('[::1]:6001:6001'), [{ container: 6001, published: 6001, protocol: 'tcp', hostIp: '::1' }]);
    assert.deepEqual(parseShortPort('::1:6000:6000'), [{ container: 6000, published: 6000, protocol: 'tcp', hostIp: '::1' }]);
  });

  test('ranges are expanded, capped', () => {
    assert.deepEqual(
      parseShortPort('9000-9002:8000-8002').map((b) => [b.published, b.container]),
      [
        [9000, 8000],
        [9001, 8001],
        [9002, 8002],
      ],
    );
    assert.equal(parseShortPort('1000-60000').length, 100);
  });

  test('interpolation takes the default, an unset variable is empty', () => {
    assert.equal(interpolateDefaults('${HOST:-127.0.0.1}:${PORT:-5432}:5432'), '127.0.0.1:5432:5432');
    assert.equal(interpolateDefaults('${PORT}:80'), ':80');
    assert.equal(interpolateDefaults('$$HOME'), '$HOME');
    assert.deepEqual(parseShortPort('${PORT}:80'), [{ container: 80, published: undefined, protocol: 'tcp', hostIp: '' }]);
  });

  test('long syntax and junk', () => {
    assert.deepEqual(parsePorts([{ target: 80, published: '8080-8081', host_ip: '0.0.0.0', protocol: 'TCP' }]), [
      { container: 80, published: 8080, protocol: 'tcp', hostIp: '0.0.0.0' },
    ]);
    assert.deepEqual(parsePorts(['not a port', null, { target: 'x' }]), []);
    assert.deepEqual(parsePorts('8080:80'), []);
  });

  test('address classes', () => {
    for (const ip of ['', '0.0.0.0', '::']) assert.equal(isAllInterfaces(ip), true, ip);
    for (const ip of ['127.0.0.1', 'localhost', '::1', '10.1.2.3', '192.168.1.10', '172.20.0.1']) assert.equal(isInternalAddress(ip), true, ip);
    for (const ip of ['203.0.113.7', '172.40.0.1']) assert.equal(isInternalAddress(ip), false, ip);
  });
});
