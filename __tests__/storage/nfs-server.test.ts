// Book chapter 16's NFS server, built on the bastion module with the book's defects fixed.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformResource } from 'cdktf';
import { NfsServer, NfsServerProps, nfsUserData } from '../../src/storage/nfs-server';
import { emptyStack, onlyResource, ref, resolved, resources, synthJson, validationLines, warningsOf } from '../helpers/synth';

const BASE: NfsServerProps = {
  vpcId: 'vpc-1',
  subnetId: 'subnet-private-1',
  vpcCidr: '10.0.0.0/16',
  nodeSubnetCidrs: ['10.0.3.0/24', '10.0.4.0/24'],
  clientSecurityGroupIds: ['sg-nodes'],
};

function nfs(props: Partial<NfsServerProps> = {}) {
  const stack = emptyStack();
  const server = new NfsServer(stack, 'nfs', { ...BASE, ...props });
  return { stack, server, json: synthJson(stack) };
}

const SG = ref('aws_security_group.nfs_host_security_group.id');

/** Rules of the server's group as "direction proto port peer" lines. */
function rulesOf(json: ReturnType<typeof nfs>['json']) {
  const line = (dir: string) => (r: any) => `${dir} ${r.ip_protocol} ${r.from_port} ${r.cidr_ipv4 ?? r.referenced_security_group_id}`;
  return [
    ...Object.values(resources(json, 'aws_vpc_security_group_ingress_rule')).map(line('in')),
    ...Object.values(resources(json, 'aws_vpc_security_group_egress_rule')).map(line('out')),
  ].sort();
}

describe('NfsServer defaults', () => {
  const { json, server, stack } = nfs();
  const instance = onlyResource(json, 'aws_instance');

  test('a t3.small in the given private subnet, no public IP, no key pair: SSM Session Manager only', () => {
    expect(instance).toMatchObject({ subnet_id: 'subnet-private-1', associate_public_ip_address: false, instance_type: 't3.small', tags: { Name: 'nfs-server' } });
    expect(instance.key_name).toBeUndefined();
    expect(resources(json, 'aws_key_pair')).toEqual({});
    expect(onlyResource(json, 'aws_iam_role_policy_attachment').policy_arn).toContain('AmazonSSMManagedInstanceCore');
  });

  test('IMDSv2 with hop limit 1 and an encrypted 20 GiB gp3 root volume holding the share', () => {
    expect(instance.metadata_options).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
    expect(instance.root_block_device).toMatchObject({ encrypted: true, volume_type: 'gp3', volume_size: 20 });
  });

  test('NFS (2049) from the nodes\' security group only; no rpcbind (111), no SSH (22); 443 out', () => {
    expect(rulesOf(json)).toEqual(['in tcp 2049 sg-nodes', 'out tcp 443 0.0.0.0/0']);
    expect(onlyResource(json, 'aws_vpc_security_group_ingress_rule').security_group_id).toBe(SG);
  });

  test('user data: NFSv4 only, the book\'s share exported to the nodes\' subnets with root squashing, owned by nobody, not 777', () => {
    const script: string = instance.user_data;
    expect(script).toContain(`echo '/mnt/nfs_share 10.0.3.0/24(rw,sync,no_subtree_check,root_squash) 10.0.4.0/24(rw,sync,no_subtree_check,root_squash)' > /etc/exports.d/eks.exports`);
    expect(script).toContain('nfsconf --set nfsd vers3 n');
    expect(script).toContain('systemctl mask --now rpc-statd.service rpcbind.service rpcbind.socket');
    expect(script).toContain('chown nobody:nobody /mnt/nfs_share');
    expect(script).toContain('chmod 0755 /mnt/nfs_share');
    expect(script).not.toMatch(/777|no_root_squash|0\.0\.0\.0|10\.0\.0\.0\/16/);
    expect(instance.user_data_replace_on_change).toBe(true);
  });

  test('attributes: private address, instance, group, export; no warnings', () => {
    expect(resolved(stack, server.privateIp)).toBe(ref('aws_instance.nfs_host_instance.private_ip'));
    expect(resolved(stack, server.securityGroupId)).toBe(SG);
    expect(server.exportPath).toBe('/mnt/nfs_share');
    expect(server.exportedTo).toEqual(['10.0.3.0/24', '10.0.4.0/24']);
    expect(warningsOf(stack)).toEqual([]);
  });
});

