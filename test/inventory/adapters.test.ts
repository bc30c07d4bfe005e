import { describe, expect, it } from '@jest/globals';

import { describeAdapters, isVirtualAdapter, rankMacAddresses, type NicLike } from '../../src/inventory/adapters.js';

/** A physical, connected adapter with an IP: the kind every rule below is compared against. */
function nic(mac: string, overrides: Partial<NicLike> = {}): NicLike {
  return {
    mac,
    connected: true,
    vendor: 'Intel(R) Ethernet Connection (7) I219-LM',
    device: 'Ethernet',
    type: 'ethernet',
    ips: ['10.0.0.17'],
    ...overrides,
  };
}

describe('isVirtualAdapter', () => {
  it.each<[string, NicLike]>([
    ['Bluetooth PAN on Windows', { vendor: 'Bluetooth Device (Personal Area Network)', device: 'Bluetooth' }],
    ['Bluetooth PAN on macOS', { vendor: 'Apple', device: 'Bluetooth PAN' }],
    ['WAN Miniport (IP)', { vendor: 'WAN Miniport (IP)', device: 'Local Area Connection* 3' }],
    ['macOS Thunderbolt Bridge', { vendor: 'Thunderbolt Bridge', device: 'bridge0' }],
    ['WAN Miniport (IKEv2)', { vendor: 'WAN Miniport (IKEv2)' }],
    ['Wi-Fi Direct', { vendor: 'Microsoft Wi-Fi Direct Virtual Adapter #2', device: 'Local Area Connection* 10' }],
    ['Wi-Fi Direct spelled without hyphen', { vendor: 'Microsoft WiFi Direct Virtual Adapter' }],
    ['Apple Wireless Direct Link', { vendor: 'Apple', device: 'awdl0' }],
    ['TAP-Windows', { vendor: 'TAP-Windows Adapter V9', device: 'Ethernet 3' }],
    ['OpenVPN Data Channel Offload', { vendor: 'OpenVPN Data Channel Offload', device: 'OpenVPN Connect DCO Adapter' }],
    ['WireGuard', { vendor: 'WireGuard Tunnel', device: 'wg0' }],
    ['Wintun', { vendor: 'Wintun Userspace Tunnel' }],
    ['Cisco AnyConnect', { vendor: 'Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter' }],
    ['GlobalProtect', { vendor: 'PANGP Virtual Ethernet Adapter Secure', device: 'Ethernet 2' }],
    ['GlobalProtect by product name', { device: 'GlobalProtect' }],
    ['Fortinet SSL VPN', { vendor: 'Fortinet SSL VPN Virtual Ethernet Adapter' }],
    ['Fortinet by vendor', { vendor: 'Fortinet Virtual Ethernet Adapter (NDIS 6.30)' }],
    ['a "Virtual Private" adapter', { vendor: 'Juniper Virtual Private Network Adapter' }],
    ['a generic VPN adapter', { vendor: 'SonicWall NetExtender VPN Adapter' }],
    ['a macOS utun device', { vendor: 'Apple', device: 'utun3' }],
    ['a Linux tun device', { device: 'tun0' }],
    ['a Linux tap device', { device: 'tap1' }],
    ['Hyper-V Virtual Ethernet on the host', { vendor: 'Hyper-V Virtual Ethernet Adapter #2', device: 'vEthernet (Default Switch)' }],
    ['a vEthernet switch port', { device: 'vEthernet (WSL)' }],
    [
      'VMware Virtual Ethernet Adapter on the host',
      { vendor: 'VMware Virtual Ethernet Adapter for VMnet8', device: 'VMware Network Adapter VMnet8' },
    ],
    ['a vmnet device', { device: 'vmnet1' }],
    ['VirtualBox Host-Only', { vendor: 'VirtualBox Host-Only Ethernet Adapter', device: 'Ethernet 4' }],
    ['the Docker bridge', { device: 'docker0' }],
    ['a Docker user bridge', { device: 'br-3f2a9c81d0e4' }],
    ['a container veth pair', { device: 'veth8c2d1f0' }],
    ['the libvirt bridge', { device: 'virbr0' }],
    ['the libvirt bridge NIC', { device: 'virbr0-nic' }],
    ['Windows loopback', { vendor: 'Software Loopback Interface 1' }],
    ['the KM-TEST loopback', { vendor: 'Microsoft KM-TEST Loopback Adapter' }],
    ['Npcap loopback', { vendor: 'Npcap Loopback Adapter', device: 'Npcap Loopback Adapter' }],
    ['Linux loopback', { device: 'lo' }],
    ['macOS loopback', { vendor: 'Apple', device: 'lo0' }],
    ['Teredo', { vendor: 'Teredo Tunneling Pseudo-Interface' }],
    ['ISATAP', { vendor: 'Microsoft ISATAP Adapter #2' }],
    ['6to4', { vendor: 'Microsoft 6to4 Adapter' }],
    ['Kernel Debug', { vendor: 'Microsoft Kernel Debug Network Adapter' }],
    ['upper-case text', { vendor: 'BLUETOOTH DEVICE (RFCOMM PROTOCOL TDI)' }],
  ])('treats %s as virtual', (_family, adapter) => {
    expect(isVirtualAdapter(adapter)).toBe(true);
  });

  it.each<[string, NicLike]>([
    ['Intel wired Ethernet', { vendor: 'Intel(R) Ethernet Connection (7) I219-LM', device: 'Ethernet' }],
    ['Realtek wired Ethernet', { vendor: 'Realtek PCIe GbE Family Controller', device: 'Ethernet' }],
    ['MediaTek Wi-Fi', { vendor: 'MediaTek Wi-Fi 6 MT7921 Wireless LAN Card', device: 'Wi-Fi' }],
    ['Intel Wi-Fi', { vendor: 'Intel(R) Wi-Fi 6E AX211 160MHz', device: 'Wi-Fi' }],
    ['a Mac Wi-Fi en0', { vendor: 'Apple', device: 'en0' }],
    ['a Mac Ethernet en1', { vendor: 'Apple', device: 'en1' }],
    ['a Linux eth0', { vendor: 'Intel Corporation', device: 'eth0' }],
    ['a Linux wlp2s0', { vendor: 'Intel Corporation Wi-Fi 6 AX200', device: 'wlp2s0' }],
    ['a Linux enp0s31f6', { device: 'enp0s31f6' }],
    ['a USB-C dock', { vendor: 'Realtek USB GbE Family Controller', device: 'Ethernet 5' }],
    ['an adapter with no name at all', {}],
    ['an adapter with blank names', { vendor: '  ', device: '' }],
    ['a name containing "tap" inside a word', { vendor: 'Startap Networks Gigabit Adapter' }],
  ])('keeps %s', (_kind, adapter) => {
    expect(isVirtualAdapter(adapter)).toBe(false);
  });

  // Inside a VM the guest's own NIC carries the hypervisor's OUI and is the device's only real adapter;
  // deciding by OUI would leave every virtual machine unmatched, so only the adapter's name counts.
  it.each<[string, NicLike]>([
    ['a VMware guest vmxnet3', { mac: '00:50:56:a1:b2:c3', vendor: 'vmxnet3 Ethernet Adapter', device: 'Ethernet0' }],
    ['a VMware guest e1000', { mac: '00:0c:29:4f:8e:10', vendor: 'Intel(R) 82574L Gigabit Network Connection' }],
    ['a Hyper-V guest', { mac: '00:15:5d:01:02:03', vendor: 'Microsoft Hyper-V Network Adapter', device: 'Ethernet' }],
    ['a VirtualBox guest', { mac: '08:00:27:9a:bc:de', vendor: 'Intel(R) PRO/1000 MT Desktop Adapter' }],
    ['a KVM guest', { mac: '52:54:00:12:34:56', vendor: 'Red Hat VirtIO Ethernet Adapter' }],
  ])('keeps %s, whose hypervisor OUI does not make it virtual', (_kind, adapter) => {
    expect(isVirtualAdapter(adapter)).toBe(false);
  });
});

