import { describe, expect, it } from '@jest/globals';
import { chromiumPath } from './harness.js';

describe('finding Chromium for the browser tests', () => {
  it('uses the file CHROMIUM_PATH names', () => {
    expect(chromiumPath({ CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
  });

  it('fails with one line naming the install command when CHROMIUM_PATH names nothing', () => {
    expect(() => chromiumPath({ CHROMIUM_PATH: '/nonexistent/chromium' })).toThrow(/^CHROMIUM_PATH=\/nonexistent\/chromium does not exist/);
  });

  it('says `apt-get install chromium` in one line when no Chromium is installed, so a browser test fails rather than skips', () => {
    const failure = (() => {
      try {
        chromiumPath({}, ['/nonexistent/chromium']);
      } catch (error) {
        return (error as Error).message;
      }
      return 'found one';
    })();
    expect(failure).toContain('`apt-get install chromium`');
    expect(failure).not.toContain('\n');
  });

  it("finds Debian's Chromium where it installs it", () => {
    expect(chromiumPath({}, ['/nonexistent/chromium', process.execPath])).toBe(process.execPath);
  });
});
