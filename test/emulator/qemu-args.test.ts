import { describe, expect, it } from 'vitest';
import { chooseAccel, parseQemuArgs } from '../../src/emulator/qemu-args.js';
import { requestKey } from '../../src/emulator/request-key.js';

const P = 'qemu-system-s390x';
const LIBVIRT = ['-S', '-no-user-config', '-nodefaults', '-nographic', '-machine', 'none,accel=kvm:tcg',
  '-qmp', 'unix:/var/lib/libvirt/qemu/qmp-AbC123/qmp.monitor,server=on,wait=off', '-pidfile', '/var/lib/libvirt/qemu/qmp-AbC123/qmp.pid', '-daemonize'];

describe('the QEMU command lines the emulator accepts', () => {
  const valid: [string, string[], object][] = [
    ['libvirt\'s probe', LIBVIRT, { accel: ['kvm', 'tcg'], daemonize: true, pidfile: '/var/lib/libvirt/qemu/qmp-AbC123/qmp.pid', monitor: { kind: 'unix', path: '/var/lib/libvirt/qemu/qmp-AbC123/qmp.monitor' } }],
    ['libvirt\'s TCG probe', LIBVIRT.map((a) => a.replace('kvm:tcg', 'tcg')), { accel: ['tcg'] }],
    ['old spellings (server,nowait), -accel, --options', ['--machine', 'none', '-accel', 'tcg', '-qmp', 'unix:/x,server,nowait'], { accel: ['tcg'], daemonize: false, monitor: { kind: 'unix', path: '/x' } }],
    ['stdio, the default accelerator', ['-M', 'none', '-qmp', 'stdio'], { accel: ['tcg'], monitor: { kind: 'stdio' } }],
  ];
  it.each(valid)('%s', (_, args, expected) => {
    expect(parseQemuArgs(args, P)).toMatchObject(expected);
  });

  const refused: [string, string[], string][] = [
    ['an unknown option', ['-foo'], `${P}: -foo: invalid option`],
    ['a missing argument', ['-qmp'], `${P}: -qmp: requires an argument`],
    ['another machine type', ['-machine', 's390-ccw-virtio', '-qmp', 'stdio'], `${P}: -machine s390-ccw-virtio: cpumodel emulator serves \`-machine none\` only, not \`s390-ccw-virtio\``],
    ['a TCP monitor', ['-qmp', 'tcp:127.0.0.1:4444,server=on,wait=off'], `${P}: -qmp tcp:127.0.0.1:4444,server=on,wait=off: cpumodel emulator serves \`-qmp unix:PATH,server=on,wait=off\` or \`-qmp stdio\` only`],
    ['a unix monitor that waits', ['-qmp', 'unix:/x,server=on'], `${P}: -qmp unix:/x,server=on: cpumodel emulator serves \`-qmp unix:PATH,server=on,wait=off\` or \`-qmp stdio\` only`],
    ['no monitor', ['-machine', 'none'], `${P}: cpumodel emulator needs a QMP monitor: \`-qmp unix:PATH,server=on,wait=off\` or \`-qmp stdio\``],
    ['stdio with -daemonize', ['-qmp', 'stdio', '-daemonize'], `${P}: -qmp stdio: cannot use stdio with -daemonize`],
    ['a disk image', ['-qmp', 'stdio', 'disk.img'], `${P}: disk.img: cpumodel emulator takes no disk image`],
  ];
  it.each(refused)('refuses %s', (_, args, error) => {
    expect(parseQemuArgs(args, P)).toEqual({ error });
  });
});

describe('the accelerator QEMU ends up with', () => {
  it.each([
    [['kvm', 'tcg'], ['tcg'], 'tcg', `${P}: invalid accelerator kvm\n${P}: falling back to tcg\n`],
    [['kvm', 'tcg'], ['kvm', 'tcg'], 'kvm', ''],
    [['tcg'], ['kvm', 'tcg'], 'tcg', ''],
    [['kvm'], ['tcg'], undefined, `${P}: invalid accelerator kvm\n`],
    [['xen', 'kvm', 'tcg'], ['tcg'], 'tcg', `${P}: invalid accelerator xen\n${P}: invalid accelerator kvm\n${P}: falling back to tcg\n`],
  ])('asked %j, available %j: %s', (asked, available, accel, stderr) => {
    expect(chooseAccel(asked, available, P)).toEqual({ ...(accel ? { accel } : {}), stderr });
  });
});

describe('recorded requests are found whatever the member order', () => {
  it('sorts members at every level; no arguments and empty arguments are the same request', () => {
    const a = requestKey('query-cpu-model-expansion', new Map<string, unknown>([['type', 'full'], ['model', new Map<string, unknown>([['props', new Map([['vx', false]])], ['name', 'z14']])]]));
    const b = requestKey('query-cpu-model-expansion', { model: { name: 'z14', props: { vx: false } }, type: 'full' });
    expect(a).toBe(b);
    expect(a).toBe('{"arguments":{"model":{"name":"z14","props":{"vx":false}},"type":"full"},"execute":"query-cpu-model-expansion"}');
    expect(requestKey('query-kvm', new Map())).toBe(requestKey('query-kvm', undefined));
    expect(requestKey('x', { n: 10n })).toBe('{"arguments":{"n":10},"execute":"x"}');
  });
});