describe('rankMacAddresses', () => {
  describe('inputs without adapters', () => {
    it.each<[string, readonly NicLike[] | null | undefined]>([
      ['an empty list', []],
      ['a missing list (undefined)', undefined],
      ['a missing list (null)', null],
    ])('returns no MACs for %s', (_kind, nics) => {
      expect(rankMacAddresses(nics)).toEqual([]);
    });
  });

  describe('what is dropped', () => {
    it.each<[string, NicLike]>([
      ['a missing MAC', nic('', { mac: undefined })],
      ['a null MAC', nic('', { mac: null })],
      ['an unparseable MAC', nic('not-a-mac')],
      ['an EUI-64', nic('aa:bb:cc:ff:fe:dd:ee:ff')],
      ['an all-zero MAC', nic('00:00:00:00:00:00')],
      ['the broadcast MAC', nic('ff:ff:ff:ff:ff:ff')],
      ['a multicast MAC', nic('01:00:5e:00:00:fb')],
      ['a virtual adapter', nic('00:ff:7a:11:22:33', { vendor: 'TAP-Windows Adapter V9' })],
    ])('drops %s and keeps the physical adapter beside it', (_kind, dropped) => {
      expect(rankMacAddresses([dropped, nic('3c:52:82:1a:2b:3c')])).toEqual(['3c:52:82:1a:2b:3c']);
    });

    it('keeps a VM guest adapter with a hypervisor OUI', () => {
      const guest = nic('00:50:56:A1:B2:C3', { vendor: 'vmxnet3 Ethernet Adapter', device: 'Ethernet0' });
      expect(rankMacAddresses([guest])).toEqual(['00:50:56:a1:b2:c3']);
    });

    it('returns normalized MACs whatever notation Automox used', () => {
      expect(rankMacAddresses([nic('3C-52-82-1A-2B-3C'), nic('a4bb.6d01.0203')])).toEqual(['3c:52:82:1a:2b:3c', 'a4:bb:6d:01:02:03']);
    });
  });

  describe('duplicates', () => {
    it('lists a MAC reported in two notations once', () => {
      expect(rankMacAddresses([nic('3c:52:82:1a:2b:3c'), nic('3C52821A2B3C')])).toEqual(['3c:52:82:1a:2b:3c']);
    });

    it('keeps a duplicated MAC at the best position either copy earns', () => {
      const nics = [
        nic('3c:52:82:1a:2b:3c', { connected: false }),
        nic('a4:bb:6d:01:02:03', { connected: true, ips: [] }),
        nic('3c:52:82:1a:2b:3c', { connected: true }),
      ];
      expect(rankMacAddresses(nics)).toEqual(['3c:52:82:1a:2b:3c', 'a4:bb:6d:01:02:03']);
    });
  });

  describe('rule 2: connected before disconnected', () => {
    it('puts a connected adapter before a disconnected one listed earlier', () => {
      const nics = [nic('3c:52:82:1a:2b:3c', { connected: false }), nic('a4:bb:6d:01:02:03')];
      expect(rankMacAddresses(nics)).toEqual(['a4:bb:6d:01:02:03', '3c:52:82:1a:2b:3c']);
    });

    it.each([[null], [undefined]])('treats CONNECTED %p as not connected', (connected) => {
      const nics = [nic('3c:52:82:1a:2b:3c', { connected }), nic('a4:bb:6d:01:02:03')];
      expect(rankMacAddresses(nics)).toEqual(['a4:bb:6d:01:02:03', '3c:52:82:1a:2b:3c']);
    });
  });

  describe('rule 1: universally before locally administered', () => {
    it('puts a burned-in MAC before a randomised one listed earlier', () => {
      const nics = [nic('da:a1:19:00:11:22'), nic('3c:52:82:1a:2b:3c')];
      expect(rankMacAddresses(nics)).toEqual(['3c:52:82:1a:2b:3c', 'da:a1:19:00:11:22']);
    });

    it('puts a disconnected burned-in MAC before a connected randomised one', () => {
      const nics = [nic('da:a1:19:00:11:22', { connected: true }), nic('3c:52:82:1a:2b:3c', { connected: false })];
      expect(rankMacAddresses(nics)).toEqual(['3c:52:82:1a:2b:3c', 'da:a1:19:00:11:22']);
    });

    it('still keeps the locally administered MAC, since it may be the only one OPSWAT knows', () => {
      expect(rankMacAddresses([nic('da:a1:19:00:11:22')])).toEqual(['da:a1:19:00:11:22']);
    });
  });

  describe('rule 3: adapters with IPs before those without', () => {
    it.each([[[]], [null], [undefined], [['', '  ']]])('puts an adapter with an IP before one whose IPS is %p', (ips) => {
      const nics = [nic('3c:52:82:1a:2b:3c', { ips }), nic('a4:bb:6d:01:02:03')];
      expect(rankMacAddresses(nics)).toEqual(['a4:bb:6d:01:02:03', '3c:52:82:1a:2b:3c']);
    });
  });

  describe('rule 4: otherwise the original order', () => {
    it('keeps equally ranked adapters in the order Automox listed them', () => {
      const macs = ['a4:bb:6d:01:02:03', '3c:52:82:1a:2b:3c', '00:50:56:a1:b2:c3', 'f0:2f:74:aa:bb:cc'];
      expect(rankMacAddresses(macs.map((m) => nic(m)))).toEqual(macs);
    });
  });

  describe('the rules combined', () => {
    it('applies universal, then connected, then IPs, then order', () => {
      const nics: NicLike[] = [
        nic('00:00:00:00:00:00', { vendor: 'WAN Miniport (IP)' }),
        nic('11:22:33:44:55:66', { connected: false, ips: [] }), // multicast: dropped
        nic('a0:00:00:00:00:01', { connected: false, ips: [] }), // disconnected, universal, no IP
        nic('a2:00:00:00:00:02', { connected: true, ips: [] }), // connected, local, no IP
        nic('a0:00:00:00:00:03', { connected: true, ips: [] }), // connected, universal, no IP
        nic('a2:00:00:00:00:04', { connected: true }), // connected, local, IP
        nic('a0:00:00:00:00:05', { connected: true }), // connected, universal, IP
        nic('a0:00:00:00:00:06', { connected: false }), // disconnected, universal, IP
        nic('a2:00:00:00:00:07', { connected: false }), // disconnected, local, IP
        nic('a0:00:00:00:00:08', { connected: true }), // connected, universal, IP (after 05)
        nic('a0:00:00:00:00:09', { connected: true, vendor: 'Bluetooth Device (Personal Area Network)' }),
      ];
      expect(rankMacAddresses(nics)).toEqual([
        'a0:00:00:00:00:05',
        'a0:00:00:00:00:08',
        'a0:00:00:00:00:03',
        'a0:00:00:00:00:06',
        'a0:00:00:00:00:01',
        'a2:00:00:00:00:04',
        'a2:00:00:00:00:02',
        'a2:00:00:00:00:07',
      ]);
    });

    it('ranks a realistic Windows laptop on VPN with its Wi-Fi first', () => {
      const nics: NicLike[] = [
        { mac: '00:FF:7A:11:22:33', connected: true, vendor: 'PANGP Virtual Ethernet Adapter Secure', ips: ['10.200.1.5'] },
        { mac: 'C8:5B:76:10:20:30', connected: false, vendor: 'Intel(R) Ethernet Connection (7) I219-LM', ips: [] },
        { mac: 'DC:21:48:40:50:60', connected: true, vendor: 'MediaTek Wi-Fi 6 MT7921 Wireless LAN Card', ips: ['192.168.1.23'] },
        { mac: 'DE:21:48:40:50:60', connected: false, vendor: 'Microsoft Wi-Fi Direct Virtual Adapter', ips: [] },
        { mac: 'DC:21:48:40:50:61', connected: false, vendor: 'Bluetooth Device (Personal Area Network)', ips: [] },
        { mac: '00:00:00:00:00:00', connected: true, vendor: 'Teredo Tunneling Pseudo-Interface', ips: ['2001:0:1::1'] },
      ];
      expect(rankMacAddresses(nics)).toEqual(['dc:21:48:40:50:60', 'c8:5b:76:10:20:30']);
    });
  });
});

