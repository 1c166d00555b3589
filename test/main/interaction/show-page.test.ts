import { describe, expect, it } from 'vitest';
import { ShowEndpoint } from '../../../src-shared/protocol/dm/session/show.js';
import { readShowPage } from '../../../src-main/interaction/show-page.js';

describe('readShowPage', () => {
  it('reads the page ShowEndpoint serves (escaped text, choices)', async () => {
    const endpoint = new ShowEndpoint({ baseUrl: 'http://s.test/ui', random: { bytes: (n) => new Uint8Array(n).fill(1) }, onAnswer: () => undefined });
    const url = endpoint.open({ title: 'Data <plan> & "roaming"', question: "Allow roaming at 5 €/MB? It's costly.", choices: ['Allow', 'Deny <never>'] });
    const r = await endpoint.handler({ method: 'GET', url: url.replace('http://s.test', ''), headers: {}, body: new Uint8Array() }, { transport: 'http' } as never);
    const view = readShowPage(new TextDecoder().decode(r.body));
    expect(view).toEqual({ title: 'Data <plan> & "roaming"', question: "Allow roaming at 5 €/MB? It's costly.", choices: ['Allow', 'Deny <never>'], fields: [] });
  });

  it('reads labelled inputs, submit choices, ignores scripts, comments and hidden inputs; defaults to OK', () => {
    const html = `<title>Sign in</title><script>document.write('<p>evil</p>')</script><!-- <p>hidden</p> -->
      <p>Enter the &#x201C;enterprise&#x201D; account.</p>
      <label for="u">User name</label><input id="u" name="user"><input type="password" name="pin" aria-label="PIN">
      <input type="hidden" name="csrf" value="x"><input type="number" name="n" placeholder="Count">
      <input type="submit" name="choice" value="Sign in"><input type="submit" name="choice" value="Skip">`;
    expect(readShowPage(html)).toEqual({
      title: 'Sign in',
      question: 'Enter the “enterprise” account.',
      choices: ['Sign in', 'Skip'],
      fields: [
        { name: 'user', label: 'User name', kind: 'text' },
        { name: 'pin', label: 'PIN', kind: 'password' },
        { name: 'n', label: 'Count', kind: 'number' },
      ],
    });
    expect(readShowPage('<h1>Notice</h1>').choices).toEqual(['OK']);
    expect(readShowPage('<h1>Notice</h1>').question).toBe('Notice');
  });
});
