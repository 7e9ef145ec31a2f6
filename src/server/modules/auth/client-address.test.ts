import { describe, expect, it } from 'vitest';
import { lockoutAddress } from './client-address.ts';

describe('lockoutAddress', () => {
  it('keeps IPv4 addresses and unwraps IPv4-mapped ones', () => {
    expect(lockoutAddress('10.0.0.1')).toBe('10.0.0.1');
    expect(lockoutAddress('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(lockoutAddress(null)).toBe('unknown');
  });

  it('counts IPv6 by its /64, however the address is written', () => {
    const key = '2001:db8:0:1::/64';
    expect(lockoutAddress('2001:db8:0:1::1')).toBe(key);
    expect(lockoutAddress('2001:0DB8:0000:0001:ffff:1:2:3')).toBe(key);
    expect(lockoutAddress('2001:db8:0:1:a::')).toBe(key);
    expect(lockoutAddress('2001:db8::1:2:3:4')).toBe('2001:db8:0:0::/64');
    expect(lockoutAddress('::1')).toBe('0:0:0:0::/64');
    expect(lockoutAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(lockoutAddress('2001:db8:0:2::1')).not.toBe(key);
  });
});