describe('describeAdapters', () => {
  it('lists the asked adapters in asking order, then the skipped ones in Automox order, each with why', () => {
    const nics = [
      nic('', { mac: null, device: 'Teredo Tunneling Pseudo-Interface', vendor: null }),
      nic('da:a1:19:00:00:01', { device: 'Wi-Fi', vendor: 'Intel(R) Wi-Fi 6 AX201' }),
      nic('00:ff:7a:11:22:33', { vendor: 'TAP-Windows Adapter V9', device: 'Local Area Connection' }),
      nic('3c:52:82:1a:2b:3c', { connected: false, device: 'Ethernet' }),
      nic('00:00:00:00:00:00', { device: 'Loopback Pseudo-Interface 1', vendor: null }),
      nic('3C-52-82-1A-2B-3C', { connected: true, device: 'Ethernet 2' }),
      nic('not-a-mac', { device: 'Odd' }),
    ];
    const described = describeAdapters(nics);
    expect(described.macAddresses).toEqual(rankMacAddresses(nics));
    expect(described.adapters).toEqual([
      // Asked: burned-in before randomised; of the two copies of one MAC, the better-ranked (connected) one.
      { mac: '3c:52:82:1a:2b:3c', name: 'Ethernet 2', skipped: null },
      { mac: 'da:a1:19:00:00:01', name: 'Wi-Fi', skipped: null },
      // Skipped, in the order Automox listed them.
      { mac: null, name: 'Teredo Tunneling Pseudo-Interface', skipped: 'UNUSABLE' },
      { mac: '00:ff:7a:11:22:33', name: 'Local Area Connection', skipped: 'VIRTUAL' },
      { mac: '3c:52:82:1a:2b:3c', name: 'Ethernet', skipped: 'DUPLICATE' },
      { mac: '00:00:00:00:00:00', name: 'Loopback Pseudo-Interface 1', skipped: 'UNUSABLE' },
      { mac: 'not-a-mac', name: 'Odd', skipped: 'UNUSABLE' },
    ]);
  });

  it('names an adapter by DEVICE, else VENDOR, else nothing, and bounds what it keeps of a garbled MAC', () => {
    const { adapters } = describeAdapters([
      nic('3c:52:82:1a:2b:3c', { device: '  ', vendor: 'Realtek PCIe GbE' }),
      nic('a4:bb:6d:01:02:03', { device: null, vendor: null }),
      nic('x'.repeat(500), { device: 'Odd' }),
    ]);
    expect(adapters.map((adapter) => adapter.name)).toEqual(['Realtek PCIe GbE', null, 'Odd']);
    expect(adapters[2]!.mac).toHaveLength(64);
  });

  it('explains nothing for a device without adapters', () => {
    expect(describeAdapters(undefined)).toEqual({ macAddresses: [], adapters: [] });
  });
});