describe('NfsServer options', () => {
  test('further client blocks ("vpc" included) are exported to and admitted on 2049', () => {
    const { json, server } = nfs({ clientCidrs: ['vpc', '192.168.10.0/24'] });
    expect(rulesOf(json)).toEqual(['in tcp 2049 10.0.0.0/16', 'in tcp 2049 192.168.10.0/24', 'in tcp 2049 sg-nodes', 'out tcp 443 0.0.0.0/0']);
    expect(server.exportedTo).toEqual(['10.0.3.0/24', '10.0.4.0/24', '10.0.0.0/16', '192.168.10.0/24']);
  });

  test('name, instance type, export path, disk size', () => {
    const { json } = nfs({ name: 'nfs-instance', instanceType: 't3.medium', exportPath: '/srv/share', rootVolumeSizeGiB: 50 });
    const instance = onlyResource(json, 'aws_instance');
    expect(instance).toMatchObject({ instance_type: 't3.medium', tags: { Name: 'nfs-instance' }, root_block_device: { volume_size: 50 } });
    expect(instance.user_data).toContain(`echo '/srv/share 10.0.3.0/24(`);
    expect(onlyResource(json, 'aws_security_group').name).toBe('nfs-instance');
  });

  test('nfsUserData writes one export line for every client block', () => {
    expect(nfsUserData('/data', ['10.1.0.0/16']).split('\n')).toContain(`echo '/data 10.1.0.0/16(rw,sync,no_subtree_check,root_squash)' > /etc/exports.d/eks.exports`);
  });
});

describe('NfsServer validation', () => {
  test.each<[string, Partial<NfsServerProps>, string]>([
    ['NFS open to the world', { clientCidrs: ['0.0.0.0/0'] }, `'clientCidrs' (["0.0.0.0/0"]) opens NFS to the whole internet (book chapter 16)`],
    ['no node security group', { clientSecurityGroupIds: [] }, `'clientSecurityGroupIds' ([]) must list the security group of the nodes`],
    ['no node subnet', { nodeSubnetCidrs: [] }, `'nodeSubnetCidrs' ([]) must list the subnets of the nodes`],
    ['a relative export path', { exportPath: 'mnt/share' }, `'exportPath' ("mnt/share") must be an absolute directory path`],
    ['an export path with ".."', { exportPath: '/mnt/../etc' }, `'exportPath' ("/mnt/../etc") must not contain "." or ".." components`],
    ['a client block that is no CIDR', { clientCidrs: ['10.0.0.1'] }, `'clientCidrs.0' ("10.0.0.1") is not an IPv4 CIDR block`],
    ['a root volume below the image size', { rootVolumeSizeGiB: 4 }, `'rootVolumeSizeGiB' (4) must be a whole number between 8 and 16384`],
  ])('throws on %s', (_case, props, expected) => {
    expect(validationLines(() => nfs(props)).join('\n')).toContain(expected);
  });

  test('creates no resource when the input is invalid', () => {
    const stack = emptyStack();
    expect(() => new NfsServer(stack, 'nfs', { ...BASE, clientCidrs: ['0.0.0.0/0'] })).toThrow();
    expect(stack.node.findAll().filter((c) => c instanceof TerraformResource)).toEqual([]);
  });
});

describe('nfsUserData: the package install retried', () => {
  /** Runs the script's first lines, up to the install, with a dnf that fails `failures` times and a sleep that does not wait. */
  function install(failures: number): { status: number | null; calls: number } {
    const dir = mkdtempSync(join(tmpdir(), 'nfs-user-data-'));
    const counter = join(dir, 'calls');
    writeFileSync(counter, '0');
    const stub = (name: string, body: string) => {
      writeFileSync(join(dir, name), `#!/bin/bash\n${body}\n`);
      chmodSync(join(dir, name), 0o755);
    };
    stub('dnf', `n=$(( $(cat ${counter}) + 1 )); echo $n > ${counter}; [ "$n" -gt ${failures} ]`);
    stub('sleep', 'true');
    const lines = nfsUserData('/mnt/nfs_share', ['10.0.3.0/24']).split('\n');
    const upToInstall = lines.slice(0, lines.findIndex((l) => l.includes('dnf install')) + 1).join('\n');
    const run = spawnSync('bash', ['-c', upToInstall], { env: { PATH: `${dir}:/usr/bin:/bin` } });
    return { status: run.status, calls: Number(readFileSync(counter, 'utf8')) };
  }

  test('a failed install is tried again until it succeeds', () => {
    expect(install(3)).toEqual({ status: 0, calls: 4 });
  });

  test('after 30 failed attempts the script stops with an error', () => {
    expect(install(100)).toEqual({ status: 1, calls: 30 });
  });
});
